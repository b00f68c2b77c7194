/* ui_reset: "Passwort vergessen" — ask for a reset link (the same answer whether or not the account exists, throttled) and set a new password with it. */
#include "ui/ui_reset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "http/session.h"
#include "store/accountstore.h"
#include "ui/ui_shared.h"

#define MAX_ORGS 200

/* The organisation list of the form; returns the only organisation's id when there is one. */
static int64_t fill_orgs(struct req *r)
{
	static struct accountstore_org orgs[MAX_ORGS];
	int n = accountstore_orgs(orgs, MAX_ORGS);
	HDF *list = hdfx_node(r->hdf, "Orgs");
	for (int i = 0; i < n; i++) {
		HDF *o = hdfx_child(list, i);
		hdfx_set_int(o, "id", orgs[i].id);
		hdf_set_value(o, "name", orgs[i].name);
	}
	hdfx_set_int(r->hdf, "Login.orgcount", n < 0 ? 0 : n);
	if (n == 1) {
		if (!strcmp(orgs[0].lang, "en"))
			hdf_set_symlink(r->hdf, "Lang", "L.en");
		return orgs[0].id;
	}
	return 0;
}

static int form(struct req *r, int status)
{
	char token[65];
	session_prelogin_token(r, token);
	hdf_set_value(r->hdf, "Login.csrf", token);
	fill_orgs(r);
	ui_title(r, "reset.title");
	return app_render(r, status, "reset.cs");
}

int ui_reset_form(struct req *r)
{
	return form(r, 200);
}

enum { R_ORG, R_WHO, R_NFIELDS };
static const struct input_field reset_fields[R_NFIELDS] = {
	[R_ORG] = {"org", input_id, false, 20},
	[R_WHO] = {"who", input_text, true, 254},
};

static int window(void)
{
	const char *w = getenv("WB_LOGIN_WINDOW");
	long n = w ? strtol(w, NULL, 10) : 0;
	return n > 0 && n < 86400 ? (int)n : 900;
}

/* The install's public address for links when the organisation has none: WB_BASE_URL. */
static const char *base_fallback(void)
{
	const char *b = getenv("WB_BASE_URL");
	return b && (!strncmp(b, "https://", 8) || !strncmp(b, "http://", 7)) ? b : "";
}

int ui_reset_do(struct req *r)
{
	struct input_val v[R_NFIELDS];
	int bad = input_read(r, reset_fields, R_NFIELDS, v);
	int64_t only = 0;
	{
		static struct accountstore_org orgs[2];
		if (accountstore_orgs(orgs, 2) == 1)
			only = orgs[0].id;
	}
	int64_t org = only ? only : (v[R_ORG].ok && v[R_ORG].present ? v[R_ORG].i : 0);
	if (!org && !bad) {
		input_error(r, "org", "err.required");
		bad++;
	}
	if (bad)
		return form(r, 422);
	const char *addr = app_env(r, "REMOTE_ADDR");
	int64_t retry = 0;
	int queued = 0;
	enum store_status res = accountstore_reset_request(org, v[R_WHO].s, addr ? addr : "", r->now, window(),
	                                              base_fallback(), &retry, &queued);
	if (res == ST_RANGE) {
		char ra[32];
		snprintf(ra, sizeof ra, "%lld", (long long)retry);
		app_header(r, "Retry-After", ra);
		input_error(r, "who", "login.throttled");
		return form(r, 429);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	/* The same answer whether or not a mail was queued. */
	hdf_remove_tree(r->hdf, "Form");
	hdf_set_value(r->hdf, "Reset.sent", "1");
	return form(r, 200);
}

static int new_form(struct req *r, int status, const char *token)
{
	char csrf[65];
	session_prelogin_token(r, csrf);
	hdf_set_value(r->hdf, "Login.csrf", csrf);
	hdf_set_value(r->hdf, "Reset.token", token);
	ui_title(r, "reset.new_title");
	return app_render(r, status, "reset_new.cs");
}

/* The token of a link: 64 lower-case hex characters, else "". */
static const char *token_of(const char *t)
{
	if (!t || strlen(t) != 64)
		return "";
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return "";
	return t;
}

int ui_reset_new(struct req *r)
{
	const char *token = token_of(hdf_get_value(r->hdf, "Query.token", NULL));
	char login[64] = "";
	int64_t org = 0;
	enum store_status res = accountstore_reset_check(token, r->now, login, sizeof login, &org);
	if (res == ST_NOT_FOUND) {
		hdf_set_value(r->hdf, "Reset.invalid", "1");
		return new_form(r, 404, "");
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	hdf_set_value(r->hdf, "Reset.login", login);
	return new_form(r, 200, token);
}

enum { N_TOKEN, N_NEW, N_NEW2, N_NFIELDS };
static const struct input_field new_fields[N_NFIELDS] = {
	[N_TOKEN] = {"token", input_text, true, 64},
	[N_NEW] = {"new", input_text, true, 1024},
	[N_NEW2] = {"new2", input_text, true, 1024},
};

int ui_reset_do_new(struct req *r)
{
	struct input_val v[N_NFIELDS];
	int bad = input_read(r, new_fields, N_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Form");
	const char *token = v[N_TOKEN].ok ? token_of(v[N_TOKEN].s) : "";
	char login[64] = "";
	int64_t org = 0;
	enum store_status res = accountstore_reset_check(token, r->now, login, sizeof login, &org);
	if (res == ST_NOT_FOUND) {
		hdf_set_value(r->hdf, "Reset.invalid", "1");
		return new_form(r, 404, "");
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	hdf_set_value(r->hdf, "Reset.login", login);
	if (!bad && utf8_chars(v[N_NEW].s) < PASSWORD_MIN) {
		input_error(r, "new", "password.too_short");
		bad++;
	}
	if (!bad && strcmp(v[N_NEW].s, v[N_NEW2].s) != 0) {
		input_error(r, "new2", "password.mismatch");
		bad++;
	}
	if (bad)
		return new_form(r, 422, token);
	char hash[256];
	if (!session_password_hash(v[N_NEW].s, hash, sizeof hash))
		return ui_failure(r, ST_ERROR);
	int64_t member = 0;
	res = accountstore_reset_apply(token, hash, r->now, &member);
	if (res == ST_NOT_FOUND) {
		hdf_set_value(r->hdf, "Reset.invalid", "1");
		return new_form(r, 404, "");
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "login", "?reset=1");
}
