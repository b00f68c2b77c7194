/* fuzz_csv: the CSV import reader (csvfile.c over libcsv) on arbitrary bytes, and the export cell writer read back by it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "format/csvfile.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s (line %d)\n", #c, __LINE__); abort(); } } while (0)

/* A cell written by csvf_cell reads back, unprotected, as the text it was made from. */
static void cell_round_trip(const char *s)
{
	if (s[0] == '\'' || s[0] == '\0')
		return; /* a leading ' is indistinguishable from the protection prefix by design */
	size_t need = csvf_cell(NULL, 0, s);
	char *cell = malloc(need + 2);
	if (!cell)
		return;
	CHECK(csvf_cell(cell, need + 2, s) == need);
	CHECK(strlen(cell) == need);
	strcat(cell, "\n");
	struct csvf_table t;
	enum csvf_status st = csvf_parse(cell, need + 1, &t);
	if (st == CSVF_OK) {
		CHECK(t.nrows == 1);
		/* A single cell with separators inside quotes is still one field. */
		CHECK(t.rows[0].n == 1);
		if (strcmp(csvf_unprotect(t.rows[0].f[0]), s) != 0) {
			fprintf(stderr, "cell [%s] read back as [%s]\n", s, t.rows[0].f[0]);
			abort();
		}
	} else {
		CHECK(st != CSVF_QUOTE);
	}
	csvf_free(&t);
	free(cell);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly size bytes, so ASan sees any read past the end. */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	struct csvf_table t;
	enum csvf_status st = csvf_parse(buf, size, &t);
	CHECK(st >= CSVF_OK && st <= CSVF_NOMEM);
	if (st == CSVF_OK) {
		CHECK(t.nrows >= 1 && t.nrows <= CSVF_MAX_ROWS);
		CHECK(t.delim == ',' || t.delim == ';' || t.delim == '\t');
		int last = 0;
		for (int i = 0; i < t.nrows; i++) {
			const struct csvf_row *row = &t.rows[i];
			/* >=, not >: libcsv ends a row at a bare CR too, and such rows share a physical (LF) line. */
			CHECK(row->line >= last && row->line >= 1);
			last = row->line;
			CHECK(row->n >= 1 && row->n <= CSVF_MAX_FIELDS);
			for (int j = 0; j < row->n; j++) {
				CHECK(row->f[j] != NULL);
				CHECK(utf8_valid(row->f[j], strlen(row->f[j])));
			}
		}
		if (t.nrows > 1 && t.rows[1].n > 0 && t.rows[1].f[0][0])
			cell_round_trip(t.rows[1].f[0]);
	} else if (st != CSVF_EMPTY && st != CSVF_NOMEM) {
		CHECK(t.err_line >= 1);
	}
	csvf_free(&t);
	/* Any valid text as an export cell. */
	char *s = strndup((const char *)data, size);
	if (s && utf8_valid(s, strlen(s)))
		cell_round_trip(s);
	free(s);
	free(buf);
	return 0;
}
