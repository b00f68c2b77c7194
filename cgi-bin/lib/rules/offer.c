/* offer: the marketplace rules of an offer — release completeness, fields locked while released, the booking-link URL rule, great-circle distance. */
#include "rules/offer.h"

#include <math.h>
#include <string.h>
#include <strings.h>

const char *const offer_vclasses[] = {"small", "family", "van", "cargobike", "ecar", "transporter", "other", NULL};

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

unsigned offer_missing(const struct offer *o)
{
	unsigned m = 0;
	if (blank(o->address))
		m |= OFFER_MISS_ADDRESS;
	if (!o->has_coords || !offer_coords_valid(o->lat, o->lon))
		m |= OFFER_MISS_COORDS;
	if (!offer_vclass_valid(o->vclass))
		m |= OFFER_MISS_CLASS;
	if (o->tariff_id <= 0)
		m |= OFFER_MISS_TARIFF;
	if (o->link_mode) {
		if (blank(o->link_url))
			m |= OFFER_MISS_LINK_URL;
	} else if (o->split_rate < 0 || o->split_rate > 100) {
		m |= OFFER_MISS_SPLIT;
	}
	if (blank(o->conditions))
		m |= OFFER_MISS_CONDITIONS;
	return m;
}

const char *offer_missing_key(int i)
{
	static const char *const keys[OFFER_MISS_BITS] = {
		"mkt.miss.address", "mkt.miss.coords", "mkt.miss.vclass", "mkt.miss.tariff",
		"mkt.miss.split", "mkt.miss.link_url", "mkt.miss.conditions",
	};
	return i >= 0 && i < OFFER_MISS_BITS ? keys[i] : "mkt.miss.address";
}

unsigned offer_locked_changes(const struct offer *old, const struct offer *new_)
{
	unsigned m = 0;
	if (strcmp(old->name, new_->name) != 0)
		m |= OFFER_LOCK_NAME;
	if (old->tariff_id != new_->tariff_id)
		m |= OFFER_LOCK_TARIFF;
	if (old->link_mode != new_->link_mode || (!old->link_mode && old->split_rate != new_->split_rate))
		m |= OFFER_LOCK_SPLIT;
	return m;
}

const char *offer_lock_key(int i)
{
	static const char *const keys[OFFER_LOCK_BITS] = {"mkt.lock.name", "mkt.lock.tariff", "mkt.lock.split"};
	return i >= 0 && i < OFFER_LOCK_BITS ? keys[i] : "mkt.lock.name";
}

bool offer_vclass_valid(const char *s)
{
	for (int i = 0; offer_vclasses[i]; i++)
		if (strcmp(s, offer_vclasses[i]) == 0)
			return true;
	return false;
}

bool offer_coords_valid(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

double offer_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	if (a > 1)
		a = 1;
	return 2 * 6371.0088 * atan2(sqrt(a), sqrt(1 - a));
}

bool offer_url_valid(const char *s)
{
	size_t n = strlen(s);
	if (n > OFFER_URL_MAX)
		return false;
	size_t pre = strncasecmp(s, "https://", 8) == 0 ? 8 : strncasecmp(s, "http://", 7) == 0 ? 7 : 0;
	if (!pre || s[pre] == '\0' || s[pre] == '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return true;
}
