/* test_money: unit tests of amount parsing, the file/form formatter, the display formatter with thousands separators, and numfmt's decimals by language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/money.h"
#include "base/numfmt.h"

static void display_groups_thousands_in_german(void **state)
{
	char b[MONEY_DISPLAY_BUF];
	assert_string_equal(money_fmt_display(b, 162773, "de"), "1.627,73 \u20ac");
	assert_string_equal(money_fmt_display(b, 0, "de"), "0,00 \u20ac");
	assert_string_equal(money_fmt_display(b, 5, "de"), "0,05 \u20ac");
	assert_string_equal(money_fmt_display(b, 99999, "de"), "999,99 \u20ac");
	assert_string_equal(money_fmt_display(b, 100000, "de"), "1.000,00 \u20ac");
	assert_string_equal(money_fmt_display(b, MONEY_MAX, "de"), "1.000.000,00 \u20ac");
	assert_string_equal(money_fmt_display(b, -1250, "de"), "-12,50 \u20ac");
	assert_string_equal(money_fmt_display(b, -67415, "de"), "-674,15 \u20ac");
	assert_string_equal(money_fmt_display(b, -123456789, "de"), "-1.234.567,89 \u20ac");
}

static void display_puts_the_sign_first_in_english(void **state)
{
	char b[MONEY_DISPLAY_BUF];
	assert_string_equal(money_fmt_display(b, 162773, "en"), "\u20ac1,627.73");
	assert_string_equal(money_fmt_display(b, 35, "en"), "\u20ac0.35");
	assert_string_equal(money_fmt_display(b, -1250, "en"), "-\u20ac12.50");
	assert_string_equal(money_fmt_display(b, 123456789, "en"), "\u20ac1,234,567.89");
	/* Every language but English is German-like (the organisation's language is de or en). */
	assert_string_equal(money_fmt_display(b, 162773, NULL), "1.627,73 \u20ac");
}

static void display_survives_the_extremes(void **state)
{
	char b[MONEY_DISPLAY_BUF];
	money_fmt_display(b, INT64_MIN, "de");
	assert_true(b[0] == '-');
	assert_non_null(strstr(b, "\u20ac"));
	money_fmt_display(b, INT64_MAX, "en");
	assert_string_equal(b, "\u20ac92,233,720,368,547,758.07");
}

static void file_format_stays_parseable(void **state)
{
	/* money_fmt is for files and form values: no grouping, and money_parse reads it back. */
	char b[MONEY_BUF];
	int64_t c = 0;
	assert_string_equal(money_fmt(b, 162773, ','), "1627,73");
	assert_int_equal(money_parse(b, false, &c), MONEY_OK);
	assert_int_equal(c, 162773);
	assert_string_equal(money_fmt(b, -1250, '.'), "-12.50");
	assert_int_equal(money_parse(b, true, &c), MONEY_OK);
	assert_int_equal(c, -1250);
	/* A displayed amount is not a form value: grouping is refused, not misread as decimals. */
	assert_int_equal(money_parse("1.627,73", false, &c), MONEY_SYNTAX);
	assert_int_equal(c, 0);
}

static void parse_refuses_bad_amounts(void **state)
{
	int64_t c = 7;
	assert_int_equal(money_parse("12,505", false, &c), MONEY_DECIMALS);
	assert_int_equal(money_parse("-1", false, &c), MONEY_SYNTAX);
	assert_int_equal(money_parse("12,", false, &c), MONEY_SYNTAX);
	assert_int_equal(money_parse("1000000,01", false, &c), MONEY_RANGE);
	assert_int_equal(money_parse(" 12,5 ", false, &c), MONEY_OK);
	assert_int_equal(c, 1250);
}

static void decimal_uses_the_language_mark(void **state)
{
	char b[NUMFMT_BUF];
	assert_string_equal(numfmt_decimal(b, sizeof b, 119.94, 1, "de"), "119,9");
	assert_string_equal(numfmt_decimal(b, sizeof b, 119.94, 1, "en"), "119.9");
	assert_string_equal(numfmt_decimal(b, sizeof b, 119.96, 1, "de"), "120,0");
	assert_string_equal(numfmt_decimal(b, sizeof b, 2.5, 2, "de"), "2,50");
	assert_string_equal(numfmt_decimal(b, sizeof b, 52.5200066, 5, "de"), "52,52001");
	assert_string_equal(numfmt_decimal(b, sizeof b, 13.404954, 5, "en"), "13.40495");
	assert_string_equal(numfmt_decimal(b, sizeof b, -33.86882, 5, "de"), "-33,86882");
}

static void decimal_groups_thousands(void **state)
{
	char b[NUMFMT_BUF];
	assert_string_equal(numfmt_decimal(b, sizeof b, 1234.5, 1, "de"), "1.234,5");
	assert_string_equal(numfmt_decimal(b, sizeof b, 1234.5, 1, "en"), "1,234.5");
	assert_string_equal(numfmt_decimal(b, sizeof b, 1234.5, 0, "en"), "1,235");
	assert_string_equal(numfmt_decimal(b, sizeof b, 999.0, 0, "de"), "999");
	assert_string_equal(numfmt_decimal(b, sizeof b, 20037.5, 1, "de"), "20.037,5");
	assert_string_equal(numfmt_fixed(b, sizeof b, 123456789, 2, "de"), "1.234.567,89");
	assert_string_equal(numfmt_fixed(b, sizeof b, -1000, 0, "en"), "-1,000");
}

static void decimal_rounding_to_zero_has_no_sign(void **state)
{
	char b[NUMFMT_BUF];
	assert_string_equal(numfmt_decimal(b, sizeof b, -0.04, 1, "de"), "0,0");
	assert_string_equal(numfmt_decimal(b, sizeof b, 0.0, 0, "de"), "0");
	assert_string_equal(numfmt_decimal(b, sizeof b, -0.06, 1, "en"), "-0.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(display_groups_thousands_in_german),
		cmocka_unit_test(display_puts_the_sign_first_in_english),
		cmocka_unit_test(display_survives_the_extremes),
		cmocka_unit_test(file_format_stays_parseable),
		cmocka_unit_test(parse_refuses_bad_amounts),
		cmocka_unit_test(decimal_uses_the_language_mark),
		cmocka_unit_test(decimal_groups_thousands),
		cmocka_unit_test(decimal_rounding_to_zero_has_no_sign),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
