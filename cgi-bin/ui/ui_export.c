/* ui_export: the export screens' handlers — the "Auswertungen, Protokolle" page of administrators — choosing months, and the action log of those months streamed as text. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "http/app.h"
#include "ui/ui_export.h"
#include "ui/ui_shared.h"
#include "store/db.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "base/timeutil.h"
/* The booking file and the billing exports. */
#include <time.h>
#include "store/billexport.h"
#include "store/billing.h"
#include "store/bookfile.h"
#include "rules/pricing.h"
#include "format/tabout.h"

static void bookfile_defaults(struct req *r);
static void billing_update_on_visit(struct req *r);

#define EXPORT_MONTHS 24   /* months offered for choice, counting back from the current one */

/* ---- Small helpers. */

/* A month as y*100+m moved by n months. */
static int month_add(int ym, int n)
{
	int k = (ym / 100) * 12 + (ym % 100 - 1) + n;
	return (k / 12) * 100 + k % 12 + 1;
}

static void fmt_month(char *buf, size_t n, int ym)
{
	snprintf(buf, n, "%04d-%02d", ym / 100, ym % 100);
}

/* The current month in the organisation's zone, as y*100+m. */
static int current_month(struct req *r)
{
	struct local_tm t;
	tu_to_local(r->org.tz, r->now, &t);
	return t.year * 100 + t.mon;
}

