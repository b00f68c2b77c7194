/* money (money_, MONEY_): amounts in integer cents — the one parser of typed amounts and the one formatter. */
#ifndef WB_MONEY_H
#define WB_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#define MONEY_MAX 100000000   /* the largest amount a form accepts, in cents (1,000,000.00) */

enum money_status { MONEY_OK = 0, MONEY_SYNTAX, MONEY_DECIMALS, MONEY_RANGE };

/* Parses an amount typed by a person: optional blanks around, an optional '-' when negative is
 * true, digits, and optionally ',' or '.' with one or two decimals ("12", "12,5", "12.50").
 * On MONEY_OK *cents holds the amount; otherwise *cents is 0 and the status says why: SYNTAX
 * (not of that form), DECIMALS (more than two decimals), RANGE (magnitude above MONEY_MAX). */
enum money_status money_parse(const char *s, bool negative, int64_t *cents);

/* Formats cents with two places and the decimal mark ('.' or ','), e.g. -1250 -> "-12.50",
 * without grouping. buf must hold MONEY_BUF bytes. Returns buf. */
#define MONEY_BUF 24
char *money_fmt(char *buf, int64_t cents, char mark);

/* An amount as pages show it, with thousands separators and the euro sign where the language puts
 * it: de 162773 -> "1.627,73 €", en -> "€1,627.73"; negative de "-12,50 €", en "-€12.50". For
 * display only: files and form values use money_fmt, which money_parse reads back. buf must hold
 * MONEY_DISPLAY_BUF bytes. Returns buf. */
#define MONEY_DISPLAY_BUF 48
char *money_fmt_display(char *buf, int64_t cents, const char *lang);

/* The decimal mark of a language code: '.' for "en", ',' for every other (German first). */
char money_mark(const char *lang);

#endif
