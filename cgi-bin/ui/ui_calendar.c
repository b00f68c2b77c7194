/* ui_calendar: the calendar screens' handlers — the booking calendar of an area (week and day), "my bookings", and booking view, create, edit and delete. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/app.h"
#include "ui/ui_calendar.h"
#include "ui/ui_shared.h"
#include "store/bookstore.h"
#include "http/calgrid.h"
#include "store/calstore.h"
#include "http/hdfx.h"
#include "http/html.h"
#include "http/input.h"
#include "http/pagecache.h"
#include "http/render.h"
#include "base/timeutil.h"
#include "store/trips.h"
#include "rules/offer.h"

#include <sodium.h>

#define SLOTS_PER_DAY 96   /* quarter hours: the grid's drawing unit */
#define MAX_DAYS 7

/* ---- Small helpers. */

/* ---- The grid. */

struct window {
	int ndays;
	struct tu_tm days[MAX_DAYS];   /* local dates shown */
	int64_t t0, t1;                   /* UTC span shown */
	struct tu_span zone;              /* local times inside [t0, t1] without a localtime call each */
};

/* Position of instant t in the window, in quarter hours from its start (clipped). */
static int slot_of(const struct window *w, int64_t t)
{
	if (t <= w->t0)
		return 0;
	if (t >= w->t1)
		return w->ndays * SLOTS_PER_DAY;
	struct tu_tm lt;
	tu_span_local(&w->zone, t, &lt);
	for (int i = 0; i < w->ndays; i++)
		if (w->days[i].year == lt.year && w->days[i].mon == lt.mon && w->days[i].day == lt.day)
			return i * SLOTS_PER_DAY + (lt.hour * 60 + lt.min) / 15;
	return w->ndays * SLOTS_PER_DAY;
}

/* The start of the grid slot at or after t, in the organisation's grid. */
static int64_t next_slot(struct req *r, int64_t t)
{
	int64_t g = (int64_t)r->org.grid_minutes * 60;
	struct tu_tm lt;
	tu_to_local(r->org.tz, t, &lt);
	int64_t into = ((int64_t)lt.min * 60 + lt.sec) % g;
	return into ? t - into + g : t;
}

/* Adds one area to Areas.<i>, remembering the first one's id. */
struct areas_ctx {
	HDF *list;
	int n;
	int64_t first;
};

static void add_area(void *ctx, const struct cal_area *a)
{
	struct areas_ctx *c = ctx;
	HDF *h = hdfx_child(c->list, c->n++);
	if (!c->first)
		c->first = a->id;
	hdfx_set_int(h, "id", a->id);
	hdf_set_value(h, "name", a->name);
}

/* Areas shown in the calendar's list (sort number up to 90), as Areas.<i>. Returns the first's
 * id, 0 when there is none; *status tells a failed read. */
static int64_t fill_areas(struct req *r, enum store_status *status)
{
	struct areas_ctx c = {.n = 0, .first = 0};
	hdf_get_node(r->hdf, "Areas", &c.list);
	*status = cal_areas(r->org.id, add_area, &c);
	return c.first;
}

/* Checks that area belongs to the organisation and may be shown to this user (hidden areas to
 * administrators only); sets its name. ST_OK, ST_NOT_FOUND, or a failed read. */
static enum store_status area_allowed(struct req *r, int64_t area)
{
	struct cal_area a;
	enum store_status s = cal_area_get(r->org.id, area, &a);
	if (s != ST_OK)
		return s;
	if (a.hidden && !r->user.is_admin)
		return ST_NOT_FOUND;
	hdf_set_value(r->hdf, "Cal.areaname", a.name);
	hdf_set_int_value(r->hdf, "Cal.hidden", a.hidden);
	return ST_OK;
}

/* The grid's columns: day columns (week) or hour columns (day), each with the start time of its
 * free-slot links (none when the column is past). */
struct columns {
	int n;
	struct calgrid_col col[24];
	char label[24][32];
	char start[24][20];
};

/* Fills c for window w at time now, and Cal.cols.<i> (label, s) for the column heads. */
static void fill_columns(struct req *r, const struct window *w, int64_t now, struct columns *c)
{
	HDF *cols;
	hdf_get_node(r->hdf, "Cal.cols", &cols);
	c->n = w->ndays == 7 ? 7 : 24;
	for (int i = 0; i < c->n; i++) {
		struct calgrid_col *col = &c->col[i];
		struct tu_tm d = w->days[w->ndays == 7 ? i : 0];
		int64_t start, end;
		col->label = c->label[i];
		col->start = NULL;
		if (w->ndays == 7) {
			char wd[8];
			snprintf(wd, sizeof wd, "wd.%d", d.wday);
			snprintf(c->label[i], sizeof c->label[i], "%s %02d.%02d.", app_lang(r, wd), d.day, d.mon);
			col->s = i * SLOTS_PER_DAY;
			d.hour = d.min = d.sec = 0;
			if (tu_span_from_local(&w->zone, &d, &end) != TU_OK)
				end = tu_day_start(r->org.tz, d.year, d.mon, d.day);
			start = end;
			end += 86400;
			d.hour = 8;   /* a day's free-slot link proposes 08:00 */
			tu_span_from_local(&w->zone, &d, &start);   /* or midnight, when 08:00 does not exist */
		} else {
			snprintf(c->label[i], sizeof c->label[i], "%02d", i);
			col->s = i * 4;
			d.hour = i;
			d.min = d.sec = 0;
			if (tu_span_from_local(&w->zone, &d, &start) != TU_OK)
				start = end = 0;   /* an hour skipped when clocks go forward: no link */
			else
				end = start + 3600;
		}
		HDF *h = hdfx_child(cols, i);
		hdf_set_value(h, "label", c->label[i]);
		hdfx_set_int(h, "s", col->s);
		if (start < now)
			start = next_slot(r, now);
		if (start >= end)
			continue;
		struct tu_tm st;
		tu_span_local(&w->zone, start, &st);
		col->start = tu_fmt_input(c->start[i], sizeof c->start[i], &st);
	}
}


