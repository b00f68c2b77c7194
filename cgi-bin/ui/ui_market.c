/* ui_market: the market screens' handlers — the marketplace for administrators — the portal switch, the split-billing download (ui/ui_splitbill.c), own vehicles and their offers (release, withdrawal, bulk release), market vehicles with filters, the watchlist, subscriptions (single and bulk), and the portal operator's mini-markets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/money.h"
#include "rules/actionlog.h"
#include "http/app.h"
#include "ui/ui_market.h"
#include "ui/ui_shared.h"
#include "store/db.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "store/logbook.h"
#include "rules/market.h"
#include "store/marketstore.h"
#include "rules/pricing.h"
#include "base/timeutil.h"
#include "rules/translit.h"

#define PORTAL_COOKIE "wb_portal"
#define LOCAL_DESCR_MAX 30     /* characters of a subscription's local description */
#define FREE_WEEKS 4           /* the free-time filter looks at the next four weeks */
#define MAX_PICKS 500

/* ---- Small helpers (as in admin.c). */

/* The raw value of a request field, or NULL when it was not sent. */
static const char *raw_field(struct req *r, const char *name)
{
	char path[96];
	snprintf(path, sizeof path, "Query.%s", name);
	return hdf_get_value(r->hdf, path, NULL);
}

static bool checked(struct req *r, const char *name)
{
	const char *v = raw_field(r, name);
	struct fval f;
	return v && *v && v_bool(r, v, &f) == NULL && f.i == 1;
}

/* Cuts leading and trailing spaces of s in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static void fmt_date(struct req *r, int64_t t, char *buf, size_t n)
{
	struct local_tm lt;
	tu_to_local(r->org.tz, t, &lt);
	tu_fmt_human(buf, n, &lt);
}

static const char *vclass_key(const char *vclass, char *buf, size_t n)
{
	snprintf(buf, n, "mkt.class.%s", *vclass ? vclass : "none");
	return buf;
}

/* ---- The portal: 0 (main market) or a mini-market of the organisation; from the query or the cookie. */

static void portal_cookie(struct req *r, int64_t portal)
{
	char path[512], line[700];
	const char *https = app_env(r, "HTTPS");
	bool secure = https && *https && strcmp(https, "off") != 0;
	app_url(r, path, sizeof path, "market", "");
	if (!*path)
		snprintf(path, sizeof path, "/");
	snprintf(line, sizeof line, "%s=%lld; Path=%s; HttpOnly; SameSite=Lax%s", PORTAL_COOKIE, (long long)portal, path,
	         secure ? "; Secure" : "");
	app_header(r, "Set-Cookie", line);
}

static bool parse_portal(struct req *r, const char *raw, int64_t *out)
{
	struct fval f;
	if (!raw || !*raw || strlen(raw) > 15)
		return false;
	if (strcmp(raw, "0") == 0) {
		*out = 0;
		return true;
	}
	if (v_id(r, raw, &f) != NULL)
		return false;
	*out = f.i;
	return true;
}

/* Sets the current portal, Mkt.portal*, Portals.<i> and Mkt.section. Returns 0, or 404 when the
 * query names a portal the organisation may not use (a non-member sees nothing of a mini-market). */
static int portal_begin(struct req *r, const char *section, int64_t *portal)
{
	*portal = 0;
	const char *q = raw_field(r, "portal");
	char name[128] = "";
	if (q && *q) {
		if (!parse_portal(r, q, portal) || !mks_portal(r->org.id, *portal, name, sizeof name))
			return 404;
		const char *c = hdf_get_value(r->hdf, "Cookie." PORTAL_COOKIE, "");
		int64_t old = -1;
		if (!parse_portal(r, c, &old) || old != *portal)
			portal_cookie(r, *portal);
	} else {
		const char *c = hdf_get_value(r->hdf, "Cookie." PORTAL_COOKIE, NULL);
		if (c && (!parse_portal(r, c, portal) || !mks_portal(r->org.id, *portal, name, sizeof name))) {
			*portal = 0;
			portal_cookie(r, 0);
		}
	}
	HDF *m = hdfx_node(r->hdf, "Mkt");
	hdfx_set_int(m, "portal", *portal);
	hdf_set_value(m, "portal_name", *portal ? name : app_lang(r, "mkt.portal.main"));
	hdf_set_value(m, "section", section);
	HDF *list = hdfx_node(r->hdf, "Portals");
	HDF *p0 = hdfx_child(list, 0);
	hdf_set_value(p0, "id", "0");
	hdf_set_value(p0, "name", app_lang(r, "mkt.portal.main"));
	sqlite3_stmt *st = db_stmt("SELECT m.id, m.name FROM minimarket m JOIN minimarket_org mo ON mo.market_id = m.id"
	                           " WHERE mo.org_id = ? ORDER BY m.name, m.id");
	if (!st)
		return 500;
	sqlite3_bind_int64(st, 1, r->org.id);
	int i = 1, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *p = hdfx_child(list, i++);
		hdf_set_value(p, "id", db_text(st, 0));
		hdf_set_value(p, "name", db_text(st, 1));
	}
	sqlite3_reset(st);
	/* The path the portal switch submits to: the current page. */
	char url[512];
	char rest[256];
	snprintf(rest, sizeof rest, "%s", r->path);
	hdf_set_value(m, "self", app_url(r, url, sizeof url, "market", rest));
	return rc == SQLITE_DONE ? 0 : 500;
}

/* portal_begin for a handler: on failure answers and returns the status, else 0. */
#define BEGIN(r, section, portal)                                     \
	do {                                                              \
		int s_ = portal_begin((r), (section), (portal));              \
		if (s_)                                                       \
			return s_ == 404 ? app_error((r), 404, NULL) : app_db_failure((r), ST_ERROR); \
	} while (0)

/* Classes.<i> for a select, with sel on the chosen one. */
static void fill_classes(struct req *r, const char *chosen)
{
	HDF *list = hdfx_node(r->hdf, "Classes");
	char key[64];
	for (int i = 0; market_vclasses[i]; i++) {
		HDF *c = hdfx_child(list, i);
		hdf_set_value(c, "id", market_vclasses[i]);
		hdf_set_value(c, "name", app_lang(r, vclass_key(market_vclasses[i], key, sizeof key)));
		hdf_set_int_value(c, "sel", chosen && strcmp(chosen, market_vclasses[i]) == 0);
	}
}

/* Areas.<i> of the organisation. */
static int fill_areas(struct req *r)
{
	HDF *list = hdfx_node(r->hdf, "Areas");
	sqlite3_stmt *st = db_stmt("SELECT id, name FROM area WHERE org_id = ? ORDER BY sort, name, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *a = hdfx_child(list, i++);
		hdf_set_value(a, "id", db_text(st, 0));
		hdf_set_value(a, "name", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "market areas");
}

/* "Adresse, Koordinaten" — the labels of every missing field, joined. */
static void missing_text(struct req *r, unsigned missing, char *out, size_t n)
{
	out[0] = '\0';
	size_t len = 0;
	for (int i = 0; i < MKT_MISS_BITS; i++) {
		if (!(missing & (1u << i)))
			continue;
		char key[64];
		snprintf(key, sizeof key, "%s_short", market_missing_key(i));
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", app_lang(r, key));
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

/* One error message per missing field. */
static void missing_errors(struct req *r, unsigned missing)
{
	for (int i = 0; i < MKT_MISS_BITS; i++)
		if (missing & (1u << i))
			input_error_text(r, NULL, app_lang(r, market_missing_key(i)));
}

/* The rate as shown: "20 %" or "Link". */
static void rate_text(struct req *r, bool link, int rate, char *out, size_t n)
{
	if (link)
		snprintf(out, n, "%s", app_lang(r, "mkt.link"));
	else if (rate >= 0)
		snprintf(out, n, "%d %%", rate);
	else
		snprintf(out, n, "–");
}

/* The offer's columns o.address .. o.conditions into a market_offer (columns from i: address, lat,
 * lon, vclass, split_rate, link_mode, link_url, conditions). */
static void offer_cols(sqlite3_stmt *st, int i, struct market_offer *o)
{
	snprintf(o->address, sizeof o->address, "%s", db_text(st, i));
	o->has_coords = sqlite3_column_type(st, i + 1) != SQLITE_NULL && sqlite3_column_type(st, i + 2) != SQLITE_NULL;
	o->lat = sqlite3_column_double(st, i + 1);
	o->lon = sqlite3_column_double(st, i + 2);
	snprintf(o->vclass, sizeof o->vclass, "%s", db_text(st, i + 3));
	o->split_rate = sqlite3_column_type(st, i + 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i + 4);
	o->link_mode = sqlite3_column_int(st, i + 5) != 0;
	snprintf(o->link_url, sizeof o->link_url, "%s", db_text(st, i + 6));
	snprintf(o->conditions, sizeof o->conditions, "%s", db_text(st, i + 7));
}

/* The organisation's own coordinates; false when it has none. */
static bool org_coords(struct req *r, double *lat, double *lon)
{
	sqlite3_stmt *st = db_stmt("SELECT lat, lon FROM org WHERE id = ? AND lat IS NOT NULL AND lon IS NOT NULL");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, r->org.id);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		*lat = sqlite3_column_double(st, 0);
		*lon = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	return ok;
}

/* ---- Market vehicles ("Marktfahrzeuge"). */

/* "HH:MM" -> minutes after midnight; "24:00" only when allow24. -1 when malformed. */
static int parse_hhmm(const char *s, bool allow24)
{
	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow24)))
		return -1;
	return h * 60 + m;
}

