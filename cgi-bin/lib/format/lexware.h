/* lexware (lex_): the Lexware Buchhalter ASCII import file of invoices — field names in the first row, Windows-1252 ("ANSI"), ';', quoted texts, decimal comma, CRLF, one line per booking. */
#ifndef WB_LEXWARE_H
#define WB_LEXWARE_H

#include <stdint.h>
#include <stdio.h>

/* One booking: document date (day, month, year), document number, text, amount in cents (a
 * negative amount, a cancellation, is written positive with debit and credit accounts swapped),
 * debit account (the debtor), credit account (revenue), tax key ("" none). */
struct lex_row {
	int day, mon, year;
	const char *number, *text, *tax_key;
	int64_t cents, debit, credit;
};

/* Writes the field-name row and rows[0..n) to out. Returns 0, or -1 on a write error. */
int lex_write(FILE *out, const struct lex_row *rows, int n);

#endif