/* Appends t as "dd.mm.yyyy HH:MM" (tu_fmt_human without a format string). */
static void put_human(struct html *h, const struct tu_tm *t)
{
	html_2d(h, t->day);
	HTML_LIT(h, ".");
	html_2d(h, t->mon);
	HTML_LIT(h, ".");
	html_int(h, t->year);
	HTML_LIT(h, " ");
	html_2d(h, t->hour);
	HTML_LIT(h, ":");
	html_2d(h, t->min);
}

/* Appends " (descr)" when descr is not empty. */
static void put_paren(struct html *h, const char *descr)
{
	if (!*descr)
		return;
	HTML_LIT(h, " (");
	html_raw(h, descr, strlen(descr));
	HTML_LIT(h, ")");
}

/* Appends the plain text s. */
static void put(struct html *h, const char *s)
{
	html_raw(h, s, strlen(s));
}

/* Writes booking k into the open row as the viewer's sight of it allows (see fill_rows); title
 * and label are scratch buffers. */
static void write_booking(const struct calgrid *g, const struct window *w, const struct cal_booking *k,
                          enum bk_sight sight, const char *occupied, struct html *title, struct html *label)
{
	int s0 = slot_of(w, k->start), s1 = slot_of(w, k->end);
	struct tu_tm ls, le;
	tu_span_local(&w->zone, k->start, &ls);
	tu_span_local(&w->zone, k->end, &le);
	struct calgrid_booking b = { .s = s0, .w = s1 > s0 ? s1 - s0 : 1, .ls = &ls, .le = &le };
	title->len = label->len = 0;
	if (sight == BK_SEE_ALL) {          /* "LOGIN (descr) · span: purpose" */
		put(title, k->login);
		put_paren(title, k->member_descr);
		b.member = k->member_id; /* own bookings: per-user style rule (own.css) */
		b.label = k->login;
	} else if (sight == BK_SEE_MASTER) { /* "Org: LOGIN (descr) · span" */
		put(title, k->org_name);
		HTML_LIT(title, ": ");
		put(title, k->login);
		put_paren(title, k->member_descr);
		put(label, k->org_name);
		HTML_LIT(label, ": ");
		put(label, k->login);
		b.label = label->buf;
	} else {            /* "Org · span"; Link mode: "occupied · span" */
		b.label = bk_sight_org(sight) ? k->org_name : occupied;
		put(title, b.label);
	}
	if (bk_sight_page(sight))
		b.id = k->id;
	HTML_LIT(title, " · ");
	put_human(title, &ls);
	HTML_LIT(title, "–");
	put_human(title, &le);
	if (bk_sight_purpose(sight) && *k->purpose) {
		HTML_LIT(title, ": ");
		put(title, k->purpose);
	}
	b.title = title->buf;
	calgrid_booking(g, &b);
}

/* Writes the grid's rows (calstore.h: own vehicles, then shared ones) to g->out, streamed from
 * the cursor, each vehicle with its bookings. What a booking shows is the one visibility rule
 * (bk_visibility): the organisation's own bookings show the member and the purpose; bookings of
 * the organisation's vehicles by other organisations (it is their master) the organisation's
 * name, the member and the member's description (the contact for the handover), and lead to a
 * read-only view; on a shared vehicle, bookings by any other organisation show only that
 * organisation's name, and in Link mode not even that. Sets *nrows to the number of rows. */
