/* ui_export: the export screens' handlers — the "Auswertungen, Protokolle" page of administrators — choosing months, the action log of those months streamed as text, the booking file and the billing exports. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/period.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "format/tabout.h"
#include "http/app.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "store/billexport.h"
#include "store/billing.h"
#include "store/bookfile.h"
#include "store/logbook.h"
#include "ui/ui_export.h"
#include "ui/ui_shared.h"

static void bookfile_defaults(struct req *r);
static void billing_update_on_visit(struct req *r);

#define EXPORT_MONTHS 24   /* months offered for choice, counting back from the current one */

/* ---- Small helpers. */

/* The current month in the organisation's zone, as y*100+m. */
static int current_month(struct req *r)
{
	return period_month_of(r->org.tz, r->now);
}

/* Exp.months.<i> (value YYYY-MM, label "November 2026"), newest first, for the month choosers. */
static void fill_months(struct req *r)
{
	HDF *list = NULL;
	hdf_get_node(r->hdf, "Exp.months", &list);
	int cur = current_month(r);
	for (int i = 0; i < EXPORT_MONTHS; i++) {
		int ym = period_month_add(cur, -i);
		char value[16], key[16], label[64];
		HDF *m = hdfx_child(list, i);
		period_fmt_month(value, sizeof value, ym);
		snprintf(key, sizeof key, "exp.month.%d", ym % 100);
		snprintf(label, sizeof label, "%s %04d", app_lang(r, key), ym / 100);
		hdf_set_value(m, "value", value);
		hdf_set_value(m, "label", label);
	}
}

/* Renders the export page with status; Form.from and Form.to default to the previous and current month. */
static int export_page(struct req *r, int status)
{
	char buf[16];
	int cur = current_month(r);
	fill_months(r);
	if (!hdf_get_value(r->hdf, "Form.from", NULL)) {
		period_fmt_month(buf, sizeof buf, period_month_add(cur, -1));
		hdf_set_value(r->hdf, "Form.from", buf);
	}
	if (!hdf_get_value(r->hdf, "Form.to", NULL)) {
		period_fmt_month(buf, sizeof buf, cur);
		hdf_set_value(r->hdf, "Form.to", buf);
	}
	bookfile_defaults(r);
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "exp.title"));
	return app_render(r, status, "export.cs");
}

int ui_export_export(struct req *r)
{
	billing_update_on_visit(r);
	return export_page(r, 200);
}

/* ---- The action log. */

enum { L_FROM, L_TO, L_DOWNLOAD, L_NFIELDS };
static const struct input_field log_fields[L_NFIELDS] = {
	[L_FROM] = {"from", input_month, true, 7},
	[L_TO] = {"to", input_month, true, 7},
	[L_DOWNLOAD] = {"download", input_bool, false, 5},
};

/* Streams the organisation's action-log lines of the months from..to (y*100+m, both included, month
 * boundaries at local midnight of the organisation's zone) in time order, one line each, straight
 * from the statement. With download the response is an attachment named after the period. */
static int log_stream(struct req *r, int from, int to, bool download)
{
	int64_t t0, t1;
	period_span(r->org.tz, from, to, &t0, &t1);
	struct logbook_cursor c;
	/* The first step decides the status: a locked or broken database is still a proper error page. */
	int dbs = logbook_open(&c, r->org.id, t0, t1);
	if (dbs != ST_OK)
		return app_db_failure(r, dbs);
	char name[64], a[16], b[16];
	period_fmt_month(a, sizeof a, from);
	period_fmt_month(b, sizeof b, to);
	snprintf(name, sizeof name, "protokoll_%s_%s.txt", a, b);
	app_begin_stream(r, 200, "text/plain; charset=utf-8", download ? name : NULL);
	if (strcmp(r->method, "HEAD") == 0) {
		logbook_close(&c);
		return 200;
	}
	const char *line;
	size_t len;
	while (logbook_line(&c, &line, &len)) {
		app_write(r, line, len);
		app_write(r, "\n", 1);
		logbook_next(&c);
	}
	dbs = logbook_close(&c);
	if (dbs != ST_OK)
		app_log(r, "log stream ended early: db status %d", dbs); /* the status line is out: the file is short */
	return 200;
}

int ui_export_log(struct req *r)
{
	struct input_val v[L_NFIELDS];
	int bad = input_read(r, log_fields, L_NFIELDS, v);
	if (!bad && v[L_FROM].i > v[L_TO].i) {
		input_error(r, "to", "exp.log.order");
		bad++;
	}
	if (bad)
		return export_page(r, 422);
	return log_stream(r, (int)v[L_FROM].i, (int)v[L_TO].i, v[L_DOWNLOAD].i != 0);
}

/* ---- Shared by the booking file and the billing exports. */

/* name = "dd.mm.yyyy" and name_in = "YYYY-MM-DD" of the local date of t. */
static void set_date(struct req *r, HDF *node, const char *name, int64_t t)
{
	struct tu_tm lt;
	char buf[32], key[48];
	tu_to_local(r->org.tz, t, &lt);
	snprintf(buf, sizeof buf, "%02d.%02d.%04d", lt.day, lt.mon, lt.year);
	hdf_set_value(node, name, buf);
	snprintf(key, sizeof key, "%s_in", name);
	hdf_set_value(node, key, tu_fmt_date(buf, sizeof buf, &lt));
}

