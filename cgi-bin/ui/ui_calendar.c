/* ui_calendar: the calendar screens' handlers — the booking calendar of an area (week and day), "my bookings", and booking view, create, edit and delete. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/app.h"
#include "ui/ui_calendar.h"
#include "ui/ui_shared.h"
#include "store/bookstore.h"
#include "http/calgrid.h"
#include "store/db.h"
#include "http/hdfx.h"
#include "http/html.h"
#include "http/input.h"
#include "http/pagecache.h"
#include "http/render.h"
#include "base/timeutil.h"
#include "store/trips.h"

#include <sodium.h>

#define SLOTS_PER_DAY 96   /* quarter hours: the grid's drawing unit */
#define MAX_DAYS 7

/* ---- Small helpers. */

/* ---- The grid. */

struct window {
	int ndays;
	struct local_tm days[MAX_DAYS];   /* local dates shown */
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
	struct local_tm lt;
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
	struct local_tm lt;
	tu_to_local(r->org.tz, t, &lt);
	int64_t into = ((int64_t)lt.min * 60 + lt.sec) % g;
	return into ? t - into + g : t;
}

/* Areas shown in the calendar's list (sort number up to 90), as Areas.<i>. Returns the first's id. */
static int64_t fill_areas(struct req *r)
{
	HDF *areas;
	hdf_get_node(r->hdf, "Areas", &areas);
	sqlite3_stmt *st = db_stmt("SELECT id, name FROM area WHERE org_id = ? AND sort <= 90 ORDER BY sort, name, id");
	int64_t first = 0;
	int i = 0;
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, r->org.id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		HDF *a = hdfx_child(areas, i++);
		if (!first)
			first = sqlite3_column_int64(st, 0);
		hdf_set_value(a, "id", db_text(st, 0));
		hdf_set_value(a, "name", db_text(st, 1));
	}
	sqlite3_reset(st);
	return first;
}

/* Checks that area belongs to the organisation and may be shown to this user; sets its name. */
static bool area_allowed(struct req *r, int64_t area)
{
	sqlite3_stmt *st = db_stmt("SELECT name, sort FROM area WHERE id = ? AND org_id = ?");
	bool ok = false;
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, area);
	sqlite3_bind_int64(st, 2, r->org.id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		ok = sqlite3_column_int(st, 1) <= 90 || r->user.is_admin;
		hdf_set_value(r->hdf, "Cal.areaname", db_text(st, 0));
		hdf_set_int_value(r->hdf, "Cal.hidden", sqlite3_column_int(st, 1) > 90);
	}
	sqlite3_reset(st);
	return ok;
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
		struct local_tm d = w->days[w->ndays == 7 ? i : 0];
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
		struct local_tm st;
		tu_span_local(&w->zone, start, &st);
		col->start = tu_fmt_input(c->start[i], sizeof c->start[i], &st);
	}
}

/* The rows of an area's grid come in two parts: the organisation's own vehicles of the area
 * (ordered by sort number, name, id), then the shared vehicles it subscribed into the area
 * (active, visible, offer still released) under their local names (ordered by name, id). For each
 * part one query lists the vehicles and one their bookings in the window, in the same order and
 * by end time within a vehicle, so the two merge row by row. For own vehicles that order is the
 * order of the indexes (vehicle_area, booking_vehicle_time), so SQLite does not sort.
 * Parameters: ?1 area, ?2 organisation, ?3 and ?4 the window's start and end.
 *
 * A vehicle's bookings are read by end time from the window's start up to the first active booking
 * that ends at or after the window's end: active bookings of one vehicle never overlap (bookstore
 * checks it in the inserting transaction), so none after that one can reach into the window, and
 * the many bookings further in the future are never read. For the same reason end order is start
 * order. booking_vehicle_time covers every booking column read (schema/007). */
#define GRID_BOOKING_COLS \
	"SELECT b.vehicle_id, b.id, b.start, b.end, b.member_id, m.login, m.descr, b.purpose, b.org_id," \
	" CASE WHEN b.org_id = ?2 THEN '' ELSE (SELECT name FROM org WHERE id = b.org_id) END"