static int fill_rows(struct req *r, int64_t area, const struct window *w, const struct calgrid *g, int *nrows)
{
	struct cal_grid cur;
	*nrows = 0;
	enum store_status st = cal_open(&cur, r->org.id, area, w->t0, w->t1);
	if (st != ST_OK)
		return st;
	const char *occupied = app_lang(r, "shr.occupied");
	struct html title, label;
	html_init(&title, 256);
	html_init(&label, 128);
	struct cal_row row;
	struct calgrid_vehicle v = {0};
	bool open = false, own_vehicle = false;
	enum cal_step step;
	while ((step = cal_next(&cur, &row)) != CAL_END) {
		if (step == CAL_BOOKING) {
			enum bk_sight sight = bk_visibility(row.b.org_id == r->org.id, own_vehicle, v.link);
			write_booking(g, w, &row.b, sight, occupied, &title, &label);
			continue;
		}
		if (open)
			calgrid_row_end(g);
		const char *url = row.v.link_url;
		v = (struct calgrid_vehicle){
			.id = row.v.id, .name = row.v.name, .descr = row.v.descr, .link = row.v.link_mode,
			.shared = !row.v.own,
		};
		own_vehicle = row.v.own;
		/* Link mode: booked at the master's site; without a usable link, not at all here. */
		if (v.link && offer_url_valid(url))   /* the rule the offer was saved under */
			v.url = url;
		calgrid_row_begin(g, &v);
		open = true;
		(*nrows)++;
	}
	if (open)
		calgrid_row_end(g);
	bool oom = title.oom || label.oom;
	html_free(&title);
	html_free(&label);
	st = cal_close(&cur);
	if (st != ST_OK)
		return st;
	return oom ? ST_ERROR : ST_OK;
}

enum { C_AREA, C_DATE, C_VIEW, C_NFIELDS };
static const struct input_field cal_fields[C_NFIELDS] = {
	[C_AREA] = {"area", input_id, false, 20},
	[C_DATE] = {"date", input_date, false, 10},
	[C_VIEW] = {"view", input_view, false, 4},
};

/* What the grid's rows need once its frame is in the HDF. area is 0 when the organisation has no
 * area to show. */
struct grid {
	int64_t area;
	bool week;
	struct window w;
	struct columns cols;
};

/* Fills the HDF of the grid's frame (areas, navigation, column heads) and g for area and date d.
 * Returns 0, or the error status already answered. */
static int grid_prepare(struct req *r, int64_t area_param, struct tu_tm d, bool week, struct grid *g)
{
	enum store_status s;
	int64_t first = fill_areas(r, &s);
	if (s != ST_OK)
		return app_db_failure(r, s);
	g->area = area_param ? area_param : first;
	g->week = week;
	if (!g->area) {
		hdf_set_value(r->hdf, "Cal.noareas", "1");
		return 0;
	}
	s = area_allowed(r, g->area);
	if (s == ST_NOT_FOUND)
		return app_error(r, 404, NULL);
	if (s != ST_OK)
		return app_db_failure(r, s);

	struct window *w = &g->w;
	struct tu_tm today;
	tu_to_local(r->org.tz, r->now, &today);
	w->ndays = week ? 7 : 1;
	struct tu_tm first_day = d;
	if (week)
		tu_add_days(&first_day, 1 - first_day.wday);
	for (int i = 0; i < w->ndays; i++) {
		w->days[i] = first_day;
		tu_add_days(&w->days[i], i);
	}
	struct tu_tm after = first_day;
	tu_add_days(&after, w->ndays);
	w->t0 = tu_day_start(r->org.tz, first_day.year, first_day.mon, first_day.day);
	w->t1 = tu_day_start(r->org.tz, after.year, after.mon, after.day);
	tu_span_init(&w->zone, r->org.tz, w->t0, w->t1);

	char buf[32];
	HDF *cal;
	hdf_get_node(r->hdf, "Cal", &cal);
	hdfx_set_int(cal, "area", g->area);
	hdf_set_value(cal, "view", week ? "week" : "day");
	hdf_set_value(cal, "date", tu_fmt_date(buf, sizeof buf, &d));
	hdf_set_value(cal, "today", tu_fmt_date(buf, sizeof buf, &today));
	struct tu_tm p = d, n = d;
	tu_add_days(&p, -w->ndays);
	tu_add_days(&n, w->ndays);
	hdf_set_value(cal, "prev", tu_fmt_date(buf, sizeof buf, &p));
	hdf_set_value(cal, "next", tu_fmt_date(buf, sizeof buf, &n));
	char title[96];
	struct tu_tm last = w->days[w->ndays - 1];
	char wd[8];
	snprintf(wd, sizeof wd, "wd.%d", first_day.wday);
	if (week)
		snprintf(title, sizeof title, "%02d.%02d.–%02d.%02d.%04d", first_day.day, first_day.mon,
		         last.day, last.mon, last.year);
	else
		snprintf(title, sizeof title, "%s %02d.%02d.%04d", app_lang(r, wd), d.day, d.mon, d.year);
	hdf_set_value(cal, "span", title);
	fill_columns(r, w, r->now, &g->cols);
	return 0;
}

/* Appends the grid to the page: its frame (calendar_grid.cs), the rows straight from the
 * database (calgrid), and the frame's end (calendar_grid_end.cs). Returns 0, or the error status
 * already answered. */
