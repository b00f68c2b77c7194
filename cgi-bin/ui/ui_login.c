/* ui_login: the login screens' handlers — sign in (organisation, login, password, "stay logged in"), sign out, change own password. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/app.h"
#include "ui/ui_login.h"
#include "store/db.h"
#include "http/input.h"
#include "http/session.h"

/* Number of organisations of the install; the login form asks for one only when there are several. */
static int org_count(void)
{
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM org");
	int n = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

/* Fills Orgs.<i>.id/name for the organisation list, and returns the only org's id when there is one. */
static int64_t fill_orgs(struct req *r)
{
	HDF *orgs;
	hdf_get_node(r->hdf, "Orgs", &orgs);
	sqlite3_stmt *st = db_stmt("SELECT id, name, lang FROM org ORDER BY name");
	int i = 0;
	int64_t only = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		char k[16];
		HDF *o;
		snprintf(k, sizeof k, "%d", i++);
		hdf_get_node(orgs, k, &o);
		hdf_set_value(o, "id", db_text(st, 0));
		hdf_set_value(o, "name", db_text(st, 1));
		only = sqlite3_column_int64(st, 0);
		if (i == 1 && strcmp(db_text(st, 2), "en") == 0)
			hdf_set_symlink(r->hdf, "Lang", "L.en");
	}
	if (st)
		sqlite3_reset(st);
	hdf_set_int_value(r->hdf, "Login.orgcount", i);
	if (i != 1) {
		hdf_set_symlink(r->hdf, "Lang", "L.de");
		return 0;
	}
	return only;
}

/* Shows the sign-in form with its CSRF token. */
static int login_form(struct req *r, int status)
{
	char token[65];
	session_prelogin_token(r, token);
	hdf_set_value(r->hdf, "Login.csrf", token);
	fill_orgs(r);
	if (hdf_get_value(r->hdf, "Query.expired", NULL))
		hdf_set_value(r->hdf, "Login.notice", app_lang(r, "login.expired"));
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "login.title"));
	return app_render(r, status, "login.cs");
}

int ui_login_login(struct req *r)
{
	if (r->logged_in) {
		char url[512];
		return app_redirect(r, app_url(r, url, sizeof url, "calendar", ""));
	}
	return login_form(r, 200);
}

enum { F_ORG, F_LOGIN, F_PASSWORD, F_REMEMBER, F_NFIELDS };
static const struct field login_fields[F_NFIELDS] = {
	[F_ORG] = {"org", v_id, false, 20},
	[F_LOGIN] = {"login", v_text, true, 64},
	[F_PASSWORD] = {"password", v_any, true, 1024},
	[F_REMEMBER] = {"remember", v_bool, false, 8},
};

int ui_login_do_login(struct req *r)
{
	struct fval v[F_NFIELDS];
	int bad = input_read(r, login_fields, F_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Form.password"); /* never echoed back */
	int norgs = org_count();
	int64_t org_id = v[F_ORG].ok && v[F_ORG].present ? v[F_ORG].i : 0;
	if (norgs == 1) {
		sqlite3_stmt *st = db_stmt("SELECT id FROM org LIMIT 1");
		if (st && sqlite3_step(st) == SQLITE_ROW)
			org_id = sqlite3_column_int64(st, 0);
		if (st)
			sqlite3_reset(st);
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

	sqlite3_stmt *st = db_stmt("SELECT id, pw_hash, locked FROM member WHERE org_id = ? AND login = ?");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	int64_t member_id = 0;
	char hash[256] = "";
	bool locked = false;
	if (sqlite3_step(st) == SQLITE_ROW) {
		member_id = sqlite3_column_int64(st, 0);
		snprintf(hash, sizeof hash, "%s", db_text(st, 1));
		locked = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_reset(st);
	bool ok = session_password_verify(hash, v[F_PASSWORD].s) && member_id && !locked;
	session_record_attempt(r, org_id, login, ok);
	if (!ok) {
		input_error(r, "login", "login.failed");
		return login_form(r, 422);
	}
	int s = session_create(r, member_id, v[F_REMEMBER].i != 0);
	if (s != ST_OK)
		return app_db_failure(r, s);
	char url[512];
	return app_redirect(r, app_url(r, url, sizeof url, "calendar", ""));
}

int ui_login_do_logout(struct req *r)
{
	int s = session_destroy(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	char url[512];
	return app_redirect(r, app_url(r, url, sizeof url, "login", ""));
}

static int password_form(struct req *r, int status)
{
	if (hdf_get_value(r->hdf, "Query.done", NULL) && status == 200)
		hdf_set_value(r->hdf, "Password.done", app_lang(r, "password.done"));
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "password.title"));
	return app_render(r, status, "password.cs");
}

int ui_login_password(struct req *r)
{
	return password_form(r, 200);
}

/* Number of UTF-8 characters in s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

enum { P_OLD, P_NEW, P_NEW2, P_NFIELDS };
static const struct field password_fields[P_NFIELDS] = {
	[P_OLD] = {"old", v_any, true, 1024},
	[P_NEW] = {"new", v_any, true, 1024},
	[P_NEW2] = {"new2", v_any, true, 1024},
};

int ui_login_do_password(struct req *r)
{
	struct fval v[P_NFIELDS];
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

	char hash[256] = "";
	sqlite3_stmt *st = db_stmt("SELECT pw_hash FROM member WHERE id = ?");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->user.id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(hash, sizeof hash, "%s", db_text(st, 0));
	sqlite3_reset(st);
	if (!session_password_verify(hash, v[P_OLD].s)) {
		session_record_attempt(r, r->org.id, r->user.login, 0);
		input_error(r, "old", "password.old_wrong");
		return password_form(r, 422);
	}
	char newhash[256];
	if (!session_password_hash(v[P_NEW].s, newhash, sizeof newhash))
		return app_error(r, 500, NULL);

	int s = db_begin();
	if (s != ST_OK)
		return app_db_failure(r, s);
	sqlite3_stmt *up = db_stmt("UPDATE member SET pw_hash = ? WHERE id = ?");
	/* Other sessions of this member end: whoever knew the old password is signed out. */
	sqlite3_stmt *del = db_stmt("DELETE FROM session WHERE member_id = ? AND csrf <> ?");
	if (!up || !del)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_text(up, 1, newhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(up, 2, r->user.id);
	int rc = sqlite3_step(up);
	sqlite3_reset(up);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_int64(del, 1, r->user.id);
		sqlite3_bind_text(del, 2, r->user.csrf, -1, SQLITE_STATIC);
		rc = sqlite3_step(del);
		sqlite3_reset(del);
	}
	if (rc != SQLITE_DONE)
		return app_db_failure(r, db_result(rc, "password update"));
	s = db_commit();
	if (s != ST_OK)
		return app_db_failure(r, s);
	char url[512];
	return app_redirect(r, app_url(r, url, sizeof url, "login", "/password?done=1"));
}
