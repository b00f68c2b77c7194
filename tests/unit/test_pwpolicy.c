/* test_pwpolicy: unit tests for the administrator password rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/pwpolicy.h"

static void verdicts(void **state)
{
	assert_int_equal(pwp_check("Segelboot-im-Nebel-3", "VERWALTUNG"), PWP_OK);
	assert_int_equal(pwp_check("korrekt Pferd Batterie", NULL), PWP_OK);
	assert_int_equal(pwp_check("", NULL), PWP_SHORT);
	assert_int_equal(pwp_check(NULL, NULL), PWP_SHORT);
	assert_int_equal(pwp_check("neun-zei9", NULL), PWP_SHORT);          /* 9 characters */
	assert_int_equal(pwp_check("zehn-zeic9", NULL), PWP_OK);            /* 10 */
	assert_int_equal(pwp_check("äöüäöüäöü", NULL), PWP_SHORT);          /* 9 characters, 18 bytes */
	assert_int_equal(pwp_check("xxverwaltungxx", "VERWALTUNG"), PWP_LOGIN);
	assert_int_equal(pwp_check("Lange-Nacht-am-Deich", "A"), PWP_OK);      /* a one-letter login */
	assert_int_equal(pwp_check("Lange-Nacht-bob-Deich", "BOB"), PWP_LOGIN);
	assert_int_equal(pwp_check("aaaaaaaaaaaa", NULL), PWP_MONOTONE);
	assert_int_equal(pwp_check("abababababab", NULL), PWP_MONOTONE);
	assert_int_equal(pwp_check("1234567890", NULL), PWP_MONOTONE);
	assert_int_equal(pwp_check("9876543210", NULL), PWP_MONOTONE);
	assert_int_equal(pwp_check("abcdefghijk", NULL), PWP_MONOTONE);
	assert_int_equal(pwp_check("1234567890x", NULL), PWP_OK);
	assert_int_equal(pwp_check("Passwort2024!", NULL), PWP_COMMON);
	assert_int_equal(pwp_check("qwertzuiop", NULL), PWP_COMMON);
	assert_int_equal(pwp_check("Passwort-und-Zucker", NULL), PWP_OK);  /* more than the word */
}

static void keys(void **state)
{
	assert_string_equal(pwp_key(PWP_SHORT), "pw_short");
	assert_string_equal(pwp_key(PWP_LOGIN), "pw_login");
	assert_string_equal(pwp_key(PWP_MONOTONE), "pw_monotone");
	assert_string_equal(pwp_key(PWP_COMMON), "pw_common");
	assert_string_equal(pwp_key(PWP_OK), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(verdicts), cmocka_unit_test(keys)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
