/* export: the "Auswertungen, Protokolle" page of administrators — choosing months, and the action log of those months streamed as text. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "input.h"
#include "timeutil.h"

#define EXPORT_MONTHS 24   /* months offered for choice, counting back from the current one */

/* ---- Small helpers. */

/* Child node "<i>" of parent. */
static HDF *child(HDF *parent, int i)
{
	char k[16];
	HDF *n = NULL;
	snprintf(k, sizeof k, "%d", i);
	hdf_get_node(parent, k, &n);
	return n;
}

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
		HDF *m = child(list, i);
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
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "exp.title"));
	return app_render(r, status, "export.cs");
}

static int page_export(struct req *r)
{
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
		return app_db_failure(r, DB_ERROR);
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

static int page_log(struct req *r)
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

static const struct route routes[] = {
	{"GET", "", page_export, NEEDS_ADMIN},
	{"GET", "/log", page_log, NEEDS_ADMIN},
};

int main(void)
{
	return app_run("export", routes, sizeof routes / sizeof routes[0]);
}