#define GRID_BOOKING_WINDOW(vid) \
	" JOIN booking b ON b.vehicle_id = " vid " JOIN member m ON m.id = b.member_id" \
	" WHERE b.end > ?3 AND b.end <= coalesce((SELECT min(x.end) FROM booking x" \
	"   WHERE x.vehicle_id = " vid " AND x.end >= ?4 AND x.status = 'active'), 9223372036854775807)" \
	" AND b.start < ?4 AND b.status = 'active'"
#define GRID_SHARED_FROM \
	" FROM subscription s JOIN offer o ON o.vehicle_id = s.vehicle_id JOIN vehicle v ON v.id = s.vehicle_id"
#define GRID_SHARED_WHERE \
	" s.area_id = ?1 AND s.org_id = ?2 AND s.cancelled_at IS NULL AND s.visible = 1" \
	" AND o.portal IS NOT NULL AND v.org_id <> ?2"

static const char sql_own_vehicles[] =
	"SELECT id, name, descr, 0, '' FROM vehicle WHERE area_id = ?1 AND org_id = ?2 ORDER BY sort, name, id";
static const char sql_own_bookings[] =
	GRID_BOOKING_COLS " FROM vehicle v" GRID_BOOKING_WINDOW("v.id")
	" AND v.area_id = ?1 AND v.org_id = ?2 ORDER BY v.sort, v.name, v.id, b.end";
static const char sql_shared_vehicles[] =
	"SELECT s.vehicle_id, s.local_name, s.local_descr, o.link_mode, o.link_url" GRID_SHARED_FROM
	" WHERE" GRID_SHARED_WHERE " ORDER BY s.local_name, s.vehicle_id";
static const char sql_shared_bookings[] =
	GRID_BOOKING_COLS GRID_SHARED_FROM GRID_BOOKING_WINDOW("s.vehicle_id")
	" AND" GRID_SHARED_WHERE " ORDER BY s.local_name, s.vehicle_id, b.end";

/* An external booking link of a Link-mode offer: only an absolute http(s) URL without spaces or
 * control characters gets into the page. */
