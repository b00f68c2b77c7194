/* ui_accounting: the administrators' "Buchhaltung" page — the connection to the accounting system (Tryton): switch, server, integration user, account mapping, "Verbindung testen", the import of customers, and the transfer (preview, one, all, undo) of invoices. */
#include "ui/ui_accounting.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/utf8.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "net/tryton.h"
#include "store/acctstore.h"
#include "ui/ui_shared.h"

/* The names of tryton_status as stored with a test and used in the language keys acct.status.<name>. */
static const char *const status_names[] = {
	[TRYTON_OK] = "ok",
	[TRYTON_UNREACHABLE] = "unreachable",
	[TRYTON_BAD_DATABASE] = "bad_database",
	[TRYTON_BAD_LOGIN] = "bad_login",
	[TRYTON_NO_RIGHTS] = "no_rights",
	[TRYTON_MISSING] = "missing",
	[TRYTON_REFUSED] = "refused",
	[TRYTON_PROTOCOL] = "protocol",
	[TRYTON_NO_ADDRESS] = "no_address",
	[TRYTON_EMPTY] = "empty",
};

/* An http:// or https:// URL of a server, without user info, query or fragment. */
static const char *v_server_url(struct req *r, const char *raw, struct input_val *out)
{
	const char *rest = NULL;
	if (strncmp(raw, "http://", 7) == 0)
		rest = raw + 7;
	else if (strncmp(raw, "https://", 8) == 0)
		rest = raw + 8;
	if (!rest || !*rest || *rest == '/' || strpbrk(raw, " @?#\\\"'<>") || !utf8_valid_text(raw, false))
		return "acct.err.url";
	out->s = raw;
	return NULL;
}

enum { A_ENABLED, A_URL, A_DB, A_LOGIN, A_PASSWORD, A_RECEIVABLE, A_REVENUE, A_JOURNAL, A_TERM, A_NFIELDS };
static const struct input_field acct_fields[A_NFIELDS] = {
	[A_ENABLED] = {"enabled", input_bool, false, 5},
	[A_URL] = {"url", v_server_url, false, 255},
	[A_DB] = {"dbname", input_text, false, 63},
	[A_LOGIN] = {"login", input_text, false, 63},
	[A_PASSWORD] = {"password", input_text, false, 127},
	[A_RECEIVABLE] = {"receivable", input_int, false, 10},
	[A_REVENUE] = {"revenue", input_int, false, 10},
	[A_JOURNAL] = {"journal", input_int, false, 10},
	[A_TERM] = {"payment_term", input_int, false, 10},
};

/* Acct.* for the page: the stored settings (never the password) and the last test's outcome in words. */
static void fill_state(struct req *r, const struct acct_settings *s)
{
	HDF *n = hdfx_node(r->hdf, "Acct");
	hdfx_set_int(n, "has_password", s->has_password);
	if (s->tested_at) {
		hdfx_set_time(n, r->org.tz, "tested_at", s->tested_at);
		hdf_set_value(n, "test_ok", strcmp(s->test_status, "ok") == 0 ? "1" : "0");
		char key[64], msg[600];
		snprintf(key, sizeof key, "acct.status.%s", s->test_status);
		ui_lang_a(r, key, s->test_detail, msg, sizeof msg);
		hdf_set_value(n, "test_message", msg);
	}
	ui_title(r, "acct.title");
	hdf_set_value(r->hdf, "Adm.section", "accounting");
}

struct rev_ctx {
	HDF *list;
	int n;
};

static int rev_row(void *ctx, const char *tariff, int64_t account)
{
	struct rev_ctx *c = ctx;
	HDF *m = hdfx_child(c->list, c->n++);
	hdf_set_value(m, "tariff", tariff);
	if (account)
		hdfx_set_int(m, "account", account);
	return 0;
}