/* Where a streamed file goes: the response body, or nowhere for HEAD. */
static void http_sink(void *ctx, const char *data, size_t len)
{
	struct req *r = ctx;
	if (strcmp(r->method, "HEAD") != 0)
		app_write(r, data, len);
}

/* "semicolon" (default: German spreadsheets, decimal comma) or "comma" (decimal point). */
static const char *v_sep(struct req *r, const char *raw, struct input_val *out)
{
	if (!strcmp(raw, "semicolon"))
		out->i = ';';
	else if (!strcmp(raw, "comma"))
		out->i = ',';
	else
		return "exp.bf.sep_bad";
	out->s = raw;
	return NULL;
}

/* "csv" -> 0, "xlsx" -> 1. */
static const char *v_format(struct req *r, const char *raw, struct input_val *out)
{
	if (!strcmp(raw, "csv"))
		out->i = 0;
	else if (!strcmp(raw, "xlsx"))
		out->i = 1;
	else
		return "exp.bf.format_bad";
	out->s = raw;
	return NULL;
}

/* A EUR amount with at most two decimals, "." or "," as decimal mark, an optional minus: cents in i. */
static const char *v_money(struct req *r, const char *raw, struct input_val *out)
{
	return money_parse(raw, true, &out->i) == MONEY_OK ? NULL : "exp.bx.money";
}

/* For fields declared optional so that a missing one gets its own message: each field of idx[] that
 * was not sent is reported with the Lang key in keys[]. Returns the number reported. */
static int require(struct req *r, const struct input_field *f, const struct input_val *v, const int *idx, const char *const *keys, int n)
{
	int bad = 0;
	for (int k = 0; k < n; k++) {
		if (!v[idx[k]].present && v[idx[k]].ok) {
			input_error(r, f[idx[k]].name, keys[k]);
			bad++;
		}
	}
	return bad;
}

/* The organisation's usual billing period before the current one, as months y*100+m:
 * the previous month, or the previous quarter. */
static void last_period(struct req *r, int *from, int *to)
{
	period_previous(r->org.billing_period, current_month(r), from, to);
}

/* Missing billing records are created whenever the export page is used (no daemon on shared hosting).
 * A failure costs the page nothing: every download runs it again and answers its failure. */
static void billing_update_on_visit(struct req *r)
{
	int dbs = billing_update_tx(r->org.id, tu_now_ms(), NULL);
	if (dbs != ST_OK)
		app_log(r, "billing update on the export page failed (db status %d)", dbs);
}

/* ---- The booking file ("Buchungsdatei"). */

/* Exp.bf.missing.*: how many bookings the booking file leaves out because their km-priced vehicle
 * still lacks trip data, in the preselected period and in all, with the link to the list of them.
 * A failed read leaves the notice out: the page is still useful. */
static void missing_trips(struct req *r, HDF *bf, int from, int to)
{
	int64_t t0, t1;
	int in_period = 0, total = 0;
	period_span(r->org.tz, from, to, &t0, &t1);
	int dbs = bf_missing_trips(r->org.id, r->now, t0, t1, &in_period, &total);
	if (dbs != ST_OK) {
		app_log(r, "missing trip data count failed (db status %d)", dbs);
		return;
	}
	if (total == 0)
		return;
	HDF *m = hdfx_node(bf, "missing");
	char msg[512], url[512];
	hdfx_set_int(m, "total", total);
	hdfx_set_int(m, "period", in_period);
	ui_lang_n(r, "exp.bf.missing.total", total, msg, sizeof msg);
	hdf_set_value(m, "total_msg", msg);
	if (in_period > 0) {
		ui_lang_n(r, "exp.bf.missing.period", in_period, msg, sizeof msg);
		hdf_set_value(m, "period_msg", msg);
	}
	hdf_set_value(m, "url", app_url(r, url, sizeof url, "calendar", "/trips/missing"));
}

/* Exp.bf.*: the booking file form's values, the last billing period unless a rejected request set them. */
static void bookfile_defaults(struct req *r)
{
	HDF *bf = NULL;
	hdf_get_node(r->hdf, "Exp.bf", &bf);
	int from, to;
	last_period(r, &from, &to);
	if (!hdf_get_value(bf, "from", NULL)) {
		char buf[16];
		hdf_set_value(bf, "from", period_fmt_month(buf, sizeof buf, from));
		hdf_set_value(bf, "to", period_fmt_month(buf, sizeof buf, to));
	}
	if (!hdf_get_value(bf, "sep", NULL))
		hdf_set_value(bf, "sep", strcmp(r->org.lang, "en") == 0 ? "comma" : "semicolon");
	char url[512];
	hdf_set_value(bf, "billing", app_url(r, url, sizeof url, "export", "/billing"));
	missing_trips(r, bf, from, to);
}

enum { BF_FROM, BF_TO, BF_SEP, BF_BOM, BF_FORMAT, BF_NFIELDS };
static const struct input_field bf_fields[BF_NFIELDS] = {
	[BF_FROM] = {"from", input_month, true, 7},
	[BF_TO] = {"to", input_month, true, 7},
	[BF_SEP] = {"sep", v_sep, false, 10},
	[BF_BOM] = {"bom", input_bool, false, 5},
	[BF_FORMAT] = {"format", v_format, false, 5},
};

/* Streams a finished table: xlsx is complete in its temp file, CSV has gone out already. Returns 200,
 * or answers 500 when the xlsx file could not be written. */
