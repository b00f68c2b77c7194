/* test_pricing: unit tests of the price of a booking (quarter hours, caps per started 24 h, km, storno share, formatting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/money.h"
#include "rules/pricing.h"

#define H 3600LL
#define M 60LL
#define D (24 * H)

/* 4.00 EUR per hour, at most 30.00 per 24 h, 0.25 per km. */
static const struct pricing_tariff std = { .per_hour = 400, .max_24h = 3000, .per_km = 25 };
/* No cap. */
static const struct pricing_tariff nocap = { .per_hour = 400, .max_24h = -1, .per_km = 0 };
/* 2.50 per hour: quarter hours are 62.5 cents, rounded half up per block. */
static const struct pricing_tariff odd = { .per_hour = 250, .max_24h = -1, .per_km = 0 };

static void zero_and_negative_spans_cost_nothing(void **state)
{
	assert_int_equal(pricing_time(&std, 0), 0);
	assert_int_equal(pricing_time(&std, -H), 0);
	assert_int_equal(pricing_booking(&std, 10 * H, 10 * H, 0), 0);
	assert_int_equal(pricing_booking(&std, 10 * H, 9 * H, 0), 0);
}

static void whole_hours(void **state)
{
	assert_int_equal(pricing_time(&std, H), 400);
	assert_int_equal(pricing_time(&std, 2 * H), 800);
	assert_int_equal(pricing_time(&std, 7 * H), 2800);
}

static void started_quarter_hours_count_pro_rata(void **state)
{
	assert_int_equal(pricing_time(&std, 1), 100);          /* one second starts a quarter */
	assert_int_equal(pricing_time(&std, 15 * M), 100);
	assert_int_equal(pricing_time(&std, 15 * M + 1), 200);
	assert_int_equal(pricing_time(&std, H + 15 * M), 500);
	assert_int_equal(pricing_time(&std, H + 45 * M), 700);
	assert_int_equal(pricing_time(&std, 2 * H - 1), 800);
}

static void rounding_half_up_per_block(void **state)
{
	assert_int_equal(pricing_time(&odd, 15 * M), 63);      /* 62.5 -> 63 */
	assert_int_equal(pricing_time(&odd, 30 * M), 125);
	assert_int_equal(pricing_time(&odd, 45 * M), 188);     /* 187.5 -> 188 */
	assert_int_equal(pricing_time(&odd, H), 250);
	/* A 24 h block is 96 quarters, 6000 exactly; the next block starts rounding anew. */
	assert_int_equal(pricing_time(&odd, D + 15 * M), 6000 + 63);
}

static void cap_per_started_24_hours(void **state)
{
	assert_int_equal(pricing_time(&std, 7 * H + 15 * M), 2900);  /* below the cap */
	assert_int_equal(pricing_time(&std, 7 * H + 30 * M), 3000);  /* exactly the cap */
	assert_int_equal(pricing_time(&std, 8 * H), 3000);           /* capped */
	assert_int_equal(pricing_time(&std, D), 3000);
	assert_int_equal(pricing_time(&std, D + 15 * M), 3100);      /* a new 24 h block started */
	assert_int_equal(pricing_time(&std, D + 8 * H), 6000);
	assert_int_equal(pricing_time(&std, 2 * D), 6000);
	assert_int_equal(pricing_time(&std, 3 * D + 2 * H), 9800);
	/* Blocks count from the booking's start, not from midnight: 20:00 to 04:00 is one block. */
	assert_int_equal(pricing_booking(&std, 20 * H, 28 * H, 0), 3000);
}

static void no_cap_and_zero_cap(void **state)
{
	assert_int_equal(pricing_time(&nocap, D), 9600);
	assert_int_equal(pricing_time(&nocap, 2 * D + H), 19600);
	struct pricing_tariff free_day = { .per_hour = 400, .max_24h = 0, .per_km = 10 };
	assert_int_equal(pricing_time(&free_day, 5 * H), 0);
	assert_int_equal(pricing_booking(&free_day, 0, 5 * H, 12), 120);
}

static void five_years_do_not_overflow(void **state)
{
	struct pricing_tariff big = { .per_hour = 100000000, .max_24h = -1, .per_km = 100000000 };
	int64_t s = 5LL * 366 * D;
	assert_int_equal(pricing_time(&big, s), (s / H) * 100000000LL);
	assert_int_equal(pricing_km(&big, 100000000), 10000000000000000LL);
}

