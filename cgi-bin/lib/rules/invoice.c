/* invoice (inv_): pure invoice rules — numbers from a configurable format, amounts with VAT (net, gross, § 19 UStG), rounding, due dates, accounting keys. */
#include "rules/invoice.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"

bool inv_vat_parse(const char *s, enum inv_vat *out)
{
	if (!strcmp(s, "none"))
		*out = INV_VAT_NONE;
	else if (!strcmp(s, "net"))
		*out = INV_VAT_NET;
	else if (!strcmp(s, "gross"))
		*out = INV_VAT_GROSS;
	else
		return false;
	return true;
}

const char *inv_vat_name(enum inv_vat v)
{
	return v == INV_VAT_NET ? "net" : v == INV_VAT_GROSS ? "gross" : "none";
}

/* Walks fmt; calls back nothing, just counts: returns the number of counters, or -1 when bad. */
static int format_scan(const char *fmt)
{
	int counters = 0;
	size_t len = strlen(fmt);
	if (len == 0 || len >= INV_FORMAT_MAX)
		return -1;
	for (const char *p = fmt; *p;) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c > 0x7e || c == ';' || c == '"')
			return -1;
		if (c == '}')
			return -1;
		if (c != '{') {
			p++;
			continue;
		}
		if (!strncmp(p, "{YYYY}", 6)) {
			p += 6;
			continue;
		}
		if (!strncmp(p, "{YY}", 4)) {
			p += 4;
			continue;
		}
		const char *q = p + 1;
		while (*q == 'N')
			q++;
		if (*q != '}' || q - p - 1 < 1 || q - p - 1 > 9)
			return -1;
		counters++;
		p = q + 1;
	}
	return counters;
}

bool inv_format_valid(const char *fmt)
{
	return fmt && format_scan(fmt) == 1;
}

bool inv_format_has_year(const char *fmt)
{
	return inv_format_valid(fmt) && (strstr(fmt, "{YYYY}") || strstr(fmt, "{YY}"));
}

bool inv_number(char *out, size_t n, const char *fmt, int year, int64_t seq)
{
	assert(n > 0);
	out[0] = '\0';
	if (!inv_format_valid(fmt) || year < 1970 || year > 9999 || seq < 1)
		return false;
	size_t o = 0;
	for (const char *p = fmt; *p;) {
		char piece[48];
		size_t adv;
		if (!strncmp(p, "{YYYY}", 6)) {
			snprintf(piece, sizeof piece, "%04d", year);
			adv = 6;
		} else if (!strncmp(p, "{YY}", 4)) {
			snprintf(piece, sizeof piece, "%02d", year % 100);
			adv = 4;
		} else if (*p == '{') {
			int w = 0;
			while (p[1 + w] == 'N' && w < 9)
				w++;
			snprintf(piece, sizeof piece, "%0*lld", w, (long long)seq);
			adv = (size_t)w + 2;
		} else {
			piece[0] = *p;
			piece[1] = '\0';
			adv = 1;
		}
		size_t l = strlen(piece);
		if (o + l + 1 > n) {
			out[0] = '\0';
			return false;
		}
		memcpy(out + o, piece, l + 1);
		o += l;
		p += adv;
	}
	return true;
}

int64_t inv_div_round(int64_t num, int64_t den)
{
	assert(den > 0);
	int64_t q = num / den, r = num % den;
	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += num < 0 ? -1 : 1;
	return q;
}

void inv_amounts(int64_t sum, enum inv_vat mode, int rate, struct inv_amounts *out)
{
	assert(rate >= 0 && rate <= INV_RATE_MAX);
	switch (mode) {
	case INV_VAT_NET:
		out->net = sum;
		out->vat = inv_div_round(sum * rate, 10000);
		out->gross = out->net + out->vat;
		break;
	case INV_VAT_GROSS:
		out->gross = sum;
		out->net = inv_div_round(sum * 10000, 10000 + rate);
		out->vat = out->gross - out->net;
		break;
	default:
		out->net = out->gross = sum;
		out->vat = 0;
	}
}

int64_t inv_part_gross(int64_t part_sum, bool last, int64_t invoice_gross, int64_t done, enum inv_vat mode, int rate)
{
	if (last)
		return invoice_gross - done;
	struct inv_amounts a;
	inv_amounts(part_sum, mode, rate, &a);
	return a.gross;
}

void inv_due_date(int y, int m, int d, int days, int *oy, int *om, int *od)
{
	assert(days >= 0 && days <= 365);
	struct tu_tm t = {.year = y, .mon = m, .day = d};
	tu_add_days(&t, days);
	*oy = t.year;
	*om = t.mon;
	*od = t.day;
}

bool inv_debtor_account(int64_t base, const char *member_no, int64_t *account)
{
	size_t n = strlen(member_no);
	if (n == 0 || n > 9 || base < 0)
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (member_no[i] < '0' || member_no[i] > '9')
			return false;
		v = v * 10 + (member_no[i] - '0');
	}
	if (base + v > 999999999)
		return false;
	*account = base + v;
	return true;
}

bool inv_account_fits(int64_t account, int len, bool debtor)
{
	if (account <= 0)
		return false;
	int digits = 0;
	for (int64_t v = account; v > 0; v /= 10)
		digits++;
	return debtor ? digits == len + 1 : digits <= len;
}

const char *inv_bu_key(enum inv_vat mode, int rate)
{
	if (mode == INV_VAT_NONE)
		return "";
	if (rate == 1900)
		return "3";
	if (rate == 700)
		return "2";
	return NULL;
}

char *inv_rate_text(char *buf, int rate, char mark)
{
	if (rate % 100 == 0)
		snprintf(buf, 16, "%d", rate / 100);
	else if (rate % 10 == 0)
		snprintf(buf, 16, "%d%c%d", rate / 100, mark, (rate % 100) / 10);
	else
		snprintf(buf, 16, "%d%c%02d", rate / 100, mark, rate % 100);
	return buf;
}
