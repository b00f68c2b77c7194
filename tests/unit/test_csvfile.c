/* test_csvfile: unit tests for reading awkward CSV files (separators, quotes, BOM, Windows-1252, line numbers, limits) and for safe CSV cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <stdbool.h>

#include "format/csvfile.h"
#include "format/csvout.h"

static enum csvf_status parse(const char *s, struct csvf_table *t)
{
	return csvf_parse(s, strlen(s), t);
}

static void semicolon_and_quotes(void **state)
{
	struct csvf_table t;
	const char *s = "login;descr;member_no\r\n"
	                "MEIER;\"Meier; Michael\";1003\r\n"
	                "\"HUBER\";\"Hanna \"\"Hanni\"\" Huber\nzweite Zeile\";1004\r\n"
	                "\r\n"
	                "  KLEIN  ;;\r\n";
	assert_int_equal(parse(s, &t), CSVF_OK);
	assert_int_equal(t.delim, ';');
	assert_false(t.bom);
	assert_false(t.converted);
	assert_int_equal(t.nrows, 4);
	assert_int_equal(t.rows[0].line, 1);
	assert_string_equal(t.rows[1].f[1], "Meier; Michael");
	assert_int_equal(t.rows[1].line, 2);
	assert_string_equal(t.rows[2].f[0], "HUBER");
	assert_string_equal(t.rows[2].f[1], "Hanna \"Hanni\" Huber\nzweite Zeile");
	assert_int_equal(t.rows[2].line, 3);
	assert_int_equal(t.rows[3].line, 6); /* after the two-line row and a blank line */
	assert_string_equal(t.rows[3].f[0], "KLEIN");
	assert_int_equal(t.rows[3].n, 3);
	assert_string_equal(t.rows[3].f[2], "");
	csvf_free(&t);
}

static void comma_with_semicolons_inside_quotes(void **state)
{
	struct csvf_table t;
	assert_int_equal(parse("name,descr\n\"A;B;C\",\"x, y\"\n", &t), CSVF_OK);
	assert_int_equal(t.delim, ',');
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[1].f[0], "A;B;C");
	assert_string_equal(t.rows[1].f[1], "x, y");
	csvf_free(&t);
	assert_int_equal(parse("a\tb\n1\t2\n", &t), CSVF_OK);
	assert_int_equal(t.delim, '\t');
	assert_string_equal(t.rows[1].f[1], "2");
	csvf_free(&t);
}

static void bom_and_cp1252(void **state)
{
	struct csvf_table t;
	assert_int_equal(parse("\xef\xbb\xbflogin;descr\nJOERG;J\xc3\xb6rg\n", &t), CSVF_OK);
	assert_true(t.bom);
	assert_string_equal(t.rows[0].f[0], "login");
	assert_string_equal(t.rows[1].f[1], "Jörg");
	csvf_free(&t);
	/* Windows-1252: ö is 0xF6, € is 0x80, „ is 0x84. */
	assert_int_equal(parse("login;descr\nJOERG;J\xf6rg \x80 \x84x\x93\n", &t), CSVF_OK);
	assert_true(t.converted);
	assert_string_equal(t.rows[1].f[1], "Jörg € „x“");
	csvf_free(&t);
	/* 0x81 is undefined in Windows-1252; a NUL byte is binary. */
	assert_int_equal(parse("a\nb\n\x81\n", &t), CSVF_ENCODING);
	assert_int_equal(t.err_line, 3);
	csvf_free(&t);
	assert_int_equal(csvf_parse("a\0b\n", 4, &t), CSVF_ENCODING);
	csvf_free(&t);
}

static void empty_and_broken(void **state)
{
	struct csvf_table t;
	assert_int_equal(parse("", &t), CSVF_EMPTY);
	csvf_free(&t);
	assert_int_equal(parse("\xef\xbb\xbf \r\n\n", &t), CSVF_EMPTY);
	csvf_free(&t);
	assert_int_equal(parse("login\n", &t), CSVF_OK);
	assert_int_equal(t.nrows, 1);
	csvf_free(&t);
	/* An unterminated quote, and a quote inside an unquoted field. */
	assert_int_equal(parse("a;b\n1;2\n\"open;3\n4;5\n", &t), CSVF_QUOTE);
	assert_int_equal(t.err_line, 3);
	csvf_free(&t);
	assert_int_equal(parse("a;b\n1;x\"y\"\n", &t), CSVF_QUOTE);
	assert_int_equal(t.err_line, 2);
	csvf_free(&t);
	assert_int_equal(parse("a;b\n\"1\"x;2\n", &t), CSVF_QUOTE);
	csvf_free(&t);
}