static int table_done(struct req *r, struct tabout *t, bool xlsx, const char *name)
{
	if (tabout_close(t) != 0) {
		tabout_send(t, NULL, NULL);
		app_log(r, "xlsx file could not be written");
		return app_error(r, 500, NULL);
	}
	if (xlsx)
		app_begin_stream(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
	tabout_send(t, http_sink, r);
	return 200;
}

/* Opens the table: xlsx in a temp file (headers later), CSV after the response headers. NULL: answered 500. */
static struct tabout *table_open(struct req *r, bool xlsx, char sep, bool bom, const char *sheet, const char *name)
{
	struct tabout *t;
	if (xlsx) {
		t = tabout_xlsx(sheet);
		if (!t) {
			app_log(r, "cannot create an xlsx temp file");
			app_error(r, 500, NULL);
		}
		return t;
	}
	app_begin_stream(r, 200, "text/csv; charset=utf-8", name);
	t = tabout_csv(sep, bom, http_sink, r);
	if (!t)
		app_log(r, "out of memory for a CSV file"); /* headers are out: an empty file */
	return t;
}

static const char *const bf_cols[] = {
	"exp.bf.col.booking", "exp.bf.col.member_no", "exp.bf.col.login", "exp.bf.col.member", "exp.bf.col.vehicle",
	"exp.bf.col.area", "exp.bf.col.start", "exp.bf.col.end", "exp.bf.col.hours", "exp.bf.col.km",
	"exp.bf.col.status", "exp.bf.col.purpose", "exp.bf.col.creator", "exp.bf.col.created", "exp.bf.col.price",
};
#define BF_NCOLS (int)(sizeof bf_cols / sizeof bf_cols[0])

static void bookfile_row(struct req *r, struct tabout *t, const struct bf_row *b, const char *const kinds[3])
{
	tabout_int(t, b->booking_id);
	tabout_text(t, b->member_no);
	tabout_text(t, b->login);
	tabout_text(t, b->member_descr);
	tabout_text(t, b->vehicle);
	tabout_text(t, b->area);
	tabout_time(t, r->org.tz, b->start);
	tabout_time(t, r->org.tz, b->end);
	/* Hours with two places, rounded half up (the grid makes them exact quarters anyway). */
	int64_t secs = b->end > b->start ? b->end - b->start : 0;
	tabout_cents(t, (secs * 100 + 1800) / 3600);
	if (b->km >= 0)
		tabout_int(t, b->km);
	else
		tabout_empty(t);
	tabout_text(t, !strcmp(b->kind, "storno") ? kinds[1] : !strcmp(b->kind, "chgsto") ? kinds[2] : kinds[0]);
	tabout_text(t, b->purpose);
	tabout_text(t, b->creator);
	if (b->created_at >= 0)
		tabout_time(t, r->org.tz, b->created_at);
	else
		tabout_empty(t);
	tabout_cents(t, b->price);
	tabout_end_row(t);
}

/* GET /bookings?from=YYYY-MM&to=YYYY-MM[&sep=semicolon|comma][&bom=1][&format=csv|xlsx]: the billing
 * records are brought up to date first (no daemon), then every billable booking version whose start
 * lies in the months is streamed from one statement. */
int ui_export_bookings(struct req *r)
{
	struct input_val v[BF_NFIELDS];
	int bad = input_read(r, bf_fields, BF_NFIELDS, v);
	if (!bad && v[BF_FROM].i > v[BF_TO].i) {
		input_error(r, "to", "exp.log.order");
		bad++;
	}
	if (bad) {
		/* The page's other form (the action log) has fields of the same names: the messages and the
		 * input belong to the booking file's form. */
		static const char *const names[] = {"from", "to", "sep", "bom", "format"};
		HDF *bf = NULL;
		hdf_get_node(r->hdf, "Exp.bf", &bf);
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			char k[32];
			snprintf(k, sizeof k, "Error.%s", names[i]);
			const char *e = hdf_get_value(r->hdf, k, NULL);
			if (e) {
				char nk[32];
				snprintf(nk, sizeof nk, "Error.bf_%s", names[i]);
				hdf_set_value(r->hdf, nk, e);
				hdf_remove_tree(r->hdf, k);
			}
			hdf_set_value(bf, names[i], v[i].raw);
		}
		hdf_remove_tree(r->hdf, "Form");
		return export_page(r, 422);
	}
	int dbs = billing_update_tx(r->org.id, tu_now_ms(), NULL);
	if (dbs != ST_OK)
		return app_db_failure(r, dbs);
	int from = (int)v[BF_FROM].i, to = (int)v[BF_TO].i;
	int64_t t0, t1;
	period_span(r->org.tz, from, to, &t0, &t1);
	bool xlsx = v[BF_FORMAT].present && v[BF_FORMAT].i == 1;
	char sep = v[BF_SEP].present ? (char)v[BF_SEP].i : strcmp(r->org.lang, "en") == 0 ? ',' : ';';
	char name[64], a[16], b[16];
	period_fmt_month(a, sizeof a, from);
	period_fmt_month(b, sizeof b, to);
	if (from == to)
		snprintf(name, sizeof name, "buchungen_%s.%s", a, xlsx ? "xlsx" : "csv");
	else
		snprintf(name, sizeof name, "buchungen_%s_%s.%s", a, b, xlsx ? "xlsx" : "csv");

	struct bf_cursor c;
	dbs = bf_open(&c, r->org.id, t0, t1);
	if (dbs != ST_OK)
		return app_db_failure(r, dbs);
	if (!xlsx && strcmp(r->method, "HEAD") == 0) {
		bf_close(&c);
		app_begin_stream(r, 200, "text/csv; charset=utf-8", name);
		return 200;
	}
	struct tabout *t = table_open(r, xlsx, sep, v[BF_BOM].present && v[BF_BOM].i, app_lang(r, "exp.bf.sheet"), name);
	if (!t) {
		bf_close(&c);
		return r->responded ? r->status : 500;
	}
	const char *labels[BF_NCOLS];
	for (int i = 0; i < BF_NCOLS; i++)
		labels[i] = app_lang(r, bf_cols[i]);
	tabout_header(t, labels, BF_NCOLS);
	const char *const kinds[3] = {app_lang(r, "bil.kind.normal"), app_lang(r, "bil.kind.storno"),
	                              app_lang(r, "bil.kind.chgsto")};
	struct bf_row row;
	while (bf_row(&c, &row)) {
		bookfile_row(r, t, &row, kinds);
		bf_next(&c);
	}
	dbs = bf_close(&c);
	if (dbs != ST_OK) {
		app_log(r, "booking file ended early");
		if (xlsx) {
			tabout_send(t, NULL, NULL);
			return app_db_failure(r, dbs);
		}
	}
	return table_done(r, t, xlsx, name);
}