static int grid_write(struct req *r, const struct grid *g, struct html *page)
{
	if (!app_page_render(r, "calendar_grid.cs"))
		return app_error(r, 500, NULL);
	int nrows = 0;
	if (g->area) {
		const struct calgrid cg = {
			.out = page, .week = g->week, .ncols = g->cols.n, .cols = g->cols.col,
			.base = hdf_get_value(r->hdf, "Base.calendar", ""),
			.word_book = app_lang(r, "cal.book"), .word_book_ext = app_lang(r, "shr.book_ext"),
			.word_link_mode = app_lang(r, "shr.link_mode"),
			.word_vehicle = app_lang(r, "cal.vehicle"), .word_shared = app_lang(r, "cal.shared"),
			.has_now = r->now >= g->w.t0 && r->now < g->w.t1, .now = slot_of(&g->w, r->now),
		};
		calgrid_head(&cg);
		int s = fill_rows(r, g->area, &g->w, &cg, &nrows);
		if (s != ST_OK)
			return app_db_failure(r, s);
	}
	hdf_set_int_value(r->hdf, "Cal.nrows", nrows);
	if (!app_page_render(r, "calendar_grid_end.cs"))
		return app_error(r, 500, NULL);
	return 0;
}

/* The week or day grid of an area. The grid part is the same for every member of the
 * organisation with the same role, so it is rendered once per data generation and grid slot of
 * the clock, and kept (pagecache); an ETag from the same facts answers revalidation with 304.
 * The page is written in parts into the worker's page buffer: header, grid (cached or fresh),
 * footer, so the grid is copied once at most. */
int ui_calendar_calendar(struct req *r)
{
	struct input_val v[C_NFIELDS];
	if (input_read(r, cal_fields, C_NFIELDS, v))
		return app_error(r, 400, NULL);
	ui_title(r, "cal.title");
	struct tu_tm d;
	if (v[C_DATE].present) {
		memset(&d, 0, sizeof d);
		d.year = (int)(v[C_DATE].i / 10000);
		d.mon = (int)(v[C_DATE].i / 100 % 100);
		d.day = (int)(v[C_DATE].i % 100);
		d.wday = tu_weekday(d.year, d.mon, d.day);
	} else {
		tu_to_local(r->org.tz, r->now, &d);
		d.hour = d.min = d.sec = 0;
	}
	bool week = !v[C_VIEW].present || v[C_VIEW].i == 7;
	int64_t area_param = v[C_AREA].present ? v[C_AREA].i : 0;

	char key[160], own[64], url[512];
	const char *sn = app_env(r, "SCRIPT_NAME");
	int64_t slot = r->now / ((int64_t)r->org.grid_minutes * 60);
	snprintf(key, sizeof key, "%lld|%lld|%d|%04d%02d%02d|%d|%s|%lld|%s", (long long)r->org.id,
	         (long long)area_param, week, d.year, d.mon, d.day, r->user.is_admin, r->org.lang,
	         (long long)slot, sn ? sn : "");
	snprintf(own, sizeof own, "/own.css?m=%lld", (long long)r->user.id);
	hdf_set_value(r->hdf, "Page.ownstyle", app_url(r, url, sizeof url, "calendar", own));

	bool cache = pagecache_enabled();
	int64_t gen = cache ? cal_generation() : 0;
	const char *cached = NULL;
	size_t cached_len = 0;
	if (cache) {
		/* The page also carries the user's header (login, CSRF token): the tag covers both. */
		unsigned char h[8];
		char hex[17], etag[64];
		crypto_generichash_state st;
		crypto_generichash_init(&st, NULL, 0, sizeof h);
		crypto_generichash_update(&st, (const unsigned char *)key, strlen(key));
		crypto_generichash_update(&st, (const unsigned char *)r->user.csrf, strlen(r->user.csrf));
		crypto_generichash_final(&st, h, sizeof h);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		snprintf(etag, sizeof etag, "\"c%lld-%s\"", (long long)gen, hex);
		app_header(r, "ETag", etag);
		app_header(r, "Cache-Control", "private, no-cache");
		const char *inm = app_env(r, "HTTP_IF_NONE_MATCH");
		if (inm && strcmp(inm, etag) == 0)
			return app_not_modified(r);
		/* Plain CGI: the cache is files that all its processes share (pagecache_share). */
		cached = pagecache_get(key, gen, &cached_len);
	}
	struct grid g;
	if (!cached) {
		int st = grid_prepare(r, area_param, d, week, &g);
		if (st)
			return st;
	}
	struct html *page = app_page_begin(r, 200);
	if (!app_page_render(r, "header.cs"))
		return app_error(r, 500, NULL);
	if (cached) {
		html_raw(page, cached, cached_len);
	} else {
		size_t at = page->len;
		int st = grid_write(r, &g, page);
		if (st)
			return st;
		if (cache && !page->oom)
			pagecache_put(key, gen, page->buf + at, page->len - at);
	}
	if (!app_page_render(r, "footer.cs"))
		return app_error(r, 500, NULL);
	return app_page_send(r);
}

