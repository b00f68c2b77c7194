/* market: the marketplace rules — release completeness, fields locked while released, great-circle distance — and the one read the admin page needs. */
#ifndef WB_MARKET_H
#define WB_MARKET_H

#include <stdbool.h>
#include <stdint.h>

/* What a release depends on: the vehicle's name and tariff and its offer data. */
struct market_offer {
	char name[128];
	int64_t tariff_id;       /* 0: no tariff */
	char address[256];
	bool has_coords;
	double lat, lon;
	char vclass[16];         /* "" or one of market_vclasses */
	int split_rate;          /* 0..100, -1: none */
	bool link_mode;          /* "Link": booking leads to link_url, no split rate */
	char link_url[512];
	char conditions[2048];
};

/* Missing offer data, one bit per field a release needs. */
enum market_missing {
	MKT_MISS_ADDRESS    = 1 << 0,
	MKT_MISS_COORDS     = 1 << 1,
	MKT_MISS_CLASS      = 1 << 2,
	MKT_MISS_TARIFF     = 1 << 3,
	MKT_MISS_SPLIT      = 1 << 4,   /* split mode without a rate 0..100 */
	MKT_MISS_LINK_URL   = 1 << 5,   /* Link mode without a URL */
	MKT_MISS_CONDITIONS = 1 << 6
};
#define MKT_MISS_BITS 7

/* Fields that cannot change while the vehicle is released. */
enum market_lock {
	MKT_LOCK_NAME   = 1 << 0,
	MKT_LOCK_TARIFF = 1 << 1,
	MKT_LOCK_SPLIT  = 1 << 2    /* the rate, or switching between rate and Link mode */
};
#define MKT_LOCK_BITS 3

/* The vehicle classes, NULL-terminated, as stored in offer.vclass. */
extern const char *const market_vclasses[];

/* Every missing field of o as a mask of enum market_missing; 0 when o can be released. Text
 * fields that hold only spaces count as missing. */
unsigned market_missing(const struct market_offer *o);

/* The language key naming missing bit number i (0 .. MKT_MISS_BITS-1), e.g. "mkt.miss.address". */
const char *market_missing_key(int i);

/* The locked fields that differ between old and new (mask of enum market_lock). */
unsigned market_locked_changes(const struct market_offer *old, const struct market_offer *new_);

/* The language key naming lock bit number i (0 .. MKT_LOCK_BITS-1). */
const char *market_lock_key(int i);

bool market_vclass_valid(const char *s);

/* Latitude -90..90 and longitude -180..180, both finite. */
bool market_coords_valid(double lat, double lon);

/* Great-circle distance in km between two points given in degrees (haversine, mean earth
 * radius 6371.0088 km). */
double market_distance_km(double lat1, double lon1, double lat2, double lon2);

/* An http(s) URL without spaces or control characters, at most 500 bytes. */
bool market_url_valid(const char *s);

/* True while vehicle_id is released in some portal. For pages that edit the vehicle's name or
 * tariff (refuse with 409 then). Reads the database; false when there is no such offer or on error. */
bool market_vehicle_released(int64_t vehicle_id);

#endif