static bool link_ok(const char *u)
{
	if (strncasecmp(u, "https://", 8) != 0 && strncasecmp(u, "http://", 7) != 0)
		return false;
	const char *host = u + (u[4] == ':' ? 7 : 8);
	if (!*host || *host == '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return strlen(u) < 1024;
}

/* Appends t as "dd.mm.yyyy HH:MM" (tu_fmt_human without a format string). */
static void put_human(struct html *h, const struct local_tm *t)
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

/* Writes one part of the grid's rows (see above) to g->out: the vehicles of statement vs, each
 * with its bookings from statement bs; master says whether the organisation owns these vehicles.
 * What a booking shows depends on who made it: the organisation's own bookings show the member
 * and the purpose; bookings of the organisation's vehicles by other organisations (it is their
 * master) the organisation's name, the member and the member's description (the contact for the
 * handover), and lead to a read-only view; on a shared vehicle, bookings by any other
 * organisation show only that organisation's name, and in Link mode not even that. Adds the
 * number of rows to *nrows. Resets both statements. */
static int write_rows(struct req *r, const struct window *w, const struct calgrid *g,
                      sqlite3_stmt *vs, sqlite3_stmt *bs, bool master, int *nrows)
{
	int brc = sqlite3_step(bs);
	int rc;
	const char *occupied = app_lang(r, "shr.occupied");
	struct html title, label;
	html_init(&title, 256);
	html_init(&label, 128);
	while ((rc = sqlite3_step(vs)) == SQLITE_ROW) {
		const char *url = db_text(vs, 4);
		struct calgrid_vehicle v = {
			.id = sqlite3_column_int64(vs, 0), .name = db_text(vs, 1), .descr = db_text(vs, 2),
			.link = sqlite3_column_int(vs, 3) != 0,
		};
		/* Link mode: booked at the master's site; without a usable link, not at all here. */
		if (v.link && link_ok(url))
			v.url = url;
		calgrid_row_begin(g, &v);
		(*nrows)++;
		while (brc == SQLITE_ROW && sqlite3_column_int64(bs, 0) == v.id) {
			int64_t s = sqlite3_column_int64(bs, 2), e = sqlite3_column_int64(bs, 3);
			int s0 = slot_of(w, s), s1 = slot_of(w, e);
			struct local_tm ls, le;
			tu_span_local(&w->zone, s, &ls);
			tu_span_local(&w->zone, e, &le);
			const char *login = db_text(bs, 5), *descr = db_text(bs, 6), *purpose = db_text(bs, 7);
			const char *org = db_text(bs, 9);
			bool own = sqlite3_column_int64(bs, 8) == r->org.id;
			struct calgrid_booking b = { .s = s0, .w = s1 > s0 ? s1 - s0 : 1 };
			title.len = label.len = 0;
			if (own) {          /* "LOGIN (descr) · span: purpose" */
				put(&title, login);
				put_paren(&title, descr);
				b.id = sqlite3_column_int64(bs, 1);
				b.member = sqlite3_column_int64(bs, 4); /* own bookings: per-user style rule (own.css) */
				b.label = login;
			} else if (master) { /* "Org: LOGIN (descr) · span" */
				put(&title, org);
				HTML_LIT(&title, ": ");
				put(&title, login);
				put_paren(&title, descr);
				put(&label, org);
				HTML_LIT(&label, ": ");
				put(&label, login);
				b.id = sqlite3_column_int64(bs, 1);
				b.label = label.buf;
			} else {            /* "Org · span"; Link mode: "occupied · span" */
				b.label = v.link ? occupied : org;
				put(&title, b.label);
			}
			HTML_LIT(&title, " · ");
			put_human(&title, &ls);
			HTML_LIT(&title, "–");
			put_human(&title, &le);
			if (own && *purpose) {
				HTML_LIT(&title, ": ");
				put(&title, purpose);
			}
			b.title = title.buf;
			calgrid_booking(g, &b);
			brc = sqlite3_step(bs);
		}
		calgrid_row_end(g);
	}
	bool oom = title.oom || label.oom;
	html_free(&title);
	html_free(&label);
	sqlite3_reset(vs);
	sqlite3_reset(bs);
	if (rc != SQLITE_DONE)
		return db_result(rc, "calendar vehicles");
	if (brc != SQLITE_DONE && brc != SQLITE_ROW)
		return db_result(brc, "calendar bookings");
	return oom ? ST_ERROR : ST_OK;
}

/* Binds the grid parameters (see above) to st. */
static void bind_grid(sqlite3_stmt *st, struct req *r, int64_t area, const struct window *w)
{
	sqlite3_bind_int64(st, 1, area);
	sqlite3_bind_int64(st, 2, r->org.id);
	if (sqlite3_bind_parameter_count(st) >= 4) {
		sqlite3_bind_int64(st, 3, w->t0);
		sqlite3_bind_int64(st, 4, w->t1);
	}
}

/* The vehicles of the area as rows with their bookings in the window, written to g->out: own
 * vehicles, then shared ones. Sets *nrows to the number of rows. */
static int fill_rows(struct req *r, int64_t area, const struct window *w, const struct calgrid *g, int *nrows)
{
	static const char *const parts[2][2] = {
		{sql_own_vehicles, sql_own_bookings},
		{sql_shared_vehicles, sql_shared_bookings},
	};
	*nrows = 0;
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *vs = db_stmt(parts[i][0]), *bs = db_stmt(parts[i][1]);
		if (!vs || !bs)
			return ST_ERROR;
		bind_grid(vs, r, area, w);
		bind_grid(bs, r, area, w);
		int s = write_rows(r, w, g, vs, bs, i == 0, nrows);
		if (s != ST_OK)
			return s;
	}
	return ST_OK;
}

