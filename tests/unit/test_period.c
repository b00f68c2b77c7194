/* test_period: unit tests of month arithmetic and billing periods (month, quarter) with their UTC bounds across daylight-saving changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/period.h"

#define BERLIN "Europe/Berlin"

static void month_add_crosses_years(void **state)
{
	assert_int_equal(period_month_add(202611, 0), 202611);
	assert_int_equal(period_month_add(202611, 1), 202612);
	assert_int_equal(period_month_add(202612, 1), 202701);
	assert_int_equal(period_month_add(202601, -1), 202512);
	assert_int_equal(period_month_add(202603, -14), 202501);
	assert_int_equal(period_month_add(202611, -23), 202412);
	assert_int_equal(period_month_add(202601, 24), 202801);
}

static void months_between_counts_both_ways(void **state)
{
	assert_int_equal(period_months_between(202611, 202611), 0);
	assert_int_equal(period_months_between(202611, 202702), 3);
	assert_int_equal(period_months_between(202702, 202611), -3);
	assert_int_equal(period_months_between(202501, 202612), 23);
}

static void month_of_follows_the_zone(void **state)
{
	/* 2026-10-31 23:30 UTC is already November in Berlin (UTC+1). */
	assert_int_equal(period_month_of(BERLIN, 1793489400LL), 202611);
	assert_int_equal(period_month_of("UTC", 1793489400LL), 202610);
	char buf[16];
	assert_string_equal(period_fmt_month(buf, sizeof buf, 202603), "2026-03");
}

static void containing_month_or_quarter(void **state)
{
	int f, t;
	period_containing("month", 202611, &f, &t);
	assert_int_equal(f, 202611);
	assert_int_equal(t, 202611);
	period_containing(NULL, 202602, &f, &t);
	assert_int_equal(f, 202602);
	assert_int_equal(t, 202602);
	period_containing("quarter", 202611, &f, &t);
	assert_int_equal(f, 202610);
	assert_int_equal(t, 202612);
	period_containing("quarter", 202601, &f, &t);
	assert_int_equal(f, 202601);
	assert_int_equal(t, 202603);
	period_containing("quarter", 202606, &f, &t);
	assert_int_equal(f, 202604);
	assert_int_equal(t, 202606);
}

static void previous_period_looks_back(void **state)
{
	int f, t;
	period_previous("month", 202601, &f, &t);
	assert_int_equal(f, 202512);
	assert_int_equal(t, 202512);
	period_previous("quarter", 202602, &f, &t);
	assert_int_equal(f, 202510);
	assert_int_equal(t, 202512);
	period_previous("quarter", 202609, &f, &t);
	assert_int_equal(f, 202604);
	assert_int_equal(t, 202606);
}

static void span_is_local_midnight(void **state)
{
	int64_t t0, t1;
	/* March 2026 in Berlin: 2026-03-01 00:00 CET to 2026-04-01 00:00 CEST (one hour short). */
	period_span(BERLIN, 202603, 202603, &t0, &t1);
	assert_int_equal(t0, 1772319600LL);
	assert_int_equal(t1, 1774994400LL);
	assert_int_equal(t1 - t0, 31 * 86400 - 3600);
	/* A quarter across the year end, in UTC. */
	period_span("UTC", 202611, 202701, &t0, &t1);
	assert_int_equal(t0, 1793491200LL);
	assert_int_equal(t1, 1801440000LL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(month_add_crosses_years),
		cmocka_unit_test(months_between_counts_both_ways),
		cmocka_unit_test(month_of_follows_the_zone),
		cmocka_unit_test(containing_month_or_quarter),
		cmocka_unit_test(previous_period_looks_back),
		cmocka_unit_test(span_is_local_midnight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
