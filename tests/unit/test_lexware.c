/* test_lexware: the Lexware Buchhalter ASCII writer, compared byte for byte with a hand-checked file in tests/data/ (Windows-1252, swapped accounts of a cancellation, quotes, an unencodable character). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "format/lexware.h"

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

static void lexware_file_matches_reference(void **state)
{
	(void)state;
	struct lex_row rows[] = {
	    {1, 12, 2026, "2026-0001", "Rechnung 2026-0001 Jürgen \"Jo\" Weiß", "3", 2380, 11002, 8400},
	    {1, 12, 2026, "2026-0002", "Stornorechnung 2026-0002 – 5 €", "3", -2380, 11002, 8400},
	    {1, 1, 2027, "RE-27-001", "Straße \xe2\x9c\x93 ok", "", 105, 11003, 8401},
	};
	FILE *f = tmpfile();
	assert_int_equal(lex_write(f, rows, 3), 0);
	size_t gl, wl;
	char *got = written(f, &gl), *want = slurp("tests/data/lexware_rechnungen_2026-11.txt", &wl);
	same(got, gl, want, wl);
	free(got);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lexware_file_matches_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