static const char *v_hhmm(struct req *r, const char *raw, struct fval *out)
{
	int m = parse_hhmm(raw, true);
	if (m < 0)
		return "mkt.filter.bad_time";
	out->i = m;
	return NULL;
}

static const char *v_vclass(struct req *r, const char *raw, struct fval *out)
{
	if (!market_vclass_valid(raw))
		return "mkt.offer.bad_class";
	out->s = raw;
	return NULL;
}

static const char *v_km(struct req *r, const char *raw, struct fval *out)
{
	if (v_int(r, raw, out) != NULL || out->i < 1 || out->i > 20000)
		return "mkt.filter.bad_km";
	return NULL;
}

enum { F_Q, F_KM, F_CLASS, F_FROM, F_TO, F_OWN, F_NFIELDS };
static const struct field filter_fields[F_NFIELDS] = {
	[F_Q] = {"q", v_text, false, 100},
	[F_KM] = {"km", v_km, false, 6},
	[F_CLASS] = {"vclass", v_vclass, false, 16},
	[F_FROM] = {"from", v_hhmm, false, 5},
	[F_TO] = {"to", v_hhmm, false, 5},
	[F_OWN] = {"own", v_bool, false, 5},
};

/* The ids of the repeated field "org" as a JSON array into out; false when none was chosen. */
static bool chosen_orgs(struct req *r, char *out, size_t n, int *bad)
{
	HDF *q = hdf_get_obj(r->hdf, "Query.org");
	if (!q)
		return false;
	size_t len = (size_t)snprintf(out, n, "[");
	int count = 0;
	HDF *first = hdf_obj_child(q);
	HDF *c = first && hdf_get_obj(q, "0") ? first : q;
	for (; c; c = c == q ? NULL : hdf_obj_next(c)) {
		const char *v = hdf_obj_value(c);
		struct fval f;
		if (!v || !*v)
			continue;
		if (strlen(v) > 15 || v_id(r, v, &f) != NULL || count >= 100) {
			(*bad)++;
			input_error(r, "org", "err.id");
			return false;
		}
		len += (size_t)snprintf(out + len, n - len, "%s%lld", count ? "," : "", (long long)f.i);
		count++;
		if (len >= n - 2)
			break;
	}
	snprintf(out + len, n - len, "]");
	return count > 0;
}

/* The free-time intervals as a JSON array of [start, end) UTC pairs: for each of the next
 * FREE_WEEKS weeks (from tomorrow), each ticked weekday (all when none is ticked), from..to
 * local time. Returns the number of intervals. */
static int free_intervals(struct req *r, const bool wd[8], int from, int to, char *out, size_t n)
{
	struct local_tm day;
	tu_to_local(r->org.tz, r->now, &day);
	size_t len = (size_t)snprintf(out, n, "[");
	int count = 0;
	bool any = false;
	for (int w = 1; w <= 7; w++)
		any = any || wd[w];
	for (int d = 1; d <= FREE_WEEKS * 7; d++) {
		struct local_tm t = day;
		t.hour = t.min = t.sec = 0;
		tu_add_days(&t, d);
		if (any && !wd[t.wday])
			continue;
		int64_t s0 = tu_day_start(r->org.tz, t.year, t.mon, t.day);
		struct local_tm next = t;
		tu_add_days(&next, 1);
		int64_t s1 = tu_day_start(r->org.tz, next.year, next.mon, next.day);
		/* Minutes from local midnight; a clock change day shifts by an hour at most, which the
		 * filter's purpose (a practical hint) tolerates. */
		int64_t a = s0 + (int64_t)from * 60, b = to >= 24 * 60 ? s1 : s0 + (int64_t)to * 60;
		len += (size_t)snprintf(out + len, n - len, "%s[%lld,%lld]", count ? "," : "", (long long)a, (long long)b);
		count++;
		if (len >= n - 2)
			break;
	}
	snprintf(out + len, n - len, "]");
	return count;
}