/* ---- Billing exports ("Verrechnungsexport"). */

/* The sort parameter's names, in the order of enum bx_sort. */
static const char *const bx_sort_names[BX_NSORT] = {"title", "owner", "start", "end", "created", "changed"};

static const char *v_sort(struct req *r, const char *raw, struct input_val *out)
{
	for (int i = 0; i < BX_NSORT; i++)
		if (!strcmp(raw, bx_sort_names[i])) {
			out->i = i;
			out->s = raw;
			return NULL;
		}
	return "exp.bx.sort_bad";
}

static const char *v_dir(struct req *r, const char *raw, struct input_val *out)
{
	if (!strcmp(raw, "asc"))
		out->i = 0;
	else if (!strcmp(raw, "desc"))
		out->i = 1;
	else
		return "exp.bx.sort_bad";
	out->s = raw;
	return NULL;
}

/* Fills list nodes Bx.list.<i> or Bx.bin.<i>, one per export. */
struct bx_fill {
	struct req *r;
	HDF *list;
	int n;
};

/* One export's overview values under node. */
static void bx_export_hdf(struct req *r, HDF *e, const struct bx_export *x)
{
	hdfx_set_int(e, "id", x->id);
	hdf_set_value(e, "title", x->title);
	hdf_set_value(e, "owner", x->owner);
	set_date(r, e, "start", x->start);
	set_date(r, e, "end", x->end - 1);
	hdfx_set_time(e, r->org.tz, "created", x->created_at);
	hdfx_set_time(e, r->org.tz, "changed", x->changed_at);
	hdfx_set_int(e, "rows", x->rows);
	if (x->deleted_at >= 0)
		hdfx_set_time(e, r->org.tz, "deleted", x->deleted_at);
}

static void bx_fill_one(void *ctx, const struct bx_export *x)
{
	struct bx_fill *f = ctx;
	bx_export_hdf(f->r, hdfx_child(f->list, f->n++), x);
}

/* GET /billing[?sort=title|owner|start|end|created|changed&dir=asc|desc][&deleted=ID] */
int ui_export_bx_list(struct req *r)
{
	static const struct input_field f[] = {{"sort", v_sort, false, 10}, {"dir", v_dir, false, 4}, {"deleted", input_id, false, 20}};
	struct input_val v[3];
	if (input_read(r, f, 3, v))
		return app_error(r, 400, NULL);
	billing_update_on_visit(r);
	int col = v[0].present ? (int)v[0].i : BX_SORT_CREATED;
	int desc = v[1].present ? (int)v[1].i : (v[0].present ? 0 : 1);
	struct bx_fill list = {r, hdfx_node(r->hdf, "Bx.list"), 0}, bin = {r, hdfx_node(r->hdf, "Bx.bin"), 0};
	enum store_status res = bx_list(r->org.id, false, (enum bx_sort)col, desc, bx_fill_one, &list);
	if (res == ST_OK)
		res = bx_list(r->org.id, true, BX_SORT_CREATED, true, bx_fill_one, &bin);
	if (res != ST_OK)
		return app_db_failure(r, res);
	HDF *sort = hdfx_node(r->hdf, "Bx.sort");
	hdf_set_value(sort, "col", bx_sort_names[col]);
	hdf_set_value(sort, "dir", desc ? "desc" : "asc");
	/* The link of each column header: ascending, or descending when it is the ascending column now. */
	for (int i = 0; i < BX_NSORT; i++) {
		char k[32];
		snprintf(k, sizeof k, "next.%s", bx_sort_names[i]);
		hdf_set_value(sort, k, i == col && !desc ? "desc" : "asc");
	}
	/* Right after a deletion: the deleted export, to offer "restore". */
	if (v[2].present) {
		struct bx_export x;
		bool found = false;
		if (bx_load(r->org.id, v[2].i, true, &x, &found) == ST_OK && found) {
			hdfx_set_int(r->hdf, "Bx.justdeleted.id", x.id);
			hdf_set_value(r->hdf, "Bx.justdeleted.title", x.title);
		}
	}
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "exp.bx.title"));
	return app_render(r, 200, "billing_exports.cs");
}