static void km_part(void **state)
{
	assert_int_equal(pricing_km(&std, 0), 0);
	assert_int_equal(pricing_km(&std, 1), 25);
	assert_int_equal(pricing_km(&std, 123), 3075);
	assert_int_equal(pricing_km(&std, -5), 0);
	assert_int_equal(pricing_km(&nocap, 500), 0);
	/* Time part capped, km part never. */
	assert_int_equal(pricing_booking(&std, 0, 10 * H, 300), 3000 + 7500);
	assert_int_equal(pricing_booking(&std, 0, 2 * H, 42), 800 + 1050);
}

static void negative_prices_count_as_zero(void **state)
{
	struct pricing_tariff neg = { .per_hour = -400, .max_24h = -1, .per_km = -25 };
	assert_int_equal(pricing_booking(&neg, 0, 2 * H, 10), 0);
}

static void storno_share(void **state)
{
	assert_int_equal(pricing_share(1000, 100), 1000);
	assert_int_equal(pricing_share(1000, 50), 500);
	assert_int_equal(pricing_share(1000, 0), 0);
	assert_int_equal(pricing_share(1001, 50), 501);   /* 500.5 -> 501 */
	assert_int_equal(pricing_share(999, 33), 330);    /* 329.67 -> 330 */
	assert_int_equal(pricing_share(1000, 150), 1000); /* clamped */
	assert_int_equal(pricing_share(1000, -5), 0);
	assert_int_equal(pricing_share(-1000, 50), 0);
	assert_int_equal(pricing_storno(&std, 0, 2 * H, 100), 800);
	assert_int_equal(pricing_storno(&std, 0, 2 * H, 50), 400);
	assert_int_equal(pricing_storno(&std, 0, 10 * H, 50), 1500);   /* share of the capped price */
}

static void chgsto_bills_uncovered_time_only(void **state)
{
	/* 10-14 shortened to 10-12: 2 h uncovered. */
	assert_int_equal(pricing_uncovered(10 * H, 14 * H, 10 * H, 12 * H, true), 2 * H);
	assert_int_equal(pricing_chgsto(&std, 10 * H, 14 * H, 10 * H, 12 * H, true, 100), 800);
	assert_int_equal(pricing_chgsto(&std, 10 * H, 14 * H, 10 * H, 12 * H, true, 50), 400);
	/* Moved into the middle: both ends uncovered. */
	assert_int_equal(pricing_uncovered(10 * H, 14 * H, 11 * H, 12 * H, true), 3 * H);
	/* Moved away entirely, or to another vehicle: all of it. */
	assert_int_equal(pricing_uncovered(10 * H, 14 * H, 20 * H, 22 * H, true), 4 * H);
	assert_int_equal(pricing_uncovered(10 * H, 14 * H, 10 * H, 14 * H, false), 4 * H);
	/* Extended: nothing uncovered. */
	assert_int_equal(pricing_uncovered(10 * H, 14 * H, 9 * H, 15 * H, true), 0);
	assert_int_equal(pricing_chgsto(&std, 10 * H, 14 * H, 9 * H, 15 * H, true, 100), 0);
}

static void formatting(void **state)
{
	char b[24];
	assert_string_equal(money_fmt(b, 0, '.'), "0.00");
	assert_string_equal(money_fmt(b, 5, '.'), "0.05");
	assert_string_equal(money_fmt(b, 1250, '.'), "12.50");
	assert_string_equal(money_fmt(b, 1250, ','), "12,50");
	assert_string_equal(money_fmt(b, -1250, '.'), "-12.50");
	assert_string_equal(money_fmt(b, -7, ','), "-0,07");
	assert_string_equal(money_fmt(b, INT64_MIN, '.'), "-92233720368547758.08");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zero_and_negative_spans_cost_nothing),
		cmocka_unit_test(whole_hours),
		cmocka_unit_test(started_quarter_hours_count_pro_rata),
		cmocka_unit_test(rounding_half_up_per_block),
		cmocka_unit_test(cap_per_started_24_hours),
		cmocka_unit_test(no_cap_and_zero_cap),
		cmocka_unit_test(five_years_do_not_overflow),
		cmocka_unit_test(km_part),
		cmocka_unit_test(negative_prices_count_as_zero),
		cmocka_unit_test(storno_share),
		cmocka_unit_test(chgsto_bills_uncovered_time_only),
		cmocka_unit_test(formatting),
	};
	return cmocka_run_group_tests_name("pricing", tests, NULL, NULL);
}