int ui_market_market(struct req *r)
{
	int64_t portal;
	BEGIN(r, "market", &portal);
	ui_title(r, "mkt.list.title");
	struct fval v[F_NFIELDS];
	int bad = input_read(r, filter_fields, F_NFIELDS, v);
	char orgs[2048];
	bool by_org = chosen_orgs(r, orgs, sizeof orgs, &bad);
	bool wd[8] = {false};
	bool any_wd = false;
	for (int w = 1; w <= 7; w++) {
		char k[16];
		snprintf(k, sizeof k, "wd%d", w);
		wd[w] = checked(r, k);
		any_wd = any_wd || wd[w];
		hdf_set_int_value(hdfx_node(r->hdf, "Form"), k, wd[w]);
	}
	int from = v[F_FROM].present && v[F_FROM].ok ? (int)v[F_FROM].i : 0;
	int to = v[F_TO].present && v[F_TO].ok ? (int)v[F_TO].i : 24 * 60;
	if (from >= 24 * 60 && v[F_FROM].present) {
		input_error(r, "from", "mkt.filter.bad_time");
		bad++;
	}
	if (v[F_FROM].ok && v[F_TO].ok && from < 24 * 60 && from >= to) {
		input_error(r, "to", "mkt.filter.bad_span");
		bad++;
	}
	bool by_free = !bad && (any_wd || v[F_FROM].present || v[F_TO].present);
	char intervals[4096];
	if (by_free)
		free_intervals(r, wd, from, to, intervals, sizeof intervals);
	double olat = 0, olon = 0;
	bool have_coords = org_coords(r, &olat, &olon);
	bool by_km = !bad && v[F_KM].present;
	if (by_km && !have_coords)
		hdf_set_int_value(hdfx_node(r->hdf, "Mkt"), "no_coords", 1);

	/* Offering organisations of this portal, for the filter. */
	HDF *olist = hdfx_node(r->hdf, "Orgs");
	sqlite3_stmt *st = db_stmt("SELECT DISTINCT g.id, g.name FROM offer o JOIN org g ON g.id = o.org_id"
	                           " WHERE o.portal = ? ORDER BY g.name");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, portal);
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *o = hdfx_child(olist, i++);
		hdf_set_value(o, "id", db_text(st, 0));
		hdf_set_value(o, "name", db_text(st, 1));
		char needle[32];
		snprintf(needle, sizeof needle, "%lld", (long long)sqlite3_column_int64(st, 0));
		bool sel = false;
		if (by_org) {
			/* orgs is "[1,2,3]": find the id as a whole number. */
			for (const char *p = orgs; (p = strstr(p, needle)) != NULL; p++) {
				char before = p == orgs ? '[' : p[-1], after = p[strlen(needle)];
				if ((before == '[' || before == ',') && (after == ']' || after == ','))
					sel = true;
			}
		}
		hdf_set_int_value(o, "sel", sel);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return app_db_failure(r, db_result(rc, "market orgs"));
	fill_classes(r, v[F_CLASS].present && v[F_CLASS].ok ? v[F_CLASS].s : NULL);

	/* Every released vehicle of the portal with the filters that SQL can apply in one statement
	 * (the free-time filter is one NOT EXISTS over the intervals, using booking_vehicle_time);
	 * the distance is computed here. */
	st = db_stmt(
	    "SELECT v.id, v.name, v.descr, g.id, g.name, o.address, o.lat, o.lon, o.vclass, o.split_rate, o.link_mode,"
	    " o.link_url, o.conditions,"
	    " EXISTS (SELECT 1 FROM watch w WHERE w.org_id = ?1 AND w.vehicle_id = v.id),"
	    " EXISTS (SELECT 1 FROM subscription s WHERE s.org_id = ?1 AND s.vehicle_id = v.id AND s.cancelled_at IS NULL)"
	    " FROM offer o JOIN vehicle v ON v.id = o.vehicle_id JOIN org g ON g.id = o.org_id"
	    " WHERE o.portal = ?2 AND (?3 OR o.org_id <> ?1)"
	    " AND (?4 = '' OR instr(lower(v.name || ' ' || v.descr || ' ' || o.address || ' ' || o.conditions || ' ' || g.name), lower(?4)) > 0)"
	    " AND (?5 = '' OR o.vclass = ?5)"
	    " AND (?6 IS NULL OR o.org_id IN (SELECT value FROM json_each(?6)))"
	    " AND (?7 IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(?7) j JOIN booking b ON b.vehicle_id = v.id"
	    "   AND b.end > json_extract(j.value, '$[0]') AND b.start < json_extract(j.value, '$[1]') AND b.status = 'active'))"
	    " ORDER BY g.name, v.name, v.id");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->org.id);
	sqlite3_bind_int64(st, 2, portal);
	sqlite3_bind_int(st, 3, v[F_OWN].ok && v[F_OWN].present && v[F_OWN].i == 1);
	sqlite3_bind_text(st, 4, v[F_Q].ok && v[F_Q].present ? v[F_Q].s : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, v[F_CLASS].ok && v[F_CLASS].present ? v[F_CLASS].s : "", -1, SQLITE_TRANSIENT);
	if (by_org)
		sqlite3_bind_text(st, 6, orgs, -1, SQLITE_TRANSIENT);
	if (by_free)
		sqlite3_bind_text(st, 7, intervals, -1, SQLITE_TRANSIENT);
	HDF *list = hdfx_node(r->hdf, "Vehicles");
	i = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct market_offer o;
		offer_cols(st, 5, &o);
		double km = -1;
		if (have_coords && o.has_coords)
			km = market_distance_km(olat, olon, o.lat, o.lon);
		if (by_km && (km < 0 || km > (double)v[F_KM].i))
			continue;
		HDF *h = hdfx_child(list, i++);
		hdf_set_value(h, "id", db_text(st, 0));
		hdf_set_value(h, "name", db_text(st, 1));
		hdf_set_value(h, "descr", db_text(st, 2));
		hdf_set_value(h, "org_id", db_text(st, 3));
		hdf_set_value(h, "org", db_text(st, 4));
		hdf_set_value(h, "address", o.address);
		char key[64], buf[64];
		hdf_set_value(h, "vclass", app_lang(r, vclass_key(o.vclass, key, sizeof key)));
		rate_text(r, o.link_mode, o.split_rate, buf, sizeof buf);
		hdf_set_value(h, "rate", buf);
		if (km >= 0)
			ui_decimal_hdf(r, h, "km", km, 1);
		hdf_set_int_value(h, "own", sqlite3_column_int64(st, 3) == r->org.id);
		hdf_set_int_value(h, "watched", sqlite3_column_int(st, 13));
		hdf_set_int_value(h, "subscribed", sqlite3_column_int(st, 14));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return app_db_failure(r, db_result(rc, "market list"));
	return app_render(r, bad ? 422 : 200, "market_list.cs");
}

/* Detail of a vehicle released where the organisation can see it (any of its portals). */
static int fill_detail(struct req *r, int64_t id)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, g.id, g.name, o.address, o.lat, o.lon, o.vclass, o.split_rate, o.link_mode,"
	    " o.link_url, o.conditions, o.portal, coalesce(m.name, ''), coalesce(t.name, ''), t.per_hour, t.max_24h, t.per_km,"
	    " EXISTS (SELECT 1 FROM watch w WHERE w.org_id = ?2 AND w.vehicle_id = v.id),"
	    " (SELECT s.id FROM subscription s WHERE s.org_id = ?2 AND s.vehicle_id = v.id AND s.cancelled_at IS NULL),"
	    " o.released_at, g.address"
	    " FROM offer o JOIN vehicle v ON v.id = o.vehicle_id JOIN org g ON g.id = o.org_id"
	    " LEFT JOIN minimarket m ON m.id = o.portal LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE o.vehicle_id = ?1 AND o.portal IS NOT NULL"
	    " AND (o.portal = 0 OR EXISTS (SELECT 1 FROM minimarket_org mo WHERE mo.market_id = o.portal AND mo.org_id = ?2))");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, r->org.id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? -1 : (int)db_result(rc, "market detail");
	}
	HDF *h = hdfx_node(r->hdf, "Vehicle");
	struct market_offer o;
	offer_cols(st, 5, &o);
	char key[64], buf[128];
	hdf_set_value(h, "id", db_text(st, 0));
	hdf_set_value(h, "name", db_text(st, 1));
	hdf_set_value(h, "descr", db_text(st, 2));
	hdf_set_int_value(h, "own", sqlite3_column_int64(st, 3) == r->org.id);
	hdf_set_value(h, "org", db_text(st, 4));
	hdf_set_value(h, "address", o.address);
	ui_decimal_hdf(r, h, "lat", o.lat, 5);
	ui_decimal_hdf(r, h, "lon", o.lon, 5);
	hdf_set_value(h, "vclass", app_lang(r, vclass_key(o.vclass, key, sizeof key)));
	rate_text(r, o.link_mode, o.split_rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	hdfx_set_int(h, "rate_value", o.link_mode ? -1 : o.split_rate);
	hdf_set_int_value(h, "link", o.link_mode);
	hdf_set_value(h, "link_url", o.link_url);
	hdf_set_value(h, "conditions", o.conditions);
	hdfx_set_int(h, "portal", sqlite3_column_int64(st, 13));
	hdf_set_value(h, "portal_name", sqlite3_column_int64(st, 13) ? db_text(st, 14) : app_lang(r, "mkt.portal.main"));
	hdf_set_value(h, "tariff", db_text(st, 15));
	if (sqlite3_column_type(st, 16) != SQLITE_NULL)
		ui_money_hdf(r, h, "per_hour", sqlite3_column_int64(st, 16));
	if (sqlite3_column_type(st, 17) != SQLITE_NULL)
		ui_money_hdf(r, h, "max_24h", sqlite3_column_int64(st, 17));
	if (sqlite3_column_type(st, 18) != SQLITE_NULL)
		ui_money_hdf(r, h, "per_km", sqlite3_column_int64(st, 18));
	hdf_set_int_value(h, "watched", sqlite3_column_int(st, 19));
	if (sqlite3_column_type(st, 20) != SQLITE_NULL)
		hdf_set_value(h, "subscription", db_text(st, 20));
	fmt_date(r, sqlite3_column_int64(st, 21), buf, sizeof buf);
	hdf_set_value(h, "released_at", buf);
	double olat, olon;
	sqlite3_reset(st);
	if (o.has_coords && org_coords(r, &olat, &olon)) {
		ui_decimal_hdf(r, h, "km", market_distance_km(olat, olon, o.lat, o.lon), 1);
	}
	return ST_OK;
}

int ui_market_vehicle(struct req *r)
{
	int64_t portal;
	BEGIN(r, "market", &portal);
	int s = fill_detail(r, r->id);
	if (s < 0)
		return app_error(r, 404, NULL);
	if (s != ST_OK)
		return app_db_failure(r, s);
	hdf_set_value(r->hdf, "Page.title", hdf_get_value(r->hdf, "Vehicle.name", ""));
	return app_render(r, 200, "market_vehicle.cs");
}

static int do_watch(struct req *r, bool on)
{
	struct actor a = ui_actor(r);
	enum store_status res = mks_watch(&a, r->id, on);
	if (res == ST_OWN)
		return app_error(r, 409, "mkt.watch.own");
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[96];
	snprintf(rest, sizeof rest, "/vehicle/%lld?%s=1", (long long)r->id, on ? "watched" : "unwatched");
	return ui_redirect(r, "market", rest);
}

int ui_market_do_watch_on(struct req *r)
{
	return do_watch(r, true);
}

int ui_market_do_watch_off(struct req *r)
{
	return do_watch(r, false);
}