enum { BN_TITLE, BN_TEASER, BN_PROVIDER, BN_START, BN_END, BN_MARK, BN_NFIELDS };
static const struct input_field bn_fields[BN_NFIELDS] = {
	[BN_TITLE] = {"title", input_text, false, 200},
	[BN_TEASER] = {"teaser", input_textarea, false, 2000},
	[BN_PROVIDER] = {"provider", input_text, false, 200},
	[BN_START] = {"start", input_date, false, 10},
	[BN_END] = {"end", input_date, false, 10},
	[BN_MARK] = {"mark", input_bool, false, 5},
};

static int bx_new_form(struct req *r, int status)
{
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "exp.bx.new"));
	return app_render(r, status, "billing_export_new.cs");
}

/* GET /billing/new: the form, with the organisation's last billing period. */
int ui_export_bx_new(struct req *r)
{
	int from, to;
	last_period(r, &from, &to);
	int after = period_month_add(to, 1);
	char buf[32];
	HDF *f = hdfx_node(r->hdf, "Form");
	snprintf(buf, sizeof buf, "%04d-%02d-01", from / 100, from % 100);
	hdf_set_value(f, "start", buf);
	struct tu_tm last = {.year = after / 100, .mon = after % 100, .day = 1};
	tu_add_days(&last, -1);
	hdf_set_value(f, "end", tu_fmt_date(buf, sizeof buf, &last));
	hdf_set_value(f, "mark", "1");
	return bx_new_form(r, 200);
}

/* UTC start of a local date given as y*10000+m*100+d, plus days. */
static int64_t day_start(struct req *r, int64_t ymd, int days)
{
	struct tu_tm t = {.year = (int)(ymd / 10000), .mon = (int)(ymd / 100 % 100), .day = (int)(ymd % 100)};
	tu_add_days(&t, days);
	return tu_day_start(r->org.tz, t.year, t.mon, t.day);
}

/* s without leading and trailing spaces and tabs, copied into buf (cut on a character boundary). */
static const char *trimmed(const char *s, char *buf, size_t n)
{
	while (*s == ' ' || *s == '\t')
		s++;
	utf8_copy(buf, n, s);
	size_t len = strlen(buf);
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		buf[--len] = '\0';
	return buf;
}

int ui_export_do_bx_new(struct req *r)
{
	struct input_val v[BN_NFIELDS];
	int bad = input_read(r, bn_fields, BN_NFIELDS, v);
	char title[1024], provider[1024];
	/* A title of spaces only is no title: it would name nothing in the overview. */
	if (v[BN_TITLE].present && v[BN_TITLE].ok && !*trimmed(v[BN_TITLE].s, title, sizeof title)) {
		input_error(r, "title", "exp.bx.title_blank");
		bad++;
	}
	static const int req_idx[] = {BN_TITLE, BN_START, BN_END};
	static const char *const req_keys[] = {"exp.bx.req.title", "exp.bx.req.start", "exp.bx.req.end"};
	bad += require(r, bn_fields, v, req_idx, req_keys, 3);
	if (!bad && v[BN_END].i < v[BN_START].i) {
		input_error(r, "end", "exp.bx.end_before_start");
		bad++;
	}
	if (bad)
		return bx_new_form(r, 422);
	struct bx_export_in in = {
		.title = title, .teaser = v[BN_TEASER].present ? v[BN_TEASER].s : "",
		.provider = v[BN_PROVIDER].present ? trimmed(v[BN_PROVIDER].s, provider, sizeof provider) : "",
		.start = day_start(r, v[BN_START].i, 0), .end = day_start(r, v[BN_END].i, 1),
		.mark = v[BN_MARK].present && v[BN_MARK].i,
	};
	struct bx_created out;
	enum store_status res = bx_create(r->org.id, r->user.id, &in, tu_now_ms(), &out);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[128];
	if (out.in_bin)
		snprintf(rest, sizeof rest, "/billing/%lld?created=%d&inbin=%d&bin=%lld", (long long)out.id, out.nrows,
		         out.in_bin, (long long)out.bin_export);
	else
		snprintf(rest, sizeof rest, "/billing/%lld?created=%d", (long long)out.id, out.nrows);
	return ui_redirect(r, "export", rest);
}

/* Bx.export.* of export id of the organisation, not in the bin. Returns the store status; *found set. */
static enum store_status bx_export_load(struct req *r, int64_t id, bool *found)
{
	struct bx_export x;
	enum store_status res = bx_load(r->org.id, id, false, &x, found);
	if (res != ST_OK || !*found)
		return res;
	HDF *e = hdfx_node(r->hdf, "Bx.export");
	hdfx_set_int(e, "id", x.id);
	hdf_set_value(e, "title", x.title);
	hdf_set_value(e, "teaser", x.teaser);
	hdf_set_value(e, "provider", x.provider);
	set_date(r, e, "start", x.start);
	set_date(r, e, "end", x.end - 1);
	hdf_set_value(e, "mark", x.mark ? "1" : "0");
	hdf_set_value(e, "owner", x.owner);
	hdfx_set_time(e, r->org.tz, "created", x.created_at);
	hdfx_set_time(e, r->org.tz, "changed", x.changed_at);
	return ST_OK;
}