enum { C_AREA, C_DATE, C_VIEW, C_NFIELDS };
static const struct field cal_fields[C_NFIELDS] = {
	[C_AREA] = {"area", v_id, false, 20},
	[C_DATE] = {"date", v_date, false, 10},
	[C_VIEW] = {"view", v_view, false, 4},
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
static int grid_prepare(struct req *r, int64_t area_param, struct local_tm d, bool week, struct grid *g)
{
	int64_t first = fill_areas(r);
	g->area = area_param ? area_param : first;
	g->week = week;
	if (!g->area) {
		hdf_set_value(r->hdf, "Cal.noareas", "1");
		return 0;
	}
	if (!area_allowed(r, g->area))
		return app_error(r, 404, NULL);

	struct window *w = &g->w;
	struct local_tm today;
	tu_to_local(r->org.tz, r->now, &today);
	w->ndays = week ? 7 : 1;
	struct local_tm first_day = d;
	if (week)
		tu_add_days(&first_day, 1 - first_day.wday);
	for (int i = 0; i < w->ndays; i++) {
		w->days[i] = first_day;
		tu_add_days(&w->days[i], i);
	}
	struct local_tm after = first_day;
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
	struct local_tm p = d, n = d;
	tu_add_days(&p, -w->ndays);
	tu_add_days(&n, w->ndays);
	hdf_set_value(cal, "prev", tu_fmt_date(buf, sizeof buf, &p));
	hdf_set_value(cal, "next", tu_fmt_date(buf, sizeof buf, &n));
	char title[96];
	struct local_tm last = w->days[w->ndays - 1];
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
		};
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
	struct fval v[C_NFIELDS];
	if (input_read(r, cal_fields, C_NFIELDS, v))
		return app_error(r, 400, NULL);
	ui_title(r, "cal.title");
	struct local_tm d;
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
	int64_t gen = cache ? db_generation() : 0;
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
	static const struct field f[] = {{"m", v_id, true, 20}};
	struct fval v;
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

/* Fills list.<i> from a statement selecting id, start, end, vehicle, purpose, status. */
static int fill_booking_list(struct req *r, HDF *list, sqlite3_stmt *st)
{
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *b = hdfx_child(list, i++);
		hdf_set_value(b, "id", db_text(st, 0));
		hdfx_set_time(b, r->org.tz, "start", sqlite3_column_int64(st, 1));
		hdfx_set_time(b, r->org.tz, "end", sqlite3_column_int64(st, 2));
		hdf_set_value(b, "vehicle", db_text(st, 3));
		hdf_set_value(b, "purpose", db_text(st, 4));
		hdf_set_value(b, "status", db_text(st, 5));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "booking list");
}

int ui_calendar_mine(struct req *r)
{
	HDF *coming, *past;
	hdf_get_node(r->hdf, "Mine.coming", &coming);
	hdf_get_node(r->hdf, "Mine.past", &past);
	sqlite3_stmt *c = db_stmt(
	    "SELECT b.id, b.start, b.end, coalesce(s.local_name, v.name), b.purpose, b.status FROM booking b"
	    " JOIN vehicle v ON v.id = b.vehicle_id LEFT JOIN subscription s ON s.org_id = b.org_id"
	    " AND s.vehicle_id = b.vehicle_id AND s.cancelled_at IS NULL AND v.org_id <> b.org_id"
	    " WHERE b.member_id = ? AND b.org_id = ? AND b.end > ? AND b.status IN ('active', 'storno') ORDER BY b.start LIMIT 200");
	sqlite3_stmt *p = db_stmt(
	    "SELECT b.id, b.start, b.end, coalesce(s.local_name, v.name), b.purpose, b.status FROM booking b"
	    " JOIN vehicle v ON v.id = b.vehicle_id LEFT JOIN subscription s ON s.org_id = b.org_id"
	    " AND s.vehicle_id = b.vehicle_id AND s.cancelled_at IS NULL AND v.org_id <> b.org_id"
	    " WHERE b.member_id = ? AND b.org_id = ? AND b.end <= ? AND b.status IN ('active', 'storno') ORDER BY b.start DESC LIMIT 50");
	if (!c || !p)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(c, 1, r->user.id);
	sqlite3_bind_int64(c, 2, r->org.id);
	sqlite3_bind_int64(c, 3, r->now);
	sqlite3_bind_int64(p, 1, r->user.id);
	sqlite3_bind_int64(p, 2, r->org.id);
	sqlite3_bind_int64(p, 3, r->now);
	int s = fill_booking_list(r, coming, c);
	if (s == ST_OK)
		s = fill_booking_list(r, past, p);
	if (s != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "mine.title");
	return app_render(r, 200, "mine.cs");
}

/* ---- One booking. */

