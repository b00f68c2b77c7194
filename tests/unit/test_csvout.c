/* test_csvout: unit tests of the streaming CSV writer (quoting, separators, BOM, formula guard, money, bounded buffer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/csvout.h"

/* A growing memory sink that also counts the calls. */
struct sink {
	char *data;
	size_t len;
	int calls;
	size_t biggest;
};

static void to_mem(void *ctx, const char *d, size_t n)
{
	struct sink *s = ctx;
	s->data = realloc(s->data, s->len + n + 1);
	memcpy(s->data + s->len, d, n);
	s->len += n;
	s->data[s->len] = '\0';
	s->calls++;
	if (n > s->biggest)
		s->biggest = n;
}

static struct csvout *c;

static int setup(void **state)
{
	c = malloc(sizeof *c);
	return c ? 0 : -1;
}

static int teardown(void **state)
{
	free(c);
	return 0;
}

static void semicolon_row_with_quotes_and_numbers(void **state)
{
	struct sink s = {0};
	csvout_init(c, ';', false, to_mem, &s);
	csvout_text(c, "VW Golf");
	csvout_text(c, "Er sagte \"hallo\"; tschüs");
	csvout_int(c, 42);
	csvout_cents(c, 1250);
	csvout_text(c, NULL);
	csvout_end_row(c);
	csvout_flush(c);
	assert_string_equal(s.data, "\"VW Golf\";\"Er sagte \"\"hallo\"\"; tschüs\";42;12,50;\"\"\r\n");
	free(s.data);
}

static void comma_separator_uses_decimal_point(void **state)
{
	struct sink s = {0};
	csvout_init(c, ',', false, to_mem, &s);
	csvout_text(c, "a,b");
	csvout_cents(c, -705);
	csvout_end_row(c);
	csvout_text(c, "line\nbreak");
	csvout_end_row(c);
	csvout_flush(c);
	assert_string_equal(s.data, "\"a,b\",-7.05\r\n\"line\nbreak\"\r\n");
	free(s.data);
}

static void unknown_separator_is_semicolon(void **state)
{
	struct sink s = {0};
	csvout_init(c, '|', false, to_mem, &s);
	csvout_int(c, 1);
	csvout_int(c, 2);
	csvout_end_row(c);
	csvout_flush(c);
	assert_string_equal(s.data, "1;2\r\n");
	free(s.data);
}

static void bom_comes_first(void **state)
{
	struct sink s = {0};
	csvout_init(c, ';', true, to_mem, &s);
	csvout_text(c, "ä");
	csvout_end_row(c);
	csvout_flush(c);
	assert_int_equal(s.len, 3 + 6);  /* BOM, quote, two bytes of ä, quote, CRLF */
	assert_memory_equal(s.data, "\xEF\xBB\xBF\"ä\"\r\n", s.len);
	free(s.data);
}

static void formula_injection_guard(void **state)
{
	struct sink s = {0};
	csvout_init(c, ';', false, to_mem, &s);
	csvout_text(c, "=HYPERLINK(\"x\")");
	csvout_text(c, "+1");
	csvout_text(c, "-2");
	csvout_text(c, "@SUM(A1)");
	csvout_text(c, "\tx");
	csvout_text(c, "a=b");
	csvout_int(c, -3);      /* numbers are numbers, no guard */
	csvout_end_row(c);
	csvout_flush(c);
	assert_string_equal(s.data, "\"'=HYPERLINK(\"\"x\"\")\";\"'+1\";\"'-2\";\"'@SUM(A1)\";\"'\tx\";\"a=b\";-3\r\n");
	free(s.data);
}

/* The one guard every writer uses (csvout, tabout, csvfile): the five starting characters, nothing else. */
static void guard_decides_for_every_writer(void **state)
{
	const char *risky[] = {"=1", "+49 171", "-X", "@me", "\tx"};
	for (size_t i = 0; i < sizeof risky / sizeof risky[0]; i++) {
		assert_true(csvout_guard(risky[i]));
		char cell[32];
		snprintf(cell, sizeof cell, "'%s", risky[i]);
		assert_string_equal(csvout_unguard(cell), risky[i]);
	}
	const char *safe[] = {"", "a=b", " =1", "'=1", "1", "ä"};
	for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
		assert_false(csvout_guard(safe[i]));
	assert_false(csvout_guard(NULL));
	assert_string_equal(csvout_unguard("'abc"), "'abc");
	assert_string_equal(csvout_unguard("''=1"), "''=1");
	assert_string_equal(csvout_unguard("abc"), "abc");
}

static void long_cells_and_bounded_buffer(void **state)
{
	struct sink s = {0};
	csvout_init(c, ';', false, to_mem, &s);
	char *big = malloc(50000);
	memset(big, '"', 49999);
	big[49999] = '\0';
	csvout_text(c, big);
	csvout_end_row(c);
	for (int i = 0; i < 20000; i++) {
		csvout_text(c, "row");
		csvout_int(c, i);
		csvout_end_row(c);
	}
	csvout_flush(c);
	assert_int_equal(s.len, (size_t)(2 + 2 * 49999 + 2) + 20000 * (6 + 2) + (10 + 90 * 2 + 900 * 3 + 9000 * 4 + 10000 * 5));
	/* Apart from the one huge cell, nothing larger than the buffer is ever handed over. */
	assert_true(s.calls > 10);
	free(big);
	free(s.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(semicolon_row_with_quotes_and_numbers),
		cmocka_unit_test(comma_separator_uses_decimal_point),
		cmocka_unit_test(unknown_separator_is_semicolon),
		cmocka_unit_test(bom_comes_first),
		cmocka_unit_test(formula_injection_guard),
		cmocka_unit_test(guard_decides_for_every_writer),
		cmocka_unit_test(long_cells_and_bounded_buffer),
	};
	return cmocka_run_group_tests_name("csvout", tests, setup, teardown);
}
