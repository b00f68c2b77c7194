/* ui_login: the login screens' handlers — sign in (organisation, login, password, "stay logged in"), sign out, change own password. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "ui/ui_login.h"
#include "base/utf8.h"
#include "store/marketstore.h"
#include "store/sessionstore.h"
#include "ui/ui_shared.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "http/session.h"

/* Orgs.<i> of the login form, and what fill_orgs learns while listing them. */
struct org_list {
	HDF *orgs;
	int n;
	int64_t only;
	bool only_en;
};

static void add_org(void *ctx, int64_t id, const char *name, const char *lang)
{
	struct org_list *l = ctx;
	HDF *o = hdfx_child(l->orgs, l->n++);
	hdfx_set_int(o, "id", id);
	hdf_set_value(o, "name", name);
	l->only = id;
	l->only_en = strcmp(lang, "en") == 0;
}

/* Fills Orgs.<i>.id/name for the organisation list (the form asks for one only when there are
 * several), and returns the only org's id when there is exactly one, else 0. *n the count. */
static int64_t fill_orgs(struct req *r, int *n)
{
	struct org_list l = {hdfx_node(r->hdf, "Orgs"), 0, 0, false};
	if (sess_orgs(add_org, &l, n) != ST_OK)
		*n = 0;
	hdf_set_int_value(r->hdf, "Login.orgcount", *n);
	if (*n == 1 && l.only_en)
		hdf_set_symlink(r->hdf, "Lang", "L.en");
	else
		hdf_set_symlink(r->hdf, "Lang", "L.de");
	return *n == 1 ? l.only : 0;
}

/* The sign-in page's one query field: "expired", set by the redirect of a route that needs a session. */
static const struct input_field notice_fields[] = {{"expired", input_bool, false, 5}};

static bool login_notice(struct req *r)
{
	struct input_val v;
	input_read(r, notice_fields, 1, &v);
	hdf_remove_tree(r->hdf, "Form.expired");
	return v.present && v.ok;
}

/* Shows the sign-in form with its CSRF token. */
static int login_form(struct req *r, int status)
{
	char token[65];
	session_prelogin_token(r, token);
	hdf_set_value(r->hdf, "Login.csrf", token);
	int n;
	fill_orgs(r, &n);
	if (login_notice(r))
		hdf_set_value(r->hdf, "Login.notice", app_lang(r, "login.expired"));
	ui_title(r, "login.title");
	return app_render(r, status, "login.cs");
}

int ui_login_login(struct req *r)
{
	if (r->logged_in)
		return ui_redirect(r, "calendar", "");
	return login_form(r, 200);
}

enum { F_ORG, F_LOGIN, F_PASSWORD, F_REMEMBER, F_NFIELDS };
static const struct input_field login_fields[F_NFIELDS] = {
	[F_ORG] = {"org", input_id, false, 20},
	[F_LOGIN] = {"login", input_text, true, 64},
	[F_PASSWORD] = {"password", input_text, true, 1024},
	[F_REMEMBER] = {"remember", input_bool, false, 8},
};