/* The per-user style rule that marks the user's own bookings in the shared, cached grid. */
int ui_calendar_own_css(struct req *r)
{
	static const struct input_field f[] = {{"m", input_id, true, 20}};
	struct input_val v;
	if (input_read(r, f, 1, &v))
		return app_error(r, 400, NULL);
	char css[160];
	int n = snprintf(css, sizeof css,
	                 ".bk[data-m=\"%lld\"]{background:#d5f0dc;border-color:#1a7f37;font-weight:600}\n",
	                 (long long)v.i);
	app_header(r, "Cache-Control", "public, max-age=86400");
	app_begin_stream(r, 200, "text/css; charset=utf-8", NULL);
	if (strcmp(r->method, "HEAD") != 0)
		app_write(r, css, (size_t)n);
	return 200;
}

/* ---- My bookings. */

/* Adds one booking to a list (Mine.coming or Mine.past). */
struct list_ctx {
	struct req *r;
	HDF *list;
	int n;
};

static void add_brief(void *ctx, const struct bookstore_brief *b)
{
	struct list_ctx *c = ctx;
	HDF *h = hdfx_child(c->list, c->n++);
	hdfx_set_int(h, "id", b->id);
	hdfx_set_time(h, c->r->org.tz, "start", b->start);
	hdfx_set_time(h, c->r->org.tz, "end", b->end);
	hdf_set_value(h, "vehicle", b->vehicle);
	hdf_set_value(h, "purpose", b->purpose);
	hdf_set_value(h, "status", b->status);
}

int ui_calendar_mine(struct req *r)
{
	struct actor a = ui_actor(r);
	struct list_ctx coming = {.r = r}, past = {.r = r};
	hdf_get_node(r->hdf, "Mine.coming", &coming.list);
	hdf_get_node(r->hdf, "Mine.past", &past.list);
	enum store_status s = bookstore_mine(&a, true, 200, add_brief, &coming);
	if (s == ST_OK)
		s = bookstore_mine(&a, false, 50, add_brief, &past);
	if (s != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "mine.title");
	return app_render(r, 200, "mine.cs");
}

/* ---- One booking. */

/* Booking.* for the view page and the edit form. */
static void fill_booking(struct req *r, const struct bookstore_row *b)
{
	HDF *n;
	hdf_get_node(r->hdf, "Booking", &n);
	hdfx_set_int(n, "id", b->id);
	hdfx_set_int(n, "vehicle_id", b->vehicle_id);
	hdf_set_value(n, "vehicle", b->vehicle);
	hdf_set_value(n, "vehicle_descr", b->vehicle_descr);
	hdf_set_value(n, "member", b->member);
	hdf_set_value(n, "member_descr", b->member_descr);
	hdf_set_value(n, "creator", b->changer);
	hdf_set_value(n, "purpose", b->purpose);
	hdf_set_value(n, "status", b->status);
	hdfx_set_time(n, r->org.tz, "start", b->start);
	hdfx_set_time(n, r->org.tz, "end", b->end);
	hdfx_set_time(n, r->org.tz, "created", b->changed_at);
	struct actor a = ui_actor(r);
	/* Another organisation's booking of our vehicle (we are its master): read only, and only
	 * what the visibility rule lets the master see. */
	if (b->foreign) {
		hdf_set_value(n, "foreign", "1");
		hdf_set_value(n, "org", b->org_name);
	}
	if (!bk_sight_purpose(bookstore_sight(&a, b)))
		hdf_remove_tree(n, "purpose");
	/* The buttons follow the rules the actions apply (bookstore_change, bookstore_delete). */
	hdf_set_int_value(n, "may_change", bookstore_may_change(&a, b) == BK_MAY);
	hdf_set_int_value(n, "may_trip", trips_may_enter(&a, b) == ST_OK);
	hdf_set_int_value(n, "storno", strcmp(bookstore_delete_action(b, r->now), "STORNO") == 0);
}

/* Answers a bookstore failure that is not a form error. */
static int bs_failure(struct req *r, enum store_status res)
{
	switch (res) {
	case ST_NOT_FOUND: return app_error(r, 404, NULL);
	case ST_FORBIDDEN: return app_error(r, 403, "booking.forbidden");
	case ST_NOT_ACTIVE: return app_error(r, 409, "booking.not_active");
	case ST_ENDED: return app_error(r, 409, "booking.ended");
	case ST_BUSY: return app_db_failure(r, ST_BUSY);
	default: return app_db_failure(r, ST_ERROR);
	}
}

int ui_calendar_booking(struct req *r)
{
	struct actor a = ui_actor(r);
	struct bookstore_row b;
	enum store_status res = bookstore_open(&a, r->id, "VIEW", &b);
	if (res != ST_OK)
		return bs_failure(r, res);
	fill_booking(r, &b);
	hdf_set_value(r->hdf, "Page.title", b.vehicle);
	/* The notice after a redirect: ?created=1, ?changed=1 or ?trip=1 (anything else is ignored). */
	enum { N_CREATED, N_CHANGED, N_TRIP, N_NFIELDS };
	static const struct input_field notice_fields[N_NFIELDS] = {
		[N_CREATED] = {"created", input_bool, false, 5},
		[N_CHANGED] = {"changed", input_bool, false, 5},
		[N_TRIP] = {"trip", input_bool, false, 5},
	};
	static const char *const notices[N_NFIELDS] = {"booking.created_notice", "booking.changed", "bil.trip.saved"};
	struct input_val nv[N_NFIELDS];
	input_read(r, notice_fields, N_NFIELDS, nv);
	hdf_remove_tree(r->hdf, "Error");
	hdf_remove_tree(r->hdf, "Errors");
	for (int i = 0; i < N_NFIELDS; i++)
		if (nv[i].present && nv[i].ok && nv[i].i)
			hdf_set_value(r->hdf, "Booking.notice", app_lang(r, notices[i]));
	return app_render(r, 200, "booking.cs");
}