/* Exp.months.<i> (value YYYY-MM, label "November 2026"), newest first, for the month choosers. */
static void fill_months(struct req *r)
{
	HDF *list = NULL;
	hdf_get_node(r->hdf, "Exp.months", &list);
	int cur = current_month(r);
	for (int i = 0; i < EXPORT_MONTHS; i++) {
		int ym = month_add(cur, -i);
		char value[16], key[16], label[64];
		HDF *m = hdfx_child(list, i);
		fmt_month(value, sizeof value, ym);
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
		fmt_month(buf, sizeof buf, month_add(cur, -1));
		hdf_set_value(r->hdf, "Form.from", buf);
	}
	if (!hdf_get_value(r->hdf, "Form.to", NULL)) {
		fmt_month(buf, sizeof buf, cur);
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
static const struct field log_fields[L_NFIELDS] = {
	[L_FROM] = {"from", v_month, true, 7},
	[L_TO] = {"to", v_month, true, 7},
	[L_DOWNLOAD] = {"download", v_bool, false, 5},
};

/* Streams the organisation's action-log lines of the months from..to (y*100+m, both included, month
 * boundaries at local midnight of the organisation's zone) in time order, one line each, straight
 * from the statement. With download the response is an attachment named after the period. */
static int log_stream(struct req *r, int from, int to, bool download)
{
	int after = month_add(to, 1);
	int64_t t0 = tu_day_start(r->org.tz, from / 100, from % 100, 1);
	int64_t t1 = tu_day_start(r->org.tz, after / 100, after % 100, 1);
	sqlite3_stmt *st = db_stmt("SELECT line FROM actionlog WHERE org_id = ? AND at >= ? AND at < ? ORDER BY at, id");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->org.id);
	sqlite3_bind_int64(st, 2, t0);
	sqlite3_bind_int64(st, 3, t1);
	/* The first step decides the status: a locked or broken database is still a proper error page. */
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return app_db_failure(r, db_result(rc, "log stream"));
	}
	char name[64], a[16], b[16];
	fmt_month(a, sizeof a, from);
	fmt_month(b, sizeof b, to);
	snprintf(name, sizeof name, "protokoll_%s_%s.txt", a, b);
	app_begin_stream(r, 200, "text/plain; charset=utf-8", download ? name : NULL);
	if (strcmp(r->method, "HEAD") == 0) {
		sqlite3_reset(st);
		return 200;
	}
	while (rc == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		if (line)
			app_write(r, line, (size_t)len);
		app_write(r, "\n", 1);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		app_log(r, "log stream ended early: sqlite %d", rc); /* the status line is out: the file is short */
	return 200;
}

int ui_export_log(struct req *r)
{
	struct fval v[L_NFIELDS];
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
	struct local_tm lt;
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
static const char *v_sep(struct req *r, const char *raw, struct fval *out)
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
static const char *v_format(struct req *r, const char *raw, struct fval *out)
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
static const char *v_money(struct req *r, const char *raw, struct fval *out)
{
	return money_parse(raw, true, &out->i) == MONEY_OK ? NULL : "exp.bx.money";
}

/* For fields declared optional so that a missing one gets its own message: each field of idx[] that
 * was not sent is reported with the Lang key in keys[]. Returns the number reported. */
static int require(struct req *r, const struct field *f, const struct fval *v, const int *idx, const char *const *keys, int n)
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
	int cur = current_month(r);
	if (strcmp(r->org.billing_period, "quarter") == 0) {
		int q0 = (cur / 100) * 100 + ((cur % 100 - 1) / 3) * 3 + 1;
		*from = month_add(q0, -3);
		*to = month_add(q0, -1);
	} else {
		*from = *to = month_add(cur, -1);
	}
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

/* Exp.bf.*: the booking file form's values, the last billing period unless a rejected request set them. */
static void bookfile_defaults(struct req *r)
{
	HDF *bf = NULL;
	hdf_get_node(r->hdf, "Exp.bf", &bf);
	if (!hdf_get_value(bf, "from", NULL)) {
		int from, to;
		char buf[16];
		last_period(r, &from, &to);
		fmt_month(buf, sizeof buf, from);
		hdf_set_value(bf, "from", buf);
		fmt_month(buf, sizeof buf, to);
		hdf_set_value(bf, "to", buf);
	}
	if (!hdf_get_value(bf, "sep", NULL))
		hdf_set_value(bf, "sep", strcmp(r->org.lang, "en") == 0 ? "comma" : "semicolon");
	char url[512];
	hdf_set_value(bf, "billing", app_url(r, url, sizeof url, "export", "/billing"));
}

enum { BF_FROM, BF_TO, BF_SEP, BF_BOM, BF_FORMAT, BF_NFIELDS };
static const struct field bf_fields[BF_NFIELDS] = {
	[BF_FROM] = {"from", v_month, true, 7},
	[BF_TO] = {"to", v_month, true, 7},
	[BF_SEP] = {"sep", v_sep, false, 10},
	[BF_BOM] = {"bom", v_bool, false, 5},
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
	struct fval v[BF_NFIELDS];
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
	int from = (int)v[BF_FROM].i, to = (int)v[BF_TO].i, after = month_add(to, 1);
	int64_t t0 = tu_day_start(r->org.tz, from / 100, from % 100, 1);
	int64_t t1 = tu_day_start(r->org.tz, after / 100, after % 100, 1);
	bool xlsx = v[BF_FORMAT].present && v[BF_FORMAT].i == 1;
	char sep = v[BF_SEP].present ? (char)v[BF_SEP].i : strcmp(r->org.lang, "en") == 0 ? ',' : ';';
	char name[64], a[16], b[16];
	fmt_month(a, sizeof a, from);
	fmt_month(b, sizeof b, to);
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

/* Overview columns: the sort parameter's names, each with two statements (ascending, descending). */
#define BX_LIST(order) \
	"SELECT e.id, e.title, coalesce(m.login, ''), e.start, e.end, e.created_at, e.changed_at," \
	" (SELECT count(*) FROM billing_export_row x WHERE x.export_id = e.id AND x.deleted = 0)" \
	" FROM billing_export e LEFT JOIN member m ON m.id = e.owner_id" \
	" WHERE e.org_id = ? AND e.deleted_at IS NULL ORDER BY " order ", e.id DESC"
static const char *const bx_sort_names[] = {"title", "owner", "start", "end", "created", "changed"};
static const char *const bx_list_sql[6][2] = {
	{BX_LIST("e.title COLLATE NOCASE ASC"), BX_LIST("e.title COLLATE NOCASE DESC")},
	{BX_LIST("m.login ASC"), BX_LIST("m.login DESC")},
	{BX_LIST("e.start ASC"), BX_LIST("e.start DESC")},
	{BX_LIST("e.end ASC"), BX_LIST("e.end DESC")},
	{BX_LIST("e.created_at ASC"), BX_LIST("e.created_at DESC")},
	{BX_LIST("e.changed_at ASC"), BX_LIST("e.changed_at DESC")},
};

static const char *v_sort(struct req *r, const char *raw, struct fval *out)
{
	for (size_t i = 0; i < sizeof bx_sort_names / sizeof bx_sort_names[0]; i++)
		if (!strcmp(raw, bx_sort_names[i])) {
			out->i = (int64_t)i;
			out->s = raw;
			return NULL;
		}
	return "exp.bx.sort_bad";
}

static const char *v_dir(struct req *r, const char *raw, struct fval *out)
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

/* Bx.<name>.<i> from a statement of BX_LIST's columns (with deleted_at as column 8 for the bin). */
static int bx_fill_list(struct req *r, const char *name, sqlite3_stmt *st)
{
	HDF *list = NULL;
	hdf_get_node(r->hdf, name, &list);
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *e = hdfx_child(list, i++);
		hdf_set_value(e, "id", db_text(st, 0));
		hdf_set_value(e, "title", db_text(st, 1));
		hdf_set_value(e, "owner", db_text(st, 2));
		set_date(r, e, "start", sqlite3_column_int64(st, 3));
		set_date(r, e, "end", sqlite3_column_int64(st, 4) - 1);
		hdfx_set_time(e, r->org.tz, "created", sqlite3_column_int64(st, 5));
		hdfx_set_time(e, r->org.tz, "changed", sqlite3_column_int64(st, 6));
		hdf_set_value(e, "rows", db_text(st, 7));
		if (sqlite3_column_count(st) > 8)
			hdfx_set_time(e, r->org.tz, "deleted", sqlite3_column_int64(st, 8));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "export list");
}

/* GET /billing[?sort=title|owner|start|end|created|changed&dir=asc|desc][&deleted=ID] */
int ui_export_bx_list(struct req *r)
{
	static const struct field f[] = {{"sort", v_sort, false, 10}, {"dir", v_dir, false, 4}, {"deleted", v_id, false, 20}};
	struct fval v[3];
	if (input_read(r, f, 3, v))
		return app_error(r, 400, NULL);
	billing_update_on_visit(r);
	int col = v[0].present ? (int)v[0].i : 4;
	int desc = v[1].present ? (int)v[1].i : (v[0].present ? 0 : 1);
	sqlite3_stmt *st = db_stmt(bx_list_sql[col][desc]);
	sqlite3_stmt *bin = db_stmt(
	    "SELECT e.id, e.title, coalesce(m.login, ''), e.start, e.end, e.created_at, e.changed_at,"
	    " (SELECT count(*) FROM billing_export_row x WHERE x.export_id = e.id AND x.deleted = 0), e.deleted_at"
	    " FROM billing_export e LEFT JOIN member m ON m.id = e.owner_id"
	    " WHERE e.org_id = ? AND e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC, e.id DESC LIMIT 100");
	if (!st || !bin)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->org.id);
	sqlite3_bind_int64(bin, 1, r->org.id);
	int dbs = bx_fill_list(r, "Bx.list", st);
	if (dbs == ST_OK)
		dbs = bx_fill_list(r, "Bx.bin", bin);
	if (dbs != ST_OK)
		return app_db_failure(r, dbs);
	HDF *sort = NULL;
	hdf_get_node(r->hdf, "Bx.sort", &sort);
	hdf_set_value(sort, "col", bx_sort_names[col]);
	hdf_set_value(sort, "dir", desc ? "desc" : "asc");
	/* The link of each column header: ascending, or descending when it is the ascending column now. */
	for (int i = 0; i < 6; i++) {
		char k[32];
		snprintf(k, sizeof k, "next.%s", bx_sort_names[i]);
		hdf_set_value(sort, k, i == col && !desc ? "desc" : "asc");
	}
	/* Right after a deletion: the deleted export, to offer "restore". */
	if (v[2].present) {
		sqlite3_stmt *d = db_stmt("SELECT id, title FROM billing_export WHERE id = ? AND org_id = ? AND deleted_at IS NOT NULL");
		if (d) {
			sqlite3_bind_int64(d, 1, v[2].i);
			sqlite3_bind_int64(d, 2, r->org.id);
			if (sqlite3_step(d) == SQLITE_ROW) {
				hdf_set_value(r->hdf, "Bx.justdeleted.id", db_text(d, 0));
				hdf_set_value(r->hdf, "Bx.justdeleted.title", db_text(d, 1));
			}
			sqlite3_reset(d);
		}
	}
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "exp.bx.title"));
	return app_render(r, 200, "billing_exports.cs");
}

