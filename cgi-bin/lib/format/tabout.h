/* tabout: one table written either as streamed CSV (through csvout) or as an .xlsx file (libxlsxwriter, constant memory, temp file). */
#ifndef WB_TABOUT_H
#define WB_TABOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/csvout.h"

/* Cells are written row by row, left to right; a file of a million rows costs no more memory than one
 * of ten. CSV goes to the sink as the buffer fills. xlsx goes to a temp file (libxlsxwriter writes
 * files, not streams; in constant_memory mode each finished row leaves memory); tabout_send then
 * copies the finished file to the sink and deletes it. Text cells starting with = + - @ or a tab get
 * a "'" prefix in both formats (DESIGN.md). */
struct tabout;

/* A CSV table: sep ';' (German spreadsheets: decimal comma) or ',' (decimal point), UTF-8 BOM when bom. */
struct tabout *tabout_csv(char sep, bool bom, csvout_sink sink, void *ctx);

/* An xlsx table in a new temp file under $TMPDIR (default /tmp), with one worksheet named sheet
 * (at most 31 characters, none of []:*?/\). NULL when the file cannot be created. */
struct tabout *tabout_xlsx(const char *sheet);

/* The header row (bold in xlsx). Kept, so that an xlsx table longer than a worksheet's 1,048,576
 * rows continues on a further worksheet with the same header. At most 32 labels. */
void tabout_header(struct tabout *t, const char *const *labels, int n);

void tabout_text(struct tabout *t, const char *s);         /* NULL is empty */
void tabout_int(struct tabout *t, int64_t v);
void tabout_empty(struct tabout *t);
void tabout_cents(struct tabout *t, int64_t cents);        /* a decimal with two places: money, or hours * 100 */
void tabout_time(struct tabout *t, const char *tz, int64_t utc); /* local time: CSV "YYYY-MM-DD HH:MM", xlsx a date cell */
void tabout_end_row(struct tabout *t);

/* Ends the table: CSV flushes; xlsx closes the workbook (the zip is written now). Returns 0, or -1
 * when the xlsx file could not be written (nothing has been sent yet: answer 500). */
int tabout_close(struct tabout *t);

/* Hands the finished file to sink (xlsx; CSV has already gone out), deletes any temp file and frees t.
 * With sink NULL (HEAD, or an error after tabout_close) nothing is sent. t may be NULL. */
void tabout_send(struct tabout *t, csvout_sink sink, void *ctx);

#endif