/* Booking.* for the view page and the edit form. */
static void fill_booking(struct req *r, const struct booking_row *b)
{
	HDF *n;
	hdf_get_node(r->hdf, "Booking", &n);
	hdfx_set_int(n, "id", b->id);
	hdfx_set_int(n, "vehicle_id", b->vehicle_id);
	hdf_set_value(n, "vehicle", b->vehicle);
	hdf_set_value(n, "vehicle_descr", b->vehicle_descr);
	hdf_set_value(n, "member", b->member);
	hdf_set_value(n, "member_descr", b->member_descr);
	hdf_set_value(n, "creator", b->creator);
	hdf_set_value(n, "purpose", b->purpose);
	hdf_set_value(n, "status", b->status);
	hdfx_set_time(n, r->org.tz, "start", b->start);
	hdfx_set_time(n, r->org.tz, "end", b->end);
	hdfx_set_time(n, r->org.tz, "created", b->created_at);
	bool mine = b->member_id == r->user.id;
	bool active = strcmp(b->status, "active") == 0;
	/* Another organisation's booking of our vehicle (we are its master): read only. */
	bool ours = !b->foreign;
	if (b->foreign) {
		hdf_set_value(n, "foreign", "1");
		hdf_set_value(n, "org", b->org_name);
	}
	bool may = ours && active && (r->user.is_admin || (mine && b->end > r->now));
	hdf_set_int_value(n, "may_change", may);
	/* Trip data: after the end, by the booking's member or an administrator. */
	hdf_set_int_value(n, "may_trip", ours && active && b->end <= r->now && (mine || r->user.is_admin));
	/* The cancellation period is the vehicle owner's (the master's for a shared vehicle). */
	int cancel_hours = b->vehicle_org ? b->owner_cancel_hours : r->org.cancel_hours;
	hdf_set_int_value(n, "storno", r->now >= b->start - (int64_t)cancel_hours * 3600);
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
	struct booking_row b;
	enum store_status res = bookstore_open(&a, r->id, "VIEW", &b);
	if (res != ST_OK)
		return bs_failure(r, res);
	fill_booking(r, &b);
	hdf_set_value(r->hdf, "Page.title", b.vehicle);
	if (hdf_get_value(r->hdf, "Query.created", NULL))
		hdf_set_value(r->hdf, "Booking.notice", app_lang(r, "booking.created_notice"));
	if (hdf_get_value(r->hdf, "Query.changed", NULL))
		hdf_set_value(r->hdf, "Booking.notice", app_lang(r, "booking.changed"));
	if (hdf_get_value(r->hdf, "Query.trip", NULL))
		hdf_set_value(r->hdf, "Booking.notice", app_lang(r, "bil.trip.saved"));
	return app_render(r, 200, "booking.cs");
}

/* ---- The booking form. */