#define BX_PAGE_ROWS 500

/* A notice flag or count of the edit page's URL (set by the redirect after an action): i is the
 * number, or -1 for anything else, which shows no notice; never an error of its own. */
static const char *v_notice(struct req *r, const char *raw, struct input_val *out)
{
	int64_t n = 0;
	const char *p = raw;
	for (; *p >= '0' && *p <= '9' && n < 100000000000LL; p++)
		n = n * 10 + (*p - '0');
	out->i = *p || p == raw ? -1 : n;
	out->s = raw;
	return NULL;
}

enum { EN_PAGE, EN_CREATED, EN_ADDED, EN_SAVED, EN_ROWDELETED, EN_ROWRESTORED, EN_RESTORED, EN_INBIN, EN_BIN, EN_NFIELDS };
static const struct input_field en_fields[EN_NFIELDS] = {
	[EN_PAGE] = {"page", v_notice, false, 8},
	[EN_CREATED] = {"created", v_notice, false, 12},
	[EN_ADDED] = {"added", v_notice, false, 12},
	[EN_SAVED] = {"saved", v_notice, false, 12},
	[EN_ROWDELETED] = {"rowdeleted", v_notice, false, 12},
	[EN_ROWRESTORED] = {"rowrestored", v_notice, false, 12},
	[EN_RESTORED] = {"restored", v_notice, false, 12},
	[EN_INBIN] = {"inbin", v_notice, false, 12},
	[EN_BIN] = {"bin", v_notice, false, 20},
};

/* Bx.notice.*: the notices the redirect after an action asked for; returns the page number asked for. */
static int bx_notices(struct req *r)
{
	struct input_val v[EN_NFIELDS];
	input_read(r, en_fields, EN_NFIELDS, v);
	HDF *n = hdfx_node(r->hdf, "Bx.notice");
	static const char *const flags[] = {
		[EN_CREATED] = "created", [EN_ADDED] = "added", [EN_SAVED] = "saved", [EN_ROWDELETED] = "rowdeleted",
		[EN_ROWRESTORED] = "rowrestored", [EN_RESTORED] = "restored",
	};
	for (int i = EN_CREATED; i <= EN_RESTORED; i++)
		if (v[i].present && v[i].i >= 0)
			hdf_set_value(n, flags[i], "1");
	/* Records of the period that sit in an export in the bin: say so, and where to restore them. */
	if (v[EN_CREATED].present && v[EN_INBIN].present && v[EN_INBIN].i > 0) {
		char msg[512], url[512];
		ui_lang_n(r, "exp.bx.inbin", v[EN_INBIN].i, msg, sizeof msg);
		hdf_set_value(n, "inbin", msg);
		hdf_set_value(n, "bin_url", app_url(r, url, sizeof url, "export", "/billing#bin"));
		struct bx_export x;
		bool found = false;
		if (v[EN_BIN].present && v[EN_BIN].i > 0 && bx_load(r->org.id, v[EN_BIN].i, true, &x, &found) == ST_OK &&
		    found) {
			hdfx_set_int(n, "bin_id", x.id);
			hdf_set_value(n, "bin_title", x.title);
		}
	}
	hdf_remove_tree(r->hdf, "Form.page");
	int page = v[EN_PAGE].present ? (int)v[EN_PAGE].i : 0;
	return page >= 0 && page < 100000 ? page : 0;
}

/* The edit page of export r->id: its rows (BX_PAGE_ROWS a page), the manual-row form, downloads. */
static int bx_edit_page(struct req *r, int status)
{
	bool found = false;
	enum store_status res = bx_export_load(r, r->id, &found);
	if (res != ST_OK)
		return app_db_failure(r, res);
	if (!found)
		return app_error(r, 404, NULL);
	int page = bx_notices(r);
	struct bx_cursor c;
	res = bx_open(&c, r->org.id, r->id, false, BX_PAGE_ROWS + 1, page * BX_PAGE_ROWS);
	if (res != ST_OK)
		return app_db_failure(r, res);
	HDF *rows = hdfx_node(r->hdf, "Bx.rows"), *bx = hdfx_node(r->hdf, "Bx");
	int i = 0;
	struct bx_row row;
	for (; bx_row(&c, &row); bx_next(&c)) {
		if (i == BX_PAGE_ROWS) {
			hdfx_set_int(bx, "next", page + 1);
			break;
		}
		HDF *x = hdfx_child(rows, i++);
		hdfx_set_int(x, "id", row.id);
		if (row.billing_id)
			hdfx_set_int(x, "billing_id", row.billing_id);
		else
			hdf_set_value(x, "billing_id", "");
		hdf_set_value(x, "oe", row.oe);
		hdf_set_value(x, "lastname", row.lastname);
		hdf_set_value(x, "firstname", row.firstname);
		hdf_set_value(x, "provider", row.provider);
		hdf_set_value(x, "title", row.title);
		hdfx_set_time(x, r->org.tz, "start", row.start);
		hdfx_set_time(x, r->org.tz, "end", row.end);
		ui_money_hdf(r, x, "price", row.price);
		ui_money_hdf(r, x, "discount", row.discount);
		hdf_set_value(x, "deleted", row.deleted ? "1" : "0");
	}
	res = bx_close(&c);
	if (res != ST_OK)
		return app_db_failure(r, res);
	if (page > 0)
		hdfx_set_int(bx, "prev", page - 1);
	struct bx_sums sum;
	res = bx_sums(r->org.id, r->id, &sum);
	if (res != ST_OK)
		return app_db_failure(r, res);
	hdfx_set_int(bx, "count", sum.count);
	ui_money_hdf(r, bx, "sum", sum.price);
	ui_money_hdf(r, bx, "discounts", sum.discount);
	hdf_set_value(r->hdf, "Page.title", hdf_get_value(r->hdf, "Bx.export.title", ""));
	return app_render(r, status, "billing_export_edit.cs");
}

