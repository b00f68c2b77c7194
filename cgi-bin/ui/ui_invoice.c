/* ui_invoice: the invoice screens' handlers — the list, the period preview and issuing, an invoice and its PDF, cancellation, the run PDF, invoice settings, members' postal addresses, the DATEV and Lexware files with their previews, and members' own invoices. */
#include "ui/ui_invoice.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "format/datev.h"
#include "format/invoicepdf.h"
#include "format/lexware.h"
#include "format/tabout.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "rules/invoice.h"
#include "store/invoicestore.h"
#include "ui/ui_shared.h"
#include "base/numfmt.h"

#define INV_MONTHS 24   /* months offered for choice, counting back from the current one */

/* ---- Periods. */

static int month_add(int ym, int n)
{
	int k = (ym / 100) * 12 + (ym % 100 - 1) + n;
	return (k / 12) * 100 + k % 12 + 1;
}

static int current_month(struct req *r)
{
	struct tu_tm t;
	tu_to_local(r->org.tz, r->now, &t);
	return t.year * 100 + t.mon;
}

/* The organisation's usual billing period before the current one (as the booking file's default). */
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

static void fmt_month(char *buf, size_t n, int ym)
{
	snprintf(buf, n, "%04d-%02d", ym / 100, ym % 100);
}