int ui_login_do_login(struct req *r)
{
	struct input_val v[F_NFIELDS];
	int bad = input_read(r, login_fields, F_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Form.password"); /* never echoed back */
	int norgs = 0;
	int64_t only = fill_orgs(r, &norgs);
	hdf_remove_tree(r->hdf, "Orgs"); /* login_form lists them again */
	int64_t org_id = v[F_ORG].ok && v[F_ORG].present ? v[F_ORG].i : 0;
	if (norgs == 1) {
		org_id = only;
	} else if (!org_id && !bad) {
		input_error(r, "org", "err.required");
		bad++;
	}
	if (bad)
		return login_form(r, 422);

	char login[64];
	size_t i;
	for (i = 0; v[F_LOGIN].s[i] && i + 1 < sizeof login; i++)
		login[i] = (char)toupper((unsigned char)v[F_LOGIN].s[i]);
	login[i] = '\0';

	int64_t retry;
	if (session_throttled(r, org_id, login, &retry) != THROTTLE_OK) {
		char ra[32];
		snprintf(ra, sizeof ra, "%lld", (long long)(retry > 0 ? retry : 1));
		app_header(r, "Retry-After", ra);
		session_record_attempt(r, org_id, login, 2);
		input_error(r, "login", "login.throttled");
		return login_form(r, 429);
	}

	int64_t member_id = 0;
	char hash[256] = "";
	bool locked = false, found = false;
	enum store_status res = sess_member_find(org_id, login, &member_id, hash, sizeof hash, &locked, &found);
	if (res != ST_OK)
		return app_db_failure(r, res);
	bool ok = session_password_verify(hash, v[F_PASSWORD].s) && member_id && !locked;
	session_record_attempt(r, org_id, login, ok);
	if (!ok) {
		input_error(r, "login", "login.failed");
		return login_form(r, 422);
	}
	int s = session_create(r, member_id, v[F_REMEMBER].i != 0);
	if (s != ST_OK)
		return app_db_failure(r, s);
	/* An administrator of an organisation in mini-markets first chooses the portal to work in,
	 * once per browser session (the market's portal cookie lives as long). */
	bool choose = false;
	if (!hdf_get_value(r->hdf, "Cookie.wb_portal", NULL) && mks_portal_choice(member_id, &choose) == ST_OK && choose)
		return ui_redirect(r, "market", "/portal");
	return ui_redirect(r, "calendar", "");
}

int ui_login_do_logout(struct req *r)
{
	int s = session_destroy(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	return ui_redirect(r, "login", "");
}

static int password_form(struct req *r, int status)
{
	static const struct input_field done_field[] = {{"done", input_bool, false, 5}};
	struct input_val done;
	input_read(r, done_field, 1, &done);
	hdf_remove_tree(r->hdf, "Form.done");
	if (done.present && done.ok && status == 200)
		hdf_set_value(r->hdf, "Password.done", app_lang(r, "password.done"));
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "password.title"));
	return app_render(r, status, "password.cs");
}

int ui_login_password(struct req *r)
{
	return password_form(r, 200);
}

enum { P_OLD, P_NEW, P_NEW2, P_NFIELDS };
static const struct input_field password_fields[P_NFIELDS] = {
	[P_OLD] = {"old", input_text, true, 1024},
	[P_NEW] = {"new", input_text, true, 1024},
	[P_NEW2] = {"new2", input_text, true, 1024},
};

int ui_login_do_password(struct req *r)
{
	struct input_val v[P_NFIELDS];
	int bad = input_read(r, password_fields, P_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Form");
	if (!bad && utf8_chars(v[P_NEW].s) < PASSWORD_MIN) {
		input_error(r, "new", "password.too_short");
		bad++;
	}
	if (!bad && strcmp(v[P_NEW].s, v[P_NEW2].s) != 0) {
		input_error(r, "new2", "password.mismatch");
		bad++;
	}
	if (bad)
		return password_form(r, 422);

	/* The old password is guessed no faster here than at the sign-in: the same throttle. */
	int64_t retry;
	if (session_throttled(r, r->org.id, r->user.login, &retry) != THROTTLE_OK) {
		char ra[32];
		snprintf(ra, sizeof ra, "%lld", (long long)(retry > 0 ? retry : 1));
		app_header(r, "Retry-After", ra);
		session_record_attempt(r, r->org.id, r->user.login, 2);
		input_error(r, "old", "login.throttled");
		return password_form(r, 429);
	}
	char hash[256] = "";
	enum store_status res = sess_member_hash(r->user.id, hash, sizeof hash);
	if (res != ST_OK)
		return app_db_failure(r, res);
	if (!session_password_verify(hash, v[P_OLD].s)) {
		session_record_attempt(r, r->org.id, r->user.login, 0);
		input_error(r, "old", "password.old_wrong");
		return password_form(r, 422);
	}
	char newhash[256];
	if (!session_password_hash(v[P_NEW].s, newhash, sizeof newhash))
		return app_error(r, 500, NULL);
	struct actor a = ui_actor(r);
	res = sess_password_change(&a, newhash);
	if (res != ST_OK)
		return app_db_failure(r, res);
	return ui_redirect(r, "login", "/password?done=1");
}