/* ---- Subscribing one vehicle. */

enum { S_NAME, S_AREA, S_VISIBLE, S_CONFIRM, S_RATE, S_NFIELDS };
static const struct field sub_fields[S_NFIELDS] = {
	[S_NAME] = {"name", v_text, true, 60},
	[S_AREA] = {"area", v_id, true, 20},
	[S_VISIBLE] = {"visible", v_bool, false, 5},
	[S_CONFIRM] = {"confirm", v_bool, false, 5},
	[S_RATE] = {"rate", v_int, false, 5},
};

static int subscribe_form(struct req *r, int status)
{
	int s = fill_detail(r, r->id);
	if (s < 0)
		return app_error(r, status >= 400 ? 409 : 404, status >= 400 ? "mkt.sub.not_released" : NULL);
	if (s == ST_OK)
		s = fill_areas(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	if (hdf_get_int_value(r->hdf, "Vehicle.own", 0))
		return app_error(r, 409, "mkt.sub.own");
	char msg[256];
	ui_lang_a(r, "mkt.sub.confirm_rate", hdf_get_value(r->hdf, "Vehicle.rate", ""), msg, sizeof msg);
	hdf_set_value(r->hdf, "Vehicle.confirm_msg", msg);
	ui_title(r, "mkt.sub.title");
	return app_render(r, status, "market_subscribe.cs");
}

int ui_market_subscribe(struct req *r)
{
	int64_t portal;
	BEGIN(r, "market", &portal);
	hdf_set_value(hdfx_node(r->hdf, "Form"), "visible", "1");
	return subscribe_form(r, 200);
}

/* The message key for a refused subscription. */
static const char *sub_refusal(enum store_status res)
{
	switch (res) {
	case ST_NAME_TAKEN: return "mkt.sub.name_taken";
	case ST_BAD_AREA: return "mkt.sub.bad_area";
	case ST_NOT_RELEASED: return "mkt.sub.not_released";
	case ST_OWN: return "mkt.sub.own";
	case ST_ALREADY: return "mkt.sub.already";
	case ST_RATE_CHANGED: return "mkt.sub.rate_changed";
	default: return NULL;
	}
}

int ui_market_do_subscribe(struct req *r)
{
	int64_t portal;
	BEGIN(r, "market", &portal);
	struct fval v[S_NFIELDS];
	int bad = input_read(r, sub_fields, S_NFIELDS, v);
	char name[128] = "";
	if (v[S_NAME].ok) {
		snprintf(name, sizeof name, "%s", v[S_NAME].s);
		if (!*trim(name)) {
			input_error(r, "name", "err.required");
			bad++;
		}
	}
	if (!(v[S_CONFIRM].ok && v[S_CONFIRM].i == 1)) {
		input_error(r, "confirm", "mkt.sub.confirm_required");
		bad++;
	}
	if (bad)
		return subscribe_form(r, 422);
	struct actor a = ui_actor(r);
	struct mks_sub_in in = {
		.vehicle_id = r->id, .local_name = trim(name), .area_id = v[S_AREA].i,
		.visible = v[S_VISIBLE].ok && v[S_VISIBLE].present && v[S_VISIBLE].i == 1,
		.expect_rate = v[S_RATE].present && v[S_RATE].ok ? (int)v[S_RATE].i : -2,
	};
	int64_t id;
	enum store_status res = mks_subscribe(&a, &in, &id);
	if (sub_refusal(res)) {
		char msg[400];
		ui_lang_a(r, sub_refusal(res), in.local_name, msg, sizeof msg);
		bool input = res == ST_NAME_TAKEN || res == ST_BAD_AREA;
		input_error_text(r, res == ST_NAME_TAKEN ? "name" : res == ST_BAD_AREA ? "area" : "confirm", msg);
		return subscribe_form(r, input ? 422 : 409);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "market", "/subscriptions?subscribed=1");
}

/* ---- Own vehicles ("Meine Fahrzeuge zur Freigabe"). */

static const char *v_state(struct req *r, const char *raw, struct fval *out)
{
	static const char *const states[] = {"here", "none", "list", NULL};
	for (int i = 0; states[i]; i++)
		if (strcmp(raw, states[i]) == 0) {
			out->i = i + 1;
			out->s = raw;
			return NULL;
		}
	return "mkt.filter.bad_state";
}

enum { M_STATE, M_AREA, M_Q, M_NFIELDS };
static const struct field mine_fields[M_NFIELDS] = {
	[M_STATE] = {"state", v_state, false, 8},
	[M_AREA] = {"area", v_id, false, 20},
	[M_Q] = {"q", v_text, false, 100},
};

/* Fills Vehicles.<i> with the organisation's vehicles. state 0 all, 1 released in portal,
 * 2 not released, 3 on the release list (and not released: the bulk release's rows). */
static int fill_own(struct req *r, int64_t portal, int state, int64_t area, const char *q, int *count)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, ar.name, coalesce(v.tariff_id, 0), coalesce(t.name, ''),"
	    " o.address, o.lat, o.lon, o.vclass, o.split_rate, o.link_mode, o.link_url, o.conditions,"
	    " coalesce(o.on_list, 0), o.portal, coalesce(m.name, '')"
	    " FROM vehicle v JOIN area ar ON ar.id = v.area_id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " LEFT JOIN offer o ON o.vehicle_id = v.id LEFT JOIN minimarket m ON m.id = o.portal"
	    " WHERE v.org_id = ?1"
	    " AND (?2 = 0 OR (?2 = 1 AND o.portal = ?3) OR (?2 = 2 AND o.portal IS NULL)"
	    "      OR (?2 = 3 AND o.on_list = 1 AND o.portal IS NULL))"
	    " AND (?4 = 0 OR v.area_id = ?4)"
	    " AND (?5 = '' OR instr(lower(v.name || ' ' || v.descr || ' ' || coalesce(o.address, '')), lower(?5)) > 0)"
	    " ORDER BY ar.sort, ar.name, v.sort, v.name, v.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	sqlite3_bind_int(st, 2, state);
	sqlite3_bind_int64(st, 3, portal);
	sqlite3_bind_int64(st, 4, area);
	sqlite3_bind_text(st, 5, q ? q : "", -1, SQLITE_TRANSIENT);
	HDF *list = hdfx_node(r->hdf, "Vehicles");
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *h = hdfx_child(list, i++);
		struct market_offer o;
		memset(&o, 0, sizeof o);
		snprintf(o.name, sizeof o.name, "%s", db_text(st, 1));
		o.tariff_id = sqlite3_column_int64(st, 4);
		offer_cols(st, 6, &o);
		hdf_set_value(h, "id", db_text(st, 0));
		hdf_set_value(h, "name", o.name);
		hdf_set_value(h, "descr", db_text(st, 2));
		hdf_set_value(h, "area", db_text(st, 3));
		hdf_set_value(h, "tariff", db_text(st, 5));
		hdf_set_int_value(h, "on_list", sqlite3_column_int(st, 14));
		bool released = sqlite3_column_type(st, 15) != SQLITE_NULL;
		hdf_set_int_value(h, "released", released);
		if (released) {
			int64_t p = sqlite3_column_int64(st, 15);
			hdf_set_int_value(h, "here", p == portal);
			hdf_set_value(h, "portal_name", p ? db_text(st, 16) : app_lang(r, "mkt.portal.main"));
		}
		char buf[512];
		unsigned missing = market_missing(&o);
		hdf_set_int_value(h, "complete", missing == 0);
		missing_text(r, missing, buf, sizeof buf);
		hdf_set_value(h, "missing", buf);
		rate_text(r, o.link_mode, o.split_rate, buf, sizeof buf);
		hdf_set_value(h, "rate", buf);
	}
	sqlite3_reset(st);
	*count = i;
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "market own");
}

