/* test_session: unit tests for the session module's CSRF check (token and Origin/Referer) and password hashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/app.h"
#include "http/session.h"

static struct req R;
static char *ENV[8];
static char envbuf[8][160];

static const char TOKEN[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* A POST as nginx passes it: Host without port, SERVER_PORT, and optionally Origin/Referer/HTTPS. */
static void request(const char *origin, const char *referer, bool https)
{
	int n = 0;
	snprintf(envbuf[n], sizeof envbuf[n], "HTTP_HOST=wagenbuch.example");
	ENV[n] = envbuf[n], n++;
	snprintf(envbuf[n], sizeof envbuf[n], "SERVER_PORT=%s", https ? "443" : "8080");
	ENV[n] = envbuf[n], n++;
	if (origin) {
		snprintf(envbuf[n], sizeof envbuf[n], "HTTP_ORIGIN=%s", origin);
		ENV[n] = envbuf[n], n++;
	}
	if (referer) {
		snprintf(envbuf[n], sizeof envbuf[n], "HTTP_REFERER=%s", referer);
		ENV[n] = envbuf[n], n++;
	}
	if (https) {
		snprintf(envbuf[n], sizeof envbuf[n], "HTTPS=on");
		ENV[n] = envbuf[n], n++;
	}
	ENV[n] = NULL;
	R.envp = ENV;
}

static int setup(void **state)
{
	memset(&R, 0, sizeof R);
	assert_int_equal(hdf_init(&R.hdf), STATUS_OK);
	R.logged_in = true;
	snprintf(R.user.csrf, sizeof R.user.csrf, "%s", TOKEN);
	return 0;
}

static int teardown(void **state)
{
	hdf_destroy(&R.hdf);
	return 0;
}

static void token(void **state)
{
	request(NULL, NULL, false);
	hdf_remove_tree(R.hdf, "Query");
	assert_false(session_csrf_ok(&R));                 /* no token */
	hdf_set_value(R.hdf, "Query.csrf", "0123");
	assert_false(session_csrf_ok(&R));                 /* a prefix */
	hdf_set_value(R.hdf, "Query.csrf", TOKEN);
	assert_true(session_csrf_ok(&R));
	/* A repeated csrf field is refused, whichever value is right. */
	hdf_set_value(R.hdf, "Query.csrf.0", "a");
	hdf_set_value(R.hdf, "Query.csrf.1", TOKEN);
	assert_false(session_csrf_ok(&R));
	hdf_remove_tree(R.hdf, "Query");
	/* Without a session, the prelogin cookie is the token. */
	R.logged_in = false;
	hdf_set_value(R.hdf, "Query.csrf", TOKEN);
	assert_false(session_csrf_ok(&R));
	hdf_set_value(R.hdf, "Cookie.wb_pre", TOKEN);
	assert_true(session_csrf_ok(&R));
	R.logged_in = true;
}

static void origin(void **state)
{
	hdf_set_value(R.hdf, "Query.csrf", TOKEN);
	request("http://wagenbuch.example:8080", NULL, false);
	assert_true(session_csrf_ok(&R));
	request("http://WAGENBUCH.example:8080", NULL, false);   /* host names ignore case */
	assert_true(session_csrf_ok(&R));
	request("http://wagenbuch.example:9999", NULL, false);   /* another port is another origin */
	assert_false(session_csrf_ok(&R));
	request("http://evil.example:8080", NULL, false);
	assert_false(session_csrf_ok(&R));
	request("http://wagenbuch.example.evil:8080", NULL, false);
	assert_false(session_csrf_ok(&R));
	request("https://wagenbuch.example:8080", NULL, false);  /* https origin on plain http */
	assert_false(session_csrf_ok(&R));
	request("https://wagenbuch.example", NULL, true);        /* default port of https */
	assert_true(session_csrf_ok(&R));
	request("null", NULL, false);
	assert_false(session_csrf_ok(&R));
	/* Referer counts when no Origin is sent. */
	request(NULL, "http://wagenbuch.example:8080/calendar?x=1", false);
	assert_true(session_csrf_ok(&R));
	request(NULL, "http://evil.example/wagenbuch.example:8080", false);
	assert_false(session_csrf_ok(&R));
}

static void passwords(void **state)
{
	char h[256];
	assert_true(session_password_hash("äöü-Geheim-1", h, sizeof h));
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(session_password_verify(h, "äöü-Geheim-1"));
	assert_false(session_password_verify(h, "äöü-geheim-1"));
	assert_false(session_password_verify("", "x"));     /* no hash: never valid */
	assert_false(session_password_verify(NULL, "x"));
	char small[8];
	assert_false(session_password_hash("x", small, sizeof small));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token), cmocka_unit_test(origin), cmocka_unit_test(passwords),
	};
	return cmocka_run_group_tests_name("session", tests, setup, teardown);
}