/* ---- The booking form. */

/* Adds one choice to Vehicles.<i> or Members.<i>. */
struct choice_ctx {
	HDF *list;
	int n;
};

static void add_vehicle(void *ctx, const struct cal_choice *c)
{
	struct choice_ctx *x = ctx;
	HDF *v = hdfx_child(x->list, x->n++);
	hdfx_set_int(v, "id", c->id);
	hdf_set_value(v, "name", c->name);
	hdf_set_value(v, "descr", c->descr);
	hdf_set_value(v, "area", c->area);
	hdf_set_int_value(v, "hidden", c->hidden);
}

static void add_member(void *ctx, const struct cal_member *m)
{
	struct choice_ctx *x = ctx;
	HDF *h = hdfx_child(x->list, x->n++);
	hdfx_set_int(h, "id", m->id);
	hdf_set_value(h, "login", m->login);
	hdf_set_value(h, "descr", m->descr);
}

/* Vehicles to choose from (hidden areas for administrators only) and, for administrators, members. */
static int fill_choices(struct req *r)
{
	struct choice_ctx vc = {.n = 0}, mc = {.n = 0};
	hdf_get_node(r->hdf, "Vehicles", &vc.list);
	enum store_status s = cal_vehicle_choices(r->org.id, r->user.is_admin, add_vehicle, &vc);
	if (s != ST_OK || !r->user.is_admin)
		return s;
	hdf_get_node(r->hdf, "Members", &mc.list);
	return cal_member_choices(r->org.id, add_member, &mc);
}