int ui_market_mine(struct req *r)
{
	int64_t portal;
	BEGIN(r, "mine", &portal);
	ui_title(r, "mkt.mine.title");
	struct fval v[M_NFIELDS];
	int bad = input_read(r, mine_fields, M_NFIELDS, v);
	int n;
	int s = fill_areas(r);
	if (s == ST_OK)
		s = fill_own(r, portal, v[M_STATE].present && v[M_STATE].ok ? (int)v[M_STATE].i : 0,
		             v[M_AREA].present && v[M_AREA].ok ? v[M_AREA].i : 0, v[M_Q].present && v[M_Q].ok ? v[M_Q].s : "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, bad ? 422 : 200, "market_mine.cs");
}

/* ---- The offer form of one own vehicle. */

/* Events.<i> (release and withdrawal entries) of vehicle id. */
static int fill_events(struct req *r, int64_t id)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT e.at, e.what, e.portal, coalesce(m.name, ''), coalesce(mb.login, '')"
	    " FROM offer_event e LEFT JOIN minimarket m ON m.id = e.portal LEFT JOIN member mb ON mb.id = e.by_member"
	    " WHERE e.vehicle_id = ? AND e.org_id = ? ORDER BY e.at DESC, e.id DESC");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, r->org.id);
	HDF *list = hdfx_node(r->hdf, "Events");
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *e = hdfx_child(list, i++);
		char buf[64];
		fmt_date(r, sqlite3_column_int64(st, 0), buf, sizeof buf);
		hdf_set_value(e, "at", buf);
		hdf_set_value(e, "what", app_lang(r, strcmp(db_text(st, 1), "release") == 0 ? "mkt.event.release" : "mkt.event.withdraw"));
		hdf_set_value(e, "portal", sqlite3_column_int64(st, 2) ? db_text(st, 3) : app_lang(r, "mkt.portal.main"));
		hdf_set_value(e, "by", db_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "market events");
}

/* Tariffs.<i> of the organisation. */
static int fill_tariffs(struct req *r)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name FROM tariff WHERE org_id = ? ORDER BY name, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	HDF *list = hdfx_node(r->hdf, "Tariffs");
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *t = hdfx_child(list, i++);
		hdf_set_value(t, "id", db_text(st, 0));
		hdf_set_value(t, "name", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "market tariffs");
}

/* Renders the offer page of vehicle v with status; the form values are already in Form. */
static int offer_page(struct req *r, int status, const struct mks_vehicle *ve)
{
	HDF *h = hdfx_node(r->hdf, "Vehicle");
	hdfx_set_int(h, "id", ve->id);
	hdf_set_value(h, "name", ve->o.name);
	hdf_set_value(h, "descr", ve->descr);
	hdf_set_value(h, "area", ve->area);
	hdf_set_value(h, "tariff", ve->tariff);
	hdf_set_int_value(h, "on_list", ve->on_list);
	hdf_set_int_value(h, "released", ve->portal >= 0);
	char buf[512];
	if (ve->portal >= 0) {
		char name[128] = "";
		mks_portal(r->org.id, ve->portal, name, sizeof name);
		hdf_set_value(h, "portal_name", ve->portal ? name : app_lang(r, "mkt.portal.main"));
		hdf_set_int_value(h, "here", ve->portal == hdf_get_int_value(r->hdf, "Mkt.portal", 0));
		fmt_date(r, ve->released_at, buf, sizeof buf);
		hdf_set_value(h, "released_at", buf);
	}
	rate_text(r, ve->o.link_mode, ve->o.split_rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	unsigned missing = market_missing(&ve->o);
	missing_text(r, missing, buf, sizeof buf);
	hdf_set_value(h, "missing", buf);
	hdf_set_int_value(h, "complete", missing == 0);
	int s = fill_events(r, ve->id);
	if (s == ST_OK)
		s = fill_tariffs(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	fill_classes(r, hdf_get_value(r->hdf, "Form.vclass", ""));
	hdf_set_value(r->hdf, "Page.title", ve->o.name);
	return app_render(r, status, "market_offer.cs");
}

/* Form.* from the stored offer. */
static void offer_to_form(struct req *r, const struct mks_vehicle *ve)
{
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "address", ve->o.address);
	if (ve->o.has_coords) {
		ui_decimal_hdf(r, f, "lat", ve->o.lat, 6);   /* < 1000: no grouping, the form reads it back */
		ui_decimal_hdf(r, f, "lon", ve->o.lon, 6);
	}
	hdf_set_value(f, "vclass", ve->o.vclass);
	if (ve->o.tariff_id)
		hdfx_set_int(f, "tariff", ve->o.tariff_id);
	hdf_set_value(f, "mode", ve->o.link_mode ? "link" : "split");
	if (ve->o.split_rate >= 0)
		hdfx_set_int(f, "split_rate", ve->o.split_rate);
	hdf_set_value(f, "link_url", ve->o.link_url);
	hdf_set_value(f, "conditions", ve->o.conditions);
}

/* Loads own vehicle r->id; on failure answers and returns the status in *status. */
static bool load_own(struct req *r, struct mks_vehicle *ve, int *status)
{
	struct actor a = ui_actor(r);
	enum store_status res = mks_vehicle_load(&a, r->id, ve);
	if (res != ST_OK) {
		*status = ui_failure(r, res);
		return false;
	}
	return true;
}

int ui_market_offer(struct req *r)
{
	int64_t portal;
	BEGIN(r, "mine", &portal);
	struct mks_vehicle ve;
	int status;
	if (!load_own(r, &ve, &status))
		return status;
	offer_to_form(r, &ve);
	return offer_page(r, 200, &ve);
}

static const char *v_coord(struct req *r, const char *raw, struct fval *out)
{
	char buf[32], *end;
	if (strlen(raw) >= sizeof buf)
		return "mkt.offer.bad_coord";
	snprintf(buf, sizeof buf, "%s", raw);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	double d = strtod(buf, &end);
	if (end == buf || *end || !isfinite(d))
		return "mkt.offer.bad_coord";
	out->s = raw;
	return NULL;
}

static double coord_of(const char *raw)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%s", raw);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	return strtod(buf, NULL);
}

static const char *v_mode(struct req *r, const char *raw, struct fval *out)
{
	if (strcmp(raw, "split") != 0 && strcmp(raw, "link") != 0)
		return "mkt.offer.bad_mode";
	out->i = raw[0] == 'l';
	return NULL;
}

static const char *v_url(struct req *r, const char *raw, struct fval *out)
{
	if (!market_url_valid(raw))
		return "mkt.offer.bad_url";
	out->s = raw;
	return NULL;
}

enum { O_ADDRESS, O_LAT, O_LON, O_CLASS, O_TARIFF, O_MODE, O_RATE, O_URL, O_COND, O_NFIELDS };
static const struct field offer_fields[O_NFIELDS] = {
	[O_ADDRESS] = {"address", v_text, false, 200},
	[O_LAT] = {"lat", v_coord, false, 20},
	[O_LON] = {"lon", v_coord, false, 20},
	[O_CLASS] = {"vclass", v_vclass, false, 16},
	[O_TARIFF] = {"tariff", v_id, false, 20},
	[O_MODE] = {"mode", v_mode, false, 5},
	[O_RATE] = {"split_rate", v_int, false, 4},
	[O_URL] = {"link_url", v_url, false, 500},
	[O_COND] = {"conditions", v_textarea, false, 2000},
};

