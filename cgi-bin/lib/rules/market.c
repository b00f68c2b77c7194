/* market: the marketplace rules — release completeness, fields locked while released, great-circle distance — and the one read the admin page needs. */
#include "rules/market.h"

#include <math.h>
#include <string.h>

#include "store/db.h"

const char *const market_vclasses[] = {"small", "family", "van", "cargobike", "ecar", "transporter", "other", NULL};

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

unsigned market_missing(const struct market_offer *o)
{
	unsigned m = 0;
	if (blank(o->address))
		m |= MKT_MISS_ADDRESS;
	if (!o->has_coords || !market_coords_valid(o->lat, o->lon))
		m |= MKT_MISS_COORDS;
	if (!market_vclass_valid(o->vclass))
		m |= MKT_MISS_CLASS;
	if (o->tariff_id <= 0)
		m |= MKT_MISS_TARIFF;
	if (o->link_mode) {
		if (blank(o->link_url))
			m |= MKT_MISS_LINK_URL;
	} else if (o->split_rate < 0 || o->split_rate > 100) {
		m |= MKT_MISS_SPLIT;
	}
	if (blank(o->conditions))
		m |= MKT_MISS_CONDITIONS;
	return m;
}

const char *market_missing_key(int i)
{
	static const char *const keys[MKT_MISS_BITS] = {
		"mkt.miss.address", "mkt.miss.coords", "mkt.miss.vclass", "mkt.miss.tariff",
		"mkt.miss.split", "mkt.miss.link_url", "mkt.miss.conditions",
	};
	return i >= 0 && i < MKT_MISS_BITS ? keys[i] : "mkt.miss.address";
}

unsigned market_locked_changes(const struct market_offer *old, const struct market_offer *new_)
{
	unsigned m = 0;
	if (strcmp(old->name, new_->name) != 0)
		m |= MKT_LOCK_NAME;
	if (old->tariff_id != new_->tariff_id)
		m |= MKT_LOCK_TARIFF;
	if (old->link_mode != new_->link_mode || (!old->link_mode && old->split_rate != new_->split_rate))
		m |= MKT_LOCK_SPLIT;
	return m;
}

const char *market_lock_key(int i)
{
	static const char *const keys[MKT_LOCK_BITS] = {"mkt.lock.name", "mkt.lock.tariff", "mkt.lock.split"};
	return i >= 0 && i < MKT_LOCK_BITS ? keys[i] : "mkt.lock.name";
}

bool market_vclass_valid(const char *s)
{
	for (int i = 0; market_vclasses[i]; i++)
		if (strcmp(s, market_vclasses[i]) == 0)
			return true;
	return false;
}

bool market_coords_valid(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

double market_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	if (a > 1)
		a = 1;
	return 2 * 6371.0088 * atan2(sqrt(a), sqrt(1 - a));
}

bool market_url_valid(const char *s)
{
	size_t n = strlen(s);
	if (n > 500)
		return false;
	size_t pre = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
	if (!pre || n == pre)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>')
			return false;
	return true;
}

bool market_vehicle_released(int64_t vehicle_id)
{
	sqlite3_stmt *st = db_stmt("SELECT 1 FROM offer WHERE vehicle_id = ? AND portal IS NOT NULL");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, vehicle_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}