static int page(struct req *r, int status, const struct acct_settings *s)
{
	fill_state(r, s);
	struct actor a = ui_actor(r);
	struct rev_ctx c = {hdfx_node(r->hdf, "Acct.revenues"), 0};
	enum store_status res = acct_revenues(&a, rev_row, &c);
	if (res != ST_OK)
		return ui_failure(r, res);
	return app_render(r, status, "admin_accounting.cs");
}

int ui_accounting_page(struct req *r)
{
	struct actor a = ui_actor(r);
	struct acct_settings s;
	enum store_status res = acct_load(&a, &s);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdfx_set_int(f, "enabled", s.enabled);
	hdf_set_value(f, "url", s.url);
	hdf_set_value(f, "dbname", s.dbname);
	hdf_set_value(f, "login", s.login);
	const struct { const char *name; int64_t v; } ids[] = {
		{"receivable", s.receivable}, {"revenue", s.revenue}, {"journal", s.journal}, {"payment_term", s.payment_term},
	};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (ids[i].v)
			hdfx_set_int(f, ids[i].name, ids[i].v);
	return page(r, 200, &s);
}

/* Refuses a negative account id. */
static int64_t account_id(struct req *r, const struct input_val *v, const char *name, int *bad)
{
	if (!v->present || !v->ok)
		return 0;
	if (v->i < 0) {
		input_error(r, name, "acct.err.id");
		(*bad)++;
		return 0;
	}
	return v->i;
}