/* Vehicles to choose from (hidden areas for administrators only) and, for administrators, members. */
static int fill_choices(struct req *r)
{
	HDF *vl;
	hdf_get_node(r->hdf, "Vehicles", &vl);
	/* Own vehicles, then the shared ones the organisation subscribed that its members may book
	 * here (offer released, not in Link mode); the order of the calendar's rows. */
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, name, descr, area, hidden FROM ("
	    " SELECT v.id, v.name, v.descr, a.name AS area, a.sort > 90 AS hidden, a.sort AS k0, v.sort AS k1, v.name AS k2"
	    " FROM vehicle v JOIN area a ON a.id = v.area_id WHERE v.org_id = ?1 AND (a.sort <= 90 OR ?2)"
	    " UNION ALL"
	    " SELECT s.vehicle_id, s.local_name, s.local_descr, a.name, a.sort > 90 OR s.visible = 0, a.sort, 2147483647, s.local_name"
	    " FROM subscription s JOIN area a ON a.id = s.area_id JOIN offer o ON o.vehicle_id = s.vehicle_id"
	    " JOIN vehicle v ON v.id = s.vehicle_id"
	    " WHERE s.org_id = ?1 AND s.cancelled_at IS NULL AND o.portal IS NOT NULL AND o.link_mode = 0"
	    " AND v.org_id <> ?1 AND ((a.sort <= 90 AND s.visible = 1) OR ?2))"
	    " ORDER BY k0, area, k1, k2, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	sqlite3_bind_int(st, 2, r->user.is_admin);
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *v = hdfx_child(vl, i++);
		hdf_set_value(v, "id", db_text(st, 0));
		hdf_set_value(v, "name", db_text(st, 1));
		hdf_set_value(v, "descr", db_text(st, 2));
		hdf_set_value(v, "area", db_text(st, 3));
		hdf_set_int_value(v, "hidden", sqlite3_column_int(st, 4));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_result(rc, "vehicle choices");
	if (!r->user.is_admin)
		return ST_OK;
	HDF *ml;
	hdf_get_node(r->hdf, "Members", &ml);
	st = db_stmt("SELECT id, login, descr FROM member WHERE org_id = ? ORDER BY login");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	i = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *m = hdfx_child(ml, i++);
		hdf_set_value(m, "id", db_text(st, 0));
		hdf_set_value(m, "login", db_text(st, 1));
		hdf_set_value(m, "descr", db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "member choices");
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
static const struct field booking_fields[B_NFIELDS] = {
	[B_VEHICLE] = {"vehicle", v_id, true, 20},
	[B_START] = {"start", v_datetime, true, 19},
	[B_END] = {"end", v_datetime, true, 19},
	[B_PURPOSE] = {"purpose", v_text, false, 200},
	[B_MEMBER] = {"member", v_id, false, 20},
};

/* GET /booking/new: prefilled from the free slot that was clicked (vehicle, start), with an end
 * two hours later; a start inside an existing booking moves to that booking's end. */
int ui_calendar_new(struct req *r)
{
	struct fval v[B_NFIELDS];
	input_read(r, booking_fields, B_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Error");
	hdf_remove_tree(r->hdf, "Errors");
	int64_t start = v[B_START].ok && v[B_START].present ? v[B_START].i : next_slot(r, r->now);
	if (v[B_VEHICLE].ok && v[B_VEHICLE].present) {
		/* Any organisation's booking blocks a shared vehicle; only the end time is used. */
		sqlite3_stmt *st = db_stmt(
		    "SELECT b.end FROM booking b WHERE b.vehicle_id = ?1 AND b.status = 'active' AND b.start <= ?3 AND b.end > ?3"
		    " AND (EXISTS (SELECT 1 FROM vehicle v WHERE v.id = ?1 AND v.org_id = ?2)"
		    " OR EXISTS (SELECT 1 FROM subscription s WHERE s.vehicle_id = ?1 AND s.org_id = ?2 AND s.cancelled_at IS NULL))");
		for (int k = 0; st && k < 10; k++) {
			sqlite3_bind_int64(st, 1, v[B_VEHICLE].i);
			sqlite3_bind_int64(st, 2, r->org.id);
			sqlite3_bind_int64(st, 3, start);
			int rc = sqlite3_step(st);
			int64_t end = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
			sqlite3_reset(st);
			if (!end)
				break;
			start = next_slot(r, end);
		}
	}
	char buf[32];
	struct local_tm lt;
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
                            const struct booking_row *conflict, int64_t id)
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
	case ST_BAD_VEHICLE:
		input_error(r, "vehicle", "booking.bad_vehicle");
		return booking_form(r, 422, id);
	case ST_BAD_MEMBER:
		input_error(r, "member", "booking.bad_member");
		return booking_form(r, 422, id);
	case ST_CONFLICT: {
		HDF *c;
		hdf_get_node(r->hdf, "Conflict", &c);
		hdfx_set_time(c, r->org.tz, "start", conflict->start);
		hdfx_set_time(c, r->org.tz, "end", conflict->end);
		/* Only administrators learn who holds the conflicting booking; of another organisation's
		 * booking of a shared vehicle, only that organisation's name. */
		if (r->user.is_admin && conflict->org_id && conflict->org_id != r->org.id) {
			hdf_set_value(c, "org", conflict->org_name);
		} else if (r->user.is_admin) {
			hdf_set_value(c, "member", conflict->member);
			hdf_set_value(c, "member_descr", conflict->member_descr);
			hdfx_set_int(c, "id", conflict->id);
		}
		return booking_form(r, 409, id);
	}
	default:
		return bs_failure(r, res);
	}
}

int ui_calendar_do_new(struct req *r)
{
	struct fval v[B_NFIELDS];
	if (input_read(r, booking_fields, B_NFIELDS, v))
		return booking_form(r, 422, 0);
	struct actor a = ui_actor(r);
	struct booking_input in = {
		.vehicle_id = v[B_VEHICLE].i, .member_id = v[B_MEMBER].present ? v[B_MEMBER].i : 0,
		.start = v[B_START].i, .end = v[B_END].i, .purpose = v[B_PURPOSE].present ? v[B_PURPOSE].s : "",
	};
	int64_t id = 0;
	enum bk_check span = BK_OK;
	struct booking_row conflict;
	enum store_status res = bookstore_create(&a, &in, &id, &span, &conflict);
	if (res != ST_OK)
		return booking_rejected(r, res, span, &conflict, 0);
	char url[512], rest[64];
	snprintf(rest, sizeof rest, "/booking/%lld?created=1", (long long)id);
	return app_redirect(r, app_url(r, url, sizeof url, "calendar", rest));
}

int ui_calendar_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct booking_row b;
	enum store_status res = bookstore_open(&a, r->id, "EDIT", &b);
	if (res != ST_OK)
		return bs_failure(r, res);
	fill_booking(r, &b);
	HDF *f;
	char buf[32];
	struct local_tm lt;
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
	struct booking_row b;
	enum store_status res = bookstore_load(&a, r->id, &b);
	if (res != ST_OK)
		return bs_failure(r, res);
	fill_booking(r, &b);
	struct fval v[B_NFIELDS];
	if (input_read(r, booking_fields, B_NFIELDS, v))
		return booking_form(r, 422, r->id);
	struct booking_input in = {
		.vehicle_id = v[B_VEHICLE].i, .member_id = v[B_MEMBER].present ? v[B_MEMBER].i : 0,
		.start = v[B_START].i, .end = v[B_END].i, .purpose = v[B_PURPOSE].present ? v[B_PURPOSE].s : "",
	};
	enum bk_check span = BK_OK;
	struct booking_row conflict;
	res = bookstore_change(&a, r->id, &in, &span, &conflict);
	if (res != ST_OK)
		return booking_rejected(r, res, span, &conflict, r->id);
	char url[512], rest[64];
	snprintf(rest, sizeof rest, "/booking/%lld?changed=1", (long long)r->id);
	return app_redirect(r, app_url(r, url, sizeof url, "calendar", rest));
}

