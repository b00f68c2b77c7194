/* ui_accounting: the administrators' "Buchhaltung" page — the connection to the accounting system (Tryton): switch, server, integration user, account mapping, and "Verbindung testen". */
#include "ui/ui_accounting.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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
};

/* An http:// or https:// URL of a server, without user info, query or fragment. */
static const char *v_server_url(struct req *r, const char *raw, struct fval *out)
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
static const struct field acct_fields[A_NFIELDS] = {
	[A_ENABLED] = {"enabled", v_bool, false, 5},
	[A_URL] = {"url", v_server_url, false, 255},
	[A_DB] = {"dbname", v_text, false, 63},
	[A_LOGIN] = {"login", v_text, false, 63},
	[A_PASSWORD] = {"password", v_text, false, 127},
	[A_RECEIVABLE] = {"receivable", v_int, false, 10},
	[A_REVENUE] = {"revenue", v_int, false, 10},
	[A_JOURNAL] = {"journal", v_int, false, 10},
	[A_TERM] = {"payment_term", v_int, false, 10},
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

static int page(struct req *r, int status, const struct acct_settings *s)
{
	fill_state(r, s);
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
static int64_t account_id(struct req *r, const struct fval *v, const char *name, int *bad)
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
	struct fval v[A_NFIELDS];
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
