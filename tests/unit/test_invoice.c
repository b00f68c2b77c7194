/* test_invoice: unit tests of the pure invoice rules — number formats, rounding in cents, VAT both ways, § 19, due dates, debtor accounts and tax keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/invoice.h"

static void test_number_default(void **state)
{
	(void)state;
	char b[INV_NUMBER_MAX];
	assert_true(inv_number(b, sizeof b, INV_DEFAULT_FORMAT, 2026, 1));
	assert_string_equal(b, "2026-0001");
	assert_true(inv_number(b, sizeof b, INV_DEFAULT_FORMAT, 2026, 12345));
	assert_string_equal(b, "2026-12345"); /* wider than the padding, never cut */
	assert_true(inv_number(b, sizeof b, "RE{YY}/{NNNNNN}", 2027, 42));
	assert_string_equal(b, "RE27/000042");
	assert_true(inv_format_has_year("RE{YY}/{NN}"));
	assert_false(inv_format_has_year("R{NNN}"));
	assert_false(inv_format_has_year("{YYYY}"));
	assert_true(inv_number(b, sizeof b, "{N}", 2027, 7));
	assert_string_equal(b, "7");
}

static void test_number_bad(void **state)
{
	(void)state;
	char b[INV_NUMBER_MAX];
	const char *bad[] = {"", "{YYYY}", "{YYYY}-{NNNN}-{NN}", "{X}", "RE-{NNNN", "RE}{NN}", "a;{NN}",
	                     "\"{NN}\"", "{NNNNNNNNNN}", "Ä{NN}", "{}", "0123456789012345678901234567890123456789{N}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(inv_format_valid(bad[i]));
		assert_false(inv_number(b, sizeof b, bad[i], 2026, 1));
		assert_string_equal(b, "");
	}
	assert_false(inv_number(b, sizeof b, INV_DEFAULT_FORMAT, 2026, 0));
	char small[6];
	assert_false(inv_number(small, sizeof small, INV_DEFAULT_FORMAT, 2026, 1));
	assert_string_equal(small, "");
}

static void test_rounding(void **state)
{
	(void)state;
	assert_int_equal(inv_div_round(5, 10), 1);
	assert_int_equal(inv_div_round(4, 10), 0);
	assert_int_equal(inv_div_round(-5, 10), -1);
	assert_int_equal(inv_div_round(-4, 10), 0);
	assert_int_equal(inv_div_round(15, 10), 2);
	assert_int_equal(inv_div_round(-15, 10), -2);
}

static void test_vat_net(void **state)
{
	(void)state;
	struct inv_amounts a;
	inv_amounts(1000, INV_VAT_NET, 1900, &a);
	assert_int_equal(a.net, 1000);
	assert_int_equal(a.vat, 190);
	assert_int_equal(a.gross, 1190);
	inv_amounts(1003, INV_VAT_NET, 1900, &a); /* 190.57 -> 191 */
	assert_int_equal(a.vat, 191);
	inv_amounts(1002, INV_VAT_NET, 1900, &a); /* 190.38 -> 190 */
	assert_int_equal(a.vat, 190);
	inv_amounts(50, INV_VAT_NET, 700, &a); /* 3.5 -> 4: half away from zero */
	assert_int_equal(a.vat, 4);
	inv_amounts(-50, INV_VAT_NET, 700, &a); /* a cancellation is the exact negation */
	assert_int_equal(a.vat, -4);
	assert_int_equal(a.gross, -54);
}

static void test_vat_gross(void **state)
{
	(void)state;
	struct inv_amounts a;
	inv_amounts(1190, INV_VAT_GROSS, 1900, &a);
	assert_int_equal(a.gross, 1190);
	assert_int_equal(a.net, 1000);
	assert_int_equal(a.vat, 190);
	inv_amounts(1000, INV_VAT_GROSS, 1900, &a); /* 840.336 -> 840 */
	assert_int_equal(a.net, 840);
	assert_int_equal(a.vat, 160);
	inv_amounts(-1000, INV_VAT_GROSS, 1900, &a);
	assert_int_equal(a.net, -840);
	assert_int_equal(a.vat, -160);
	for (int64_t s = -500; s <= 5000; s += 7) {
		inv_amounts(s, INV_VAT_GROSS, 700, &a);
		assert_int_equal(a.net + a.vat, a.gross);
	}
}