int ui_export_bx_edit(struct req *r)
{
	return bx_edit_page(r, 200);
}

enum { BR_OE, BR_LAST, BR_FIRST, BR_PROVIDER, BR_TITLE, BR_START, BR_END, BR_PRICE, BR_DISCOUNT, BR_NFIELDS };
static const struct input_field br_fields[BR_NFIELDS] = {
	[BR_OE] = {"oe", input_text, false, 100},
	[BR_LAST] = {"lastname", input_text, false, 200},
	[BR_FIRST] = {"firstname", input_text, false, 200},
	[BR_PROVIDER] = {"provider", input_text, false, 200},
	[BR_TITLE] = {"title", input_text, false, 200},
	[BR_START] = {"start", input_datetime, false, 19},
	[BR_END] = {"end", input_datetime, false, 19},
	[BR_PRICE] = {"price", v_money, false, 16},
	[BR_DISCOUNT] = {"discount", v_money, false, 16},
};

/* Reads a row; every missing field is named. Returns the number of invalid fields. */
static int read_row(struct req *r, struct bx_row_in *in)
{
	struct input_val v[BR_NFIELDS];
	int bad = input_read(r, br_fields, BR_NFIELDS, v);
	static const int idx[] = {BR_OE, BR_LAST, BR_FIRST, BR_PROVIDER, BR_TITLE, BR_START, BR_END, BR_PRICE, BR_DISCOUNT};
	static const char *const keys[] = {
		"exp.bx.req.oe", "exp.bx.req.lastname", "exp.bx.req.firstname", "exp.bx.req.provider", "exp.bx.req.title",
		"exp.bx.req.start", "exp.bx.req.end", "exp.bx.req.price", "exp.bx.req.discount",
	};
	bad += require(r, br_fields, v, idx, keys, BR_NFIELDS);
	if (v[BR_START].present && v[BR_START].ok && v[BR_END].present && v[BR_END].ok && v[BR_END].i < v[BR_START].i) {
		input_error(r, "end", "exp.bx.end_before_start");
		bad++;
	}
	if (v[BR_DISCOUNT].present && v[BR_DISCOUNT].ok && v[BR_DISCOUNT].i < 0) {
		input_error(r, "discount", "exp.bx.discount_negative");
		bad++;
	}
	in->oe = v[BR_OE].s;
	in->lastname = v[BR_LAST].s;
	in->firstname = v[BR_FIRST].s;
	in->provider = v[BR_PROVIDER].s;
	in->title = v[BR_TITLE].s;
	in->start = v[BR_START].i;
	in->end = v[BR_END].i;
	in->price = v[BR_PRICE].i;
	in->discount = v[BR_DISCOUNT].i;
	return bad;
}

/* POST /billing/#/rows: a manual row. */
int ui_export_do_bx_row_add(struct req *r)
{
	struct bx_row_in in;
	if (read_row(r, &in)) {
		hdf_set_value(r->hdf, "Bx.rowerror", "1");
		return bx_edit_page(r, 422);
	}
	enum store_status res = bx_row_add(r->org.id, r->id, &in, r->now, NULL);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/billing/%lld?added=1", (long long)r->id);
	return ui_redirect(r, "export", rest);
}

/* Bx.row.* and, when fill_form, Form.* of row r->id (of a not deleted export of the organisation). */
static enum store_status bx_row_hdf(struct req *r, bool fill_form, bool *found)
{
	struct bx_row_rec x;
	enum store_status res = bx_row_load(r->org.id, r->id, &x, found);
	if (res != ST_OK || !*found)
		return res;
	HDF *n = hdfx_node(r->hdf, "Bx.row");
	hdfx_set_int(n, "id", x.id);
	hdfx_set_int(n, "export", x.export_id);
	hdf_set_value(n, "export_title", x.export_title);
	if (x.billing_id)
		hdfx_set_int(n, "billing_id", x.billing_id);
	else
		hdf_set_value(n, "billing_id", "");
	hdf_set_value(n, "deleted", x.deleted ? "1" : "0");
	if (fill_form) {
		HDF *f = hdfx_node(r->hdf, "Form");
		char buf[24];
		hdf_set_value(f, "oe", x.oe);
		hdf_set_value(f, "lastname", x.lastname);
		hdf_set_value(f, "firstname", x.firstname);
		hdf_set_value(f, "provider", x.provider);
		hdf_set_value(f, "title", x.title);
		struct tu_tm lt;
		tu_to_local(r->org.tz, x.start, &lt);
		hdf_set_value(f, "start", tu_fmt_input(buf, sizeof buf, &lt));
		tu_to_local(r->org.tz, x.end, &lt);
		hdf_set_value(f, "end", tu_fmt_input(buf, sizeof buf, &lt));
		char money[MONEY_BUF];
		hdf_set_value(f, "price", ui_money_input(r, money, x.price));
		hdf_set_value(f, "discount", ui_money_input(r, money, x.discount));
	}
	return ST_OK;
}