int ui_market_do_offer(struct req *r)
{
	int64_t portal;
	BEGIN(r, "mine", &portal);
	struct mks_vehicle ve;
	int status;
	if (!load_own(r, &ve, &status))
		return status;
	struct fval v[O_NFIELDS];
	int bad = input_read(r, offer_fields, O_NFIELDS, v);
	struct market_offer o = ve.o;
	if (v[O_ADDRESS].ok)
		snprintf(o.address, sizeof o.address, "%s", v[O_ADDRESS].present ? v[O_ADDRESS].s : "");
	if (v[O_LAT].present != v[O_LON].present) {
		input_error(r, v[O_LAT].present ? "lon" : "lat", "mkt.offer.both_coords");
		bad++;
	} else if (v[O_LAT].ok && v[O_LON].ok) {
		o.has_coords = v[O_LAT].present;
		o.lat = o.has_coords ? coord_of(v[O_LAT].s) : 0;
		o.lon = o.has_coords ? coord_of(v[O_LON].s) : 0;
		if (o.has_coords && !market_coords_valid(o.lat, o.lon)) {
			input_error(r, "lat", "mkt.offer.coord_range");
			bad++;
		}
	}
	if (v[O_CLASS].ok)
		snprintf(o.vclass, sizeof o.vclass, "%s", v[O_CLASS].present ? v[O_CLASS].s : "");
	/* While released, the form shows tariff and split rate without inputs: absent fields keep
	 * their values; sent ones are compared by the store (409 when they differ). */
	if (raw_field(r, "tariff") && v[O_TARIFF].ok)
		o.tariff_id = v[O_TARIFF].present ? v[O_TARIFF].i : 0;
	if (raw_field(r, "mode") && v[O_MODE].ok && v[O_MODE].present)
		o.link_mode = v[O_MODE].i == 1;
	if (raw_field(r, "split_rate") && v[O_RATE].ok) {
		if (v[O_RATE].present && (v[O_RATE].i < 0 || v[O_RATE].i > 100)) {
			input_error(r, "split_rate", "mkt.offer.bad_rate");
			bad++;
		} else {
			o.split_rate = v[O_RATE].present ? (int)v[O_RATE].i : -1;
		}
	}
	if (v[O_URL].ok)
		snprintf(o.link_url, sizeof o.link_url, "%s", v[O_URL].present ? v[O_URL].s : "");
	if (v[O_COND].ok)
		snprintf(o.conditions, sizeof o.conditions, "%s", v[O_COND].present ? v[O_COND].s : "");
	if (bad)
		return offer_page(r, 422, &ve);
	struct actor a = ui_actor(r);
	unsigned locked = 0;
	enum store_status res = mks_offer_save(&a, r->id, &o, &locked);
	if (res == ST_LOCKED) {
		for (int i = 0; i < MKT_LOCK_BITS; i++)
			if (locked & (1u << i))
				input_error_text(r, i == 1 ? "tariff" : i == 2 ? "split_rate" : NULL, app_lang(r, market_lock_key(i)));
		return offer_page(r, 409, &ve);
	}
	if (res == ST_BAD_TARIFF) {
		input_error(r, "tariff", "mkt.offer.bad_tariff");
		return offer_page(r, 422, &ve);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[96];
	snprintf(rest, sizeof rest, "/mine/vehicle/%lld?saved=1", (long long)r->id);
	return ui_redirect(r, "market", rest);
}

/* Where a release-list or release action returns: the overview when the form said back=mine. */
static int back_to(struct req *r, const char *what)
{
	char rest[128];
	const char *back = raw_field(r, "back");
	if (back && strcmp(back, "mine") == 0)
		snprintf(rest, sizeof rest, "/mine?%s=1", what);
	else
		snprintf(rest, sizeof rest, "/mine/vehicle/%lld?%s=1", (long long)r->id, what);
	return ui_redirect(r, "market", rest);
}

int ui_market_do_release(struct req *r)
{
	int64_t portal;
	BEGIN(r, "mine", &portal);
	struct mks_vehicle ve;
	int status;
	if (!load_own(r, &ve, &status))
		return status;
	struct actor a = ui_actor(r);
	unsigned missing = 0;
	enum store_status res = mks_release(&a, r->id, portal, &missing);
	if (res == ST_INCOMPLETE || res == ST_RELEASED) {
		offer_to_form(r, &ve);
		if (res == ST_INCOMPLETE)
			missing_errors(r, missing);
		else
			input_error_text(r, NULL, app_lang(r, "mkt.release.elsewhere"));
		return offer_page(r, res == ST_INCOMPLETE ? 422 : 409, &ve);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return back_to(r, "released");
}

int ui_market_do_withdraw(struct req *r)
{
	int64_t portal;
	BEGIN(r, "mine", &portal);
	struct mks_vehicle ve;
	int status;
	if (!load_own(r, &ve, &status))
		return status;
	struct actor a = ui_actor(r);
	int ended = 0;
	enum store_status res = mks_withdraw(&a, r->id, &ended);
	if (res == ST_NOT_RELEASED) {
		offer_to_form(r, &ve);
		input_error_text(r, NULL, app_lang(r, "mkt.withdraw.not_released"));
		return offer_page(r, 409, &ve);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return back_to(r, "withdrawn");
}

static int do_list(struct req *r, bool on)
{
	struct actor a = ui_actor(r);
	enum store_status res = mks_set_list(&a, r->id, on);
	if (res != ST_OK)
		return ui_failure(r, res);
	return back_to(r, on ? "listed" : "unlisted");
}

int ui_market_do_list_on(struct req *r)
{
	return do_list(r, true);
}

int ui_market_do_list_off(struct req *r)
{
	return do_list(r, false);
}

/* ---- Bulk release ("Sammelfreigabe"). */

int ui_market_bulk(struct req *r)
{
	int64_t portal;
	BEGIN(r, "bulk", &portal);
	ui_title(r, "mkt.bulk.title");
	int n;
	int s = fill_own(r, portal, 3, 0, "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, 200, "market_bulk.cs");
}

static const char *release_refusal(enum store_status res)
{
	switch (res) {
	case ST_RELEASED: return "mkt.release.elsewhere";
	case ST_NOT_LISTED: return "mkt.bulk.not_listed";
	case ST_NOT_FOUND: return "error.404";
	default: return "mkt.bulk.failed";
	}
}

int ui_market_do_bulk(struct req *r)
{
	int64_t portal;
	BEGIN(r, "bulk", &portal);
	ui_title(r, "mkt.bulk.title");
	int n;
	int s = fill_own(r, portal, 3, 0, "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	bool terms = checked(r, "terms");
	hdf_set_int_value(hdfx_node(r->hdf, "Form"), "terms", terms);
	int64_t ids[MAX_PICKS];
	char names[MAX_PICKS][128];
	int picks = 0;
	HDF *rows = hdfx_node(r->hdf, "Vehicles");
	for (HDF *h = hdf_obj_child(rows); h && picks < MAX_PICKS; h = hdf_obj_next(h)) {
		char k[40];
		snprintf(k, sizeof k, "pick_%s", hdf_get_value(h, "id", "0"));
		if (!checked(r, k))
			continue;
		hdf_set_int_value(h, "picked", 1);
		ids[picks] = strtoll(hdf_get_value(h, "id", "0"), NULL, 10);
		snprintf(names[picks], sizeof names[picks], "%s", hdf_get_value(h, "name", ""));
		picks++;
	}
	int bad = 0;
	if (!terms) {
		input_error(r, "terms", "mkt.bulk.terms_required");
		bad++;
	}
	if (!picks) {
		input_error(r, "pick", "mkt.bulk.none");
		bad++;
	}
	if (bad)
		return app_render(r, 422, "market_bulk.cs");
	struct actor a = ui_actor(r);
	enum store_status res[MAX_PICKS];
	unsigned missing[MAX_PICKS];
	int released = 0;
	enum store_status all = mks_release_many(&a, ids, picks, portal, res, missing, &released);
	if (all != ST_OK)
		return ui_failure(r, all);
	int failed = 0;
	HDF *ok = hdfx_node(r->hdf, "Report.released"), *fail = hdfx_node(r->hdf, "Report.failed");
	int nok = 0;
	for (int i = 0; i < picks; i++) {
		if (res[i] == ST_OK) {
			hdf_set_value(hdfx_child(ok, nok++), "name", names[i]);
			continue;
		}
		HDF *f = hdfx_child(fail, failed++);
		char msg[600], what[512];
		hdf_set_value(f, "name", names[i]);
		if (res[i] == ST_INCOMPLETE) {
			missing_text(r, missing[i], what, sizeof what);
			ui_lang_a(r, "mkt.bulk.incomplete", what, msg, sizeof msg);
		} else {
			snprintf(msg, sizeof msg, "%s", app_lang(r, release_refusal(res[i])));
		}
		hdf_set_value(f, "msg", msg);
	}
	if (!failed) {
		char rest[64];
		snprintf(rest, sizeof rest, "/mine/bulk?released=%d", released);
		return ui_redirect(r, "market", rest);
	}
	/* Mixed outcome: the report with the list as it is now. */
	hdf_remove_tree(r->hdf, "Vehicles");
	s = fill_own(r, portal, 3, 0, "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, nok ? 200 : 422, "market_bulk.cs");
}

/* ---- Watchlist and bulk subscribe. */

/* Rows.<i> of the watchlist: vehicle, master, rate, whether still offered where the org sees it. */
static int fill_watchlist(struct req *r, int *count)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, g.name, o.split_rate, coalesce(o.link_mode, 0),"
	    " o.portal IS NOT NULL AND (o.portal = 0 OR EXISTS (SELECT 1 FROM minimarket_org mo WHERE mo.market_id = o.portal AND mo.org_id = ?1)),"
	    " EXISTS (SELECT 1 FROM subscription s WHERE s.org_id = ?1 AND s.vehicle_id = v.id AND s.cancelled_at IS NULL),"
	    " w.added_at"
	    " FROM watch w JOIN vehicle v ON v.id = w.vehicle_id JOIN org g ON g.id = v.org_id"
	    " LEFT JOIN offer o ON o.vehicle_id = v.id WHERE w.org_id = ?1 ORDER BY w.added_at, v.name, v.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	HDF *list = hdfx_node(r->hdf, "Rows");
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *h = hdfx_child(list, i++);
		char buf[64];
		hdf_set_value(h, "id", db_text(st, 0));
		hdf_set_value(h, "name", db_text(st, 1));
		hdf_set_value(h, "descr", db_text(st, 2));
		hdf_set_value(h, "org", db_text(st, 3));
		bool link = sqlite3_column_int(st, 5) != 0;
		int rate = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
		rate_text(r, link, rate, buf, sizeof buf);
		hdf_set_value(h, "rate", buf);
		/* The rate as shown, sent back with the form so that a change meanwhile is refused. */
		hdf_set_int_value(h, "rate_n", rate);
		hdf_set_int_value(h, "offered", sqlite3_column_int(st, 6));
		hdf_set_int_value(h, "subscribed", sqlite3_column_int(st, 7));
		fmt_date(r, sqlite3_column_int64(st, 8), buf, sizeof buf);
		hdf_set_value(h, "added", buf);
	}
	sqlite3_reset(st);
	*count = i;
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "watchlist");
}

int ui_market_watchlist(struct req *r)
{
	int64_t portal;
	BEGIN(r, "watchlist", &portal);
	ui_title(r, "mkt.watch.title");
	int n;
	int s = fill_watchlist(r, &n);
	if (s == ST_OK)
		s = fill_areas(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, 200, "market_watchlist.cs");
}

int ui_market_do_watchlist(struct req *r)
{
	int64_t portal;
	BEGIN(r, "watchlist", &portal);
	ui_title(r, "mkt.watch.title");
	int n;
	int s = fill_watchlist(r, &n);
	if (s == ST_OK)
		s = fill_areas(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	bool confirm = checked(r, "confirm");
	hdf_set_int_value(hdfx_node(r->hdf, "Form"), "confirm", confirm);
	struct pick {
		int64_t id;
		char vname[128];
		char lname[128];
		int64_t area;
		int expect_rate;   /* the rate the row showed (-1 Link mode), -2 when the form did not say */
		bool complete;
	};
	struct pick *picks = calloc(MAX_PICKS, sizeof *picks);
	if (!picks)
		return app_error(r, 503, NULL);
	int np = 0;
	/* Every row keeps what was typed (a failed row is tried again from the same form). */
	for (HDF *h = hdf_obj_child(hdfx_node(r->hdf, "Rows")); h; h = hdf_obj_next(h)) {
		const char *id = hdf_get_value(h, "id", "0");
		char k[48];
		snprintf(k, sizeof k, "name_%s", id);
		const char *lname = raw_field(r, k);
		if (lname && strlen(lname) <= 60 && utf8_valid_text(lname, false))
			hdf_set_value(h, "lname", lname);
		snprintf(k, sizeof k, "area_%s", id);
		const char *area = raw_field(r, k);
		struct fval f;
		bool area_ok = area && *area && strlen(area) < 16 && v_id(r, area, &f) == NULL;
		if (area_ok)
			hdfx_set_int(h, "area", f.i);
		snprintf(k, sizeof k, "pick_%s", id);
		if (!checked(r, k) || np >= MAX_PICKS)
			continue;
		hdf_set_int_value(h, "picked", 1);
		struct pick *p = &picks[np++];
		p->id = strtoll(id, NULL, 10);
		snprintf(p->vname, sizeof p->vname, "%s", hdf_get_value(h, "name", ""));
		snprintf(p->lname, sizeof p->lname, "%s", hdf_get_value(h, "lname", ""));
		p->area = area_ok ? f.i : 0;
		p->complete = *trim(p->lname) && area_ok;
		snprintf(k, sizeof k, "rate_%s", id);
		const char *shown = raw_field(r, k);
		struct fval rv;
		p->expect_rate = shown && *shown && strlen(shown) < 8 && v_int(r, shown, &rv) == NULL &&
		                 rv.i >= -1 && rv.i <= 100 ? (int)rv.i : -2;
	}
	int bad = 0;
	if (!confirm) {
		input_error(r, "confirm", "mkt.watch.confirm_required");
		bad++;
	}
	if (!np) {
		input_error(r, "pick", "mkt.watch.none");
		bad++;
	}
	if (bad) {
		free(picks);
		return app_render(r, 422, "market_watchlist.cs");
	}
	/* Each row is its own transaction: one refusal must not undo the others. */
	struct actor a = ui_actor(r);
	HDF *ok = hdfx_node(r->hdf, "Report.subscribed"), *fail = hdfx_node(r->hdf, "Report.failed");
	int nok = 0, nfail = 0;
	enum store_status hard = ST_OK;
	for (int i = 0; i < np && hard == ST_OK; i++) {
		struct pick *p = &picks[i];
		const char *key = NULL;
		if (!p->complete) {
			key = "mkt.watch.row_incomplete";
		} else {
			struct mks_sub_in in = {.vehicle_id = p->id, .local_name = trim(p->lname), .area_id = p->area,
			                        .visible = true, .expect_rate = p->expect_rate};
			int64_t id;
			enum store_status res = mks_subscribe(&a, &in, &id);
			if (res == ST_OK) {
				HDF *h = hdfx_child(ok, nok++);
				hdf_set_value(h, "name", p->vname);
				hdf_set_value(h, "lname", in.local_name);
				continue;
			}
			key = sub_refusal(res);
			if (!key)
				hard = res;
		}
		if (key) {
			HDF *h = hdfx_child(fail, nfail++);
			char msg[400];
			hdf_set_value(h, "name", p->vname);
			ui_lang_a(r, key, p->lname, msg, sizeof msg);
			hdf_set_value(h, "msg", msg);
		}
	}
	free(picks);
	if (hard != ST_OK && !nok)
		return ui_failure(r, hard);
	if (!nfail && hard == ST_OK) {
		char rest[64];
		snprintf(rest, sizeof rest, "/subscriptions?subscribed=%d", nok);
		return ui_redirect(r, "market", rest);
	}
	/* The rows again, as they are now; the failed ones keep their input. */
	HDF *old = NULL;
	hdf_get_node(r->hdf, "Rows", &old);
	HDF *keep = NULL;
	NEOERR *err = hdf_init(&keep);
	if (err != STATUS_OK) {
		nerr_ignore(&err);
		return app_error(r, 503, NULL);
	}
	err = hdf_copy(keep, "R", old);
	nerr_ignore(&err);
	hdf_remove_tree(r->hdf, "Rows");
	s = fill_watchlist(r, &n);
	if (s == ST_OK) {
		for (HDF *h = hdf_obj_child(hdfx_node(r->hdf, "Rows")); h; h = hdf_obj_next(h))
			for (HDF *o = hdf_obj_child(hdf_get_obj(keep, "R")); o; o = hdf_obj_next(o))
				if (strcmp(hdf_get_value(o, "id", ""), hdf_get_value(h, "id", "-")) == 0) {
					hdf_set_value(h, "lname", hdf_get_value(o, "lname", ""));
					hdf_set_value(h, "area", hdf_get_value(o, "area", ""));
					hdf_set_value(h, "picked", hdf_get_value(o, "picked", "0"));
				}
	}
	hdf_destroy(&keep);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, nok ? 200 : 422, "market_watchlist.cs");
}

/* ---- Subscribed vehicles. */

static int fill_subs(struct req *r)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT s.id, s.local_name, s.local_descr, ar.name, s.visible, s.split_rate, v.id, v.name, g.name,"
	    " coalesce(o.link_mode, 0), s.created_at, coalesce(t.name, ''), o.portal IS NOT NULL"
	    " FROM subscription s JOIN vehicle v ON v.id = s.vehicle_id JOIN org g ON g.id = v.org_id"
	    " JOIN area ar ON ar.id = s.area_id LEFT JOIN offer o ON o.vehicle_id = v.id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE s.org_id = ? AND s.cancelled_at IS NULL ORDER BY s.local_name COLLATE NOCASE, s.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	HDF *list = hdfx_node(r->hdf, "Subs");
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *h = hdfx_child(list, i++);
		char buf[64];
		hdf_set_value(h, "id", db_text(st, 0));
		hdf_set_value(h, "lname", db_text(st, 1));
		hdf_set_value(h, "ldescr", db_text(st, 2));
		hdf_set_value(h, "area", db_text(st, 3));
		hdf_set_value(h, "visible", db_text(st, 4));
		rate_text(r, sqlite3_column_int(st, 9) != 0, sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5),
		          buf, sizeof buf);
		hdf_set_value(h, "rate", buf);
		hdf_set_value(h, "vehicle_id", db_text(st, 6));
		hdf_set_value(h, "vehicle", db_text(st, 7));
		hdf_set_value(h, "org", db_text(st, 8));
		fmt_date(r, sqlite3_column_int64(st, 10), buf, sizeof buf);
		hdf_set_value(h, "created", buf);
		hdf_set_value(h, "tariff", db_text(st, 11));
		hdf_set_value(h, "offered", db_text(st, 12));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "subscriptions");
}

