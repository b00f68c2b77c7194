/* invoicepdf (ipdf_): invoices as PDF (cairo, A4 portrait) — letterhead, the address in the DIN 5008 window, the lines, subtotal, VAT or the § 19 UStG note, total and payment note; one or many invoices per file. */
#ifndef WB_INVOICEPDF_H
#define WB_INVOICEPDF_H

#include <stdint.h>
#include <stdio.h>

#define IPDF_NCOLS 9   /* date, vehicle, time, hours, km, time price, km price, storno share, amount */

/* One line, formatted by the caller except the amounts (cents). */
struct ipdf_line {
	const char *date, *vehicle, *times, *hours, *km, *share;
	int64_t time_price, km_price, amount;
};

/* One invoice with every text in the reader's language. Multi-line texts (addresses) use '\n'. */
struct ipdf_doc {
	const char *org_name, *org_address;       /* letterhead and the return line above the window */
	const char *name, *address;               /* recipient; address may be "" */
	const char *title;                        /* "Rechnung" or "Stornorechnung" */
	const char *ref;                          /* e.g. "zu Rechnung 2026-0001", or "" */
	const char *info_labels[5], *info[5];     /* number, date, member number, period, due date */
	const char *cols[IPDF_NCOLS];
	const struct ipdf_line *lines;
	int nlines;
	const char *correction;                   /* marker written before corrected lines' date, e.g. "Korr." */
	const char *subtotal_label, *vat_label, *total_label;  /* vat_label NULL: no VAT line (§ 19) */
	int64_t net, vat, gross;
	const char *note;                         /* the § 19 note or "" */
	const char *payment;                      /* finished payment note with IBAN and due date */
	char mark;                                /* decimal mark of amounts */
};

/* Writes docs[0..n) to out, each invoice starting on a new page (continued on further pages with
 * the column header repeated). Title metadata from title. Returns 0, or -1 when cairo or the
 * output failed. */
int ipdf_write(FILE *out, const char *title, const struct ipdf_doc *docs, int n);

#endif