int ui_accounting_do_save(struct req *r)
{
	struct input_val v[A_NFIELDS];
	int bad = input_read(r, acct_fields, A_NFIELDS, v);
	struct acct_settings in;
	memset(&in, 0, sizeof in);
	in.enabled = v[A_ENABLED].present && v[A_ENABLED].ok && v[A_ENABLED].i;
	in.receivable = account_id(r, &v[A_RECEIVABLE], "receivable", &bad);
	in.revenue = account_id(r, &v[A_REVENUE], "revenue", &bad);
	in.journal = account_id(r, &v[A_JOURNAL], "journal", &bad);
	in.payment_term = account_id(r, &v[A_TERM], "payment_term", &bad);
	struct actor a = ui_actor(r);
	struct acct_settings old;
	enum store_status res = acct_load(&a, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	/* Switched on, the connection needs everything a transfer uses. */
	if (in.enabled) {
		static const struct { int idx; const char *name; } need[] = {
			{A_URL, "url"}, {A_DB, "dbname"}, {A_LOGIN, "login"},
			{A_RECEIVABLE, "receivable"}, {A_REVENUE, "revenue"}, {A_JOURNAL, "journal"},
		};
		for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
			if (!v[need[i].idx].present && v[need[i].idx].ok) {
				input_error(r, need[i].name, "acct.err.required");
				bad++;
			}
		if (!v[A_PASSWORD].present && !old.has_password) {
			input_error(r, "password", "acct.err.required");
			bad++;
		}
	}
	if (bad) {
		hdf_set_value(r->hdf, "Form.password", ""); /* never sent back */
		return page(r, 422, &old);
	}
	utf8_copy(in.url, sizeof in.url, v[A_URL].present ? v[A_URL].s : "");
	utf8_copy(in.dbname, sizeof in.dbname, v[A_DB].present ? v[A_DB].s : "");
	utf8_copy(in.login, sizeof in.login, v[A_LOGIN].present ? v[A_LOGIN].s : "");
	res = acct_save(&a, &in, v[A_PASSWORD].present ? v[A_PASSWORD].s : NULL);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/accounting?saved=1");
}

int ui_accounting_do_test(struct req *r)
{
	struct actor a = ui_actor(r);
	struct acct_settings s;
	enum store_status res = acct_load(&a, &s);
	if (res != ST_OK)
		return ui_failure(r, res);
	char password[128];
	res = acct_password(&a, password, sizeof password);
	const char *status, *detail;
	struct tryton t;
	tryton_init(&t, s.url, s.dbname, s.login, res == ST_OK ? password : "");
	if (!s.url[0] || !s.dbname[0] || !s.login[0] || res != ST_OK) {
		status = "incomplete";
		detail = "";
	} else {
		/* The network call runs outside any transaction: a slow server delays only this page. */
		struct tryton_mapping m = {s.receivable, s.revenue, s.journal, s.payment_term};
		enum tryton_status ts = tryton_check(&t, &m);
		status = status_names[ts];
		detail = ts == TRYTON_OK ? "" : t.detail;
	}
	memset(password, 0, sizeof password);
	res = acct_record_test(&a, status, detail);
	tryton_free(&t);
	memset(t.password, 0, sizeof t.password);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/accounting?tested=1");
}

/* ---- Transfers of invoices. */

/* How long a claim holds an invoice: longer than every call of a transfer together may take (each
 * bounded by tryton's total timeout), so that a live transfer is never taken over. */
#define LEASE_S 180

/* The Tryton reference of an invoice (undo false) or of the credit note undoing it. */
static void reference(char *out, size_t n, const struct acct_xplan *p, bool undo)
{
	snprintf(out, n, "%s%s", p->number, undo ? "-STORNO" : "");
}

/* Today in the organisation's zone, "YYYY-MM-DD": the invoice date in Tryton (see tryton.md: invoices
 * are numbered in date order and a payment date in the past is refused with a warning). */
static void today(const struct actor *a, char *out, size_t n)
{
	struct tu_tm lt;
	if (tu_to_local(a->tz, a->now, &lt) != 0)
		memset(&lt, 0, sizeof lt);
	snprintf(out, n, "%04d-%02d-%02d", lt.year, lt.mon, lt.day);
}

/* Loads the organisation's connection into s and its password; false (with *why, a language key)
 * when it is switched off or incomplete. The caller wipes password. */
static bool usable(const struct actor *a, struct acct_settings *s, char *password, size_t n, const char **why)
{
	*why = "acct.err.disabled";
	if (acct_load(a, s) != ST_OK || !s->enabled)
		return false;
	*why = "acct.err.incomplete";
	if (!s->url[0] || !s->dbname[0] || !s->login[0] || !s->receivable || !s->revenue || !s->journal)
		return false;
	return acct_password(a, password, n) == ST_OK;
}

/* Books plan p in Tryton over the signed-in t: finds the invoice by its reference first (a retry after
 * a crash or timeout posts the draft it left, or only reads the number of the posted one), else the
 * party by member number (created with its address when missing), then creates and posts the invoice
 * (the credit note of an undo: every line negated). */
static enum tryton_status book(struct tryton *t, const struct acct_settings *s, const struct acct_xplan *p, bool undo,
                               const char *date, int64_t *tid, char *number, size_t nsize)
{
	char ref[96];
	reference(ref, sizeof ref, p, undo);
	char state[16] = "";
	bool found = false;
	enum tryton_status ts = tryton_invoice_find(t, ref, tid, number, nsize, state, sizeof state, &found);
	if (ts != TRYTON_OK)
		return ts;
	if (found) {
		if (!strcmp(state, "posted") || !strcmp(state, "paid"))
			return TRYTON_OK;
		if (!strcmp(state, "draft") || !strcmp(state, "validated"))
			return tryton_invoice_post_id(t, *tid, ref, number, nsize);
		snprintf(t->detail, sizeof t->detail, "%s: %s", ref, state);
		return TRYTON_REFUSED;
	}
	struct tryton_party party;
	ts = tryton_party_find(t, p->member_no, &party, &found);
	if (ts != TRYTON_OK)
		return ts;
	if (!found) {
		memset(&party, 0, sizeof party);
		utf8_copy(party.code, sizeof party.code, p->member_no);
		utf8_copy(party.name, sizeof party.name, p->name);
		utf8_copy(party.street, sizeof party.street, p->street);
		utf8_copy(party.postal_code, sizeof party.postal_code, p->postal_code);
		utf8_copy(party.city, sizeof party.city, p->city);
		ts = tryton_party_create(t, &party);
		if (ts != TRYTON_OK)
			return ts;
	} else if (!party.address_id) {
		snprintf(t->detail, sizeof t->detail, "%s", p->member_no);
		return TRYTON_NO_ADDRESS;
	}
	struct tryton_line lines[ACCT_XLINES_MAX];
	size_t n = 0;
	for (int i = 0; i < p->nlines; i++)
		if (p->lines[i].cents != 0)
			lines[n++] = (struct tryton_line){p->lines[i].text, undo ? -p->lines[i].cents : p->lines[i].cents,
			                                  p->lines[i].account};
	if (n == 0) {
		snprintf(t->detail, sizeof t->detail, "%s", p->number);
		return TRYTON_EMPTY;
	}
	char descr[200];
	if (undo)
		snprintf(descr, sizeof descr, "Storno zu Rechnung %s", p->number);
	else if (p->cancels)
		snprintf(descr, sizeof descr, "Stornorechnung %s zu Rechnung %s", p->number, p->cancels_number);
	else
		snprintf(descr, sizeof descr, "Rechnung %s, Zeitraum %s", p->number, p->period);
	utf8_trim_partial(descr);
	struct tryton_mapping m = {s->receivable, s->revenue, s->journal, s->payment_term};
	struct tryton_invoice_in in = {ref, descr, date, party.id, party.address_id, lines, n};
	return tryton_invoice_post(t, &m, &in, tid, number, nsize);
}

enum xres { X_OK, X_FAILED, X_CONFLICT, X_ALREADY, X_STORE };

/* One transfer (or undo) of invoice id: plan, claim (one immediate transaction), the calls to Tryton
 * outside any transaction, and the outcome recorded (only now "done") with its ADMIN line. */
static enum xres xfer(const struct actor *a, const struct acct_settings *s, const char *password, int64_t id, bool undo,
                      enum store_status *sres)
{
	struct acct_xplan *p = malloc(sizeof *p);
	if (!p) {
		*sres = ST_ERROR;
		return X_STORE;
	}
	*sres = acct_xfer_plan(a, id, s->revenue, p);
	if (*sres == ST_OK) {
		int64_t token = 0;
		*sres = acct_xfer_claim(a, id, undo, LEASE_S, &token);
		if (*sres == ST_OK) {
			struct tryton t;
			tryton_init(&t, s->url, s->dbname, s->login, password);
			char date[12], number[64] = "";
			today(a, date, sizeof date);
			int64_t tid = 0;
			enum tryton_status ts = tryton_login(&t);
			if (ts == TRYTON_OK)
				ts = book(&t, s, p, undo, date, &tid, number, sizeof number);
			tryton_free(&t);
			memset(t.password, 0, sizeof t.password);
			*sres = acct_xfer_finish(a, id, token, undo, ts == TRYTON_OK, tid, number, status_names[ts],
			                         ts == TRYTON_OK ? "" : t.detail);
			free(p);
			if (*sres == ST_CONFLICT)
				return X_CONFLICT;
			if (*sres != ST_OK)
				return X_STORE;
			return ts == TRYTON_OK ? X_OK : X_FAILED;
		}
	}
	free(p);
	if (*sres == ST_CONFLICT)
		return X_CONFLICT;
	if (*sres == ST_ALREADY)
		return X_ALREADY;
	return X_STORE;
}

/* The transfer state of an invoice in words: Acct state fields under node. */
static void state_hdf(struct req *r, HDF *n, const char *state, const char *tnum, const char *unum, const char *kind,
                      const char *detail, const char *op)
{
	hdf_set_value(n, "state", state);
	hdf_set_value(n, "tryton_number", tnum);
	hdf_set_value(n, "undo_number", unum);
	if (*kind) {
		char key[64], msg[700], full[800];
		snprintf(key, sizeof key, "acct.status.%s", kind);
		ui_lang_a(r, key, detail, msg, sizeof msg);
		snprintf(full, sizeof full, "%s %s", app_lang(r, !strcmp(op, "undo") ? "acct.x.undo_failed" : "acct.x.failed"), msg);
		utf8_trim_partial(full);
		hdf_set_value(n, "error", full);
	}
}

struct list_ctx {
	struct req *r;
	HDF *list;
	int n;
};

static int list_row(void *ctx, const struct acct_xrow *row)
{
	struct list_ctx *c = ctx;
	HDF *m = hdfx_child(c->list, c->n++);
	hdfx_set_int(m, "id", row->invoice_id);
	hdf_set_value(m, "number", row->number);
	hdf_set_value(m, "member_no", row->member_no);
	hdf_set_value(m, "name", row->name);
	hdf_set_value(m, "period", row->period);
	hdf_set_value(m, "date", row->inv_date);
	hdf_set_value(m, "cancels", row->cancels_number);
	ui_money_hdf(c->r, m, "gross", row->gross);
	state_hdf(c->r, m, row->state, row->tryton_number, row->undo_number, row->error_kind, row->error_detail, row->error_op);
	return 0;
}

static int period_row(void *ctx, const char *period)
{
	struct list_ctx *c = ctx;
	hdf_set_value(hdfx_child(c->list, c->n++), "name", period);
	return 0;
}

/* The period of the query or form ("2026-11", "2026-10_2026-12"): digits, '-' and '_', at most 23
 * bytes, else "". */
static const char *period_arg(const char *raw)
{
	return raw && strlen(raw) < 24 && strspn(raw, "0123456789-_") == strlen(raw) ? raw : "";
}

int ui_accounting_invoices(struct req *r)
{
	struct actor a = ui_actor(r);
	const char *period = period_arg(hdf_get_value(r->hdf, "Query.period", ""));
	bool open_only = hdf_get_value(r->hdf, "Query.open", NULL) != NULL;
	struct list_ctx c = {.r = r, .list = hdfx_node(r->hdf, "Acct.list")};
	enum store_status res = acct_xfer_list(&a, open_only ? "" : period, open_only, list_row, &c);
	if (res != ST_OK)
		return ui_failure(r, res);
	hdfx_set_int(r->hdf, "Acct.count", c.n);
	struct list_ctx pc = {.r = r, .list = hdfx_node(r->hdf, "Acct.periods")};
	res = acct_xfer_periods(&a, period_row, &pc);
	if (res != ST_OK)
		return ui_failure(r, res);
	hdf_set_value(r->hdf, "Acct.period", open_only ? "" : period);
	hdfx_set_int(r->hdf, "Acct.open", open_only);
	ui_title(r, open_only ? "acct.x.open_title" : "acct.x.title");
	hdf_set_value(r->hdf, "Adm.section", "accounting");
	return app_render(r, 200, "admin_accounting_invoices.cs");
}

int ui_accounting_invoice(struct req *r)
{
	struct actor a = ui_actor(r);
	struct acct_settings s;
	char password[128] = "";
	const char *why = NULL;
	bool ok = usable(&a, &s, password, sizeof password, &why);
	struct acct_xplan *p = malloc(sizeof *p);
	if (!p)
		return ui_failure(r, ST_ERROR);
	enum store_status res = acct_xfer_plan(&a, r->id, s.revenue, p);
	if (res != ST_OK) {
		free(p);
		memset(password, 0, sizeof password);
		return ui_failure(r, res);
	}
	HDF *n = hdfx_node(r->hdf, "Acct.inv");
	hdfx_set_int(n, "id", p->invoice_id);
	hdf_set_value(n, "number", p->number);
	hdf_set_value(n, "cancels", p->cancels_number);
	hdf_set_value(n, "member_no", p->member_no);
	hdf_set_value(n, "name", p->name);
	hdf_set_value(n, "street", p->street);
	hdf_set_value(n, "postal_code", p->postal_code);
	hdf_set_value(n, "city", p->city);
	hdf_set_value(n, "period", p->period);
	char ref[96], date[12];
	reference(ref, sizeof ref, p, false);
	hdf_set_value(n, "reference", ref);
	today(&a, date, sizeof date);
	hdf_set_value(n, "date", date);
	ui_money_hdf(r, n, "gross", p->gross);
	state_hdf(r, n, p->state, p->tryton_number, p->undo_number, p->error_kind, p->error_detail, p->error_op);
	for (int i = 0; i < p->nlines; i++) {
		HDF *l = hdfx_child(hdfx_node(n, "lines"), i);
		hdf_set_value(l, "text", p->lines[i].text);
		hdfx_set_int(l, "account", p->lines[i].account);
		hdfx_set_int(l, "mapped", p->lines[i].mapped);
		ui_money_hdf(r, l, "amount", p->lines[i].cents);
	}
	/* The party as the accounting system has it: a read-only lookup, outside any transaction. */
	if (!ok) {
		hdf_set_value(n, "party_error", app_lang(r, why));
	} else {
		struct tryton t;
		tryton_init(&t, s.url, s.dbname, s.login, password);
		struct tryton_party party;
		bool found = false;
		enum tryton_status ts = tryton_login(&t);
		if (ts == TRYTON_OK)
			ts = tryton_party_find(&t, p->member_no, &party, &found);
		if (ts != TRYTON_OK) {
			char key[64], msg[700];
			snprintf(key, sizeof key, "acct.status.%s", status_names[ts]);
			ui_lang_a(r, key, t.detail, msg, sizeof msg);
			hdf_set_value(n, "party_error", msg);
		} else if (found) {
			hdfx_set_int(n, "party.id", party.id);
			hdf_set_value(n, "party.name", party.name);
			hdfx_set_int(n, "party.address", party.address_id);
		} else {
			hdf_set_value(n, "party.create", "1");
		}
		tryton_free(&t);
		memset(t.password, 0, sizeof t.password);
	}
	memset(password, 0, sizeof password);
	free(p);
	ui_title(r, "acct.x.preview");
	hdf_set_value(r->hdf, "Adm.section", "accounting");
	return app_render(r, 200, "admin_accounting_invoice.cs");
}

/* A transfer or undo of r->id, answered with a redirect to its preview page (which shows the outcome
 * or the failure kept on the invoice), 409 or 422. */
static int one(struct req *r, bool undo)
{
	struct actor a = ui_actor(r);
	struct acct_settings s;
	char password[128] = "";
	const char *why = NULL;
	bool ok = usable(&a, &s, password, sizeof password, &why);
	struct acct_xplan *p = malloc(sizeof *p);
	if (!p)
		return ui_failure(r, ST_ERROR);
	enum store_status res = acct_xfer_plan(&a, r->id, s.revenue, p); /* 404 before anything else */
	free(p);
	if (res != ST_OK) {
		memset(password, 0, sizeof password);
		return ui_failure(r, res);
	}
	if (!ok)
		return app_error(r, 422, why);
	enum xres x = xfer(&a, &s, password, r->id, undo, &res);
	memset(password, 0, sizeof password);
	if (x == X_CONFLICT)
		return app_error(r, 409, "acct.err.busy");
	if (x == X_ALREADY)
		return app_error(r, 409, undo ? "acct.err.not_done" : "acct.err.already");
	if (x == X_STORE)
		return ui_failure(r, res);
	char rest[80];
	snprintf(rest, sizeof rest, "/accounting/invoices/%lld?%s=1", (long long)r->id,
	         x == X_OK ? (undo ? "undone" : "transferred") : "failed");
	return ui_redirect(r, "admin", rest);
}

int ui_accounting_do_transfer(struct req *r)
{
	return one(r, false);
}

int ui_accounting_do_undo(struct req *r)
{
	return one(r, true);
}

struct ids_ctx {
	int64_t *ids;
	int n, cap;
};

static int collect(void *ctx, const struct acct_xrow *row)
{
	struct ids_ctx *c = ctx;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		int64_t *ids = realloc(c->ids, (size_t)cap * sizeof *ids);
		if (!ids)
			return 1;
		c->ids = ids;
		c->cap = cap;
	}
	c->ids[c->n++] = row->invoice_id;
	return 0;
}