int ui_market_subs(struct req *r)
{
	int64_t portal;
	BEGIN(r, "subscriptions", &portal);
	ui_title(r, "mkt.subs.title");
	int s = fill_subs(r);
	if (s == ST_OK && checked(r, "watch")) {
		int n;
		hdf_set_int_value(hdfx_node(r->hdf, "Form"), "watch", 1);
		s = fill_watchlist(r, &n);
	}
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, 200, "market_subs.cs");
}

int ui_market_do_cancel(struct req *r)
{
	struct actor a = ui_actor(r);
	enum store_status res = mks_cancel(&a, r->id);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "market", "/subscriptions?cancelled=1");
}

/* Sub.* of active subscription r->id; false (404 answered in *status) when there is none. */
static bool fill_sub(struct req *r, int *status)
{
	int s = fill_subs(r);
	if (s != ST_OK) {
		*status = app_db_failure(r, s);
		return false;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	for (HDF *h = hdf_obj_child(hdfx_node(r->hdf, "Subs")); h; h = hdf_obj_next(h))
		if (strcmp(hdf_get_value(h, "id", ""), id) == 0) {
			hdf_copy(r->hdf, "Sub", h);
			hdf_remove_tree(r->hdf, "Subs");
			return true;
		}
	*status = app_error(r, 404, NULL);
	return false;
}

int ui_market_sub(struct req *r)
{
	int64_t portal;
	BEGIN(r, "subscriptions", &portal);
	int status;
	if (!fill_sub(r, &status))
		return status;
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "descr", hdf_get_value(r->hdf, "Sub.ldescr", ""));
	hdf_set_value(f, "visible", hdf_get_value(r->hdf, "Sub.visible", "1"));
	ui_title(r, "mkt.sub.edit");
	return app_render(r, 200, "market_sub.cs");
}

