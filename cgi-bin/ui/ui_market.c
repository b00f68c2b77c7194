/* ui_market: the market screens' handlers — the marketplace for administrators — the portal switch, the split-billing download (ui/ui_splitbill.c), own vehicles and their offers (release, withdrawal, bulk release), market vehicles with filters, the watchlist, subscriptions (single and bulk), and the portal operator's mini-markets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/money.h"
#include "http/app.h"
#include "ui/ui_market.h"
#include "ui/ui_shared.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "rules/offer.h"
#include "store/marketstore.h"
#include "base/timeutil.h"

#define PORTAL_COOKIE "wb_portal"
#define LOCAL_DESCR_MAX 30     /* characters of a subscription's local description */
#define FREE_WEEKS 4           /* the free-time filter looks at the next four weeks */
#define MAX_PICKS 500

/* ---- Small helpers. */

/* A ticked checkbox: sent, valid and true. */
static bool ticked(const struct input_val *v)
{
	return v->ok && v->present && v->i == 1;
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
	struct tu_tm lt;
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

/* "0" (the main market) or a mini-market id. */
static const char *v_portal(struct req *r, const char *raw, struct input_val *out)
{
	if (strcmp(raw, "0") == 0) {
		out->i = 0;
		return NULL;
	}
	return input_id(r, raw, out) ? "error.404" : NULL;
}

static bool parse_portal(struct req *r, const char *raw, int64_t *out)
{
	struct input_val f;
	if (!raw || !*raw || strlen(raw) > 15 || v_portal(r, raw, &f) != NULL)
		return false;
	*out = f.i;
	return true;
}

static int add_portal(void *ctx, const struct mks_named *row)
{
	HDF *list = ctx;
	int i = 0;
	for (HDF *c = hdf_obj_child(list); c; c = hdf_obj_next(c))
		i++;
	HDF *p = hdfx_child(list, i);
	hdfx_set_int(p, "id", row->id);
	hdf_set_value(p, "name", row->name);
	return 0;
}

static const struct input_field portal_field = {"portal", v_portal, false, 15};

/* Sets the current portal, Mkt.portal*, Portals.<i> and Mkt.section. Returns 0, or 404 when the
 * query names a portal the organisation may not use (a non-member sees nothing of a mini-market),
 * or the store's failure status. */
static int portal_begin(struct req *r, const char *section, int64_t *portal)
{
	*portal = 0;
	char name[128] = "";
	struct input_val q;
	/* A malformed portal is a 404, not a form error. */
	if (input_read(r, &portal_field, 1, &q))
		return 404;
	const char *raw = q.present ? q.raw : NULL;
	if (raw && *raw) {
		if (!parse_portal(r, raw, portal) || !mks_portal(r->org.id, *portal, name, sizeof name))
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
	hdf_set_int_value(m, "operator", r->user.is_operator);
	HDF *list = hdfx_node(r->hdf, "Portals");
	HDF *p0 = hdfx_child(list, 0);
	hdf_set_value(p0, "id", "0");
	hdf_set_value(p0, "name", app_lang(r, "mkt.portal.main"));
	enum store_status s = mks_portals_each(r->org.id, add_portal, list);
	/* The path the portal switch submits to: the current page. */
	char url[512];
	char rest[256];
	snprintf(rest, sizeof rest, "%s", r->path);
	hdf_set_value(m, "self", app_url(r, url, sizeof url, "market", rest));
	return s == ST_OK ? 0 : (int)s;
}

/* Answers a failed portal_begin. */
static int portal_failure(struct req *r, int s)
{
	return s == 404 ? app_error(r, 404, NULL) : app_db_failure(r, (enum store_status)s);
}

int ui_market_portal(struct req *r)
{
	int64_t portal;
	int s = portal_begin(r, "portal", &portal);
	if (s)
		return portal_failure(r, s);
	ui_title(r, "mkt.portal.choose_title");
	return app_render(r, 200, "market_portal.cs");
}

int ui_market_begin(struct req *r, const char *section, int64_t *portal)
{
	int pb = portal_begin(r, section, portal);
	return pb ? portal_failure(r, pb) : 0;
}

/* Classes.<i> for a select, with sel on the chosen one. */
static void fill_classes(struct req *r, const char *chosen)
{
	HDF *list = hdfx_node(r->hdf, "Classes");
	char key[64];
	for (int i = 0; offer_vclasses[i]; i++) {
		HDF *c = hdfx_child(list, i);
		hdf_set_value(c, "id", offer_vclasses[i]);
		hdf_set_value(c, "name", app_lang(r, vclass_key(offer_vclasses[i], key, sizeof key)));
		hdf_set_int_value(c, "sel", chosen && strcmp(chosen, offer_vclasses[i]) == 0);
	}
}

/* Appends an (id, name) row to the HDF list ctx. */
static int add_named(void *ctx, const struct mks_named *row)
{
	return add_portal(ctx, row);
}

/* Areas.<i> of the organisation. */
static int fill_areas(struct req *r)
{
	return mks_areas_each(r->org.id, add_named, hdfx_node(r->hdf, "Areas"));
}

/* "Adresse, Koordinaten" — the labels of every missing field, joined. */
static void missing_text(struct req *r, unsigned missing, char *out, size_t n)
{
	out[0] = '\0';
	size_t len = 0;
	for (int i = 0; i < OFFER_MISS_BITS; i++) {
		if (!(missing & (1u << i)))
			continue;
		char key[64];
		snprintf(key, sizeof key, "%s_short", offer_missing_key(i));
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", app_lang(r, key));
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

/* One error message per missing field. */
static void missing_errors(struct req *r, unsigned missing)
{
	for (int i = 0; i < OFFER_MISS_BITS; i++)
		if (missing & (1u << i))
			input_error_text(r, NULL, app_lang(r, offer_missing_key(i)));
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

/* The organisation's own coordinates; false when it has none. */
static bool org_coords(struct req *r, double *lat, double *lon)
{
	return mks_org_coords(r->org.id, lat, lon);
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

static const char *v_hhmm(struct req *r, const char *raw, struct input_val *out)
{
	int m = parse_hhmm(raw, true);
	if (m < 0)
		return "mkt.filter.bad_time";
	out->i = m;
	return NULL;
}

static const char *v_vclass(struct req *r, const char *raw, struct input_val *out)
{
	if (!offer_vclass_valid(raw))
		return "mkt.offer.bad_class";
	out->s = raw;
	return NULL;
}

static const char *v_km(struct req *r, const char *raw, struct input_val *out)
{
	if (input_int(r, raw, out) != NULL || out->i < 1 || out->i > 20000)
		return "mkt.filter.bad_km";
	return NULL;
}

enum { F_Q, F_KM, F_CLASS, F_FROM, F_TO, F_OWN, F_ORG, F_WD1, F_NFIELDS = F_WD1 + 7 };
static const struct input_field filter_fields[F_NFIELDS] = {
	[F_Q] = {"q", input_text, false, 100},
	[F_KM] = {"km", v_km, false, 6},
	[F_CLASS] = {"vclass", v_vclass, false, 16},
	[F_FROM] = {"from", v_hhmm, false, 5},
	[F_TO] = {"to", v_hhmm, false, 5},
	[F_OWN] = {"own", input_bool, false, 5},
	[F_ORG] = {"org[]", input_id, false, 15},
	[F_WD1] = {"wd1", input_bool, false, 5}, {"wd2", input_bool, false, 5}, {"wd3", input_bool, false, 5},
	{"wd4", input_bool, false, 5}, {"wd5", input_bool, false, 5}, {"wd6", input_bool, false, 5}, {"wd7", input_bool, false, 5},
};

#define MAX_ORGS 100

/* The chosen offering organisations (the repeated field "org"); their number, 0 when none. */
static int chosen_orgs(struct req *r, int64_t *out, int *bad)
{
	struct input_iter it;
	struct input_item item;
	int n = 0;
	input_each(r, &filter_fields[F_ORG], &it);
	while (input_next(&it, &item)) {
		if (n >= MAX_ORGS) {
			(*bad)++;
			input_error(r, "org", "err.too_many");
			return 0;
		}
		out[n++] = item.v.i;
	}
	return n;
}

/* The free-time intervals as [start, end) UTC pairs: for each of the next FREE_WEEKS weeks (from
 * tomorrow), each ticked weekday (all when none is ticked), from..to local time. Returns their
 * number. */
static int free_intervals(struct req *r, const bool wd[8], int from, int to, int64_t (*out)[2])
{
	struct tu_tm day;
	tu_to_local(r->org.tz, r->now, &day);
	int count = 0;
	bool any = false;
	for (int w = 1; w <= 7; w++)
		any = any || wd[w];
	for (int d = 1; d <= FREE_WEEKS * 7; d++) {
		struct tu_tm t = day;
		t.hour = t.min = t.sec = 0;
		tu_add_days(&t, d);
		if (any && !wd[t.wday])
			continue;
		int64_t s0 = tu_day_start(r->org.tz, t.year, t.mon, t.day);
		struct tu_tm next = t;
		tu_add_days(&next, 1);
		int64_t s1 = tu_day_start(r->org.tz, next.year, next.mon, next.day);
		/* Minutes from local midnight; a clock change day shifts by an hour at most, which the
		 * filter's purpose (a practical hint) tolerates. */
		out[count][0] = s0 + (int64_t)from * 60;
		out[count][1] = to >= 24 * 60 ? s1 : s0 + (int64_t)to * 60;
		count++;
	}
	return count;
}

/* The market list's state while its rows arrive. */
struct market_ctx {
	struct req *r;
	HDF *list;
	int n;
	bool have_coords, by_km;
	double lat, lon;
	int64_t km;
};

static int add_market_row(void *ctx, const struct mks_offer_row *row)
{
	struct market_ctx *c = ctx;
	struct req *r = c->r;
	double km = -1;
	if (c->have_coords && row->o.has_coords)
		km = offer_distance_km(c->lat, c->lon, row->o.lat, row->o.lon);
	if (c->by_km && (km < 0 || km > (double)c->km))
		return 0;
	HDF *h = hdfx_child(c->list, c->n++);
	hdfx_set_int(h, "id", row->id);
	hdf_set_value(h, "name", row->name);
	hdf_set_value(h, "descr", row->descr);
	hdfx_set_int(h, "org_id", row->org_id);
	hdf_set_value(h, "org", row->org);
	hdf_set_value(h, "address", row->o.address);
	char key[64], buf[64];
	hdf_set_value(h, "vclass", app_lang(r, vclass_key(row->o.vclass, key, sizeof key)));
	rate_text(r, row->o.link_mode, row->o.split_rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	if (km >= 0)
		ui_decimal_hdf(r, h, "km", km, 1);
	hdf_set_int_value(h, "own", row->org_id == r->org.id);
	hdf_set_int_value(h, "watched", row->watched);
	hdf_set_int_value(h, "subscribed", row->subscribed);
	return 0;
}

/* The offering organisations for the filter, with sel on the chosen ones. */
struct orgs_ctx {
	HDF *list;
	int n;
	const int64_t *chosen;
	int n_chosen;
};

static int add_org_choice(void *ctx, const struct mks_named *row)
{
	struct orgs_ctx *c = ctx;
	HDF *o = hdfx_child(c->list, c->n++);
	hdfx_set_int(o, "id", row->id);
	hdf_set_value(o, "name", row->name);
	bool sel = false;
	for (int i = 0; i < c->n_chosen; i++)
		sel = sel || c->chosen[i] == row->id;
	hdf_set_int_value(o, "sel", sel);
	return 0;
}

int ui_market_market(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "market", &portal);
	if (pb)
		return portal_failure(r, pb);
	ui_title(r, "mkt.list.title");
	struct input_val v[F_NFIELDS];
	int bad = input_read(r, filter_fields, F_NFIELDS, v);
	int64_t orgs[MAX_ORGS];
	int n_orgs = chosen_orgs(r, orgs, &bad);
	bool wd[8] = {false};
	bool any_wd = false;
	for (int w = 1; w <= 7; w++) {
		char k[16];
		snprintf(k, sizeof k, "wd%d", w);
		wd[w] = ticked(&v[F_WD1 + w - 1]);
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
	int64_t intervals[FREE_WEEKS * 7][2];
	int n_free = by_free ? free_intervals(r, wd, from, to, intervals) : 0;
	struct market_ctx mc = {.r = r, .list = hdfx_node(r->hdf, "Vehicles")};
	mc.have_coords = org_coords(r, &mc.lat, &mc.lon);
	mc.by_km = !bad && v[F_KM].present;
	mc.km = v[F_KM].i;
	if (mc.by_km && !mc.have_coords)
		hdf_set_int_value(hdfx_node(r->hdf, "Mkt"), "no_coords", 1);

	struct orgs_ctx oc = {.list = hdfx_node(r->hdf, "Orgs"), .chosen = orgs, .n_chosen = n_orgs};
	enum store_status s = mks_offering_orgs_each(portal, add_org_choice, &oc);
	if (s != ST_OK)
		return app_db_failure(r, s);
	fill_classes(r, v[F_CLASS].present && v[F_CLASS].ok ? v[F_CLASS].s : NULL);

	struct actor a = ui_actor(r);
	struct mks_filter f = {
		.portal = portal, .own = ticked(&v[F_OWN]),
		.q = v[F_Q].ok && v[F_Q].present ? v[F_Q].s : "",
		.vclass = v[F_CLASS].ok && v[F_CLASS].present ? v[F_CLASS].s : "",
		.orgs = n_orgs ? orgs : NULL, .n_orgs = n_orgs,
		.free = by_free ? (const int64_t (*)[2])intervals : NULL, .n_free = n_free,
	};
	s = mks_market_each(&a, &f, add_market_row, &mc);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, bad ? 422 : 200, "market_list.cs");
}

/* Detail of a vehicle released where the organisation can see it (any of its portals): ST_OK,
 * ST_NOT_FOUND or a failure. */
static enum store_status fill_detail(struct req *r, int64_t id)
{
	struct actor a = ui_actor(r);
	struct mks_detail d;
	enum store_status s = mks_detail_load(&a, id, &d);
	if (s != ST_OK)
		return s;
	const struct offer *o = &d.v.o;
	HDF *h = hdfx_node(r->hdf, "Vehicle");
	char key[64], buf[128];
	hdfx_set_int(h, "id", d.v.id);
	hdf_set_value(h, "name", d.v.name);
	hdf_set_value(h, "descr", d.v.descr);
	hdf_set_int_value(h, "own", d.v.org_id == r->org.id);
	hdf_set_value(h, "org", d.v.org);
	hdf_set_value(h, "address", o->address);
	ui_decimal_hdf(r, h, "lat", o->lat, 5);
	ui_decimal_hdf(r, h, "lon", o->lon, 5);
	hdf_set_value(h, "vclass", app_lang(r, vclass_key(o->vclass, key, sizeof key)));
	rate_text(r, o->link_mode, o->split_rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	hdfx_set_int(h, "rate_value", o->link_mode ? -1 : o->split_rate);
	hdf_set_int_value(h, "link", o->link_mode);
	hdf_set_value(h, "link_url", o->link_url);
	hdf_set_value(h, "conditions", o->conditions);
	hdfx_set_int(h, "portal", d.portal);
	hdf_set_value(h, "portal_name", d.portal ? d.portal_name : app_lang(r, "mkt.portal.main"));
	hdf_set_value(h, "tariff", d.tariff);
	if (d.has_per_hour)
		ui_money_hdf(r, h, "per_hour", d.per_hour);
	if (d.has_max_24h)
		ui_money_hdf(r, h, "max_24h", d.max_24h);
	if (d.has_per_km)
		ui_money_hdf(r, h, "per_km", d.per_km);
	hdf_set_int_value(h, "watched", d.v.watched);
	if (d.subscription)
		hdfx_set_int(h, "subscription", d.subscription);
	fmt_date(r, d.released_at, buf, sizeof buf);
	hdf_set_value(h, "released_at", buf);
	double olat, olon;
	if (o->has_coords && org_coords(r, &olat, &olon)) {
		ui_decimal_hdf(r, h, "km", offer_distance_km(olat, olon, o->lat, o->lon), 1);
	}
	return ST_OK;
}

int ui_market_vehicle(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "market", &portal);
	if (pb)
		return portal_failure(r, pb);
	enum store_status s = fill_detail(r, r->id);
	if (s == ST_NOT_FOUND)
		return app_error(r, 404, NULL);
	if (s != ST_OK)
		return app_db_failure(r, s);
	hdf_set_value(r->hdf, "Page.title", hdf_get_value(r->hdf, "Vehicle.name", ""));
	return app_render(r, 200, "market_vehicle.cs");
}

static const char *v_back_watch(struct req *r, const char *raw, struct input_val *out)
{
	out->i = strcmp(raw, "watchlist") == 0;
	return NULL;
}

static const struct input_field watch_back_field = {"back", v_back_watch, false, 10};

static int do_watch(struct req *r, bool on)
{
	struct actor a = ui_actor(r);
	enum store_status res = mks_watch(&a, r->id, on);
	if (res == ST_OWN)
		return app_error(r, 409, "mkt.watch.own");
	if (res != ST_OK)
		return ui_failure(r, res);
	/* Back to the watchlist when the form came from there, or when the vehicle's page is gone
	 * (a withdrawn vehicle: its page would be a 404). */
	struct input_val back;
	input_read(r, &watch_back_field, 1, &back);
	struct actor a2 = ui_actor(r);
	struct mks_detail d;
	enum store_status vis = on ? ST_OK : mks_detail_load(&a2, r->id, &d);
	if (vis != ST_OK && vis != ST_NOT_FOUND)
		return app_db_failure(r, vis);
	if (!on && (vis == ST_NOT_FOUND || (back.ok && back.present && back.i == 1)))
		return ui_redirect(r, "market", "/watchlist?unwatched=1");
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
static const struct input_field sub_fields[S_NFIELDS] = {
	[S_NAME] = {"name", input_text, true, 60},
	[S_AREA] = {"area", input_id, true, 20},
	[S_VISIBLE] = {"visible", input_bool, false, 5},
	[S_CONFIRM] = {"confirm", input_bool, false, 5},
	[S_RATE] = {"rate", input_int, false, 5},
};

static int subscribe_form(struct req *r, int status)
{
	enum store_status s = fill_detail(r, r->id);
	if (s == ST_NOT_FOUND)
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
	int pb = portal_begin(r, "market", &portal);
	if (pb)
		return portal_failure(r, pb);
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
	int pb = portal_begin(r, "market", &portal);
	if (pb)
		return portal_failure(r, pb);
	struct input_val v[S_NFIELDS];
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

static const char *v_state(struct req *r, const char *raw, struct input_val *out)
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
static const struct input_field mine_fields[M_NFIELDS] = {
	[M_STATE] = {"state", v_state, false, 8},
	[M_AREA] = {"area", input_id, false, 20},
	[M_Q] = {"q", input_text, false, 100},
};

struct own_ctx {
	struct req *r;
	HDF *list;
	int64_t portal;
	int n;
};

static int add_own_row(void *ctx, const struct mks_own_row *row)
{
	struct own_ctx *c = ctx;
	struct req *r = c->r;
	HDF *h = hdfx_child(c->list, c->n++);
	hdfx_set_int(h, "id", row->id);
	hdf_set_value(h, "name", row->o.name);
	hdf_set_value(h, "descr", row->descr);
	hdf_set_value(h, "area", row->area);
	hdf_set_value(h, "tariff", row->tariff);
	hdf_set_int_value(h, "on_list", row->on_list);
	bool released = row->portal >= 0;
	hdf_set_int_value(h, "released", released);
	if (released) {
		hdf_set_int_value(h, "here", row->portal == c->portal);
		hdf_set_value(h, "portal_name", row->portal ? row->portal_name : app_lang(r, "mkt.portal.main"));
	}
	char buf[512];
	unsigned missing = offer_missing(&row->o);
	hdf_set_int_value(h, "complete", missing == 0);
	missing_text(r, missing, buf, sizeof buf);
	hdf_set_value(h, "missing", buf);
	rate_text(r, row->o.link_mode, row->o.split_rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	return 0;
}

/* Fills Vehicles.<i> with the organisation's vehicles (state as mks_own_each). */
static enum store_status fill_own(struct req *r, int64_t portal, enum mks_own_state state, int64_t area, const char *q, int *count)
{
	struct actor a = ui_actor(r);
	struct own_ctx c = {.r = r, .list = hdfx_node(r->hdf, "Vehicles"), .portal = portal};
	enum store_status s = mks_own_each(&a, portal, state, area, q, add_own_row, &c);
	*count = c.n;
	return s;
}

int ui_market_mine(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "mine", &portal);
	if (pb)
		return portal_failure(r, pb);
	ui_title(r, "mkt.mine.title");
	struct input_val v[M_NFIELDS];
	int bad = input_read(r, mine_fields, M_NFIELDS, v);
	int n;
	int s = fill_areas(r);
	if (s == ST_OK)
		s = fill_own(r, portal, v[M_STATE].present && v[M_STATE].ok ? (enum mks_own_state)v[M_STATE].i : MKS_OWN_ALL,
		             v[M_AREA].present && v[M_AREA].ok ? v[M_AREA].i : 0, v[M_Q].present && v[M_Q].ok ? v[M_Q].s : "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return app_render(r, bad ? 422 : 200, "market_mine.cs");
}

/* ---- The offer form of one own vehicle. */

struct events_ctx {
	struct req *r;
	HDF *list;
	int n;
};

static int add_event_row(void *ctx, const struct mks_event *e)
{
	struct events_ctx *c = ctx;
	struct req *r = c->r;
	HDF *h = hdfx_child(c->list, c->n++);
	char buf[64];
	fmt_date(r, e->at, buf, sizeof buf);
	hdf_set_value(h, "at", buf);
	hdf_set_value(h, "what", app_lang(r, e->release ? "mkt.event.release" : "mkt.event.withdraw"));
	hdf_set_value(h, "portal", e->portal ? e->portal_name : app_lang(r, "mkt.portal.main"));
	hdf_set_value(h, "by", e->by);
	return 0;
}

/* Events.<i> (release and withdrawal entries) of vehicle id. */
static enum store_status fill_events(struct req *r, int64_t id)
{
	struct actor a = ui_actor(r);
	struct events_ctx c = {.r = r, .list = hdfx_node(r->hdf, "Events")};
	return mks_events_each(&a, id, add_event_row, &c);
}

/* Tariffs.<i> of the organisation. */
static enum store_status fill_tariffs(struct req *r)
{
	return mks_tariffs_each(r->org.id, add_named, hdfx_node(r->hdf, "Tariffs"));
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
		/* What a withdrawal would do, said before the button is pressed. */
		struct actor a = ui_actor(r);
		int affected = 0;
		enum store_status as = mks_withdraw_affected(&a, ve->id, &affected);
		if (as != ST_OK)
			return app_db_failure(r, as);
		hdf_set_int_value(h, "affected", affected);
		char msg[256];
		ui_lang_n(r, affected == 0 ? "mkt.withdraw.affected_none" : affected == 1 ? "mkt.withdraw.affected_one"
		          : "mkt.withdraw.affected_many", affected, msg, sizeof msg);
		hdf_set_value(h, "affected_msg", msg);
	}
	rate_text(r, ve->o.link_mode, ve->o.split_rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	unsigned missing = offer_missing(&ve->o);
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
	int pb = portal_begin(r, "mine", &portal);
	if (pb)
		return portal_failure(r, pb);
	struct mks_vehicle ve;
	int status;
	if (!load_own(r, &ve, &status))
		return status;
	offer_to_form(r, &ve);
	return offer_page(r, 200, &ve);
}

static const char *v_coord(struct req *r, const char *raw, struct input_val *out)
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

static const char *v_mode(struct req *r, const char *raw, struct input_val *out)
{
	if (strcmp(raw, "split") != 0 && strcmp(raw, "link") != 0)
		return "mkt.offer.bad_mode";
	out->i = raw[0] == 'l';
	return NULL;
}

static const char *v_url(struct req *r, const char *raw, struct input_val *out)
{
	if (!offer_url_valid(raw))
		return "mkt.offer.bad_url";
	out->s = raw;
	return NULL;
}

enum { O_ADDRESS, O_LAT, O_LON, O_CLASS, O_TARIFF, O_MODE, O_RATE, O_URL, O_COND, O_NFIELDS };
static const struct input_field offer_fields[O_NFIELDS] = {
	[O_ADDRESS] = {"address", input_text, false, 200},
	[O_LAT] = {"lat", v_coord, false, 20},
	[O_LON] = {"lon", v_coord, false, 20},
	[O_CLASS] = {"vclass", v_vclass, false, 16},
	[O_TARIFF] = {"tariff", input_id, false, 20},
	[O_MODE] = {"mode", v_mode, false, 5},
	[O_RATE] = {"split_rate", input_int, false, 4},
	[O_URL] = {"link_url", v_url, false, 500},
	[O_COND] = {"conditions", input_textarea, false, 2000},
};

int ui_market_do_offer(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "mine", &portal);
	if (pb)
		return portal_failure(r, pb);
	struct mks_vehicle ve;
	int status;
	if (!load_own(r, &ve, &status))
		return status;
	struct input_val v[O_NFIELDS];
	int bad = input_read(r, offer_fields, O_NFIELDS, v);
	struct offer o = ve.o;
	if (v[O_ADDRESS].ok)
		snprintf(o.address, sizeof o.address, "%s", v[O_ADDRESS].present ? v[O_ADDRESS].s : "");
	if (v[O_LAT].present != v[O_LON].present) {
		input_error(r, v[O_LAT].present ? "lon" : "lat", "mkt.offer.both_coords");
		bad++;
	} else if (v[O_LAT].ok && v[O_LON].ok) {
		o.has_coords = v[O_LAT].present;
		o.lat = o.has_coords ? coord_of(v[O_LAT].s) : 0;
		o.lon = o.has_coords ? coord_of(v[O_LON].s) : 0;
		if (o.has_coords && !offer_coords_valid(o.lat, o.lon)) {
			input_error(r, "lat", "mkt.offer.coord_range");
			bad++;
		}
	}
	if (v[O_CLASS].ok)
		snprintf(o.vclass, sizeof o.vclass, "%s", v[O_CLASS].present ? v[O_CLASS].s : "");
	/* While released, the form shows tariff and split rate without inputs: absent fields keep
	 * their values; sent ones are compared by the store (409 when they differ). */
	if (v[O_TARIFF].sent && v[O_TARIFF].ok)
		o.tariff_id = v[O_TARIFF].present ? v[O_TARIFF].i : 0;
	if (v[O_MODE].ok && v[O_MODE].present)
		o.link_mode = v[O_MODE].i == 1;
	if (v[O_RATE].sent && v[O_RATE].ok) {
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
		for (int i = 0; i < OFFER_LOCK_BITS; i++)
			if (locked & (1u << i))
				input_error_text(r, i == 1 ? "tariff" : i == 2 ? "split_rate" : NULL, app_lang(r, offer_lock_key(i)));
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

static const char *v_back(struct req *r, const char *raw, struct input_val *out)
{
	out->i = strcmp(raw, "mine") == 0;
	return NULL;
}

static const struct input_field back_field = {"back", v_back, false, 10};

/* Where a release-list or release action returns: the overview when the form said back=mine. */
static int back_to(struct req *r, const char *what)
{
	char rest[128];
	struct input_val back;
	input_read(r, &back_field, 1, &back);
	if (back.ok && back.present && back.i == 1)
		snprintf(rest, sizeof rest, "/mine?%s=1", what);
	else
		snprintf(rest, sizeof rest, "/mine/vehicle/%lld?%s=1", (long long)r->id, what);
	return ui_redirect(r, "market", rest);
}

int ui_market_do_release(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "mine", &portal);
	if (pb)
		return portal_failure(r, pb);
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
	int pb = portal_begin(r, "mine", &portal);
	if (pb)
		return portal_failure(r, pb);
	struct mks_vehicle ve;
	int status;
	if (!load_own(r, &ve, &status))
		return status;
	struct actor a = ui_actor(r);
	int ended = 0, bookings = 0;
	enum store_status res = mks_withdraw(&a, r->id, &ended, &bookings);
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

enum { B_TERMS, B_ALL, B_PICK, B_PORTAL, B_NFIELDS };
static const struct input_field bulk_fields[B_NFIELDS] = {
	[B_TERMS] = {"terms", input_bool, false, 5},
	[B_ALL] = {"all", input_bool, false, 5},          /* every complete row, also without JavaScript */
	[B_PICK] = {"pick_*", input_bool, false, 5},
	[B_PORTAL] = {"portal_*", v_portal, false, 15},
};

/* Each row's portal choice: Vehicles.<i>.portals.<j> with sel on the row's portal (the current
 * one unless the form said otherwise). */
static void bulk_portals(struct req *r, int64_t current)
{
	for (HDF *h = hdf_obj_child(hdfx_node(r->hdf, "Vehicles")); h; h = hdf_obj_next(h)) {
		int64_t id = strtoll(hdf_get_value(h, "id", "0"), NULL, 10);
		struct input_val p;
		input_prefixed(r, &bulk_fields[B_PORTAL], id, &p);
		int64_t chosen = p.ok && p.present ? p.i : current;
		HDF *list = hdfx_node(h, "portals");
		int j = 0;
		for (HDF *o = hdf_obj_child(hdfx_node(r->hdf, "Portals")); o; o = hdf_obj_next(o)) {
			HDF *c = hdfx_child(list, j++);
			hdf_set_value(c, "id", hdf_get_value(o, "id", "0"));
			hdf_set_value(c, "name", hdf_get_value(o, "name", ""));
			hdf_set_int_value(c, "sel", strtoll(hdf_get_value(o, "id", "0"), NULL, 10) == chosen);
		}
	}
}

int ui_market_bulk(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "bulk", &portal);
	if (pb)
		return portal_failure(r, pb);
	ui_title(r, "mkt.bulk.title");
	int n;
	int s = fill_own(r, portal, MKS_OWN_LIST, 0, "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	bulk_portals(r, portal);
	hdf_set_int_value(hdfx_node(r->hdf, "Mkt"), "picked", 0);
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
	int pb = portal_begin(r, "bulk", &portal);
	if (pb)
		return portal_failure(r, pb);
	ui_title(r, "mkt.bulk.title");
	int n;
	int s = fill_own(r, portal, MKS_OWN_LIST, 0, "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	struct input_val bv[B_NFIELDS];
	int bad = input_read(r, bulk_fields, B_NFIELDS, bv);
	bool terms = ticked(&bv[B_TERMS]), all = ticked(&bv[B_ALL]);
	hdf_set_int_value(hdfx_node(r->hdf, "Form"), "terms", terms);
	hdf_set_int_value(hdfx_node(r->hdf, "Form"), "all", all);
	bulk_portals(r, portal);
	int64_t ids[MAX_PICKS], portals[MAX_PICKS];
	char names[MAX_PICKS][128];
	int picks = 0;
	HDF *rows = hdfx_node(r->hdf, "Vehicles");
	for (HDF *h = hdf_obj_child(rows); h && picks < MAX_PICKS; h = hdf_obj_next(h)) {
		int64_t id = strtoll(hdf_get_value(h, "id", "0"), NULL, 10);
		struct input_val pick, pv;
		input_prefixed(r, &bulk_fields[B_PICK], id, &pick);
		if (!ticked(&pick) && !(all && hdf_get_int_value(h, "complete", 0)))
			continue;
		hdf_set_int_value(h, "picked", 1);
		ids[picks] = id;
		input_prefixed(r, &bulk_fields[B_PORTAL], id, &pv);
		portals[picks] = pv.ok && pv.present ? pv.i : portal;
		snprintf(names[picks], sizeof names[picks], "%s", hdf_get_value(h, "name", ""));
		picks++;
	}
	hdf_set_int_value(hdfx_node(r->hdf, "Mkt"), "picked", picks);
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
	enum store_status done = mks_release_many(&a, ids, portals, picks, res, missing, &released);
	if (done != ST_OK)
		return ui_failure(r, done);
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
	s = fill_own(r, portal, MKS_OWN_LIST, 0, "", &n);
	if (s != ST_OK)
		return app_db_failure(r, s);
	bulk_portals(r, portal);
	return app_render(r, nok ? 200 : 422, "market_bulk.cs");
}

/* ---- Watchlist and bulk subscribe. */

struct watch_ctx {
	struct req *r;
	HDF *list;
	int n;
};

static int add_watch_row(void *ctx, const struct mks_watch_row *w)
{
	struct watch_ctx *c = ctx;
	struct req *r = c->r;
	HDF *h = hdfx_child(c->list, c->n++);
	char buf[64];
	hdfx_set_int(h, "id", w->id);
	hdf_set_value(h, "name", w->name);
	hdf_set_value(h, "descr", w->descr);
	hdf_set_value(h, "org", w->org);
	rate_text(r, w->link, w->rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	/* The rate as shown, sent back with the form so that a change meanwhile is refused. */
	hdf_set_int_value(h, "rate_n", w->rate);
	hdf_set_int_value(h, "offered", w->offered);
	hdf_set_int_value(h, "subscribed", w->subscribed);
	fmt_date(r, w->added_at, buf, sizeof buf);
	hdf_set_value(h, "added", buf);
	return 0;
}

/* Rows.<i> of the watchlist: vehicle, master, rate, whether still offered where the org sees it. */
static enum store_status fill_watchlist(struct req *r, int *count)
{
	struct actor a = ui_actor(r);
	struct watch_ctx c = {.r = r, .list = hdfx_node(r->hdf, "Rows")};
	enum store_status s = mks_watchlist_each(&a, add_watch_row, &c);
	*count = c.n;
	return s;
}

static const char *v_shown_rate(struct req *r, const char *raw, struct input_val *out)
{
	if (input_int(r, raw, out) != NULL || out->i < -1 || out->i > 100)
		return "err.number";
	return NULL;
}

/* The watchlist form: per row pick_<id>, name_<id>, area_<id> and the rate it showed, rate_<id>. */
enum { W_CONFIRM, W_PICK, W_NAME, W_AREA, W_RATE, W_NFIELDS };
static const struct input_field watch_fields[W_NFIELDS] = {
	[W_CONFIRM] = {"confirm", input_bool, false, 5},
	[W_PICK] = {"pick_*", input_bool, false, 5},
	[W_NAME] = {"name_*", input_text, false, 60},
	[W_AREA] = {"area_*", input_id, false, 15},
	[W_RATE] = {"rate_*", v_shown_rate, false, 7},
};

int ui_market_watchlist(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "watchlist", &portal);
	if (pb)
		return portal_failure(r, pb);
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
	int pb = portal_begin(r, "watchlist", &portal);
	if (pb)
		return portal_failure(r, pb);
	ui_title(r, "mkt.watch.title");
	int n;
	int s = fill_watchlist(r, &n);
	if (s == ST_OK)
		s = fill_areas(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	struct input_val wv[W_NFIELDS];
	int bad = input_read(r, watch_fields, W_NFIELDS, wv);
	bool confirm = ticked(&wv[W_CONFIRM]);
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
		int64_t id = strtoll(hdf_get_value(h, "id", "0"), NULL, 10);
		struct input_val lname, area, pick, shown;
		input_prefixed(r, &watch_fields[W_NAME], id, &lname);
		if (lname.ok && lname.present)
			hdf_set_value(h, "lname", lname.s);
		input_prefixed(r, &watch_fields[W_AREA], id, &area);
		bool area_ok = area.ok && area.present;
		if (area_ok)
			hdfx_set_int(h, "area", area.i);
		input_prefixed(r, &watch_fields[W_PICK], id, &pick);
		if (!ticked(&pick) || np >= MAX_PICKS)
			continue;
		hdf_set_int_value(h, "picked", 1);
		struct pick *p = &picks[np++];
		p->id = id;
		snprintf(p->vname, sizeof p->vname, "%s", hdf_get_value(h, "name", ""));
		snprintf(p->lname, sizeof p->lname, "%s", hdf_get_value(h, "lname", ""));
		p->area = area_ok ? area.i : 0;
		p->complete = *trim(p->lname) && area_ok;
		input_prefixed(r, &watch_fields[W_RATE], id, &shown);
		p->expect_rate = shown.ok && shown.present ? (int)shown.i : -2;
	}
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

struct subs_ctx {
	struct req *r;
	HDF *list;
	int n;
};

static int add_sub_row(void *ctx, const struct mks_sub_row *row)
{
	struct subs_ctx *c = ctx;
	struct req *r = c->r;
	HDF *h = hdfx_child(c->list, c->n++);
	char buf[64];
	hdfx_set_int(h, "id", row->id);
	hdf_set_value(h, "lname", row->lname);
	hdf_set_value(h, "ldescr", row->ldescr);
	hdf_set_value(h, "area", row->area);
	hdf_set_int_value(h, "visible", row->visible);
	rate_text(r, row->link, row->rate, buf, sizeof buf);
	hdf_set_value(h, "rate", buf);
	hdfx_set_int(h, "vehicle_id", row->vehicle_id);
	hdf_set_value(h, "vehicle", row->vehicle);
	hdf_set_value(h, "org", row->org);
	fmt_date(r, row->created_at, buf, sizeof buf);
	hdf_set_value(h, "created", buf);
	hdf_set_value(h, "tariff", row->tariff);
	hdf_set_int_value(h, "future", row->future);
	if (row->future) {
		char msg[256];
		ui_lang_n(r, row->future == 1 ? "mkt.subs.future_one" : "mkt.subs.future_many", row->future, msg, sizeof msg);
		hdf_set_value(h, "future_msg", msg);
	}
	hdf_set_int_value(h, "offered", row->offered);
	return 0;
}

/* Subs.<i>: the organisation's active subscriptions. */
static enum store_status fill_subs(struct req *r)
{
	struct actor a = ui_actor(r);
	struct subs_ctx c = {.r = r, .list = hdfx_node(r->hdf, "Subs")};
	return mks_subs_each(&a, add_sub_row, &c);
}

static const struct input_field subs_watch_field = {"watch", input_bool, false, 5};

int ui_market_subs(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "subscriptions", &portal);
	if (pb)
		return portal_failure(r, pb);
	ui_title(r, "mkt.subs.title");
	struct input_val watch;
	input_read(r, &subs_watch_field, 1, &watch);
	enum store_status s = fill_subs(r);
	if (s == ST_OK && ticked(&watch)) {
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
	int bookings = 0;
	enum store_status res = mks_cancel(&a, r->id, &bookings);
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
	int pb = portal_begin(r, "subscriptions", &portal);
	if (pb)
		return portal_failure(r, pb);
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
static const struct input_field sub_edit_fields[D_NFIELDS] = {
	[D_DESCR] = {"descr", input_text, false, 200},
	[D_VISIBLE] = {"visible", input_bool, false, 5},
};

int ui_market_do_sub(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "subscriptions", &portal);
	if (pb)
		return portal_failure(r, pb);
	int status;
	if (!fill_sub(r, &status))
		return status;
	ui_title(r, "mkt.sub.edit");
	struct input_val v[D_NFIELDS];
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

struct markets_ctx {
	HDF *list;
	int n;
};

static int add_market(void *ctx, const struct mks_market_row *row)
{
	struct markets_ctx *c = ctx;
	HDF *h = hdfx_child(c->list, c->n++);
	hdfx_set_int(h, "id", row->id);
	hdf_set_value(h, "name", row->name);
	return 0;
}

/* Adds a member organisation to its mini-market's Markets.<i>.members. */
static int add_member(void *ctx, const struct mks_member_row *row)
{
	HDF *list = ctx;
	for (HDF *m = hdf_obj_child(list); m; m = hdf_obj_next(m)) {
		if (hdf_get_int_value(m, "id", 0) != row->market_id)
			continue;
		HDF *members = hdfx_node(m, "members");
		int i = 0;
		for (HDF *c = hdf_obj_child(members); c; c = hdf_obj_next(c))
			i++;
		HDF *h = hdfx_child(members, i);
		hdfx_set_int(h, "id", row->org_id);
		hdf_set_value(h, "name", row->org);
		break;
	}
	return 0;
}

static int operator_page(struct req *r, int status)
{
	struct markets_ctx c = {.list = hdfx_node(r->hdf, "Markets")};
	enum store_status s = mks_minimarkets_each(add_market, &c);
	if (s == ST_OK)
		s = mks_minimarket_members_each(add_member, c.list);
	if (s == ST_OK)
		s = mks_all_orgs_each(add_named, hdfx_node(r->hdf, "AllOrgs"));
	if (s != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "mkt.op.title");
	return app_render(r, status, "market_operator.cs");
}

int ui_market_operator(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "operator", &portal);
	if (pb)
		return portal_failure(r, pb);
	return operator_page(r, 200);
}

enum { P_NAME, P_MARKET, P_ORG, P_NFIELDS };
static const struct input_field op_fields[P_NFIELDS] = {
	[P_NAME] = {"name", input_text, false, 100},
	[P_MARKET] = {"market", input_id, false, 20},
	[P_ORG] = {"org", input_id, false, 20},
};

/* Creates a mini-market (name) or adds an organisation to one (market, org); one transaction with
 * an ADMIN line in the operator's own organisation's log. */
int ui_market_do_operator(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "operator", &portal);
	if (pb)
		return portal_failure(r, pb);
	struct input_val v[P_NFIELDS];
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
	struct actor a = ui_actor(r);
	enum store_status s = add_org ? mks_minimarket_add(&a, v[P_MARKET].i, v[P_ORG].i) : mks_minimarket_create(&a, name);
	if (s == ST_NOT_FOUND || s == ST_ALREADY || s == ST_DUPLICATE) {
		input_error(r, add_org ? "org" : "name", add_org ? "mkt.op.add_failed" : "mkt.op.duplicate");
		return operator_page(r, 422);
	}
	if (s != ST_OK)
		return app_db_failure(r, s);
	return ui_redirect(r, "market", "/operator/minimarkets?saved=1");
}

static const struct input_field op_remove_field = {"org", input_id, true, 20};

/* Removes an organisation from mini-market r->id (mks_minimarket_remove says what that ends). */
int ui_market_do_operator_remove(struct req *r)
{
	int64_t portal;
	int pb = portal_begin(r, "operator", &portal);
	if (pb)
		return portal_failure(r, pb);
	struct input_val org;
	if (input_read(r, &op_remove_field, 1, &org))
		return operator_page(r, 422);
	struct actor a = ui_actor(r);
	int withdrawn, ended, bookings;
	enum store_status s = mks_minimarket_remove(&a, r->id, org.i, &withdrawn, &ended, &bookings);
	if (s == ST_NOT_FOUND) {
		input_error(r, "org", "mkt.op.remove_failed");
		return operator_page(r, 422);
	}
	if (s != ST_OK)
		return app_db_failure(r, s);
	return ui_redirect(r, "market", "/operator/minimarkets?removed=1");
}