int ui_calendar_do_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	const char *action = NULL;
	enum store_status res = bookstore_delete(&a, r->id, &action);
	if (res != ST_OK)
		return bs_failure(r, res);
	char url[512];
	return app_redirect(r, app_url(r, url, sizeof url, "calendar",
	                               strcmp(action, "STORNO") == 0 ? "/mine?storno=1" : "/mine?deleted=1"));
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
static enum store_status trip_prepare(struct req *r, struct trip_info *t)
{
	struct actor a = ui_actor(r);
	enum store_status res = trips_load(&a, r->id, t);
	if (res != ST_OK)
		return res;
	if (strcmp(t->booking.status, "active") != 0)
		return ST_NOT_ACTIVE;
	if (t->booking.end > r->now)
		return ST_NOT_ENDED;
	fill_booking(r, &t->booking);
	if (t->last >= 0)
		hdfx_set_int(hdf_get_obj(r->hdf, "Booking"), "km_last", t->last);
	ui_title(r, "bil.trip.title");
	return ST_OK;
}

int ui_calendar_trip(struct req *r)
{
	struct trip_info t;
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
static const struct field trip_fields[T_NFIELDS] = {
	[T_START] = {"km_start", v_int, true, 12},
	[T_END] = {"km_end", v_int, true, 12},
};

int ui_calendar_do_trip(struct req *r)
{
	struct trip_info t;
	enum store_status res = trip_prepare(r, &t);
	if (res != ST_OK)
		return trip_failure(r, res);
	struct fval v[T_NFIELDS];
	if (input_read(r, trip_fields, T_NFIELDS, v))
		return app_render(r, 422, "trip_form.cs");
	struct actor a = ui_actor(r);
	int64_t last = -1;
	res = trips_save(&a, r->id, v[T_START].i, v[T_END].i, &last);
	switch (res) {
	case ST_OK: {
		char url[512], rest[64];
		snprintf(rest, sizeof rest, "/booking/%lld?trip=1", (long long)r->id);
		return app_redirect(r, app_url(r, url, sizeof url, "calendar", rest));
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

static void add_missing(void *ctx, const struct booking_row *b)
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
