/* test_translit: unit tests for login-name rules, the transliteration suggestion and the ADMIN change descriptions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/adminstore.h"
#include "rules/translit.h"

static void login_ok_rules(void **state)
{
	assert_true(tl_login_ok("NEUMANN"));
	assert_true(tl_login_ok("neu-mann_2"));
	assert_true(tl_login_ok("A"));
	assert_true(tl_login_ok("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")); /* 32 */
	assert_false(tl_login_ok("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")); /* 33 */
	assert_false(tl_login_ok(""));
	assert_false(tl_login_ok("JÖRG"));
	assert_false(tl_login_ok("A B"));
	assert_false(tl_login_ok("A.B"));
	assert_false(tl_login_ok("D'HONDT"));
}

static void upper(void **state)
{
	char out[TL_LOGIN_MAX + 1];
	assert_string_equal(tl_login_upper("joerg-dhondt_1", out, sizeof out), "JOERG-DHONDT_1");
}

static void suggest(void **state)
{
	char out[TL_LOGIN_MAX + 1];
	assert_string_equal(tl_login_suggest("Jörg D'hondt", out, sizeof out), "JOERG-DHONDT");
	assert_string_equal(tl_login_suggest("Ärger Über Straße", out, sizeof out), "AERGER-UEBER-STRASSE");
	assert_string_equal(tl_login_suggest("  José  García. ", out, sizeof out), "JOSE-GARCIA");
	assert_string_equal(tl_login_suggest("Łukasz Żółć", out, sizeof out), "LUKASZ-ZOLC");
	assert_string_equal(tl_login_suggest("O\xe2\x80\x99" "Brien", out, sizeof out), "OBRIEN"); /* typographic apostrophe */
	assert_string_equal(tl_login_suggest("Anne-Marie__X", out, sizeof out), "ANNE-MARIE__X");
	assert_string_equal(tl_login_suggest("Søren Ærø", out, sizeof out), "SOEREN-AEROE");
	assert_string_equal(tl_login_suggest("\xff\xfe", out, sizeof out), "");
	assert_string_equal(tl_login_suggest("中文", out, sizeof out), "");
	assert_string_equal(tl_login_suggest(NULL, out, sizeof out), "");
	/* Cut to 32 characters, never ending in '-'. */
	tl_login_suggest("Ää Öö Üü Ää Öö Üü Ää Öö Üü Ää Öö", out, sizeof out);
	assert_true(strlen(out) <= TL_LOGIN_MAX);
	assert_true(tl_login_ok(out));
	assert_true(out[strlen(out) - 1] != '-');
	/* A small buffer is respected. */
	char small[5];
	assert_string_equal(tl_login_suggest("Müller", small, sizeof small), "MUEL");
}

static void diff_items(void **state)
{
	struct adm_diff d;
	adm_diff_init(&d, "vehicle 5 \"VW Golf\" changed:");
	adm_diff_text(&d, "name", "VW Golf", "VW Golf");
	assert_int_equal(d.n, 0);
	adm_diff_text(&d, "descr", "", "blau");
	adm_diff_int(&d, "sort", true, 10, 10);
	adm_diff_int(&d, "sort2", true, 10, 20);
	adm_diff_item(&d, "password set");
	assert_int_equal(d.n, 3);
	assert_string_equal(d.buf, "vehicle 5 \"VW Golf\" changed: descr \"\" -> \"blau\", sort2 10 -> 20, password set");
	adm_diff_init(&d, "area 3 created:");
	adm_diff_text(&d, "name", NULL, "Süd");
	adm_diff_int(&d, "sort", false, 0, 0);
	assert_string_equal(d.buf, "area 3 created: name \"Süd\", sort 0");
}

static void diff_bounded(void **state)
{
	struct adm_diff d;
	char big[3000];
	for (size_t i = 0; i + 2 < sizeof big; i += 2)
		memcpy(big + i, "\xc3\xa4", 2); /* ä */
	big[sizeof big - 2] = '\0';
	adm_diff_init(&d, "member 1 X changed:");
	adm_diff_text(&d, "descr", "", big);
	assert_true(d.len < sizeof d.buf);
	assert_int_equal(strlen(d.buf), d.len);
	/* Never a split character: the last byte completes an ä. */
	assert_true((unsigned char)d.buf[d.len - 1] == 0xa4 || d.buf[d.len - 1] == '"');
}

static void billing_period(void **state)
{
	int64_t from, to;
	/* 2026-11-23 10:00 UTC in Berlin. */
	adm_billing_period("Europe/Berlin", 1795428000, "month", &from, &to);
	assert_int_equal(from, 1793487600); /* 2026-11-01 00:00 CET */
	assert_int_equal(to, 1796079600);   /* 2026-12-01 00:00 CET */
	adm_billing_period("Europe/Berlin", 1795428000, "quarter", &from, &to);
	assert_int_equal(from, 1790805600); /* 2026-10-01 00:00 CEST */
	assert_int_equal(to, 1798758000);   /* 2027-01-01 00:00 CET */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(login_ok_rules), cmocka_unit_test(upper),        cmocka_unit_test(suggest),
		cmocka_unit_test(diff_items),   cmocka_unit_test(diff_bounded),
		cmocka_unit_test(billing_period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
