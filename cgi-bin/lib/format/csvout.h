/* csvout: streaming CSV writer (libcsv quoting, separator choice, optional UTF-8 BOM, formula-injection guard) with a fixed-size buffer. */
#ifndef WB_CSVOUT_H
#define WB_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CSVOUT_BUF 16384

/* Where full buffers go (app_write in a page, a memory sink in tests). */
typedef void (*csvout_sink)(void *ctx, const char *data, size_t len);

struct csvout {
	csvout_sink sink;
	void *ctx;
	char sep;            /* ',' or ';' */
	char mark;           /* decimal mark of money cells: ',' with ';' (German spreadsheets), '.' with ',' */
	bool row_open;       /* a cell has been written in the current row */
	size_t len;
	char buf[CSVOUT_BUF];
};

/* The formula guard of every CSV and xlsx cell Wagenbuch writes: true when text s (NULL is empty)
 * starts with = + - @ or a tab, which spreadsheets would run as a formula, so that the cell must
 * be written with a "'" before it. */
bool csvout_guard(const char *s);

/* s without the "'" the guard put before it (so exported files import unchanged); else s. */
const char *csvout_unguard(const char *s);

/* Starts a file: sep ';' or ',' (anything else is ';'), a UTF-8 byte-order mark first when bom. */
void csvout_init(struct csvout *c, char sep, bool bom, csvout_sink sink, void *ctx);

/* A text cell, always quoted with libcsv's csv_write2 (quotes doubled); a cell starting with
 * = + - @ or a tab gets a "'" prefix so that spreadsheets do not run it as a formula. NULL is empty. */
void csvout_text(struct csvout *c, const char *s);

/* A number cell, unquoted. */
void csvout_int(struct csvout *c, int64_t v);

/* A money cell from cents, unquoted, with the file's decimal mark ("-12,50" or "-12.50"). */
void csvout_cents(struct csvout *c, int64_t cents);

/* Ends the current row with CRLF (RFC 4180). */
void csvout_end_row(struct csvout *c);

/* Hands what is buffered to the sink; call once at the end. */
void csvout_flush(struct csvout *c);

#endif