/* Inv.months.<i> (value YYYY-MM, label "November 2026"), newest first. */
static void fill_months(struct req *r)
{
	HDF *list = hdfx_node(r->hdf, "Inv.months");
	int cur = current_month(r);
	for (int i = 0; i < INV_MONTHS; i++) {
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

/* The period of the months from..to (y*100+m, both included) in the organisation's zone. */
static struct invst_period period_of(struct req *r, int from, int to)
{
	struct invst_period p;
	int after = month_add(to, 1);
	p.t0 = tu_day_start(r->org.tz, from / 100, from % 100, 1);
	p.t1 = tu_day_start(r->org.tz, after / 100, after % 100, 1);
	if (from == to)
		snprintf(p.name, sizeof p.name, "%04d-%02d", (from / 100) % 10000, from % 100);
	else
		snprintf(p.name, sizeof p.name, "%04d-%02d_%04d-%02d", (from / 100) % 10000, from % 100, (to / 100) % 10000,
		         to % 100);
	return p;
}

enum { P_FROM, P_TO, P_NFIELDS };
static const struct input_field period_fields[P_NFIELDS] = {
	[P_FROM] = {"from", input_month, false, 7},
	[P_TO] = {"to", input_month, false, 7},
};

/* Reads the fields f[0..nf) (from and to first; defaults: the usual period). Returns the number of invalid fields. */
static int read_period(struct req *r, const struct input_field *f, size_t nf, struct input_val *v, int *from, int *to)
{
	int bad = input_read(r, f, nf, v);
	last_period(r, from, to);
	if (v[P_FROM].present && v[P_FROM].ok)
		*from = (int)v[P_FROM].i;
	if (v[P_TO].present && v[P_TO].ok)
		*to = (int)v[P_TO].i;
	else if (v[P_FROM].present && v[P_FROM].ok)
		*to = *from;
	if (!bad && *from > *to) {
		input_error(r, "to", "exp.log.order");
		bad++;
	}
	char buf[16];
	fmt_month(buf, sizeof buf, *from);
	hdf_set_value(r->hdf, "Inv.from", buf);
	fmt_month(buf, sizeof buf, *to);
	hdf_set_value(r->hdf, "Inv.to", buf);
	return bad;
}

/* ---- Small helpers. */

/* "dd.mm.yyyy" of "YYYY-MM-DD". */
static char *date_de(char *buf, size_t n, const char *ymd)
{
	if (strlen(ymd) == 10)
		snprintf(buf, n, "%.2s.%.2s.%.4s", ymd + 8, ymd + 5, ymd);
	else
		snprintf(buf, n, "%s", ymd);
	return buf;
}

/* Hours with two places and the organisation's mark, from minutes; buf holds NUMFMT_BUF bytes. */
static char *hours_text(struct req *r, char *buf, int64_t minutes)
{
	return numfmt_fixed(buf, NUMFMT_BUF, (minutes * 100 + 30) / 60, 2, r->org.lang);
}

/* tmpl with each "{key}" of kv replaced by its value (language strings are never formats). */
static void fill(char *out, size_t n, const char *tmpl, const char *const kv[][2], int nkv)
{
	size_t o = 0;
	for (const char *s = tmpl; *s && o + 1 < n;) {
		bool done = false;
		if (*s == '{') {
			for (int k = 0; k < nkv; k++) {
				size_t kl = strlen(kv[k][0]);
				if (!strncmp(s + 1, kv[k][0], kl) && s[1 + kl] == '}') {
					for (const char *v = kv[k][1]; *v && o + 1 < n; v++)
						out[o++] = *v;
					s += kl + 2;
					done = true;
					break;
				}
			}
		}
		if (!done)
			out[o++] = *s++;
	}
	out[o] = '\0';
	utf8_trim_partial(out); /* cut short: never end inside a character */
}

static void set_missing(struct req *r, unsigned miss)
{
	static const struct { unsigned bit; const char *key; } names[] = {
		{INVST_MISS_ADDRESS, "inv.miss.address"}, {INVST_MISS_IBAN, "inv.miss.iban"},
		{INVST_MISS_FORMAT, "inv.miss.format"},   {INVST_MISS_BERATER, "inv.miss.berater"},
		{INVST_MISS_MANDANT, "inv.miss.mandant"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (miss & names[i].bit)
			input_error_text(r, NULL, app_lang(r, names[i].key));
}

static void http_sink(void *ctx, const char *data, size_t len)
{
	struct req *r = ctx;
	if (strcmp(r->method, "HEAD") != 0)
		app_write(r, data, len);
}

/* Sends the finished file f (rewound here) and closes it. */
static int send_file(struct req *r, FILE *f, const char *type, const char *name)
{
	rewind(f);
	app_begin_stream(r, 200, type, name);
	char buf[16384];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		http_sink(r, buf, n);
	fclose(f);
	return 200;
}

/* ---- Preview and issuing. */

static int new_page(struct req *r, int status, int from, int to)
{
	struct actor a = ui_actor(r);
	struct invst_period p = period_of(r, from, to);
	struct invst_preview pv;
	int res = invst_preview(&a, &p, &pv);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *n = hdfx_node(r->hdf, "Inv.pv");
	hdf_set_value(n, "period", p.name);
	hdfx_set_int(n, "lines", pv.lines);
	hdfx_set_int(n, "count", pv.n);
	ui_money_hdf(r, n, "total", pv.total);
	HDF *list = hdfx_node(n, "members");
	char buf[64];
	for (int i = 0; i < pv.n; i++) {
		HDF *m = hdfx_child(list, i);
		hdf_set_value(m, "member_no", pv.m[i].member_no);
		hdf_set_value(m, "name", pv.m[i].name);
		hdf_set_value(m, "logins", pv.m[i].logins);
		hdfx_set_int(m, "bookings", pv.m[i].bookings);
		hdfx_set_int(m, "corrections", pv.m[i].corrections);
		hdf_set_value(m, "hours", hours_text(r, buf, pv.m[i].minutes));
		hdfx_set_int(m, "km", pv.m[i].km);
		ui_money_hdf(r, m, "amount", pv.m[i].amount);
		hdfx_set_int(m, "no_address", pv.m[i].no_address);
	}
	list = hdfx_node(n, "trips");
	for (int i = 0; i < pv.ntrips; i++) {
		HDF *t = hdfx_child(list, i);
		hdfx_set_int(t, "id", pv.trips[i].booking_id);
		hdfx_set_time(t, r->org.tz, "start", pv.trips[i].start);
		hdf_set_value(t, "login", pv.trips[i].login);
		hdf_set_value(t, "vehicle", pv.trips[i].vehicle);
	}
	hdfx_set_int(n, "conflict", pv.conflict_run);
	hdfx_set_int(n, "no_member_no", pv.no_member_no);
	unsigned m = 0;
	for (int k = 0; k < 5; k++)
		if (pv.missing & (1u << k)) {
			static const char *const keys[] = {"inv.miss.address", "inv.miss.iban", "inv.miss.format", "", ""};
			hdf_set_value(hdfx_child(hdfx_node(n, "missing"), (int)m++), "text", app_lang(r, keys[k]));
		}
	hdfx_set_int(n, "can_issue", pv.n > 0 && !pv.conflict_run && !pv.no_member_no && !pv.missing);
	invst_preview_free(&pv);
	fill_months(r);
	ui_title(r, "inv.new.title");
	return app_render(r, status, "invoice_new.cs");
}

int ui_invoice_new(struct req *r)
{
	struct input_val v[P_NFIELDS];
	int from, to;
	int bad = read_period(r, period_fields, P_NFIELDS, v, &from, &to);
	if (bad) {
		fill_months(r);
		ui_title(r, "inv.new.title");
		return app_render(r, 422, "invoice_new.cs");
	}
	return new_page(r, 200, from, to);
}

static const struct input_field issue_fields[P_NFIELDS] = {
	[P_FROM] = {"from", input_month, true, 7},
	[P_TO] = {"to", input_month, true, 7},
};

int ui_invoice_do_new(struct req *r)
{
	struct input_val v[P_NFIELDS];
	int from, to;
	int bad = read_period(r, issue_fields, P_NFIELDS, v, &from, &to);
	if (bad) {
		fill_months(r);
		ui_title(r, "inv.new.title");
		return app_render(r, 422, "invoice_new.cs");
	}
	struct actor a = ui_actor(r);
	struct invst_period p = period_of(r, from, to);
	int64_t run;
	int count;
	unsigned miss;
	int res = invst_issue(&a, &p, &run, &count, &miss);
	switch (res) {
	case ST_OK: {
		char rest[64];
		snprintf(rest, sizeof rest, "/invoices?run=%lld&issued=%d", (long long)run, count);
		return ui_redirect(r, "export", rest);
	}
	case ST_INCOMPLETE:
		set_missing(r, miss);
		return new_page(r, 422, from, to);
	case ST_CONFLICT:
		input_error(r, NULL, "inv.err.conflict");
		return new_page(r, 409, from, to);
	case ST_BAD_MEMBER:
		input_error(r, NULL, "inv.err.member_no");
		return new_page(r, 422, from, to);
	case ST_NOT_FOUND:
		input_error(r, NULL, "inv.err.empty");
		return new_page(r, 422, from, to);
	case ST_DUPLICATE:
		input_error(r, NULL, "inv.err.number_taken");
		return new_page(r, 409, from, to);
	default:
		return ui_failure(r, res);
	}
}

/* ---- The list. */

enum { L_PERIOD, L_MEMBER, L_STATE, L_FORMAT, L_RUN, L_NFIELDS };

static const char *v_state(struct req *r, const char *raw, struct input_val *out)
{
	static const char *const ok[] = {"issued", "cancelled", "cancellation", "transferred"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!strcmp(raw, ok[i])) {
			out->s = raw;
			return NULL;
		}
	return "inv.err.state";
}

static const char *v_csv(struct req *r, const char *raw, struct input_val *out)
{
	out->s = raw;
	return strcmp(raw, "csv") == 0 || strcmp(raw, "html") == 0 ? NULL : "exp.bf.format_bad";
}

static const struct input_field list_fields[L_NFIELDS] = {
	[L_PERIOD] = {"period", input_text, false, 20},
	[L_MEMBER] = {"member", input_text, false, 60},
	[L_STATE] = {"state", v_state, false, 16},
	[L_FORMAT] = {"format", v_csv, false, 4},
	[L_RUN] = {"run", input_id, false, 20},
};

static const char *row_state(const struct invst_row *row)
{
	return row->cancels_number[0] ? "cancellation" : row->cancelled_by_number[0] ? "cancelled" : "issued";
}

struct list_ctx {
	struct req *r;
	HDF *list;
	int n;
	struct tabout *t;
};

static int list_row(void *ctx, const struct invst_row *row)
{
	struct list_ctx *c = ctx;
	char d[16];
	if (c->t) {
		char key[48];
		tabout_text(c->t, row->number);
		tabout_text(c->t, date_de(d, sizeof d, row->inv_date));
		tabout_text(c->t, row->period);
		tabout_text(c->t, row->member_no);
		tabout_text(c->t, row->name);
		tabout_cents(c->t, row->gross);
		snprintf(key, sizeof key, "inv.state.%s", row_state(row));
		tabout_text(c->t, app_lang(c->r, key));
		tabout_text(c->t, row->cancels_number[0] ? row->cancels_number : row->cancelled_by_number);
		tabout_text(c->t, row->handover);
		tabout_end_row(c->t);
		return 0;
	}
	HDF *m = hdfx_child(c->list, c->n++);
	hdfx_set_int(m, "id", row->id);
	hdfx_set_int(m, "run", row->run_id);
	hdf_set_value(m, "number", row->number);
	hdf_set_value(m, "date", date_de(d, sizeof d, row->inv_date));
	hdf_set_value(m, "period", row->period);
	hdf_set_value(m, "member_no", row->member_no);
	hdf_set_value(m, "name", row->name);
	ui_money_hdf(c->r, m, "gross", row->gross);
	hdf_set_value(m, "state", row_state(row));
	hdf_set_value(m, "cancels", row->cancels_number);
	hdf_set_value(m, "cancelled_by", row->cancelled_by_number);
	hdf_set_value(m, "handover", row->handover);
	return 0;
}

static const char *const list_cols[] = {
	"inv.col.number", "inv.col.date", "inv.col.period", "inv.col.member_no", "inv.col.name",
	"inv.col.gross", "inv.col.state", "inv.col.ref", "inv.col.handover",
};

int ui_invoice_list(struct req *r)
{
	struct input_val v[L_NFIELDS];
	int bad = input_read(r, list_fields, L_NFIELDS, v);
	struct invst_filter f = {0};
	if (v[L_PERIOD].present && v[L_PERIOD].ok)
		snprintf(f.period, sizeof f.period, "%s", v[L_PERIOD].s);
	if (v[L_MEMBER].present && v[L_MEMBER].ok)
		snprintf(f.member_no, sizeof f.member_no, "%s", v[L_MEMBER].s);
	if (v[L_STATE].present && v[L_STATE].ok)
		snprintf(f.state, sizeof f.state, "%s", v[L_STATE].s);
	struct actor a = ui_actor(r);
	struct list_ctx c = {.r = r, .list = hdfx_node(r->hdf, "Inv.list")};
	if (!bad && v[L_FORMAT].present && !strcmp(v[L_FORMAT].s, "csv")) {
		app_begin_stream(r, 200, "text/csv; charset=utf-8", "rechnungen.csv");
		c.t = tabout_csv(';', false, http_sink, r);
		if (!c.t)
			return 200;
		const char *labels[sizeof list_cols / sizeof list_cols[0]];
		for (size_t i = 0; i < sizeof list_cols / sizeof list_cols[0]; i++)
			labels[i] = app_lang(r, list_cols[i]);
		tabout_header(c.t, labels, (int)(sizeof list_cols / sizeof list_cols[0]));
		int res = invst_list(&a, &f, list_row, &c);
		if (res != ST_OK)
			app_log(r, "invoice list CSV ended early (db status %d)", res);
		tabout_close(c.t);
		tabout_send(c.t, NULL, NULL);
		return 200;
	}
	int res = bad ? ST_OK : invst_list(&a, &f, list_row, &c);
	if (res != ST_OK)
		return ui_failure(r, res);
	hdfx_set_int(r->hdf, "Inv.count", c.n);
	ui_title(r, "inv.title");
	return app_render(r, bad ? 422 : 200, "invoices.cs");
}

/* ---- One invoice. */

static void line_texts(struct req *r, const struct invst_line *l, char *date, char *times, char *hours, char *km,
                       char *share, char *vehicle)
{
	struct tu_tm s, e;
	tu_to_local(r->org.tz, l->start, &s);
	tu_to_local(r->org.tz, l->end, &e);
	snprintf(date, 16, "%02d.%02d.%04d", s.day, s.mon, s.year);
	if (s.year == e.year && s.mon == e.mon && s.day == e.day)
		snprintf(times, 40, "%02d:%02d–%02d:%02d", s.hour, s.min, e.hour, e.min);
	else
		snprintf(times, 40, "%02d:%02d–%02d.%02d. %02d:%02d", s.hour, s.min, e.day, e.mon, e.hour, e.min);
	hours_text(r, hours, l->minutes);
	if (l->km >= 0)
		snprintf(km, 24, "%lld", (long long)l->km);
	else
		km[0] = '\0';
	if (strcmp(l->kind, "storno") == 0 || strcmp(l->kind, "chgsto") == 0)
		snprintf(share, 16, "%d %%", l->share_pct);
	else
		share[0] = '\0';
	const char *pre = l->correction ? app_lang(r, "inv.line.correction") : "";
	const char *post = strcmp(l->kind, "storno") == 0 ? app_lang(r, "inv.line.storno")
	                   : strcmp(l->kind, "chgsto") == 0 ? app_lang(r, "inv.line.chgsto") : "";
	snprintf(vehicle, 200, "%s%s%s%s", pre, *pre ? " " : "", l->vehicle, post);
}

int ui_invoice_show(struct req *r)
{
	struct actor a = ui_actor(r);
	struct invst_invoice inv;
	int res = invst_invoice_load(&a, r->id, &inv);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *n = hdfx_node(r->hdf, "Inv.inv");
	char d[16];
	hdfx_set_int(n, "id", inv.id);
	hdfx_set_int(n, "run", inv.run_id);
	hdf_set_value(n, "number", inv.number);
	hdf_set_value(n, "cancels", inv.cancels_number);
	hdfx_set_int(n, "cancels_id", inv.cancels);
	hdf_set_value(n, "cancelled_by", inv.cancelled_by_number);
	hdfx_set_int(n, "cancelled_by_id", inv.cancelled_by);
	hdf_set_value(n, "member_no", inv.member_no);
	hdf_set_value(n, "name", inv.name);
	hdf_set_value(n, "address", inv.address);
	hdf_set_value(n, "period", inv.period);
	hdf_set_value(n, "date", date_de(d, sizeof d, inv.inv_date));
	hdf_set_value(n, "due", date_de(d, sizeof d, inv.due_date));
	ui_money_hdf(r, n, "net", inv.net);
	ui_money_hdf(r, n, "vat", inv.vat);
	ui_money_hdf(r, n, "gross", inv.gross);
	hdf_set_value(n, "vat_mode", inv_vat_name(inv.vat_mode));
	char rate[16];
	hdf_set_value(n, "rate", inv_rate_text(rate, inv.vat_rate, money_mark(r->org.lang)));
	hdf_set_value(n, "handover", inv.handover);
	hdfx_set_int(n, "can_cancel", !inv.cancels && !inv.cancelled_by);
	HDF *list = hdfx_node(n, "lines");
	for (int i = 0; i < inv.nlines; i++) {
		const struct invst_line *l = &inv.lines[i];
		char date[16], times[40], hours[NUMFMT_BUF], km[24], share[16], vehicle[200];
		line_texts(r, l, date, times, hours, km, share, vehicle);
		HDF *m = hdfx_child(list, i);
		hdfx_set_int(m, "booking", l->booking_id);
		hdf_set_value(m, "date", date);
		hdf_set_value(m, "times", times);
		hdf_set_value(m, "hours", hours);
		hdf_set_value(m, "km", km);
		hdf_set_value(m, "share", share);
		hdf_set_value(m, "vehicle", vehicle);
		ui_money_hdf(r, m, "time_price", l->time_price);
		ui_money_hdf(r, m, "km_price", l->km_price);
		ui_money_hdf(r, m, "amount", l->amount);
		hdfx_set_int(m, "correction", l->correction);
	}
	invst_invoice_free(&inv);
	ui_title(r, "inv.show.title");
	return app_render(r, 200, "invoice.cs");
}

/* The texts of one invoice's PDF; lives as long as the invoice it points into. */
struct pdf_texts {
	struct ipdf_doc doc;
	struct ipdf_line *lines;
	char (*cells)[6][200];
	char info[5][64], ref[128], vat_label[96], payment[600];
};

static bool pdf_doc(struct req *r, const struct invst_invoice *inv, struct pdf_texts *t)
{
	memset(t, 0, sizeof *t);
	t->lines = calloc((size_t)inv->nlines + 1, sizeof *t->lines);
	t->cells = calloc((size_t)inv->nlines + 1, sizeof *t->cells);
	if (!t->lines || !t->cells)
		return false;
	struct ipdf_doc *d = &t->doc;
	char mark = money_mark(r->org.lang);
	d->mark = mark;
	d->org_name = inv->org_name;
	d->org_address = inv->org_address;
	d->name = inv->name;
	d->address = inv->address;
	d->title = app_lang(r, inv->cancels ? "inv.pdf.cancel_title" : "inv.pdf.title");
	if (inv->cancels)
		ui_lang_a(r, "inv.pdf.ref", inv->cancels_number, t->ref, sizeof t->ref);
	d->ref = t->ref;
	static const char *const labels[5] = {"inv.col.number", "inv.col.date", "inv.col.member_no", "inv.col.period",
	                                      "inv.col.due"};
	snprintf(t->info[0], sizeof t->info[0], "%s", inv->number);
	date_de(t->info[1], sizeof t->info[1], inv->inv_date);
	snprintf(t->info[2], sizeof t->info[2], "%s", inv->member_no);
	snprintf(t->info[3], sizeof t->info[3], "%s", inv->period);
	date_de(t->info[4], sizeof t->info[4], inv->due_date);
	for (int i = 0; i < 5; i++) {
		d->info_labels[i] = app_lang(r, labels[i]);
		d->info[i] = t->info[i];
	}
	if (inv->cancels)
		d->info_labels[4] = NULL;
	static const char *const cols[IPDF_NCOLS] = {"inv.line.date", "inv.line.vehicle", "inv.line.times",
	                                              "inv.line.hours", "inv.line.km", "inv.line.time_price",
	                                              "inv.line.km_price", "inv.line.share", "inv.line.amount"};
	for (int i = 0; i < IPDF_NCOLS; i++)
		d->cols[i] = app_lang(r, cols[i]);
	for (int i = 0; i < inv->nlines; i++) {
		const struct invst_line *l = &inv->lines[i];
		char(*c)[200] = t->cells[i];
		line_texts(r, l, c[0], c[1], c[2], c[3], c[4], c[5]);
		t->lines[i] = (struct ipdf_line){.date = c[0], .times = c[1], .hours = c[2], .km = c[3], .share = c[4],
		                                 .vehicle = c[5], .time_price = l->time_price, .km_price = l->km_price,
		                                 .amount = l->amount};
	}
	d->lines = t->lines;
	d->nlines = inv->nlines;
	char rate[16];
	inv_rate_text(rate, inv->vat_rate, mark);
	if (inv->vat_mode != INV_VAT_NONE) {
		ui_lang_a(r, inv->vat_mode == INV_VAT_NET ? "inv.pdf.vat_net" : "inv.pdf.vat_gross", rate, t->vat_label,
		          sizeof t->vat_label);
		d->vat_label = t->vat_label;
		d->subtotal_label = app_lang(r, inv->vat_mode == INV_VAT_NET ? "inv.pdf.subtotal" : "inv.pdf.net");
		d->note = "";
	} else {
		d->vat_label = NULL;
		d->note = app_lang(r, "inv.pdf.note19");
	}
	d->total_label = app_lang(r, "inv.pdf.total");
	d->net = inv->net;
	d->vat = inv->vat;
	d->gross = inv->gross;
	char amount[MONEY_BUF], due[16];
	money_fmt(amount, inv->gross < 0 ? -inv->gross : inv->gross, mark);
	strcat(amount, " €");
	date_de(due, sizeof due, inv->due_date);
	const char *const kv[][2] = {{"amount", amount}, {"due", due}, {"iban", inv->iban}, {"number", inv->number}};
	fill(t->payment, sizeof t->payment,
	     app_lang(r, inv->cancels ? "inv.pdf.credit" : inv->gross <= 0 ? "inv.pdf.nothing" : "inv.pdf.payment"), kv, 4);
	d->payment = t->payment;
	return true;
}

static void pdf_texts_free(struct pdf_texts *t)
{
	free(t->lines);
	free(t->cells);
}

/* Writes the PDF of the invoices ids[0..n) (each checked for the actor) and sends it as name. */
static int send_pdf(struct req *r, const int64_t *ids, int n, const char *name)
{
	struct actor a = ui_actor(r);
	struct invst_invoice *invs = calloc((size_t)n, sizeof *invs);
	struct pdf_texts *t = calloc((size_t)n, sizeof *t);
	struct ipdf_doc *docs = calloc((size_t)n, sizeof *docs);
	int res = invs && t && docs ? ST_OK : ST_ERROR, loaded = 0;
	for (int i = 0; i < n && res == ST_OK; i++) {
		res = invst_invoice_load(&a, ids[i], &invs[i]);
		if (res == ST_OK) {
			loaded++;
			if (!pdf_doc(r, &invs[i], &t[i]))
				res = ST_ERROR;
			docs[i] = t[i].doc;
		}
	}
	FILE *f = res == ST_OK ? tmpfile() : NULL;
	int pdf = f ? ipdf_write(f, name, docs, n) : -1;
	for (int i = 0; i < loaded; i++) {
		pdf_texts_free(&t[i]);
		invst_invoice_free(&invs[i]);
	}
	free(invs);
	free(t);
	free(docs);
	if (res != ST_OK) {
		if (f)
			fclose(f);
		return ui_failure(r, res);
	}
	if (pdf != 0) {
		if (f)
			fclose(f);
		app_log(r, "invoice PDF could not be written");
		return app_error(r, 500, NULL);
	}
	return send_file(r, f, "application/pdf", name);
}

int ui_invoice_pdf(struct req *r)
{
	struct actor a = ui_actor(r);
	struct invst_invoice inv;
	int res = invst_invoice_load(&a, r->id, &inv);
	if (res != ST_OK)
		return ui_failure(r, res);
	char name[64];
	snprintf(name, sizeof name, "Rechnung_%s.pdf", inv.number);
	invst_invoice_free(&inv);
	return send_pdf(r, &r->id, 1, name);
}

int ui_invoice_run_pdf(struct req *r)
{
	int64_t *ids;
	int n;
	int res = invst_run_ids(r->org.id, r->id, &ids, &n);
	if (res != ST_OK)
		return ui_failure(r, res);
	char name[64];
	snprintf(name, sizeof name, "Rechnungslauf_%lld.pdf", (long long)r->id);
	int s = send_pdf(r, ids, n, name);
	free(ids);
	return s;
}

int ui_invoice_do_cancel(struct req *r)
{
	struct actor a = ui_actor(r);
	int64_t cid;
	int res = invst_cancel(&a, r->id, &cid);
	if (res == ST_ALREADY)
		return app_error(r, 409, "inv.err.cancelled");
	if (res == ST_IN_USE)
		return app_error(r, 409, "inv.err.corrected");
	if (res == ST_DUPLICATE)
		return app_error(r, 409, "inv.err.number_taken");
	if (res == ST_INCOMPLETE)
		return app_error(r, 422, "inv.miss.format");
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/invoices/%lld?cancelled=1", (long long)cid);
	return ui_redirect(r, "export", rest);
}

int ui_invoice_mine(struct req *r)
{
	struct actor a = ui_actor(r);
	struct invst_filter f = {.own = true};
	struct list_ctx c = {.r = r, .list = hdfx_node(r->hdf, "Inv.list")};
	int res = invst_list(&a, &f, list_row, &c);
	if (res != ST_OK)
		return ui_failure(r, res);
	hdfx_set_int(r->hdf, "Inv.count", c.n);
	ui_title(r, "inv.mine.title");
	return app_render(r, 200, "invoice_mine.cs");
}

/* ---- Settings. */

enum { S_ADDRESS, S_IBAN, S_VAT_MODE, S_VAT_RATE, S_FORMAT, S_DAYS, S_BERATER, S_MANDANT, S_DEBTOR, S_LEN, S_FY, S_NFIELDS };

static const char *v_vat_mode(struct req *r, const char *raw, struct input_val *out)
{
	enum inv_vat m;
	if (!inv_vat_parse(raw, &m))
		return "inv.err.vat_mode";
	out->i = m;
	out->s = raw;
	return NULL;
}

/* A rate in percent with up to two decimals ("19", "7,5") -> hundredths. */
static const char *v_rate(struct req *r, const char *raw, struct input_val *out)
{
	int64_t c;
	if (money_parse(raw, false, &c) != MONEY_OK || c > INV_RATE_MAX)
		return "inv.err.rate";
	out->i = c;
	return NULL;
}

static const char *v_format_inv(struct req *r, const char *raw, struct input_val *out)
{
	out->s = raw;
	return inv_format_valid(raw) ? NULL : "inv.err.format";
}

/* An IBAN: two letters, two digits, 11 to 30 letters or digits; blanks allowed and dropped. */
static const char *v_iban(struct req *r, const char *raw, struct input_val *out)
{
	static char buf[40];
	size_t o = 0;
	for (const char *s = raw; *s; s++) {
		if (*s == ' ')
			continue;
		if (o + 1 >= sizeof buf)
			return "inv.err.iban";
		char c = *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return "inv.err.iban";
		buf[o++] = c;
	}
	buf[o] = '\0';
	if (o < 15 || o > 34 || buf[0] < 'A' || buf[1] < 'A' || buf[2] > '9' || buf[3] > '9')
		return "inv.err.iban";
	out->s = buf;
	return NULL;
}

static const char *v_range(const char *raw, struct input_val *out, int64_t lo, int64_t hi)
{
	char *end;
	long long v = strtoll(raw, &end, 10);
	if (*end || end == raw || v < lo || v > hi)
		return "inv.err.number";
	out->i = v;
	return NULL;
}
static const char *v_days(struct req *r, const char *raw, struct input_val *out) { return v_range(raw, out, 0, 365); }
static const char *v_berater(struct req *r, const char *raw, struct input_val *out) { return v_range(raw, out, 1001, 9999999); }
static const char *v_mandant(struct req *r, const char *raw, struct input_val *out) { return v_range(raw, out, 1, 99999); }
static const char *v_debtor(struct req *r, const char *raw, struct input_val *out) { return v_range(raw, out, 0, 999999999); }
static const char *v_len(struct req *r, const char *raw, struct input_val *out) { return v_range(raw, out, 4, 8); }
static const char *v_fy(struct req *r, const char *raw, struct input_val *out) { return v_range(raw, out, 1, 12); }

static const struct input_field settings_fields[S_NFIELDS] = {
	[S_ADDRESS] = {"address", input_textarea, false, 500},
	[S_IBAN] = {"iban", v_iban, false, 50},
	[S_VAT_MODE] = {"vat_mode", v_vat_mode, true, 8},
	[S_VAT_RATE] = {"vat_rate", v_rate, true, 8},
	[S_FORMAT] = {"number_format", v_format_inv, true, INV_FORMAT_MAX},
	[S_DAYS] = {"payment_days", v_days, true, 4},
	[S_BERATER] = {"berater", v_berater, false, 8},
	[S_MANDANT] = {"mandant", v_mandant, false, 6},
	[S_DEBTOR] = {"debtor_base", v_debtor, true, 10},
	[S_LEN] = {"account_len", v_len, true, 2},
	[S_FY] = {"fy_start", v_fy, true, 2},
};

static int settings_page(struct req *r, int status, const struct invst_settings *s)
{
	if (s) {
		char buf[32];
		HDF *f = hdfx_node(r->hdf, "Form");
		hdf_set_value(f, "address", s->address);
		hdf_set_value(f, "iban", s->iban);
		hdf_set_value(f, "vat_mode", inv_vat_name(s->vat_mode));
		hdf_set_value(f, "vat_rate", inv_rate_text(buf, s->vat_rate, money_mark(r->org.lang)));
		hdf_set_value(f, "number_format", s->number_format);
		hdfx_set_int(f, "payment_days", s->payment_days);
		if (s->berater > 0)
			hdfx_set_int(f, "berater", s->berater);
		if (s->mandant > 0)
			hdfx_set_int(f, "mandant", s->mandant);
		hdfx_set_int(f, "debtor_base", s->debtor_base);
		hdfx_set_int(f, "account_len", s->account_len);
		hdfx_set_int(f, "fy_start", s->fy_start);
	}
	struct invst_tariff_account acc[64];
	int n = 0;
	int res = invst_accounts(r->org.id, acc, 64, &n);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *list = hdfx_node(r->hdf, "Inv.accounts");
	for (int i = 0; i < n; i++) {
		HDF *m = hdfx_child(list, i);
		hdf_set_value(m, "tariff", acc[i].tariff);
		if (acc[i].account > 0)
			hdfx_set_int(m, "account", acc[i].account);
	}
	ui_title(r, "inv.settings.title");
	return app_render(r, status, "invoice_settings.cs");
}

int ui_invoice_settings(struct req *r)
{
	struct invst_settings s;
	int res = invst_settings_load(r->org.id, &s);
	if (res != ST_OK)
		return ui_failure(r, res);
	if (hdf_get_value(r->hdf, "Query.saved", NULL))
		hdf_set_value(r->hdf, "Inv.saved", "1");
	return settings_page(r, 200, &s);
}

int ui_invoice_do_settings(struct req *r)
{
	struct input_val v[S_NFIELDS];
	int bad = input_read(r, settings_fields, S_NFIELDS, v);
	if (bad)
		return settings_page(r, 422, NULL);
	struct invst_settings s = {0};
	snprintf(s.address, sizeof s.address, "%s", v[S_ADDRESS].present ? v[S_ADDRESS].s : "");
	snprintf(s.iban, sizeof s.iban, "%s", v[S_IBAN].present ? v[S_IBAN].s : "");
	s.vat_mode = (enum inv_vat)v[S_VAT_MODE].i;
	s.vat_rate = (int)v[S_VAT_RATE].i;
	snprintf(s.number_format, sizeof s.number_format, "%s", v[S_FORMAT].s);
	s.payment_days = (int)v[S_DAYS].i;
	s.berater = v[S_BERATER].present ? v[S_BERATER].i : 0;
	s.mandant = v[S_MANDANT].present ? v[S_MANDANT].i : 0;
	s.debtor_base = v[S_DEBTOR].i;
	s.account_len = (int)v[S_LEN].i;
	s.fy_start = (int)v[S_FY].i;
	struct actor a = ui_actor(r);
	int res = invst_settings_save(&a, &s);
	if (res == ST_RANGE) {
		input_error(r, NULL, "inv.err.number");
		return settings_page(r, 422, NULL);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "export", "/invoices/settings?saved=1");
}

enum { A_TARIFF, A_ACCOUNT, A_NFIELDS };
static const char *v_account(struct req *r, const char *raw, struct input_val *out) { return v_range(raw, out, 1, 99999999); }
static const struct input_field account_fields[A_NFIELDS] = {
	[A_TARIFF] = {"tariff", input_text, true, 120},
	[A_ACCOUNT] = {"account", v_account, false, 9},
};

int ui_invoice_do_account(struct req *r)
{
	struct input_val v[A_NFIELDS];
	int bad = input_read(r, account_fields, A_NFIELDS, v);
	if (bad) {
		struct invst_settings s;
		int res = invst_settings_load(r->org.id, &s);
		if (res != ST_OK)
			return ui_failure(r, res);
		return settings_page(r, 422, &s);
	}
	struct actor a = ui_actor(r);
	int res = invst_account_save(&a, v[A_TARIFF].s, v[A_ACCOUNT].present ? v[A_ACCOUNT].i : 0);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "export", "/invoices/settings?saved=1");
}

/* ---- Members' postal addresses. */

int ui_invoice_address(struct req *r)
{
	struct invst_member m;
	int res = invst_member_load(r->org.id, r->id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *n = hdfx_node(r->hdf, "Inv.member");
	hdfx_set_int(n, "id", m.id);
	hdf_set_value(n, "login", m.login);
	hdf_set_value(n, "descr", m.descr);
	hdf_set_value(n, "member_no", m.member_no);
	if (!hdf_get_value(r->hdf, "Form.address", NULL))
		hdf_set_value(r->hdf, "Form.address", m.address);
	if (hdf_get_value(r->hdf, "Query.saved", NULL))
		hdf_set_value(r->hdf, "Inv.saved", "1");
	ui_title(r, "inv.address.title");
	return app_render(r, 200, "invoice_address.cs");
}

static const struct input_field address_fields[1] = {{"address", input_textarea, false, 500}};

int ui_invoice_do_address(struct req *r)
{
	struct input_val v[1];
	if (input_read(r, address_fields, 1, v)) {
		struct invst_member m;
		int res = invst_member_load(r->org.id, r->id, &m);
		if (res != ST_OK)
			return ui_failure(r, res);
		HDF *n = hdfx_node(r->hdf, "Inv.member");
		hdfx_set_int(n, "id", m.id);
		hdf_set_value(n, "login", m.login);
		ui_title(r, "inv.address.title");
		return app_render(r, 422, "invoice_address.cs");
	}
	struct actor a = ui_actor(r);
	int res = invst_address_save(&a, r->id, v[0].present ? v[0].s : "");
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/members/%lld/address?saved=1", (long long)r->id);
	return ui_redirect(r, "admin", rest);
}

/* ---- Accounting files. */

/* One row of a file with how it was mapped. */
struct xrow {
	int64_t invoice_id, cents, konto, gegenkonto;
	const char *bu;
	char number[INV_NUMBER_MAX], member_no[64], name[256], inv_date[12], text[200], why[400], error[300];
	int64_t t1;
	bool handed, cancellation;
};

/* Maps the invoices of from..to to rows: one per invoice and revenue account (gross split by the
 * tariffs' shares, the rounding rest on the last part). Errors are counted in *nerr. */
static int map_rows(struct req *r, const char *target, int from, int to, bool all, const struct invst_settings *s,
                    struct xrow **out, int *n, int *nerr)
{
	struct invst_period p = period_of(r, from, to);
	struct invst_part *parts;
	int np;
	*out = NULL;
	*n = *nerr = 0;
	int res = invst_parts(r->org.id, p.t0, p.t1, target, all, &parts, &np);
	if (res != ST_OK)
		return res;
	struct xrow *rows = calloc((size_t)np + 1, sizeof *rows);
	if (!rows) {
		free(parts);
		return ST_ERROR;
	}
	int k = 0;
	for (int i = 0; i < np;) {
		int j = i;
		int64_t done = 0;
		while (j < np && parts[j].invoice_id == parts[i].invoice_id)
			j++;
		/* Tariffs with the same account are one row. */
		for (int q = i; q < j; q++) {
			bool seen = false;
			for (int e = i; e < q; e++)
				if (parts[e].account == parts[q].account)
					seen = true;
			if (seen)
				continue;
			int64_t sum = 0;
			char tariffs[200] = "";
			for (int e = q; e < j; e++)
				if (parts[e].account == parts[q].account) {
					sum += parts[e].amount;
					if (strlen(tariffs) + strlen(parts[e].tariff) + 3 < sizeof tariffs) {
						if (tariffs[0])
							strcat(tariffs, ", ");
						strcat(tariffs, parts[e].tariff[0] ? parts[e].tariff : "–");
					}
				}
			bool last = true;
			for (int e = q + 1; e < j; e++) {
				bool before = false;
				for (int g = i; g < e; g++)
					if (parts[g].account == parts[e].account)
						before = true;
				if (!before)
					last = false;
			}
			struct xrow *x = &rows[k++];
			const struct invst_part *pt = &parts[q];
			x->invoice_id = pt->invoice_id;
			x->cents = inv_part_gross(sum, last, pt->gross, done, pt->vat_mode, pt->vat_rate);
			done += x->cents;
			x->gegenkonto = pt->account;
			x->handed = pt->handed;
			x->cancellation = pt->cancels != 0;
			x->t1 = pt->t1;
			snprintf(x->number, sizeof x->number, "%s", pt->number);
			snprintf(x->member_no, sizeof x->member_no, "%s", pt->member_no);
			snprintf(x->name, sizeof x->name, "%s", pt->name);
			snprintf(x->inv_date, sizeof x->inv_date, "%s", pt->inv_date);
			const char *const kv[][2] = {{"number", pt->number}, {"name", pt->name}, {"period", pt->period}};
			fill(x->text, sizeof x->text, app_lang(r, x->cancellation ? "inv.x.text_cancel" : "inv.x.text"), kv, 3);
			x->bu = inv_bu_key(pt->vat_mode, pt->vat_rate);
			char err[300] = "";
			if (!inv_debtor_account(s->debtor_base, pt->member_no, &x->konto))
				ui_lang_a(r, "inv.x.err_member", pt->member_no, err, sizeof err);
			else if (!pt->account)
				ui_lang_a(r, "inv.x.err_tariff", tariffs, err, sizeof err);
			else if (!x->bu)
				ui_lang_a(r, "inv.x.err_rate", pt->number, err, sizeof err);
			else if (strcmp(target, "datev") == 0 && !inv_account_fits(x->konto, s->account_len, true))
				ui_lang_n(r, "inv.x.err_debtor_len", x->konto, err, sizeof err);
			else if (strcmp(target, "datev") == 0 && !inv_account_fits(pt->account, s->account_len, false))
				ui_lang_n(r, "inv.x.err_revenue_len", pt->account, err, sizeof err);
			if (err[0]) {
				snprintf(x->error, sizeof x->error, "%s", err);
				(*nerr)++;
			}
			char base[24], acc[24], rate[16];
			snprintf(base, sizeof base, "%lld", (long long)s->debtor_base);
			snprintf(acc, sizeof acc, "%lld", (long long)pt->account);
			inv_rate_text(rate, pt->vat_rate, money_mark(r->org.lang));
			const char *const wv[][2] = {{"base", base}, {"member_no", pt->member_no}, {"account", acc},
			                              {"tariffs", tariffs}, {"bu", x->bu ? x->bu : "?"}, {"rate", rate}};
			fill(x->why, sizeof x->why,
			     app_lang(r, pt->vat_mode == INV_VAT_NONE ? "inv.x.why19" : "inv.x.why"), wv, 6);
		}
		i = j;
	}
	free(parts);
	*out = rows;
	*n = k;
	return ST_OK;
}

enum { X_FROM, X_TO, X_ALL, X_NFIELDS };
static const struct input_field x_fields[X_NFIELDS] = {
	[X_FROM] = {"from", input_month, false, 7},
	[X_TO] = {"to", input_month, false, 7},
	[X_ALL] = {"all", input_bool, false, 5},
};

/* The preview of target ("datev" or "lexware") with status, or the download when download. */
static int xfile(struct req *r, const char *target, bool download)
{
	struct input_val v[X_NFIELDS];
	int from, to;
	int bad = read_period(r, x_fields, X_NFIELDS, v, &from, &to);
	bool all = v[X_ALL].present && v[X_ALL].ok && v[X_ALL].i;
	bool datev = strcmp(target, "datev") == 0;
	hdf_set_value(r->hdf, "Inv.x.target", target);
	hdfx_set_int(r->hdf, "Inv.x.all", all);
	fill_months(r);
	ui_title(r, datev ? "inv.datev.title" : "inv.lexware.title");
	if (bad)
		return app_render(r, 422, "invoice_export.cs");
	struct invst_settings s;
	int res = invst_settings_load(r->org.id, &s);
	if (res != ST_OK)
		return ui_failure(r, res);
	unsigned miss = invst_missing(&s, datev) & (INVST_MISS_BERATER | INVST_MISS_MANDANT);
	set_missing(r, miss);
	struct xrow *rows;
	int n, nerr;
	res = map_rows(r, target, from, to, all, &s, &rows, &n, &nerr);
	if (res != ST_OK)
		return ui_failure(r, res);
	/* Belegdatum carries no year in DATEV: all rows must lie in one year. */
	int y0 = 0, y1 = 0, d0 = 99999999, d1 = 0;
	for (int i = 0; i < n; i++) {
		int y = atoi(rows[i].inv_date), m = atoi(rows[i].inv_date + 5), d = atoi(rows[i].inv_date + 8);
		int ymd = y * 10000 + m * 100 + d;
		if (ymd < d0)
			d0 = ymd, y0 = y;
		if (ymd > d1)
			d1 = ymd, y1 = y;
	}
	if (datev && n && y0 != y1) {
		input_error(r, NULL, "inv.x.err_years");
		nerr++;
	}
	char period_name[24];
	snprintf(period_name, sizeof period_name, "%s", period_of(r, from, to).name);
	HDF *list = hdfx_node(r->hdf, "Inv.x.rows");
	for (int i = 0; i < n; i++) {
		HDF *m = hdfx_child(list, i);
		char d[16];
		hdf_set_value(m, "number", rows[i].number);
		hdf_set_value(m, "member_no", rows[i].member_no);
		hdf_set_value(m, "name", rows[i].name);
		hdf_set_value(m, "date", date_de(d, sizeof d, rows[i].inv_date));
		ui_money_hdf(r, m, "amount", rows[i].cents < 0 ? -rows[i].cents : rows[i].cents);
		hdf_set_value(m, "sh", rows[i].cents < 0 ? "H" : "S");
		hdfx_set_int(m, "konto", rows[i].konto);
		hdfx_set_int(m, "gegenkonto", rows[i].gegenkonto);
		hdf_set_value(m, "bu", rows[i].bu ? rows[i].bu : "?");
		hdf_set_value(m, "text", rows[i].text);
		hdf_set_value(m, "why", rows[i].why);
		hdf_set_value(m, "error", rows[i].error);
		hdfx_set_int(m, "handed", rows[i].handed);
		if (rows[i].error[0])
			input_error_text(r, NULL, rows[i].error);
	}
	hdfx_set_int(r->hdf, "Inv.x.count", n);
	bool blocked = nerr > 0 || miss != 0;
	hdfx_set_int(r->hdf, "Inv.x.blocked", blocked);
	if (!download) {
		free(rows);
		return app_render(r, 200, "invoice_export.cs");
	}
	if (blocked || n == 0) {
		if (n == 0)
			input_error(r, NULL, "inv.x.err_empty");
		free(rows);
		return app_render(r, 422, "invoice_export.cs");
	}
	char name[80];
	if (datev)
		snprintf(name, sizeof name, "EXTF_Buchungsstapel_%s.csv", period_name);
	else
		snprintf(name, sizeof name, "rechnungen_%s.txt", period_name);
	FILE *f = tmpfile();
	int w = -1;
	if (f && datev) {
		struct datev_row *dr = calloc((size_t)n, sizeof *dr);
		if (dr) {
			int k = 0;
			for (int i = 0; i < n; i++)
				if (rows[i].cents != 0) /* DATEV refuses an Umsatz of 0: such an invoice has nothing to book */
					dr[k++] = (struct datev_row){.cents = rows[i].cents, .konto = rows[i].konto,
				                           .gegenkonto = rows[i].gegenkonto, .bu = rows[i].bu,
				                           .day = atoi(rows[i].inv_date + 8), .mon = atoi(rows[i].inv_date + 5),
				                           .beleg1 = rows[i].number, .text = rows[i].text};
			struct tu_tm now;
			tu_to_local("UTC", r->now, &now);
			char created[24], label[64];
			snprintf(created, sizeof created, "%04d%02d%02d%02d%02d%02d000", now.year, now.mon, now.day, now.hour,
			         now.min, now.sec);
			ui_lang_a(r, "inv.datev.label", period_name, label, sizeof label);
			int fy = (d0 / 10000) * 10000 + s.fy_start * 100 + 1;
			if (fy > d0)
				fy -= 10000;
			struct datev_header h = {.berater = s.berater, .mandant = s.mandant, .fy_start = fy,
			                         .account_len = s.account_len, .from = d0, .to = d1, .created = created,
			                         .label = label};
			w = datev_write(f, &h, dr, k);
			free(dr);
		}
	} else if (f) {
		struct lex_row *lr = calloc((size_t)n, sizeof *lr);
		if (lr) {
			int k = 0;
			for (int i = 0; i < n; i++) {
				if (rows[i].cents == 0)
					continue;
				/* The document date is the day after the billing period (elkato's rechnungen.txt). */
				struct tu_tm t;
				tu_to_local(r->org.tz, rows[i].t1, &t);
				lr[k++] = (struct lex_row){.day = t.day, .mon = t.mon, .year = t.year, .number = rows[i].number,
				                         .text = rows[i].text, .tax_key = rows[i].bu, .cents = rows[i].cents,
				                         .debit = rows[i].konto, .credit = rows[i].gegenkonto};
			}
			w = lex_write(f, lr, k);
			free(lr);
		}
	}
	if (w != 0) {
		if (f)
			fclose(f);
		free(rows);
		app_log(r, "accounting file could not be written");
		return app_error(r, 500, NULL);
	}
	int64_t *ids = calloc((size_t)n, sizeof *ids);
	int nids = 0;
	for (int i = 0; ids && i < n; i++)
		if (i == 0 || rows[i].invoice_id != rows[i - 1].invoice_id)
			ids[nids++] = rows[i].invoice_id;
	free(rows);
	struct actor a = ui_actor(r);
	res = ids ? invst_handover(&a, target, name, ids, nids) : ST_ERROR;
	free(ids);
	if (res != ST_OK) {
		fclose(f);
		return ui_failure(r, res);
	}
	return send_file(r, f, datev ? "text/csv; charset=windows-1252" : "text/plain; charset=windows-1252", name);
}

int ui_invoice_datev(struct req *r) { return xfile(r, "datev", false); }
int ui_invoice_do_datev(struct req *r) { return xfile(r, "datev", true); }
int ui_invoice_lexware(struct req *r) { return xfile(r, "lexware", false); }
int ui_invoice_do_lexware(struct req *r) { return xfile(r, "lexware", true); }
