/* period: months as y*100+m and billing periods (a month or a quarter) — the one place that does month arithmetic and finds a period's UTC bounds. */
#include "base/period.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"

static bool valid_month(int ym)
{
	return ym > 0 && ym % 100 >= 1 && ym % 100 <= 12;
}

int period_month_add(int ym, int n)
{
	assert(valid_month(ym));
	int k = (ym / 100) * 12 + (ym % 100 - 1) + n;
	/* Floor division, so that a negative n crossing year 0 still gives m in 1..12 (no real input does). */
	int y = k >= 0 ? k / 12 : -((11 - k) / 12);
	return y * 100 + (k - y * 12) + 1;
}

int period_months_between(int from, int to)
{
	return (to / 100 - from / 100) * 12 + (to % 100 - from % 100);
}

int period_month_of(const char *tz, int64_t t)
{
	struct tu_tm lt;
	tu_to_local(tz, t, &lt);
	return lt.year * 100 + lt.mon;
}

char *period_fmt_month(char *buf, size_t n, int ym)
{
	snprintf(buf, n, "%04d-%02d", ym / 100, ym % 100);
	return buf;
}

void period_containing(const char *kind, int ym, int *from, int *to)
{
	assert(valid_month(ym));
	if (kind && strcmp(kind, "quarter") == 0) {
		*from = (ym / 100) * 100 + (ym % 100 - 1) / 3 * 3 + 1;
		*to = period_month_add(*from, 2);
	} else {
		*from = *to = ym;
	}
}

void period_previous(const char *kind, int ym, int *from, int *to)
{
	int f, t;
	period_containing(kind, ym, &f, &t);
	period_containing(kind, period_month_add(f, -1), from, to);
}

void period_span(const char *tz, int from, int to, int64_t *t0, int64_t *t1)
{
	assert(valid_month(from) && valid_month(to) && from <= to);
	int after = period_month_add(to, 1);
	*t0 = tu_day_start(tz, from / 100, from % 100, 1);
	*t1 = tu_day_start(tz, after / 100, after % 100, 1);
}