enum { BN_TITLE, BN_TEASER, BN_PROVIDER, BN_START, BN_END, BN_MARK, BN_NFIELDS };
static const struct field bn_fields[BN_NFIELDS] = {
	[BN_TITLE] = {"title", v_text, false, 200},
	[BN_TEASER] = {"teaser", v_textarea, false, 2000},
	[BN_PROVIDER] = {"provider", v_text, false, 200},
	[BN_START] = {"start", v_date, false, 10},
	[BN_END] = {"end", v_date, false, 10},
	[BN_MARK] = {"mark", v_bool, false, 5},
};

static int bx_new_form(struct req *r, int status)
{
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "exp.bx.new"));
	return app_render(r, status, "billing_export_new.cs");
}

/* GET /billing/new: the form, with the organisation's last billing period. */
int ui_export_bx_new(struct req *r)
{
	int from, to, after;
	last_period(r, &from, &to);
	after = month_add(to, 1);
	char buf[32];
	HDF *f = NULL;
	hdf_get_node(r->hdf, "Form", &f);
	snprintf(buf, sizeof buf, "%04d-%02d-01", from / 100, from % 100);
	hdf_set_value(f, "start", buf);
	struct local_tm last = {.year = after / 100, .mon = after % 100, .day = 1};
	tu_add_days(&last, -1);
	hdf_set_value(f, "end", tu_fmt_date(buf, sizeof buf, &last));
	hdf_set_value(f, "mark", "1");
	return bx_new_form(r, 200);
}

