/* offer: the marketplace rules of an offer — release completeness, fields locked while released, the booking-link URL rule, great-circle distance. */
#ifndef WB_OFFER_H
#define WB_OFFER_H

#include <stdbool.h>
#include <stdint.h>

/* What a release depends on: the vehicle's name and tariff and its offer data. */
struct offer {
	char name[128];
	int64_t tariff_id;       /* 0: no tariff */
	char address[256];
	bool has_coords;
	double lat, lon;
	char vclass[16];         /* "" or one of offer_vclasses */
	int split_rate;          /* 0..100, -1: none */
	bool link_mode;          /* "Link": booking leads to link_url, no split rate */
	char link_url[512];
	char conditions[2048];
};

/* Missing offer data, one bit per field a release needs. */
enum offer_missing {
	OFFER_MISS_ADDRESS    = 1 << 0,
	OFFER_MISS_COORDS     = 1 << 1,
	OFFER_MISS_CLASS      = 1 << 2,
	OFFER_MISS_TARIFF     = 1 << 3,
	OFFER_MISS_SPLIT      = 1 << 4,   /* split mode without a rate 0..100 */
	OFFER_MISS_LINK_URL   = 1 << 5,   /* Link mode without a URL */
	OFFER_MISS_CONDITIONS = 1 << 6
};
#define OFFER_MISS_BITS 7

/* Fields that cannot change while the vehicle is released. */
enum offer_lock {
	OFFER_LOCK_NAME   = 1 << 0,
	OFFER_LOCK_TARIFF = 1 << 1,
	OFFER_LOCK_SPLIT  = 1 << 2    /* the rate, or switching between rate and Link mode */
};
#define OFFER_LOCK_BITS 3

/* The vehicle classes, NULL-terminated, as stored in offer.vclass. */
extern const char *const offer_vclasses[];

/* Every missing field of o as a mask of enum offer_missing; 0 when o can be released. Text
 * fields that hold only spaces count as missing. */
unsigned offer_missing(const struct offer *o);

/* The language key naming missing bit number i (0 .. OFFER_MISS_BITS-1), e.g. "mkt.miss.address". */
const char *offer_missing_key(int i);

/* The locked fields that differ between old and new (mask of enum offer_lock). */
unsigned offer_locked_changes(const struct offer *old, const struct offer *new_);

/* The language key naming lock bit number i (0 .. OFFER_LOCK_BITS-1). */
const char *offer_lock_key(int i);

bool offer_vclass_valid(const char *s);

/* Latitude -90..90 and longitude -180..180, both finite. */
bool offer_coords_valid(double lat, double lon);

/* Great-circle distance in km between two points given in degrees (haversine, mean earth
 * radius 6371.0088 km). */
double offer_distance_km(double lat1, double lon1, double lat2, double lon2);

/* The longest booking link a Link-mode offer may have, in bytes. */
#define OFFER_URL_MAX 500

/* The one rule for a Link-mode offer's booking URL, applied when it is saved and again before it
 * is shown: "http://" or "https://" (scheme in any case) followed by a host (not empty, not
 * starting with '/'), at most OFFER_URL_MAX bytes, without spaces, control characters, DEL or any
 * of " < > \. */
bool offer_url_valid(const char *s);

#endif
