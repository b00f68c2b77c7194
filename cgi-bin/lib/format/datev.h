/* datev: the DATEV "Buchungsstapel" file (EXTF, header version 700, category 21, format version 13) — Windows-1252, ';', CRLF, quoted texts, decimal comma — from finished booking rows. */
#ifndef WB_DATEV_H
#define WB_DATEV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The header's values. Dates as YYYYMMDD numbers; created as "YYYYMMDDHHMMSSFFF". from and to
 * must lie in one year (Belegdatum carries no year: DATEV takes it from from). */
struct datev_header {
	int64_t berater, mandant;
	int fy_start, account_len, from, to;
	const char *created;
	const char *label;        /* Bezeichnung of the batch, at most 30 characters written */
};

/* One booking: amount in cents (sign: positive is S, debit of konto; negative is H), konto
 * (debtor), gegenkonto (revenue account), BU-Schlüssel ("" none), Belegdatum day and month,
 * Belegfeld 1 (the invoice number, at most 36 characters) and Buchungstext (at most 60). */
struct datev_row {
	int64_t cents, konto, gegenkonto;
	const char *bu;
	int day, mon;
	const char *beleg1, *text;
};

/* Converts UTF-8 text to Windows-1252 into out (size n, NUL-terminated), first cut to at most
 * max_chars characters; characters without a Windows-1252 form become '?'. Returns the length. */
size_t datev_cp1252(const char *utf8, size_t max_chars, char *out, size_t n);

/* Writes the header line, the column names and rows[0..n) to out. Returns 0, or -1 on a write
 * error. */
int datev_write(FILE *out, const struct datev_header *h, const struct datev_row *rows, int n);

/* Writes a quoted text field: '"' + text with inner '"' doubled + '"', already Windows-1252. */
void datev_quoted(FILE *out, const char *cp1252);

/* Writes |cents| with a decimal comma and two places, e.g. 1234 -> "12,34". */
void datev_amount(FILE *out, int64_t cents);

#endif
