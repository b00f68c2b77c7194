/* money: parses typed amounts into cents and formats cents, with the decimal mark of a language. */
#include "base/money.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/numfmt.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

enum money_status money_parse(const char *s, bool negative, int64_t *cents)
{
	assert(s && cents);
	*cents = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t i = 0;
	bool neg = negative && n > 0 && s[0] == '-';
	if (neg)
		i++;
	size_t first = i;
	int64_t euros = 0;
	bool big = false;
	for (; i < n && is_digit(s[i]); i++) {
		if (euros > MONEY_MAX)
			big = true; /* keep reading: the syntax still decides first */
		else
			euros = euros * 10 + (s[i] - '0');
	}
	if (i == first)
		return MONEY_SYNTAX;
	int64_t frac = 0;
	int places = 0;
	if (i < n && (s[i] == ',' || s[i] == '.')) {
		for (i++; i < n && is_digit(s[i]); i++) {
			if (places < 2)
				frac = frac * 10 + (s[i] - '0');
			places++;
		}
		if (places == 0)
			return MONEY_SYNTAX;
	}
	if (i != n)
		return MONEY_SYNTAX;
	if (places > 2)
		return MONEY_DECIMALS;
	if (places == 1)
		frac *= 10;
	if (big || euros > MONEY_MAX / 100 || euros * 100 + frac > MONEY_MAX)
		return MONEY_RANGE;
	*cents = (euros * 100 + frac) * (neg ? -1 : 1);
	return MONEY_OK;
}

char *money_fmt(char *buf, int64_t cents, char mark)
{
	/* Digits from the right, without printf (the booking file formats one per row).
	 * Negate in unsigned arithmetic so that INT64_MIN is no undefined behaviour. */
	uint64_t a = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	char tmp[MONEY_BUF];
	char *p = tmp + sizeof tmp;
	*--p = '\0';
	*--p = (char)('0' + a % 10);
	*--p = (char)('0' + a / 10 % 10);
	*--p = mark;
	a /= 100;
	do
		*--p = (char)('0' + a % 10);
	while (a /= 10);
	if (cents < 0)
		*--p = '-';
	memcpy(buf, p, (size_t)(tmp + sizeof tmp - p));
	return buf;
}

char money_mark(const char *lang)
{
	return numfmt_mark(lang);
}

char *money_fmt_display(char *buf, int64_t cents, const char *lang)
{
	assert(buf);
	char num[NUMFMT_BUF];
	uint64_t a = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	/* The magnitude fits int64 except for INT64_MIN, which no amount reaches (MONEY_MAX). */
	numfmt_fixed(num, sizeof num, a > INT64_MAX ? INT64_MAX : (int64_t)a, 2, lang);
	const char *sign = cents < 0 ? "-" : "";
	if (money_mark(lang) == '.')
		snprintf(buf, MONEY_DISPLAY_BUF, "%s\u20ac%s", sign, num);
	else
		snprintf(buf, MONEY_DISPLAY_BUF, "%s%s \u20ac", sign, num);
	return buf;
}