static const struct input_field all_fields[] = {{"period", input_text, false, 23}};

int ui_accounting_do_transfer_all(struct req *r)
{
	struct input_val v[1];
	input_read(r, all_fields, 1, v);
	const char *period = v[0].present && v[0].ok ? period_arg(v[0].s) : "";
	struct actor a = ui_actor(r);
	struct acct_settings s;
	char password[128] = "";
	const char *why = NULL;
	if (!usable(&a, &s, password, sizeof password, &why))
		return app_error(r, 422, why);
	/* The ids first: the list's statement is done before the first write. */
	struct ids_ctx c = {0};
	enum store_status res = acct_xfer_list(&a, period, true, collect, &c);
	if (res != ST_OK) {
		free(c.ids);
		memset(password, 0, sizeof password);
		return ui_failure(r, res);
	}
	int done = 0, failed = 0;
	for (int i = 0; i < c.n; i++) { /* in number order, so in date order in Tryton too */
		enum xres x = xfer(&a, &s, password, c.ids[i], false, &res);
		if (x == X_OK)
			done++;
		else if (x == X_FAILED)
			failed++;
		else if (x == X_STORE && res != ST_NOT_FOUND) {
			free(c.ids);
			memset(password, 0, sizeof password);
			return ui_failure(r, res);
		}
	}
	free(c.ids);
	memset(password, 0, sizeof password);
	char rest[160];
	snprintf(rest, sizeof rest, "/accounting/invoices?%s%s&done=%d&failed=%d", *period ? "period=" : "open=1", period,
	         done, failed);
	return ui_redirect(r, "admin", rest);
}