static int bx_row_page(struct req *r, int status, bool fill_form)
{
	bool found = false;
	enum store_status res = bx_row_hdf(r, fill_form, &found);
	if (res != ST_OK)
		return app_db_failure(r, res);
	if (!found)
		return app_error(r, 404, NULL);
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "exp.bx.row.edit"));
	return app_render(r, status, "billing_export_row.cs");
}

int ui_export_bx_row(struct req *r)
{
	return bx_row_page(r, 200, true);
}

int ui_export_do_bx_row_edit(struct req *r)
{
	struct bx_row_in in;
	if (read_row(r, &in))
		return bx_row_page(r, 422, false);
	int64_t export_id = 0;
	enum store_status res = bx_row_update(r->org.id, r->id, &in, r->now, &export_id);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/billing/%lld?saved=1", (long long)export_id);
	return ui_redirect(r, "export", rest);
}

static int bx_row_mark(struct req *r, bool deleted)
{
	int64_t export_id = 0;
	enum store_status res = bx_row_delete(r->org.id, r->id, deleted, r->now, &export_id);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/billing/%lld?%s=1", (long long)export_id, deleted ? "rowdeleted" : "rowrestored");
	return ui_redirect(r, "export", rest);
}

int ui_export_do_bx_row_delete(struct req *r)
{
	return bx_row_mark(r, true);
}

int ui_export_do_bx_row_undelete(struct req *r)
{
	return bx_row_mark(r, false);
}

int ui_export_do_bx_delete(struct req *r)
{
	enum store_status res = bx_delete(r->org.id, r->id, true, r->now);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/billing?deleted=%lld", (long long)r->id);
	return ui_redirect(r, "export", rest);
}

int ui_export_do_bx_restore(struct req *r)
{
	enum store_status res = bx_delete(r->org.id, r->id, false, r->now);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/billing/%lld?restored=1", (long long)r->id);
	return ui_redirect(r, "export", rest);
}

static const char *const bx_cols[] = {
	"exp.bx.col.billing_id", "exp.bx.col.oe", "exp.bx.col.lastname", "exp.bx.col.firstname", "exp.bx.col.provider",
	"exp.bx.col.title", "exp.bx.col.start", "exp.bx.col.end", "exp.bx.col.price", "exp.bx.col.discount",
};
#define BX_NCOLS (int)(sizeof bx_cols / sizeof bx_cols[0])

/* GET /billing/#/download[?format=csv|xlsx][&sep=semicolon|comma][&bom=1]: the rows not marked deleted,
 * streamed from the cursor. */
int ui_export_bx_download(struct req *r)
{
	static const struct input_field f[] = {{"format", v_format, false, 5}, {"sep", v_sep, false, 10}, {"bom", input_bool, false, 5}};
	struct input_val v[3];
	if (input_read(r, f, 3, v))
		return app_error(r, 400, NULL);
	bool found = false;
	enum store_status res = bx_export_load(r, r->id, &found);
	if (res != ST_OK)
		return app_db_failure(r, res);
	if (!found)
		return app_error(r, 404, NULL);
	struct bx_cursor c;
	res = bx_open(&c, r->org.id, r->id, true, 0, 0);
	if (res != ST_OK)
		return app_db_failure(r, res);
	bool xlsx = v[0].present && v[0].i == 1;
	char sep = v[1].present ? (char)v[1].i : strcmp(r->org.lang, "en") == 0 ? ',' : ';';
	char name[96];
	snprintf(name, sizeof name, "verrechnung_%lld_%s_%s.%s", (long long)r->id,
	         hdf_get_value(r->hdf, "Bx.export.start_in", ""), hdf_get_value(r->hdf, "Bx.export.end_in", ""),
	         xlsx ? "xlsx" : "csv");
	struct tabout *t = table_open(r, xlsx, sep, v[2].present && v[2].i, app_lang(r, "exp.bx.sheet"), name);
	if (!t) {
		bx_close(&c);
		return r->responded ? r->status : 500;
	}
	const char *labels[BX_NCOLS];
	for (int i = 0; i < BX_NCOLS; i++)
		labels[i] = app_lang(r, bx_cols[i]);
	tabout_header(t, labels, BX_NCOLS);
	struct bx_row row;
	for (; bx_row(&c, &row); bx_next(&c)) {
		if (row.billing_id)
			tabout_int(t, row.billing_id);
		else
			tabout_empty(t);
		tabout_text(t, row.oe);
		tabout_text(t, row.lastname);
		tabout_text(t, row.firstname);
		tabout_text(t, row.provider);
		tabout_text(t, row.title);
		tabout_time(t, r->org.tz, row.start);
		tabout_time(t, r->org.tz, row.end);
		tabout_cents(t, row.price);
		tabout_cents(t, row.discount);
		tabout_end_row(t);
	}
	res = bx_close(&c);
	if (res != ST_OK) {
		app_log(r, "export download ended early: db status %d", res);
		if (xlsx) {
			tabout_send(t, NULL, NULL);
			return app_db_failure(r, res);
		}
	}
	return table_done(r, t, xlsx, name);
}
