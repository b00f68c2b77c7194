/* splitbill_out: the split billing as files — a PDF (cairo) and an .xlsx (libxlsxwriter through tabout), both grouped by subscriber organisation with totals. */
#ifndef WB_SPLITBILL_OUT_H
#define WB_SPLITBILL_OUT_H

#include <stdio.h>

#include "store/splitbill.h"
#include "format/tabout.h"

/* Column labels in order: subscriber, member no., booking, vehicle, start, end, fee, rate, split fee. */
#define SB_NCOLS 9

/* The texts and formats of one file, in the reader's language. */
struct sb_labels {
	const char *title;           /* "Master-Abrechnung" */
	const char *org;             /* the master organisation's name */
	const char *period;          /* e.g. "Zeitraum 04/2026 – 05/2026" */
	const char *cols[SB_NCOLS];
	const char *total;           /* "Summe" (per subscriber) */
	const char *total_all;       /* "Gesamtsumme" */
	const char *none;            /* the line of an empty list */
	const char *tz;              /* times in this zone */
	char mark;                   /* decimal mark of amounts in the PDF: ',' or '.' */
};

/* Writes the PDF of q to out (A4 landscape; a header row on every page; per subscriber its rows
 * and a total line; the grand total at the end). The rows are read once, as they stream from the
 * database. Returns 0 (ST_OK), the db_status of a failure, or -1 when cairo failed. */
int splitbill_pdf(FILE *out, const struct sb_query *q, const struct sb_labels *l);

/* Writes the .xlsx of q into a new tabout (one sheet; per subscriber its rows and a total row; the
 * grand total at the end) and closes it. On 0 *t is ready for tabout_send; on failure *t is NULL
 * and the return value is the db_status, or -1 when the file could not be written. */
int splitbill_xlsx(const struct sb_query *q, const struct sb_labels *l, struct tabout **t);

#endif