/* UTC start of a local date given as y*10000+m*100+d, plus days. */
static int64_t day_start(struct req *r, int64_t ymd, int days)
{
	struct local_tm t = {.year = (int)(ymd / 10000), .mon = (int)(ymd / 100 % 100), .day = (int)(ymd % 100)};
	tu_add_days(&t, days);
	return tu_day_start(r->org.tz, t.year, t.mon, t.day);
}

int ui_export_do_bx_new(struct req *r)
{
	struct fval v[BN_NFIELDS];
	int bad = input_read(r, bn_fields, BN_NFIELDS, v);
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
		.title = v[BN_TITLE].s, .teaser = v[BN_TEASER].present ? v[BN_TEASER].s : "",
		.provider = v[BN_PROVIDER].present ? v[BN_PROVIDER].s : "",
		.start = day_start(r, v[BN_START].i, 0), .end = day_start(r, v[BN_END].i, 1),
		.mark = v[BN_MARK].present && v[BN_MARK].i,
	};
	int64_t id = 0;
	int n = 0;
	enum store_status res = bx_create(r->org.id, r->user.id, &in, tu_now_ms(), &id, &n);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/billing/%lld?created=%d", (long long)id, n);
	return ui_redirect(r, "export", rest);
}

/* Bx.export.* of export id of the organisation, not in the bin. Returns DB status; *found set. */
static int bx_load(struct req *r, int64_t id, bool *found)
{
	*found = false;
	sqlite3_stmt *st = db_stmt(
	    "SELECT e.id, e.title, e.teaser, e.provider, e.start, e.end, e.mark, coalesce(m.login, ''), e.created_at,"
	    " e.changed_at FROM billing_export e LEFT JOIN member m ON m.id = e.owner_id"
	    " WHERE e.id = ? AND e.org_id = ? AND e.deleted_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, r->org.id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		HDF *e = NULL;
		hdf_get_node(r->hdf, "Bx.export", &e);
		hdf_set_value(e, "id", db_text(st, 0));
		hdf_set_value(e, "title", db_text(st, 1));
		hdf_set_value(e, "teaser", db_text(st, 2));
		hdf_set_value(e, "provider", db_text(st, 3));
		set_date(r, e, "start", sqlite3_column_int64(st, 4));
		set_date(r, e, "end", sqlite3_column_int64(st, 5) - 1);
		hdf_set_value(e, "mark", db_text(st, 6));
		hdf_set_value(e, "owner", db_text(st, 7));
		hdfx_set_time(e, r->org.tz, "created", sqlite3_column_int64(st, 8));
		hdfx_set_time(e, r->org.tz, "changed", sqlite3_column_int64(st, 9));
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "export load");
}

#define BX_PAGE_ROWS 500

