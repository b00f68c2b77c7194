/* ui_setup: the one-time web set-up of an empty installation: its first organisation and administrator, guarded by the set-up token. */
#include "ui/ui_setup.h"
#include "ui/ui_shared.h"

#include "base/timeutil.h"
#include "http/input.h"
#include "http/session.h"
#include "rules/pwpolicy.h"
#include "rules/translit.h"
#include "store/maint.h"
#include "store/orgstore.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* True while the installation has no organisation; *status gets the store's failure otherwise. */
static bool setup_open(int *status)
{
	int n = 0;
	*status = orgst_count(&n);
	return *status == ST_OK && n == 0;
}

/* The form; lang of the Form (de by default) picks the page's language. */
static int setup_page(struct req *r, int status)
{
	const char *lang = hdf_get_value(r->hdf, "Form.lang", "de");
	hdf_set_symlink(r->hdf, "Lang", strcmp(lang, "en") == 0 ? "L.en" : "L.de");
	char token[65];
	session_prelogin_token(r, token);
	hdf_set_value(r->hdf, "Setup.csrf", token);
	/* Only the file's name, never the server's directories, goes to an anonymous visitor. */
	char path[4200];
	maint_token_path(path, sizeof path);
	const char *slash = strrchr(path, '/');
	hdf_set_value(r->hdf, "Setup.tokenfile", slash ? slash + 1 : path);
	if (!hdf_get_value(r->hdf, "Form.tz", NULL))
		hdf_set_value(r->hdf, "Form.tz", "Europe/Berlin");
	hdf_set_int_value(r->hdf, "Setup.pwmin", PWP_ADMIN_MIN);
	hdf_set_value(r->hdf, "Page.title", app_lang(r, "setup.title"));
	return app_render(r, status, "setup.cs");
}

int ui_setup_form(struct req *r)
{
	int s;
	if (!setup_open(&s))
		return s == ST_OK ? app_error(r, 404, NULL) : app_db_failure(r, s);
	if (maint_token_ensure() != ST_OK) {
		app_log(r, "%s", "set-up token file cannot be written beside the database");
		return app_error(r, 500, NULL);
	}
	return setup_page(r, 200);
}

enum { S_TOKEN, S_NAME, S_TZ, S_LANG, S_LOGIN, S_PW, S_PW2, S_NFIELDS };
static const struct input_field setup_fields[S_NFIELDS] = {
	[S_TOKEN] = {"token", input_text, true, 200},
	[S_NAME] = {"name", input_text, true, 100},
	[S_TZ] = {"tz", input_text, true, 64},
	[S_LANG] = {"lang", input_text, true, 2},
	[S_LOGIN] = {"login", input_text, true, 64},
	[S_PW] = {"password", input_text, true, 1024},
	[S_PW2] = {"password2", input_text, true, 1024},
};

int ui_setup_do(struct req *r)
{
	int s;
	if (!setup_open(&s))
		return s == ST_OK ? app_error(r, 404, NULL) : app_db_failure(r, s);
	/* The messages are looked up as they are recorded: the chosen language first. */
	const char *want = hdf_get_value(r->hdf, "Query.lang", "de");
	hdf_set_symlink(r->hdf, "Lang", strcmp(want, "en") == 0 ? "L.en" : "L.de");
	struct input_val v[S_NFIELDS];
	int bad = input_read(r, setup_fields, S_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Form.password");  /* never echoed back */
	hdf_remove_tree(r->hdf, "Form.password2");
	hdf_remove_tree(r->hdf, "Form.token");
	if (v[S_TOKEN].ok && !maint_token_matches(v[S_TOKEN].s)) {
		app_log(r, "%s", "set-up: wrong token");
		input_error(r, "token", "setup.token_wrong");
		bad++;
	}
	if (v[S_LANG].ok && strcmp(v[S_LANG].s, "de") != 0 && strcmp(v[S_LANG].s, "en") != 0) {
		hdf_set_value(r->hdf, "Form.lang", "de");
		input_error(r, "lang", "setup.lang_bad");
		bad++;
	}
	struct tu_tm probe;
	if (v[S_TZ].ok && tu_to_local(v[S_TZ].s, 0, &probe) != 0) {
		input_error(r, "tz", "setup.tz_bad");
		bad++;
	}
	char login[TL_LOGIN_MAX + 1] = "";
	if (v[S_LOGIN].ok && !tl_login_ok(v[S_LOGIN].s)) {
		input_error(r, "login", "setup.login_bad");
		bad++;
	} else if (v[S_LOGIN].ok) {
		tl_login_upper(v[S_LOGIN].s, login, sizeof login);
	}
	if (v[S_NAME].ok && (v[S_NAME].s[0] == ' ' || v[S_NAME].s[strlen(v[S_NAME].s) - 1] == ' ')) {
		input_error(r, "name", "setup.name_spaces");
		bad++;
	}
	if (v[S_PW].ok) {
		enum pwp_verdict pv = pwp_check(v[S_PW].s, login);
		if (pv != PWP_OK) {
			char key[64];
			snprintf(key, sizeof key, "setup.%s", pwp_key(pv));
			input_error(r, "password", key);
			bad++;
		} else if (v[S_PW2].ok && strcmp(v[S_PW].s, v[S_PW2].s) != 0) {
			input_error(r, "password2", "setup.pw_mismatch");
			bad++;
		}
	}
	if (bad)
		return setup_page(r, 422);

	char hash[256];
	if (!session_password_hash(v[S_PW].s, hash, sizeof hash))
		return app_error(r, 500, NULL);
	const bool en = strcmp(v[S_LANG].s, "en") == 0;
	struct orgst_new in = {v[S_NAME].s, v[S_TZ].s, v[S_LANG].s, login, hash, en ? "Location" : "Standort"};
	int64_t org_id = 0;
	s = orgst_create_first(&in, (int64_t)time(NULL), &org_id);
	if (s == ST_FORBIDDEN)
		return app_error(r, 404, NULL);
	if (s != ST_OK)
		return app_db_failure(r, s);
	maint_token_remove();
	return ui_redirect(r, "login", "?setup=1");
}