static const struct input_field revenue_fields[] = {{"tariff", input_text, true, 127}, {"account", input_int, false, 10}};

int ui_accounting_do_revenue(struct req *r)
{
	struct input_val v[2];
	int bad = input_read(r, revenue_fields, 2, v);
	if (bad || (v[1].present && v[1].i < 0))
		return app_error(r, 422, "acct.err.id");
	struct actor a = ui_actor(r);
	enum store_status res = acct_revenue_save(&a, v[0].s, v[1].present ? v[1].i : 0);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/accounting?saved=1");
}

/* ---- Import of customers. */

#define PARTIES_MAX 5000

struct parties {
	struct acct_party_in *p;
	int n;
};

static void on_party(void *ctx, const struct tryton_party *tp)
{
	struct parties *c = ctx;
	if (c->n >= PARTIES_MAX)
		return;
	struct acct_party_in *p = &c->p[c->n++];
	p->id = tp->id;
	utf8_copy(p->code, sizeof p->code, tp->code);
	utf8_copy(p->name, sizeof p->name, tp->name);
}

/* Reads the parties over the network (outside any transaction). 0 on success; else the HTTP status
 * already answered (422 without a usable connection, 502 with the accounting system's failure). */
static int read_parties(struct req *r, const struct actor *a, struct parties *out)
{
	struct acct_settings s;
	char password[128] = "";
	const char *why = NULL;
	if (!usable(a, &s, password, sizeof password, &why)) {
		memset(password, 0, sizeof password);
		return app_error(r, 422, why);
	}
	out->n = 0;
	out->p = calloc(PARTIES_MAX, sizeof *out->p);
	if (!out->p) {
		memset(password, 0, sizeof password);
		return ui_failure(r, ST_ERROR);
	}
	struct tryton t;
	tryton_init(&t, s.url, s.dbname, s.login, password);
	memset(password, 0, sizeof password);
	enum tryton_status ts = tryton_login(&t);
	if (ts == TRYTON_OK)
		ts = tryton_parties(&t, PARTIES_MAX, on_party, out);
	tryton_free(&t);
	memset(t.password, 0, sizeof t.password);
	if (ts != TRYTON_OK) {
		free(out->p);
		out->p = NULL;
		char key[64], msg[700];
		snprintf(key, sizeof key, "acct.status.%s", status_names[ts]);
		ui_lang_a(r, key, t.detail, msg, sizeof msg);
		hdf_set_value(r->hdf, "Acct.import_error", msg);
		ui_title(r, "acct.imp.title");
		hdf_set_value(r->hdf, "Adm.section", "accounting");
		return app_render(r, 502, "admin_accounting_import.cs");
	}
	return 0;
}