static void many_rows(void **state)
{
	size_t cap = 10001 * 40, len = 0;
	char *s = malloc(cap);
	len += (size_t)snprintf(s, cap, "login;descr\n");
	for (int i = 0; i < 10000; i++)
		len += (size_t)snprintf(s + len, cap - len, "M%05d;\"Name %d, Tel\"\n", i, i);
	struct csvf_table t;
	assert_int_equal(csvf_parse(s, len, &t), CSVF_OK);
	assert_int_equal(t.nrows, 10001);
	assert_string_equal(t.rows[10000].f[0], "M09999");
	assert_int_equal(t.rows[10000].line, 10001);
	csvf_free(&t);
	free(s);
	/* Too many fields in a row. */
	char wide[CSVF_MAX_FIELDS * 2 + 8];
	size_t w = 0;
	for (int i = 0; i <= CSVF_MAX_FIELDS; i++)
		wide[w++] = 'x', wide[w++] = ';';
	wide[w++] = '\n';
	assert_int_equal(csvf_parse(wide, w, &t), CSVF_TOO_MANY);
	csvf_free(&t);
}

static void cells(void **state)
{
	char out[64];
	assert_int_equal(csvf_cell(out, sizeof out, "VW Golf"), 9);
	assert_string_equal(out, "\"VW Golf\"");
	csvf_cell(out, sizeof out, "say \"hi\"");
	assert_string_equal(out, "\"say \"\"hi\"\"\"");
	csvf_cell(out, sizeof out, "=HYPERLINK(1)");
	assert_string_equal(out, "\"'=HYPERLINK(1)\"");
	csvf_cell(out, sizeof out, "+49 171");
	assert_string_equal(out, "\"'+49 171\"");
	csvf_cell(out, sizeof out, "-X");
	assert_string_equal(out, "\"'-X\"");
	csvf_cell(out, sizeof out, "@me");
	assert_string_equal(out, "\"'@me\"");
	csvf_cell(out, sizeof out, "\tx");
	assert_string_equal(out, "\"'\tx\"");
	csvf_cell(out, sizeof out, "");
	assert_string_equal(out, "\"\"");
	assert_true(csvf_cell(out, 4, "long text") >= 4);
	assert_string_equal(csvf_unprotect("'=1"), "=1");
	assert_string_equal(csvf_unprotect("'-X"), "-X");
	assert_string_equal(csvf_unprotect("'abc"), "'abc");
	assert_string_equal(csvf_unprotect("abc"), "abc");
}

/* Classic Mac exports end lines with a lone CR: every row and error keeps its own line number. */
static void cr_line_endings(void **state)
{
	struct csvf_table t;
	const char *ok = "login;descr\rMEIER;a\rHUBER;\"b\rc\"\rKLEIN;d\r";
	assert_int_equal(csvf_parse(ok, strlen(ok), &t), CSVF_OK);
	assert_int_equal(t.nrows, 4);
	assert_int_equal(t.rows[1].line, 2);
	assert_int_equal(t.rows[2].line, 3);
	assert_int_equal(t.rows[3].line, 5);
	csvf_free(&t);
	const char *broken = "login;descr\rMEIER;a\rHUBER;\"b\rc\"\rKLEIN;\"x\r";
	assert_int_equal(csvf_parse(broken, strlen(broken), &t), CSVF_QUOTE);
	assert_int_equal(t.err_line, 5);
	csvf_free(&t);
}

static void round_trip(void **state)
{
	const char *vals[] = {"=1+2", "A;B", "x\"y", "Zeile\nzwei", "-MINUS", "Jörg"};
	char line[512] = "", cell[64];
	for (size_t i = 0; i < 6; i++) {
		csvf_cell(cell, sizeof cell, vals[i]);
		strcat(line, i ? ";" : "");
		strcat(line, cell);
	}
	strcat(line, "\r\n");
	struct csvf_table t;
	assert_int_equal(parse(line, &t), CSVF_OK);
	assert_int_equal(t.rows[0].n, 6);
	for (int i = 0; i < 6; i++)
		assert_string_equal(csvf_unprotect(t.rows[0].f[i]), vals[i]);
	csvf_free(&t);
}

/* csvf_cell guards exactly what csvout guards (one rule, csvout_guard), for every first byte. */
static void cell_guard_is_csvouts(void **state)
{
	for (int ch = 1; ch < 256; ch++) {
		char in[3] = {(char)ch, 'x', '\0'}, out[16];
		csvf_cell(out, sizeof out, in);
		bool prefixed = out[1] == '\'' && ch != '\'';
		assert_int_equal(prefixed, csvout_guard(in));
		char guarded[4] = {'\'', (char)ch, 'x', '\0'};
		assert_string_equal(csvf_unprotect(guarded), prefixed ? in : guarded);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(semicolon_and_quotes), cmocka_unit_test(comma_with_semicolons_inside_quotes),
		cmocka_unit_test(bom_and_cp1252),       cmocka_unit_test(empty_and_broken),
		cmocka_unit_test(many_rows),            cmocka_unit_test(cells),
		cmocka_unit_test(round_trip),           cmocka_unit_test(cr_line_endings),
		cmocka_unit_test(cell_guard_is_csvouts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