static void test_vat_none(void **state)
{
	(void)state;
	struct inv_amounts a;
	inv_amounts(12345, INV_VAT_NONE, 1900, &a); /* § 19: the rate is ignored */
	assert_int_equal(a.net, 12345);
	assert_int_equal(a.vat, 0);
	assert_int_equal(a.gross, 12345);
	enum inv_vat v;
	assert_true(inv_vat_parse("none", &v));
	assert_int_equal(v, INV_VAT_NONE);
	assert_true(inv_vat_parse("gross", &v));
	assert_int_equal(v, INV_VAT_GROSS);
	assert_false(inv_vat_parse("19", &v));
	assert_string_equal(inv_vat_name(INV_VAT_NET), "net");
}

static void test_part_gross(void **state)
{
	(void)state;
	/* Lines 10.00 and 20.03 net, 19 %: the invoice is 35.74 gross; the parts 11.90 and the rest 23.84. */
	struct inv_amounts all;
	inv_amounts(1000 + 2003, INV_VAT_NET, 1900, &all);
	assert_int_equal(all.gross, 3574);
	int64_t a = inv_part_gross(1000, false, all.gross, 0, INV_VAT_NET, 1900);
	int64_t b = inv_part_gross(2003, true, all.gross, a, INV_VAT_NET, 1900);
	assert_int_equal(a, 1190);
	assert_int_equal(b, 2384);
	assert_int_equal(a + b, all.gross);
	/* Three parts whose own roundings would overshoot by a cent: the last part absorbs it. */
	inv_amounts(3 * 5, INV_VAT_NET, 1000, &all); /* 15 + 1.5 -> 17 */
	int64_t p1 = inv_part_gross(5, false, all.gross, 0, INV_VAT_NET, 1000); /* 5.5 -> 6 */
	int64_t p2 = inv_part_gross(5, false, all.gross, p1, INV_VAT_NET, 1000);
	int64_t p3 = inv_part_gross(5, true, all.gross, p1 + p2, INV_VAT_NET, 1000);
	assert_int_equal(p1 + p2 + p3, 17);
	assert_int_equal(p3, 5);
	assert_int_equal(inv_part_gross(-1000, true, -1000, 0, INV_VAT_NONE, 0), -1000);
}

static void test_due_date(void **state)
{
	(void)state;
	int y, m, d;
	inv_due_date(2026, 12, 20, 14, &y, &m, &d);
	assert_int_equal(y, 2027);
	assert_int_equal(m, 1);
	assert_int_equal(d, 3);
	inv_due_date(2028, 2, 15, 14, &y, &m, &d);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	inv_due_date(2026, 3, 31, 0, &y, &m, &d);
	assert_int_equal(d, 31);
}

static void test_accounts(void **state)
{
	(void)state;
	int64_t a = 0;
	assert_true(inv_debtor_account(10000, "1002", &a));
	assert_int_equal(a, 11002);
	assert_false(inv_debtor_account(10000, "", &a));
	assert_false(inv_debtor_account(10000, "M-12", &a));
	assert_false(inv_debtor_account(10000, "1234567890", &a));
	assert_false(inv_debtor_account(999999990, "10", &a));
	assert_true(inv_account_fits(11002, 4, true));
	assert_false(inv_account_fits(1002, 4, true));
	assert_false(inv_account_fits(110020, 4, true));
	assert_true(inv_account_fits(8400, 4, false));
	assert_true(inv_account_fits(840, 4, false));
	assert_false(inv_account_fits(84000, 4, false));
	assert_true(inv_account_fits(84000, 5, false));
	assert_false(inv_account_fits(0, 4, false));
	assert_string_equal(inv_bu_key(INV_VAT_NONE, 1900), "");
	assert_string_equal(inv_bu_key(INV_VAT_NET, 1900), "3");
	assert_string_equal(inv_bu_key(INV_VAT_GROSS, 700), "2");
	assert_null(inv_bu_key(INV_VAT_NET, 1600));
	char b[16];
	assert_string_equal(inv_rate_text(b, 1900, ','), "19");
	assert_string_equal(inv_rate_text(b, 750, ','), "7,5");
	assert_string_equal(inv_rate_text(b, 1625, '.'), "16.25");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_number_default), cmocka_unit_test(test_number_bad), cmocka_unit_test(test_rounding),
	    cmocka_unit_test(test_vat_net),        cmocka_unit_test(test_vat_gross),  cmocka_unit_test(test_vat_none),
	    cmocka_unit_test(test_part_gross), cmocka_unit_test(test_due_date),       cmocka_unit_test(test_accounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
