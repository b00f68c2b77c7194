/* csvfile (csvf_): reading spreadsheet CSV files (encoding, BOM, separator, quoting, line numbers) and writing safe CSV cells, with libcsv; pure, no I/O. */
#ifndef WB_CSVFILE_H
#define WB_CSVFILE_H

#include <stdbool.h>
#include <stddef.h>

#define CSVF_MAX_ROWS   50000   /* rows of a file, header included */
#define CSVF_MAX_FIELDS 64      /* fields of a row */

enum csvf_status {
	CSVF_OK = 0,
	CSVF_EMPTY,       /* nothing but an optional BOM and white space */
	CSVF_ENCODING,    /* neither UTF-8 nor Windows-1252 text (NUL bytes, undefined bytes): err_line */
	CSVF_QUOTE,       /* a broken quote: err_line is where the row with it starts */
	CSVF_TOO_MANY,    /* more than CSVF_MAX_ROWS rows or CSVF_MAX_FIELDS fields: err_line */
	CSVF_NOMEM
};

/* One row: its fields (UTF-8, NUL-terminated) and the physical line (from 1) where it starts. */
struct csvf_row {
	int line;
	int n;
	char **f;
};

/* A parsed file. rows[0] is the first row (the header, for the callers' formats). */
struct csvf_table {
	int nrows;
	struct csvf_row *rows;
	char delim;          /* ',' ';' or '\t', detected from the first line */
	bool bom;            /* a UTF-8 byte-order mark was removed */
	bool converted;      /* the file was Windows-1252 and was converted to UTF-8 */
	int err_line;        /* with a failure status, the line it refers to (0 when none) */
	size_t cap;
};

/* Parses data (len bytes): UTF-8 with or without BOM, or else Windows-1252 converted to UTF-8;
 * comma, semicolon or tab as separator, whichever the first line (outside quotes) has most of;
 * quoted fields with separators, doubled quotes and line breaks; CRLF or LF; blank lines skipped.
 * Unquoted fields lose leading and trailing blanks. On any status t is usable and must be freed
 * with csvf_free. */
enum csvf_status csvf_parse(const char *data, size_t len, struct csvf_table *t);

/* Frees what csvf_parse allocated; t is then empty. */
void csvf_free(struct csvf_table *t);

/* Converts Windows-1252 bytes to UTF-8 into a malloc'ed NUL-terminated string (*outlen bytes).
 * NULL when a byte is undefined in Windows-1252 or NUL (*bad its offset), or memory runs out. */
char *csvf_from_cp1252(const char *data, size_t len, size_t *outlen, size_t *bad);

/* Writes text s as one quoted CSV cell into out (size n, NUL-terminated): a cell starting with
 * = + - @ or a tab gets a "'" prefix so that spreadsheets do not run it as a formula; quotes are
 * doubled. Returns the length the cell needs (without NUL); when that is >= n, out is not usable. */
size_t csvf_cell(char *out, size_t n, const char *s);

/* s without the "'" that csvf_cell put before = + - @ or a tab (so exported files import unchanged). */
const char *csvf_unprotect(const char *s);

#endif