static const char *const imp_kinds[] = {
	[ACCT_IMP_CREATE] = "create", [ACCT_IMP_LINK] = "link", [ACCT_IMP_CHANGE] = "change", [ACCT_IMP_SAME] = "same",
	[ACCT_IMP_DUP_CODE] = "dup_code", [ACCT_IMP_NO_LOGIN] = "no_login", [ACCT_IMP_LOGIN_TAKEN] = "login_taken",
};

int ui_accounting_import(struct req *r)
{
	struct actor a = ui_actor(r);
	struct parties ps = {0};
	int sent = read_parties(r, &a, &ps);
	if (sent)
		return sent;
	struct acct_imp_item *items = calloc(ps.n ? (size_t)ps.n : 1, sizeof *items);
	if (!items) {
		free(ps.p);
		return ui_failure(r, ST_ERROR);
	}
	enum store_status res = acct_import_plan(&a, ps.p, ps.n, items);
	if (res != ST_OK) {
		free(items);
		free(ps.p);
		return ui_failure(r, res);
	}
	HDF *list = hdfx_node(r->hdf, "Acct.items");
	int conflicts = 0, work = 0;
	for (int i = 0; i < ps.n; i++) {
		HDF *m = hdfx_child(list, i);
		hdf_set_value(m, "kind", imp_kinds[items[i].kind]);
		hdf_set_value(m, "code", items[i].code);
		hdf_set_value(m, "name", items[i].name);
		hdf_set_value(m, "login", items[i].login);
		hdf_set_value(m, "old_descr", items[i].old_descr);
		hdfx_set_int(m, "party", items[i].party_id);
		if (items[i].kind >= ACCT_IMP_DUP_CODE)
			conflicts++;
		else if (items[i].kind != ACCT_IMP_SAME)
			work++;
	}
	hdfx_set_int(r->hdf, "Acct.count", ps.n);
	hdfx_set_int(r->hdf, "Acct.conflicts", conflicts);
	hdfx_set_int(r->hdf, "Acct.work", work);
	free(items);
	free(ps.p);
	ui_title(r, "acct.imp.title");
	hdf_set_value(r->hdf, "Adm.section", "accounting");
	return app_render(r, 200, "admin_accounting_import.cs");
}

int ui_accounting_do_import(struct req *r)
{
	struct actor a = ui_actor(r);
	struct parties ps = {0};
	int sent = read_parties(r, &a, &ps);
	if (sent)
		return sent;
	int counts[7];
	enum store_status res = acct_import_apply(&a, ps.p, ps.n, counts);
	free(ps.p);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[160];
	snprintf(rest, sizeof rest, "/accounting/import?created=%d&linked=%d&changed=%d&conflicts=%d", counts[ACCT_IMP_CREATE],
	         counts[ACCT_IMP_LINK], counts[ACCT_IMP_CHANGE],
	         counts[ACCT_IMP_DUP_CODE] + counts[ACCT_IMP_NO_LOGIN] + counts[ACCT_IMP_LOGIN_TAKEN]);
	return ui_redirect(r, "admin", rest);
}