/* The edit page of export r->id: its rows (BX_PAGE_ROWS a page), the manual-row form, downloads. */
static int bx_edit_page(struct req *r, int status)
{
	bool found = false;
	int dbs = bx_load(r, r->id, &found);
	if (dbs != ST_OK)
		return app_db_failure(r, dbs);
	if (!found)
		return app_error(r, 404, NULL);
	const char *pg = hdf_get_value(r->hdf, "Query.page", "0");
	struct fval pv = {0};
	int page = 0;
	if (*pg && strlen(pg) < 8 && v_int(r, pg, &pv) == NULL && pv.i >= 0 && pv.i < 100000)
		page = (int)pv.i;
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, coalesce(billing_id, ''), oe, lastname, firstname, provider, title, start, end, price, discount,"
	    " deleted FROM billing_export_row WHERE export_id = ? ORDER BY start, id LIMIT ? OFFSET ?");
	sqlite3_stmt *sum = db_stmt(
	    "SELECT count(*), coalesce(sum(price), 0), coalesce(sum(discount), 0), coalesce(sum(deleted), 0)"
	    " FROM billing_export_row WHERE export_id = ? AND deleted = 0");
	if (!st || !sum)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int(st, 2, BX_PAGE_ROWS + 1);
	sqlite3_bind_int(st, 3, page * BX_PAGE_ROWS);
	HDF *rows = NULL, *bx = NULL;
	hdf_get_node(r->hdf, "Bx.rows", &rows);
	hdf_get_node(r->hdf, "Bx", &bx);
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (i == BX_PAGE_ROWS) {
			hdfx_set_int(bx, "next", page + 1);
			break;
		}
		HDF *x = hdfx_child(rows, i++);
		hdf_set_value(x, "id", db_text(st, 0));
		hdf_set_value(x, "billing_id", db_text(st, 1));
		hdf_set_value(x, "oe", db_text(st, 2));
		hdf_set_value(x, "lastname", db_text(st, 3));
		hdf_set_value(x, "firstname", db_text(st, 4));
		hdf_set_value(x, "provider", db_text(st, 5));
		hdf_set_value(x, "title", db_text(st, 6));
		hdfx_set_time(x, r->org.tz, "start", sqlite3_column_int64(st, 7));
		hdfx_set_time(x, r->org.tz, "end", sqlite3_column_int64(st, 8));
		ui_money_hdf(r, x, "price", sqlite3_column_int64(st, 9));
		ui_money_hdf(r, x, "discount", sqlite3_column_int64(st, 10));
		hdf_set_value(x, "deleted", db_text(st, 11));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return app_db_failure(r, db_result(rc, "export rows"));
	if (page > 0)
		hdfx_set_int(bx, "prev", page - 1);
	sqlite3_bind_int64(sum, 1, r->id);
	if (sqlite3_step(sum) == SQLITE_ROW) {
		hdfx_set_int(bx, "count", sqlite3_column_int64(sum, 0));
		ui_money_hdf(r, bx, "sum", sqlite3_column_int64(sum, 1));
		ui_money_hdf(r, bx, "discounts", sqlite3_column_int64(sum, 2));
	}
	sqlite3_reset(sum);
	hdf_set_value(r->hdf, "Page.title", hdf_get_value(r->hdf, "Bx.export.title", ""));
	return app_render(r, status, "billing_export_edit.cs");
}

int ui_export_bx_edit(struct req *r)
{
	return bx_edit_page(r, 200);
}

enum { BR_OE, BR_LAST, BR_FIRST, BR_PROVIDER, BR_TITLE, BR_START, BR_END, BR_PRICE, BR_DISCOUNT, BR_NFIELDS };
static const struct field br_fields[BR_NFIELDS] = {
	[BR_OE] = {"oe", v_text, false, 100},
	[BR_LAST] = {"lastname", v_text, false, 200},
	[BR_FIRST] = {"firstname", v_text, false, 200},
	[BR_PROVIDER] = {"provider", v_text, false, 200},
	[BR_TITLE] = {"title", v_text, false, 200},
	[BR_START] = {"start", v_datetime, false, 19},
	[BR_END] = {"end", v_datetime, false, 19},
	[BR_PRICE] = {"price", v_money, false, 16},
	[BR_DISCOUNT] = {"discount", v_money, false, 16},
};