/* Renders the booking form (new when id is 0) with status. */
static int booking_form(struct req *r, int status, int64_t id)
{
	char url[512], rest[64];
	int s = fill_choices(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	if (id)
		snprintf(rest, sizeof rest, "/booking/%lld/edit", (long long)id);
	else
		snprintf(rest, sizeof rest, "/booking/new");
	HDF *form;
	hdf_get_node(r->hdf, "BForm", &form);
	hdf_set_value(form, "action", app_url(r, url, sizeof url, "calendar", rest));
	hdfx_set_int(form, "id", id);
	hdf_set_int_value(form, "step", r->org.grid_minutes * 60);
	ui_title(r, id ? "booking.edit_title" : "booking.new_title");
	return app_render(r, status, "booking_form.cs");
}

enum { B_VEHICLE, B_START, B_END, B_PURPOSE, B_MEMBER, B_NFIELDS };
static const struct input_field booking_fields[B_NFIELDS] = {
	[B_VEHICLE] = {"vehicle", input_id, true, 20},
	[B_START] = {"start", input_datetime, true, 19},
	[B_END] = {"end", input_datetime, true, 19},
	[B_PURPOSE] = {"purpose", input_text, false, 200},
	[B_MEMBER] = {"member", input_id, false, 20},
};

/* GET /booking/new: prefilled from the free slot that was clicked (vehicle, start), with an end
 * two hours later; a start inside an existing booking moves to that booking's end. */
int ui_calendar_new(struct req *r)
{
	struct input_val v[B_NFIELDS];
	input_read(r, booking_fields, B_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Error");
	hdf_remove_tree(r->hdf, "Errors");
	int64_t start = v[B_START].ok && v[B_START].present ? v[B_START].i : next_slot(r, r->now);
	if (v[B_VEHICLE].ok && v[B_VEHICLE].present) {
		/* Any organisation's booking blocks a shared vehicle. */
		struct actor a = ui_actor(r);
		for (int k = 0; k < 10; k++) {
			int64_t end = 0;
			if (bookstore_busy_until(&a, v[B_VEHICLE].i, start, &end) != ST_OK || !end)
				break;
			start = next_slot(r, end);
		}
	}
	char buf[32];
	struct tu_tm lt;
	tu_to_local(r->org.tz, start, &lt);
	hdf_set_value(r->hdf, "Form.start", tu_fmt_input(buf, sizeof buf, &lt));
	if (!v[B_END].present || !v[B_END].ok) {
		tu_to_local(r->org.tz, start + 2 * 3600, &lt);
		hdf_set_value(r->hdf, "Form.end", tu_fmt_input(buf, sizeof buf, &lt));
	}
	return booking_form(r, 200, 0);
}

/* Turns a rejected booking into the form again: 422 with messages, or 409 naming the conflict. */
static int booking_rejected(struct req *r, enum store_status res, enum bk_check span,
                            const struct bookstore_row *conflict, int64_t id, int64_t vehicle)
{
	switch (res) {
	case ST_SPAN:
		switch (span) {
		case BK_END_NOT_AFTER_START: input_error(r, "end", "booking.end_before_start"); break;
		case BK_OFF_GRID: input_error(r, "start", r->org.grid_minutes == 30 ? "booking.off_grid_30" : "booking.off_grid_15"); break;
		case BK_IN_PAST: input_error(r, "start", "booking.in_past"); break;
		case BK_TOO_LONG: input_error(r, "end", "booking.too_long"); break;
		default: input_error(r, "start", "err.datetime_range"); break;
		}
		return booking_form(r, 422, id);
	case ST_BAD_VEHICLE: {
		/* A shared vehicle in Link mode is booked at its owner's site: say so, with the link. */
		struct actor a = ui_actor(r);
		char link[1024];
		if (bookstore_link_of(&a, vehicle, link, sizeof link) == ST_OK) {
			input_error(r, "vehicle", "booking.link_mode");
			if (offer_url_valid(link))
				hdf_set_value(r->hdf, "BForm.link", link);
		} else {
			input_error(r, "vehicle", "booking.bad_vehicle");
		}
		return booking_form(r, 422, id);
	}
	case ST_BAD_MEMBER:
		input_error(r, "member", "booking.bad_member");
		return booking_form(r, 422, id);
	case ST_CONFLICT: {
		HDF *c;
		hdf_get_node(r->hdf, "Conflict", &c);
		hdfx_set_time(c, r->org.tz, "start", conflict->start);
		hdfx_set_time(c, r->org.tz, "end", conflict->end);
		/* What the actor sees of the conflicting booking is the visibility rule's; besides, only
		 * administrators learn who holds it: members get its time span and number. */
		struct actor a = ui_actor(r);
		enum bk_sight sight = bookstore_sight(&a, conflict);
		if (bk_sight_org(sight))
			hdf_set_value(c, "org", conflict->org_name);
		if (bk_sight_page(sight)) {
			if (r->user.is_admin && bk_sight_member(sight)) {
				hdf_set_value(c, "member", conflict->member);
				hdf_set_value(c, "member_descr", conflict->member_descr);
			}
			hdfx_set_int(c, r->user.is_admin ? "id" : "number", conflict->id);
		}
		return booking_form(r, 409, id);
	}
	default:
		return bs_failure(r, res);
	}
}

int ui_calendar_do_new(struct req *r)
{
	struct input_val v[B_NFIELDS];
	if (input_read(r, booking_fields, B_NFIELDS, v))
		return booking_form(r, 422, 0);
	struct actor a = ui_actor(r);
	struct bookstore_input in = {
		.vehicle_id = v[B_VEHICLE].i, .member_id = v[B_MEMBER].present ? v[B_MEMBER].i : 0,
		.start = v[B_START].i, .end = v[B_END].i, .purpose = v[B_PURPOSE].present ? v[B_PURPOSE].s : "",
	};
	int64_t id = 0;
	enum bk_check span = BK_OK;
	struct bookstore_row conflict;
	enum store_status res = bookstore_create(&a, &in, &id, &span, &conflict);
	if (res != ST_OK)
		return booking_rejected(r, res, span, &conflict, 0, in.vehicle_id);
	char rest[64];
	snprintf(rest, sizeof rest, "/booking/%lld?created=1", (long long)id);
	return ui_redirect(r, "calendar", rest);
}

int ui_calendar_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct bookstore_row b;
	enum store_status res = bookstore_open(&a, r->id, "EDIT", &b);
	if (res != ST_OK)
		return bs_failure(r, res);
	fill_booking(r, &b);
	HDF *f;
	char buf[32];
	struct tu_tm lt;
	hdf_get_node(r->hdf, "Form", &f);
	hdfx_set_int(f, "vehicle", b.vehicle_id);
	hdfx_set_int(f, "member", b.member_id);
	tu_to_local(r->org.tz, b.start, &lt);
	hdf_set_value(f, "start", tu_fmt_input(buf, sizeof buf, &lt));
	tu_to_local(r->org.tz, b.end, &lt);
	hdf_set_value(f, "end", tu_fmt_input(buf, sizeof buf, &lt));
	hdf_set_value(f, "purpose", b.purpose);
	return booking_form(r, 200, r->id);
}

int ui_calendar_do_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct bookstore_row b;
	enum store_status res = bookstore_load(&a, r->id, &b);
	if (res != ST_OK)
		return bs_failure(r, res);
	fill_booking(r, &b);
	struct input_val v[B_NFIELDS];
	if (input_read(r, booking_fields, B_NFIELDS, v))
		return booking_form(r, 422, r->id);
	struct bookstore_input in = {
		.vehicle_id = v[B_VEHICLE].i, .member_id = v[B_MEMBER].present ? v[B_MEMBER].i : 0,
		.start = v[B_START].i, .end = v[B_END].i, .purpose = v[B_PURPOSE].present ? v[B_PURPOSE].s : "",
	};
	enum bk_check span = BK_OK;
	struct bookstore_row conflict;
	res = bookstore_change(&a, r->id, &in, &span, &conflict);
	if (res != ST_OK)
		return booking_rejected(r, res, span, &conflict, r->id, in.vehicle_id);
	char rest[64];
	snprintf(rest, sizeof rest, "/booking/%lld?changed=1", (long long)r->id);
	return ui_redirect(r, "calendar", rest);
}

