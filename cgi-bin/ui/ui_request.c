/* ui_request: "Zugang anfordern" — the public request form and its confirmation link, and the administrators' list to accept or decline. */
#include "ui/ui_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/mime.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "http/session.h"
#include "rules/translit.h"
#include "store/requeststore.h"
#include "ui/ui_shared.h"

#define MAX_ORGS 200
#define MAX_REQUESTS 500

static const char *base_fallback(void)
{
	const char *b = getenv("WB_BASE_URL");
	return b && (!strncmp(b, "https://", 8) || !strncmp(b, "http://", 7)) ? b : "";
}

static int form(struct req *r, int status)
{
	static struct requeststore_org orgs[MAX_ORGS];
	int n = requeststore_orgs(orgs, MAX_ORGS);
	HDF *list = hdfx_node(r->hdf, "Orgs");
	for (int i = 0; i < n; i++) {
		HDF *o = hdfx_child(list, i);
		hdfx_set_int(o, "id", orgs[i].id);
		hdf_set_value(o, "name", orgs[i].name);
	}
	hdfx_set_int(r->hdf, "Request.orgcount", n < 0 ? 0 : n);
	char token[65];
	session_prelogin_token(r, token);
	hdf_set_value(r->hdf, "Login.csrf", token);
	ui_title(r, "request.title");
	return app_render(r, n > 0 || status != 200 ? status : 404, "request.cs");
}

int ui_request_form(struct req *r)
{
	return form(r, 200);
}

static const char *v_email(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	if (!mime_address_ok(raw))
		return "mail.err.address";
	out->s = raw;
	return NULL;
}

enum { Q_ORG, Q_LOGIN, Q_NAME, Q_EMAIL, Q_NFIELDS };
static const struct input_field request_fields[Q_NFIELDS] = {
	[Q_ORG] = {"org", input_id, true, 20},
	[Q_LOGIN] = {"login", input_text, true, 200},
	[Q_NAME] = {"name", input_text, true, 200},
	[Q_EMAIL] = {"email", v_email, true, 254},
};

int ui_request_do(struct req *r)
{
	struct input_val v[Q_NFIELDS];
	int bad = input_read(r, request_fields, Q_NFIELDS, v);
	/* The login name as the administrators' member form checks it (rules/translit), with a suggestion. */
	if (v[Q_LOGIN].ok && v[Q_LOGIN].present && !tl_login_ok(v[Q_LOGIN].s)) {
		char suggest[TL_LOGIN_MAX + 1];
		tl_login_suggest(v[Q_LOGIN].s, suggest, sizeof suggest);
		input_error(r, "login", strlen(v[Q_LOGIN].s) > TL_LOGIN_MAX && tl_login_ok(suggest) ? "adm.members.login_long"
		                                                                                     : "adm.members.login_chars");
		if (*suggest)
			hdf_set_value(r->hdf, "Suggest.login", suggest);
		bad++;
	}
	if (bad)
		return form(r, 422);
	char login[TL_LOGIN_MAX + 1];
	tl_login_upper(v[Q_LOGIN].s, login, sizeof login);
	enum store_status res = requeststore_create(v[Q_ORG].i, login, v[Q_NAME].s, v[Q_EMAIL].s, r->now, base_fallback());
	if (res == ST_DUPLICATE) {
		input_error(r, "login", "request.taken");
		return form(r, 422);
	}
	if (res == ST_FORBIDDEN) {
		input_error(r, "org", "request.closed");
		return form(r, 422);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	hdf_remove_tree(r->hdf, "Form");
	hdf_set_value(r->hdf, "Request.sent", "1");
	return form(r, 200);
}

static const char *token_of(const char *t)
{
	if (!t || strlen(t) != 64)
		return "";
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return "";
	return t;
}

int ui_request_confirm(struct req *r)
{
	char org[128] = "";
	enum store_status res = requeststore_confirm(token_of(hdf_get_value(r->hdf, "Query.token", NULL)), r->now,
	                                        base_fallback(), org, sizeof org);
	if (res != ST_OK && res != ST_NOT_FOUND)
		return ui_failure(r, res);
	hdf_set_value(r->hdf, res == ST_OK ? "Request.confirmed" : "Request.invalid", "1");
	hdf_set_value(r->hdf, "Request.org", org);
	ui_title(r, "request.title");
	return app_render(r, res == ST_OK ? 200 : 404, "request_confirm.cs");
}

static int list(struct req *r, int status)
{
	struct actor a = ui_actor(r);
	static struct requeststore_row rows[MAX_REQUESTS];
	int n = requeststore_open_list(&a, rows, MAX_REQUESTS);
	HDF *l = hdfx_node(r->hdf, "Requests");
	for (int i = 0; i < n; i++) {
		HDF *x = hdfx_child(l, i);
		hdfx_set_int(x, "id", rows[i].id);
		hdfx_set_time(x, r->org.tz, "created", rows[i].created_at);
		hdf_set_value(x, "login", rows[i].login);
		hdf_set_value(x, "name", rows[i].name);
		hdf_set_value(x, "email", rows[i].email);
	}
	ui_title(r, "request.admin_title");
	hdf_set_value(r->hdf, "Adm.section", "members");
	return app_render(r, status, "admin_requests.cs");
}

int ui_request_list(struct req *r)
{
	return list(r, 200);
}

int ui_request_do_accept(struct req *r)
{
	struct actor a = ui_actor(r);
	int64_t member = 0;
	enum store_status res = requeststore_accept(&a, r->id, base_fallback(), &member);
	if (res == ST_DUPLICATE) {
		input_error(r, NULL, "request.taken");
		return list(r, 409);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/requests?accepted=1");
}

int ui_request_do_decline(struct req *r)
{
	struct actor a = ui_actor(r);
	enum store_status res = requeststore_decline(&a, r->id);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/requests?declined=1");
}