/* Reads a row; every missing field is named. Returns the number of invalid fields. */
static int read_row(struct req *r, struct bx_row_in *in)
{
	struct fval v[BR_NFIELDS];
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
static int bx_row_load(struct req *r, bool fill_form, bool *found)
{
	*found = false;
	sqlite3_stmt *st = db_stmt(
	    "SELECT x.id, x.export_id, e.title, coalesce(x.billing_id, ''), x.oe, x.lastname, x.firstname, x.provider,"
	    " x.title, x.start, x.end, x.price, x.discount, x.deleted FROM billing_export_row x"
	    " JOIN billing_export e ON e.id = x.export_id WHERE x.id = ? AND e.org_id = ? AND e.deleted_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->org.id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		HDF *x = NULL;
		hdf_get_node(r->hdf, "Bx.row", &x);
		hdf_set_value(x, "id", db_text(st, 0));
		hdf_set_value(x, "export", db_text(st, 1));
		hdf_set_value(x, "export_title", db_text(st, 2));
		hdf_set_value(x, "billing_id", db_text(st, 3));
		hdf_set_value(x, "deleted", db_text(st, 13));
		if (fill_form) {
			HDF *f = NULL;
			char buf[24];
			hdf_get_node(r->hdf, "Form", &f);
			hdf_set_value(f, "oe", db_text(st, 4));
			hdf_set_value(f, "lastname", db_text(st, 5));
			hdf_set_value(f, "firstname", db_text(st, 6));
			hdf_set_value(f, "provider", db_text(st, 7));
			hdf_set_value(f, "title", db_text(st, 8));
			struct local_tm lt;
			tu_to_local(r->org.tz, sqlite3_column_int64(st, 9), &lt);
			hdf_set_value(f, "start", tu_fmt_input(buf, sizeof buf, &lt));
			tu_to_local(r->org.tz, sqlite3_column_int64(st, 10), &lt);
			hdf_set_value(f, "end", tu_fmt_input(buf, sizeof buf, &lt));
			ui_money_hdf(r, f, "price", sqlite3_column_int64(st, 11));
			ui_money_hdf(r, f, "discount", sqlite3_column_int64(st, 12));
		}
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "export row load");
}

static int bx_row_page(struct req *r, int status, bool fill_form)
{
	bool found = false;
	int dbs = bx_row_load(r, fill_form, &found);
	if (dbs != ST_OK)
		return app_db_failure(r, dbs);
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

/* GET /billing/#/download[?format=csv|xlsx][&sep=semicolon|comma][&bom=1]: the rows not marked deleted. */
int ui_export_bx_download(struct req *r)
{
	static const struct field f[] = {{"format", v_format, false, 5}, {"sep", v_sep, false, 10}, {"bom", v_bool, false, 5}};
	struct fval v[3];
	if (input_read(r, f, 3, v))
		return app_error(r, 400, NULL);
	bool found = false;
	int dbs = bx_load(r, r->id, &found);
	if (dbs != ST_OK)
		return app_db_failure(r, dbs);
	if (!found)
		return app_error(r, 404, NULL);
	sqlite3_stmt *st = db_stmt(
	    "SELECT coalesce(billing_id, 0), oe, lastname, firstname, provider, title, start, end, price, discount"
	    " FROM billing_export_row WHERE export_id = ? AND deleted = 0 ORDER BY start, id");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return app_db_failure(r, db_result(rc, "export download"));
	}
	bool xlsx = v[0].present && v[0].i == 1;
	char sep = v[1].present ? (char)v[1].i : strcmp(r->org.lang, "en") == 0 ? ',' : ';';
	char name[96];
	snprintf(name, sizeof name, "verrechnung_%lld_%s_%s.%s", (long long)r->id,
	         hdf_get_value(r->hdf, "Bx.export.start_in", ""), hdf_get_value(r->hdf, "Bx.export.end_in", ""),
	         xlsx ? "xlsx" : "csv");
	struct tabout *t = table_open(r, xlsx, sep, v[2].present && v[2].i, app_lang(r, "exp.bx.sheet"), name);
	if (!t) {
		sqlite3_reset(st);
		return r->responded ? r->status : 500;
	}
	const char *labels[BX_NCOLS];
	for (int i = 0; i < BX_NCOLS; i++)
		labels[i] = app_lang(r, bx_cols[i]);
	tabout_header(t, labels, BX_NCOLS);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		int64_t bid = sqlite3_column_int64(st, 0);
		if (bid)
			tabout_int(t, bid);
		else
			tabout_empty(t);
		for (int c = 1; c <= 5; c++)
			tabout_text(t, db_text(st, c));
		tabout_time(t, r->org.tz, sqlite3_column_int64(st, 6));
		tabout_time(t, r->org.tz, sqlite3_column_int64(st, 7));
		tabout_cents(t, sqlite3_column_int64(st, 8));
		tabout_cents(t, sqlite3_column_int64(st, 9));
		tabout_end_row(t);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		app_log(r, "export download ended early: sqlite %d", rc);
		if (xlsx) {
			tabout_send(t, NULL, NULL);
			return app_db_failure(r, db_result(rc, "export download"));
		}
	}
	return table_done(r, t, xlsx, name);
}
