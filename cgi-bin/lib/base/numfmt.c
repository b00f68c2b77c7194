/* numfmt: decimal mark and thousands grouping of a language for numbers shown on pages. */
#include "base/numfmt.h"

#include <assert.h>
#include <math.h>
#include <string.h>

char numfmt_mark(const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? '.' : ',';
}


char numfmt_group(const char *lang)
{
	return numfmt_mark(lang) == '.' ? ',' : '.';
}

char *numfmt_fixed(char *buf, size_t size, int64_t units, int places, const char *lang)
{
	assert(buf && size >= NUMFMT_BUF && places >= 0 && places <= NUMFMT_PLACES);
	char mark = numfmt_mark(lang), group = numfmt_group(lang);
	/* Digits from the right; unsigned negation so that INT64_MIN is no undefined behaviour. */
	uint64_t a = units < 0 ? 0 - (uint64_t)units : (uint64_t)units;
	char tmp[NUMFMT_BUF];
	char *p = tmp + sizeof tmp;
	*--p = '\0';
	for (int k = 0; k < places; k++) {
		*--p = (char)('0' + a % 10);
		a /= 10;
	}
	if (places > 0)
		*--p = mark;
	int digits = 0;
	do {
		if (digits > 0 && digits % 3 == 0)
			*--p = group;
		*--p = (char)('0' + a % 10);
		digits++;
	} while (a /= 10);
	if (units < 0)
		*--p = '-';
	memcpy(buf, p, (size_t)(tmp + sizeof tmp - p));
	return buf;
}

char *numfmt_decimal(char *buf, size_t size, double value, int places, const char *lang)
{
	assert(isfinite(value) && fabs(value) < 1e11 && places >= 0 && places <= NUMFMT_PLACES);
	double scale = 1;
	for (int k = 0; k < places; k++)
		scale *= 10;
	/* Rounding in long double keeps 119.95 * 10 from landing just below the half. */
	long double scaled = (long double)value * scale;
	int64_t units = (int64_t)(scaled < 0 ? scaled - 0.5L : scaled + 0.5L);
	return numfmt_fixed(buf, size, units, places, lang);
}
