/* numfmt (numfmt_, NUMFMT_): numbers as a person reads them in a language — the one formatter of km, hours and coordinates on pages. */
#ifndef WB_NUMFMT_H
#define WB_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

#define NUMFMT_BUF 40     /* holds every result of numfmt_fixed and numfmt_decimal */
#define NUMFMT_PLACES 7   /* the most decimal places either accepts (coordinates) */

/* The thousands separator of a language code: ',' for "en", '.' for every other (German first).
 * The decimal mark is money_mark(lang). */
char numfmt_group(const char *lang);

/* Writes units / 10^places with exactly `places` decimals (0..NUMFMT_PLACES), the decimal mark and
 * the thousands grouping of lang: de 123456789 places 2 -> "1.234.567,89", en -> "1,234,567.89";
 * places 0 has no decimal mark. A negative value starts with '-'. buf holds size >= NUMFMT_BUF
 * bytes. Returns buf. */
char *numfmt_fixed(char *buf, size_t size, int64_t units, int places, const char *lang);

/* The same for a finite double rounded half away from zero to `places` decimals (|value| below
 * 1e11): de 119.94 places 1 -> "119,9", en 1234.5 places 0 -> "1,235". A value that rounds to zero
 * shows no '-'. Pages show km with 1, hours with 1 or 2, coordinates with 5 places through it. */
char *numfmt_decimal(char *buf, size_t size, double value, int places, const char *lang);

/* The decimal mark of a language code: '.' for "en", ',' for every other (German first). */
char numfmt_mark(const char *lang);

#endif