enum { D_DESCR, D_VISIBLE, D_NFIELDS };
static const struct field sub_edit_fields[D_NFIELDS] = {
	[D_DESCR] = {"descr", v_text, false, 200},
	[D_VISIBLE] = {"visible", v_bool, false, 5},
};

int ui_market_do_sub(struct req *r)
{
	int64_t portal;
	BEGIN(r, "subscriptions", &portal);
	int status;
	if (!fill_sub(r, &status))
		return status;
	ui_title(r, "mkt.sub.edit");
	struct fval v[D_NFIELDS];
	int bad = input_read(r, sub_edit_fields, D_NFIELDS, v);
	if (v[D_DESCR].ok && v[D_DESCR].present && utf8_chars(v[D_DESCR].s) > LOCAL_DESCR_MAX) {
		input_error(r, "descr", "mkt.sub.descr_long");
		bad++;
	}
	if (bad)
		return app_render(r, 422, "market_sub.cs");
	struct actor a = ui_actor(r);
	enum store_status res = mks_sub_update(&a, r->id, v[D_DESCR].present ? v[D_DESCR].s : "",
	                                     v[D_VISIBLE].present && v[D_VISIBLE].i == 1);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/subscriptions/%lld?saved=1", (long long)r->id);
	return ui_redirect(r, "market", rest);
}

/* ---- The portal operator's mini-markets. */

static int operator_page(struct req *r, int status)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT m.id, m.name, coalesce((SELECT group_concat(name, ', ') FROM (SELECT g.name FROM minimarket_org mo"
	    " JOIN org g ON g.id = mo.org_id WHERE mo.market_id = m.id ORDER BY g.name)), '') FROM minimarket m ORDER BY m.name, m.id");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	HDF *list = hdfx_node(r->hdf, "Markets");
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *h = hdfx_child(list, i++);
		hdf_set_value(h, "id", db_text(st, 0));
		hdf_set_value(h, "name", db_text(st, 1));
		hdf_set_value(h, "orgs", db_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return app_db_failure(r, db_result(rc, "minimarkets"));
	st = db_stmt("SELECT id, name FROM org ORDER BY name");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	list = hdfx_node(r->hdf, "AllOrgs");
	i = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *h = hdfx_child(list, i++);
		hdf_set_value(h, "id", db_text(st, 0));
		hdf_set_value(h, "name", db_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return app_db_failure(r, db_result(rc, "orgs"));
	ui_title(r, "mkt.op.title");
	return app_render(r, status, "market_operator.cs");
}

int ui_market_operator(struct req *r)
{
	int64_t portal;
	BEGIN(r, "operator", &portal);
	return operator_page(r, 200);
}

enum { P_NAME, P_MARKET, P_ORG, P_NFIELDS };
static const struct field op_fields[P_NFIELDS] = {
	[P_NAME] = {"name", v_text, false, 100},
	[P_MARKET] = {"market", v_id, false, 20},
	[P_ORG] = {"org", v_id, false, 20},
};

/* Creates a mini-market (name) or adds an organisation to one (market, org); one transaction with
 * an ADMIN line in the operator's own organisation's log. */
int ui_market_do_operator(struct req *r)
{
	int64_t portal;
	BEGIN(r, "operator", &portal);
	struct fval v[P_NFIELDS];
	int bad = input_read(r, op_fields, P_NFIELDS, v);
	bool add_org = v[P_MARKET].present || v[P_ORG].present;
	char name[128] = "";
	if (!bad && add_org && !(v[P_MARKET].present && v[P_ORG].present)) {
		input_error(r, v[P_MARKET].present ? "org" : "market", "err.required");
		bad++;
	}
	if (!bad && !add_org) {
		if (v[P_NAME].present)
			snprintf(name, sizeof name, "%s", v[P_NAME].s);
		if (!*trim(name)) {
			input_error(r, "name", "err.required");
			bad++;
		}
	}
	if (bad)
		return operator_page(r, 422);
	int s = db_begin();
	if (s != ST_OK)
		return app_db_failure(r, s);
	sqlite3_stmt *st;
	char text[400];
	if (add_org) {
		st = db_stmt("INSERT INTO minimarket_org (market_id, org_id) SELECT m.id, g.id FROM minimarket m, org g"
		             " WHERE m.id = ? AND g.id = ? AND NOT EXISTS (SELECT 1 FROM minimarket_org WHERE market_id = m.id AND org_id = g.id)");
		if (!st)
			return app_db_failure(r, ST_ERROR);
		sqlite3_bind_int64(st, 1, v[P_MARKET].i);
		sqlite3_bind_int64(st, 2, v[P_ORG].i);
		snprintf(text, sizeof text, "market operator: organisation %lld added to mini-market %lld", (long long)v[P_ORG].i,
		         (long long)v[P_MARKET].i);
	} else {
		st = db_stmt("INSERT INTO minimarket (name) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM minimarket WHERE name = ?)");
		if (!st)
			return app_db_failure(r, ST_ERROR);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		snprintf(text, sizeof text, "market operator: mini-market \"%s\" created", name);
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	s = rc == SQLITE_DONE ? ST_OK : db_result(rc, "operator");
	if (s != ST_OK)
		return app_db_failure(r, s);
	if (sqlite3_changes(db_handle()) == 0) {
		db_rollback();
		input_error(r, add_org ? "org" : "name", add_org ? "mkt.op.add_failed" : "mkt.op.duplicate");
		return operator_page(r, 422);
	}
	char line[AL_LINE_MAX];
	al_format_admin(line, r->org.tz, r->now, r->user.login, text);
	s = logbook_append(r->org.id, r->now, line);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		return app_db_failure(r, s);
	return ui_redirect(r, "market", "/operator/minimarkets?saved=1");
}
