/* test_utf8: unit tests for UTF-8 checks, character counts and boundary-safe cuts (base/utf8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/utf8.h"

static void chars(void **state)
{
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("ÄÖÜ€"), 4);
	assert_int_equal(utf8_chars("\xf0\x9f\x9a\x97"), 1); /* one emoji, four bytes */
}

static void seq_len(void **state)
{
	assert_int_equal(utf8_seq_len("a"), 1);
	assert_int_equal(utf8_seq_len("ä"), 2);
	assert_int_equal(utf8_seq_len("€"), 3);
	assert_int_equal(utf8_seq_len("\xf0\x9f\x9a\x97"), 4);
	assert_int_equal(utf8_seq_len("\xc0\xaf"), 0);         /* overlong '/' */
	assert_int_equal(utf8_seq_len("\xed\xa0\x80"), 0);     /* a surrogate */
	assert_int_equal(utf8_seq_len("\xf4\x90\x80\x80"), 0); /* above U+10FFFF */
	assert_int_equal(utf8_seq_len("\xe2\x82"), 0);         /* cut short by the NUL */
}

static void valid(void **state)
{
	assert_true(utf8_valid("Grüße €", strlen("Grüße €")));
	assert_false(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\xe2\x82\xac", 2)); /* the length cuts the euro sign */
	assert_true(utf8_valid("\xe2\x82\xac", 3));
	assert_false(utf8_valid("\xff", 1));
}

static void valid_text(void **state)
{
	assert_true(utf8_valid_text("Kurzurlaub\tmit Hund", false));
	assert_false(utf8_valid_text("zwei\nZeilen", false));
	assert_true(utf8_valid_text("zwei\r\nZeilen", true));
	assert_false(utf8_valid_text("\x7f", true));
	assert_false(utf8_valid_text("\xc2\x85", true));     /* C1 control NEL */
	assert_false(utf8_valid_text("\xe2\x80\xa8", true)); /* line separator */
	assert_false(utf8_valid_text("\xc3", true));
}

static void trim_partial(void **state)
{
	char a[] = "abc\xe2\x82";  /* a euro sign cut after two bytes */
	utf8_trim_partial(a);
	assert_string_equal(a, "abc");
	char b[] = "abc\xe2\x82\xac";
	utf8_trim_partial(b);
	assert_string_equal(b, "abc€");
	char c[] = "\xf0\x9f\x9a";
	utf8_trim_partial(c);
	assert_string_equal(c, "");
	char d[] = "ä";
	utf8_trim_partial(d);
	assert_string_equal(d, "ä");
}

static void copy(void **state)
{
	char buf[6];
	/* "ab€€" is 8 bytes: 5 fit, and the cut must not keep the first two bytes of the second €. */
	assert_string_equal(utf8_copy(buf, sizeof buf, "ab€€"), "ab€");
	assert_string_equal(utf8_copy(buf, sizeof buf, "abcde"), "abcde");
	assert_string_equal(utf8_copy(buf, sizeof buf, "abcdef"), "abcde");
	char one[1];
	assert_string_equal(utf8_copy(one, sizeof one, "ä"), "");
	/* Every cut of a string of emoji is valid UTF-8. */
	const char *emoji = "\xf0\x9f\x9a\x97\xf0\x9f\x9a\x95\xf0\x9f\x9a\x99";
	for (size_t n = 1; n <= strlen(emoji) + 1; n++) {
		char out[16];
		utf8_copy(out, n, emoji);
		assert_true(utf8_valid(out, strlen(out)));
		assert_int_equal(strlen(out) % 4, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chars), cmocka_unit_test(seq_len),      cmocka_unit_test(valid),
		cmocka_unit_test(valid_text), cmocka_unit_test(trim_partial), cmocka_unit_test(copy),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
