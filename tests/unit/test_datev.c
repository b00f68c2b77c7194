/* test_datev: the DATEV Buchungsstapel writer, compared byte for byte with hand-checked files in tests/data/ (Windows-1252 ä, ß, €, en dash, quotes inside texts, cut texts, an unencodable character). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "format/datev.h"

/* The file at path (tests/data/..., found from the repository root or from build/tests). */
static char *slurp(const char *path, size_t *len)
{
	char p[256];
	snprintf(p, sizeof p, "%s", path);
	FILE *f = fopen(p, "rb");
	if (!f) {
		snprintf(p, sizeof p, "../../%s", path);
		f = fopen(p, "rb");
	}
	assert_non_null(f);
	char *buf = malloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static char *written(FILE *f, size_t *len)
{
	rewind(f);
	char *buf = malloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static void same(const char *got, size_t gl, const char *want, size_t wl)
{
	if (gl != wl || memcmp(got, want, gl) != 0) {
		fwrite(got, 1, gl, stderr);
		fail_msg("output differs from the reference file (%zu vs %zu bytes)", gl, wl);
	}
}

static void datev_file_matches_reference(void **state)
{
	(void)state;
	struct datev_header h = {.berater = 29098, .mandant = 55003, .fy_start = 20260101, .account_len = 4,
	                         .from = 20261101, .to = 20261130, .created = "20261202101530000",
	                         .label = "Rechnungen 2026-11 Müller & Söhne"};
	struct datev_row rows[] = {
	    {2380, 11002, 8400, "3", 1, 12, "2026-0001", "Rechnung 2026-0001 Jürgen \"Jo\" Weiß"},
	    {-2380, 11002, 8400, "3", 2, 12, "2026-0002", "Stornorechnung 2026-0002 zu 2026-0001 – 5 € Rabatt"},
	    {105, 11003, 8401, "", 1, 12, "2026-0003", "Emoji \xf0\x9f\x9a\x97 Fahrt"},
	    {0, 11004, 8400, "3", 30, 11, "2026-0004",
	     "Sehr langer Buchungstext über sechzig Zeichen, der abgeschnitten wird, weil DATEV nur 60 erlaubt"},
	};
	FILE *f = tmpfile();
	assert_int_equal(datev_write(f, &h, rows, 4), 0);
	size_t gl, wl;
	char *got = written(f, &gl), *want = slurp("tests/data/EXTF_Buchungsstapel_2026-11.csv", &wl);
	same(got, gl, want, wl);
	/* Windows-1252 bytes, not UTF-8: ü is 0xFC, € 0x80, – 0x96. */
	assert_non_null(memchr(got, 0xFC, gl));
	assert_non_null(memchr(got, 0x80, gl));
	assert_non_null(memchr(got, 0x96, gl));
	assert_null(memchr(got, 0xC3, gl));
	free(got);
	free(want);
}

static void cp1252_cuts_by_characters(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(datev_cp1252("äöüß€", 3, out, sizeof out), 3);
	assert_memory_equal(out, "\xe4\xf6\xfc", 4);
	assert_int_equal(datev_cp1252("a\xffz", 10, out, sizeof out), 3); /* malformed byte -> '?' */
	assert_string_equal(out, "a?z");
	assert_int_equal(datev_cp1252("", 10, out, sizeof out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(datev_file_matches_reference),
	    cmocka_unit_test(cp1252_cuts_by_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