int ui_calendar_do_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	const char *action = NULL;
	enum store_status res = bookstore_delete(&a, r->id, &action);
	if (res != ST_OK)
		return bs_failure(r, res);
	return ui_redirect(r, "calendar", strcmp(action, "STORNO") == 0 ? "/mine?storno=1" : "/mine?deleted=1");
}

/* ---- Trip data (odometer readings) of an ended booking. */

/* Answers a trips failure that is not a form error. */
static int trip_failure(struct req *r, enum store_status res)
{
	switch (res) {
	case ST_NOT_FOUND: return app_error(r, 404, NULL);
	case ST_FORBIDDEN: return app_error(r, 403, "bil.trip.forbidden");
	case ST_NOT_ENDED: return app_error(r, 409, "bil.trip.not_ended");
	case ST_NOT_ACTIVE: return app_error(r, 409, "bil.trip.not_active");
	case ST_BUSY: return app_db_failure(r, ST_BUSY);
	default: return app_db_failure(r, ST_ERROR);
	}
}

/* Loads the booking's trip data for the form; refuses bookings that cannot have one yet. */
static enum store_status trip_prepare(struct req *r, struct trips_info *t)
{
	struct actor a = ui_actor(r);
	enum store_status res = trips_load(&a, r->id, t);
	if (res != ST_OK)
		return res;
	res = trips_may_enter(&a, &t->booking);
	if (res != ST_OK)
		return res;
	fill_booking(r, &t->booking);
	if (t->last >= 0)
		ui_decimal_hdf(r, hdf_get_obj(r->hdf, "Booking"), "km_last", (double)t->last, 0);
	ui_title(r, "bil.trip.title");
	return ST_OK;
}

int ui_calendar_trip(struct req *r)
{
	struct trips_info t;
	enum store_status res = trip_prepare(r, &t);
	if (res != ST_OK)
		return trip_failure(r, res);
	if (t.present) {
		HDF *f;
		hdf_get_node(r->hdf, "Form", &f);
		hdfx_set_int(f, "km_start", t.km_start);
		hdfx_set_int(f, "km_end", t.km_end);
	} else if (t.last >= 0) {
		hdfx_set_int(hdf_get_obj(r->hdf, "Booking"), "km_start_default", t.last);
	}
	return app_render(r, 200, "trip_form.cs");
}

enum { T_START, T_END, T_NFIELDS };
static const struct input_field trip_fields[T_NFIELDS] = {
	[T_START] = {"km_start", input_int, true, 12},
	[T_END] = {"km_end", input_int, true, 12},
};

int ui_calendar_do_trip(struct req *r)
{
	struct trips_info t;
	enum store_status res = trip_prepare(r, &t);
	if (res != ST_OK)
		return trip_failure(r, res);
	struct input_val v[T_NFIELDS];
	if (input_read(r, trip_fields, T_NFIELDS, v))
		return app_render(r, 422, "trip_form.cs");
	struct actor a = ui_actor(r);
	int64_t last = -1;
	res = trips_save(&a, r->id, v[T_START].i, v[T_END].i, &last);
	switch (res) {
	case ST_OK: {
		char rest[64];
		snprintf(rest, sizeof rest, "/booking/%lld?trip=1", (long long)r->id);
		return ui_redirect(r, "calendar", rest);
	}
	case ST_END_BELOW_START: input_error(r, "km_end", "bil.trip.end_below_start"); break;
	case ST_BELOW_LAST: input_error(r, "km_end", "bil.trip.below_last"); break;
	case ST_RANGE: input_error(r, "km_start", "bil.trip.range"); break;
	default: return trip_failure(r, res);
	}
	return app_render(r, 422, "trip_form.cs");
}

/* Collects the bookings that lack trip data into Missing.<i>. */
struct missing_ctx {
	struct req *r;
	HDF *list;
	int n;
};

static void add_missing(void *ctx, const struct bookstore_row *b)
{
	struct missing_ctx *m = ctx;
	HDF *row = hdfx_child(m->list, m->n++);
	hdfx_set_int(row, "id", b->id);
	hdf_set_value(row, "vehicle", b->vehicle);
	hdf_set_value(row, "member", b->member);
	hdf_set_value(row, "member_descr", b->member_descr);
	hdfx_set_time(row, m->r->org.tz, "start", b->start);
	hdfx_set_time(row, m->r->org.tz, "end", b->end);
}

int ui_calendar_missing_trips(struct req *r)
{
	struct missing_ctx m = {.r = r, .n = 0};
	hdf_get_node(r->hdf, "Missing", &m.list);
	int s = trips_missing(r->org.id, r->now, 200, add_missing, &m);
	if (s != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "bil.missing.title");
	return app_render(r, 200, "trips_missing.cs");
}
