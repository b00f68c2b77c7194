/* splitbill_out (sbout_): the split billing as files — a PDF (cairo) and an .xlsx (libxlsxwriter through tabout), both grouped by subscriber organisation with totals. */
#ifndef WB_SPLITBILL_OUT_H
#define WB_SPLITBILL_OUT_H

#include <stdio.h>

#include <stdbool.h>
#include <stdint.h>

#include "format/tabout.h"

/* One billed booking. fee is the sum of its billing records in the subscriber's books (billing.c:
 * the master's tariff, km once trip data exists, the master's storno share for STORNO and
 * changed-storno versions, corrections included); storno is set for a cancelled booking;
 * rate the split rate of the subscription through which it was booked; split_fee = fee * rate / 100,
 * rounded half up to a cent. */
struct sbout_row {
	int64_t booking_id, vehicle_id, subscriber, start, end, fee, split_fee;
	int rate;
	bool storno;
	char subscriber_name[128], member_no[64], login[64], vehicle[128];
};

/* Receives one row; a nonzero return stops the walk and is returned. */
typedef int (*sbout_row_fn)(void *ctx, const struct sbout_row *row);

/* Where the rows come from: calls fn(ctx, row) for every row, grouped by subscriber; returns 0,
 * fn's nonzero value, or a failure status (> 0). src is the source's own state. */
typedef int (*sbout_source)(void *src, sbout_row_fn fn, void *ctx);

/* Sums of one subscriber (or of all, subscriber 0). */
struct sbout_total {
	int64_t subscriber;
	char subscriber_name[128];
	int64_t bookings, fee, split_fee;
};

/* Adds row to the running totals: a new entry in t[] when the subscriber changes (rows arrive
 * grouped, as every source gives them), and to *all. *n entries of at most max are in use; a
 * subscriber beyond max counts in *all only. */
void sbout_add(struct sbout_total *t, int max, int *n, struct sbout_total *all, const struct sbout_row *row);

/* Column labels in order: subscriber, member no., booking, vehicle, start, end, fee, rate, split fee. */
#define SBOUT_NCOLS 9

/* The texts and formats of one file, in the reader's language. */
struct sbout_labels {
	const char *title;           /* "Master-Abrechnung" */
	const char *org;             /* the master organisation's name */
	const char *period;          /* e.g. "Zeitraum 04/2026 – 05/2026" */
	const char *cols[SBOUT_NCOLS];
	const char *total;           /* "Summe" (per subscriber) */
	const char *total_all;       /* "Gesamtsumme" */
	const char *none;            /* the line of an empty list */
	const char *tz;              /* times in this zone */
	char mark;                   /* decimal mark of amounts in the PDF: ',' or '.' */
};

/* Writes the PDF of the rows of source(src) to out (A4 landscape; a header row on every page; per
 * subscriber its rows and a total line; the grand total at the end). The rows are read once, as
 * they stream. Returns 0, the source's failure status, or -1 when cairo failed. */
int sbout_pdf(FILE *out, sbout_source source, void *src, const struct sbout_labels *l);

/* Writes the .xlsx of the rows of source(src) into a new tabout (one sheet; per subscriber its rows
 * and a total row; the grand total at the end) and closes it. On 0 *t is ready for tabout_send; on
 * failure *t is NULL and the return value is the source's failure status, or -1 when the file could
 * not be written. */
int sbout_xlsx(sbout_source source, void *src, const struct sbout_labels *l, struct tabout **t);

#endif
