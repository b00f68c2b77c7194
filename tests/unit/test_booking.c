/* test_booking: unit tests for overlap, grid, past, length, cancellation period, change-kind, may-change and visibility rules in booking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/booking.h"
#include "base/timeutil.h"

#define BERLIN "Europe/Berlin"
#define H 3600LL
#define M 60LL

/* UTC of a Berlin wall-clock time that exists (the earlier one when it repeats). */
static int64_t berlin(int y, int mo, int d, int h, int mi, int s)
{
	struct tu_tm t = { .year = y, .mon = mo, .day = d, .hour = h, .min = mi, .sec = s };
	int64_t u = 0;
	assert_int_equal(tu_from_local(BERLIN, &t, &u), TU_OK);
	return u;
}

static void overlap_edges(void **state)
{
	/* Touching spans do not overlap, in either order. */
	assert_false(bk_overlaps(10, 12, 12, 14));
	assert_false(bk_overlaps(12, 14, 10, 12));
	/* One second of overlap does. */
	assert_true(bk_overlaps(10, 13, 12, 14));
	assert_true(bk_overlaps(12, 14, 10, 13));
	/* Containment, both ways, and shared edges. */
	assert_true(bk_overlaps(10, 20, 12, 14));
	assert_true(bk_overlaps(12, 14, 10, 20));
	assert_true(bk_overlaps(10, 20, 10, 14));
	assert_true(bk_overlaps(10, 20, 14, 20));
	/* Identical. */
	assert_true(bk_overlaps(10, 20, 10, 20));
	/* Disjoint. */
	assert_false(bk_overlaps(10, 11, 30, 40));
	assert_false(bk_overlaps(30, 40, 10, 11));
	/* Empty spans overlap nothing, not even a span around them. */
	assert_false(bk_overlaps(15, 15, 10, 20));
	assert_false(bk_overlaps(10, 20, 15, 15));
	assert_false(bk_overlaps(15, 15, 15, 15));
	/* Reversed (negative) spans overlap nothing. */
	assert_false(bk_overlaps(20, 10, 0, 100));
	/* Extreme values do not overflow. */
	assert_true(bk_overlaps(INT64_MIN, INT64_MAX, 0, 1));
	assert_false(bk_overlaps(INT64_MIN, 0, 0, INT64_MAX));
	assert_true(bk_overlaps(INT64_MAX - 2, INT64_MAX, INT64_MAX - 1, INT64_MAX));
}

static void end_not_after_start(void **state)
{
	int64_t s = berlin(2026, 5, 4, 10, 0, 0);
	assert_int_equal(bk_check_span(BERLIN, 15, s, s, s - H, false), BK_END_NOT_AFTER_START);
	assert_int_equal(bk_check_span(BERLIN, 15, s, s - 15 * M, s - H, true), BK_END_NOT_AFTER_START);
	/* Reported before off-grid and past. */
	assert_int_equal(bk_check_span(BERLIN, 15, s + 7, s + 7, s + H, false), BK_END_NOT_AFTER_START);
	/* The shortest span is one grid step. */
	assert_int_equal(bk_check_span(BERLIN, 15, s, s + 15 * M, s - H, false), BK_OK);
}

static void grid_15_and_30(void **state)
{
	int64_t now = berlin(2026, 5, 1, 0, 0, 0);
	int64_t s = berlin(2026, 5, 4, 10, 15, 0);
	int64_t e = berlin(2026, 5, 4, 11, 45, 0);
	assert_int_equal(bk_check_span(BERLIN, 15, s, e, now, false), BK_OK);
	assert_int_equal(bk_check_span(BERLIN, 30, s, e, now, false), BK_OFF_GRID);
	assert_int_equal(bk_check_span(BERLIN, 30, s - 15 * M, e, now, false), BK_OFF_GRID);
	assert_int_equal(bk_check_span(BERLIN, 30, s - 15 * M, e + 15 * M, now, false), BK_OK);
	/* Off by minutes or seconds, at start or end. */
	assert_int_equal(bk_check_span(BERLIN, 15, s + 5 * M, e, now, false), BK_OFF_GRID);
	assert_int_equal(bk_check_span(BERLIN, 15, s, e + 5 * M, now, false), BK_OFF_GRID);
	assert_int_equal(bk_check_span(BERLIN, 15, s + 1, e, now, false), BK_OFF_GRID);
	assert_int_equal(bk_check_span(BERLIN, 15, s, e - 1, now, false), BK_OFF_GRID);
	/* Administrators are bound to the grid too. */
	assert_int_equal(bk_check_span(BERLIN, 15, s + 5 * M, e, now, true), BK_OFF_GRID);
	/* Midnight is on every grid. */
	assert_int_equal(bk_check_span(BERLIN, 30, berlin(2026, 5, 4, 0, 0, 0),
	                               berlin(2026, 5, 5, 0, 0, 0), now, false),
	                 BK_OK);
	/* A grid longer than an hour counts minutes of the day. */
	assert_int_equal(bk_check_span(BERLIN, 120, berlin(2026, 5, 4, 2, 0, 0),
	                               berlin(2026, 5, 4, 4, 0, 0), now, false),
	                 BK_OK);
	assert_int_equal(bk_check_span(BERLIN, 120, berlin(2026, 5, 4, 1, 0, 0),
	                               berlin(2026, 5, 4, 4, 0, 0), now, false),
	                 BK_OFF_GRID);
}

static void grid_is_local_time(void **state)
{
	/* Kolkata is UTC+5:30: 04:30 UTC is 10:00 local, on an hourly grid; 05:00 UTC is not. */
	struct tu_tm t = { .year = 2026, .mon = 5, .day = 4, .hour = 10 };
	int64_t s;
	assert_int_equal(tu_from_local("Asia/Kolkata", &t, &s), TU_OK);
	assert_int_equal(s % 3600, 1800);
	assert_int_equal(bk_check_span("Asia/Kolkata", 60, s, s + H, 0, false), BK_OK);
	assert_int_equal(bk_check_span("Asia/Kolkata", 60, s + 1800, s + H + 1800, 0, false),
	                 BK_OFF_GRID);
	/* The same instants in UTC are the other way round. */
	assert_int_equal(bk_check_span("UTC", 60, s, s + H, 0, false), BK_OFF_GRID);
	assert_int_equal(bk_check_span("UTC", 60, s + 1800, s + H + 1800, 0, false), BK_OK);
	/* Lord Howe is UTC+10:30 in winter. */
	assert_int_equal(bk_check_span("Australia/Lord_Howe", 30, 1782900000 - 1800, 1782900000, 0,
	                               false),
	                 BK_OK);
	assert_int_equal(bk_check_span("Australia/Lord_Howe", 60, 1782900000 - 1800, 1782900000, 0,
	                               false),
	                 BK_OFF_GRID);
}

static void grid_on_switch_days(void **state)
{
	int64_t now = berlin(2026, 3, 1, 0, 0, 0);
	/* 01:30 CET to 03:30 CEST: one real hour, both ends on the grid. */
	int64_t s = berlin(2026, 3, 29, 1, 30, 0), e = berlin(2026, 3, 29, 3, 30, 0);
	assert_int_equal(e - s, H);
	assert_int_equal(bk_check_span(BERLIN, 30, s, e, now, false), BK_OK);
	/* Whole day of 23 hours. */
	assert_int_equal(bk_check_span(BERLIN, 30, tu_day_start(BERLIN, 2026, 3, 29),
	                               tu_day_start(BERLIN, 2026, 3, 30), now, false),
	                 BK_OK);
	/* Autumn: from the first 02:30 to the second 02:30. */
	s = berlin(2026, 10, 25, 2, 30, 0);
	assert_int_equal(bk_check_span(BERLIN, 30, s, s + H, now, false), BK_OK);
	assert_int_equal(bk_check_span(BERLIN, 30, s, s + H + 15 * M, now, false), BK_OFF_GRID);
}

static void past_member_and_admin(void **state)
{
	int64_t now = berlin(2026, 5, 4, 10, 7, 30);
	int64_t slot15 = berlin(2026, 5, 4, 10, 0, 0);
	/* The current slot may be booked by a member. */
	assert_int_equal(bk_check_span(BERLIN, 15, slot15, slot15 + H, now, false), BK_OK);
	assert_int_equal(bk_check_span(BERLIN, 30, slot15, slot15 + H, now, false), BK_OK);
	/* The slot before may not. */
	assert_int_equal(bk_check_span(BERLIN, 15, slot15 - 15 * M, slot15 + H, now, false),
	                 BK_IN_PAST);
	assert_int_equal(bk_check_span(BERLIN, 30, slot15 - 30 * M, slot15 + H, now, false),
	                 BK_IN_PAST);
	/* Way back, even a span that ended long ago. */
	assert_int_equal(bk_check_span(BERLIN, 15, slot15 - 48 * H, slot15 - 47 * H, now, false),
	                 BK_IN_PAST);
	/* Administrators may book in the past. */
	assert_int_equal(bk_check_span(BERLIN, 15, slot15 - 48 * H, slot15 - 47 * H, now, true),
	                 BK_OK);
	assert_int_equal(bk_check_span(BERLIN, 15, slot15 - 15 * M, slot15 + H, now, true), BK_OK);
	/* Exactly at a slot boundary the new slot is the current one. */
	int64_t at = berlin(2026, 5, 4, 10, 15, 0);
	assert_int_equal(bk_check_span(BERLIN, 15, slot15, slot15 + H, at, false), BK_IN_PAST);
	assert_int_equal(bk_check_span(BERLIN, 15, at, at + H, at, false), BK_OK);
	assert_int_equal(bk_check_span(BERLIN, 15, slot15, slot15 + H, at - 1, false), BK_OK);
	/* On a 30-minute grid, 10:15 is still in the 10:00 slot. */
	assert_int_equal(bk_check_span(BERLIN, 30, slot15, slot15 + H, at, false), BK_OK);
	/* Off grid is reported before past. */
	assert_int_equal(bk_check_span(BERLIN, 15, slot15 - 55 * M, slot15 + H, now, false),
	                 BK_OFF_GRID);
	/* In the repeated autumn hour, the slot of the second 02:10 is the second 02:00. */
	int64_t second_0210 = berlin(2026, 10, 25, 2, 10, 0) + H;
	int64_t first_0200 = berlin(2026, 10, 25, 2, 0, 0);
	assert_int_equal(bk_check_span(BERLIN, 30, first_0200 + H, first_0200 + 2 * H, second_0210,
	                               false),
	                 BK_OK);
	assert_int_equal(bk_check_span(BERLIN, 30, first_0200 + 30 * M, first_0200 + 2 * H,
	                               second_0210, false),
	                 BK_IN_PAST);
}

static void too_long(void **state)
{
	int64_t s = 1767225600; /* 2026-01-01 00:00 UTC */
	assert_int_equal(bk_check_span("UTC", 15, s, s + BK_MAX_SPAN, s, false), BK_OK);
	assert_int_equal(bk_check_span("UTC", 15, s, s + BK_MAX_SPAN + 15 * M, s, false), BK_TOO_LONG);
	assert_int_equal(bk_check_span("UTC", 15, s, s + BK_MAX_SPAN + 15 * M, s, true), BK_TOO_LONG);
	/* Past is reported before too long. */
	assert_int_equal(bk_check_span("UTC", 15, s - 15 * M, s + BK_MAX_SPAN + 15 * M, s, false),
	                 BK_IN_PAST);
	assert_int_equal(bk_check_span("UTC", 15, s - 15 * M, s + BK_MAX_SPAN + 15 * M, s, true),
	                 BK_TOO_LONG);
	/* A span whose length overflows int64 is too long, not UB. */
	assert_int_equal(bk_check_span("UTC", 15, INT64_MIN, INT64_MAX, 0, true), BK_TOO_LONG);
}

static void cancel_period_boundary(void **state)
{
	int64_t start = berlin(2026, 6, 10, 8, 0, 0);
	assert_false(bk_cancel_period_begun(start, start - 24 * H - 1, 24));
	assert_true(bk_cancel_period_begun(start, start - 24 * H, 24));
	assert_true(bk_cancel_period_begun(start, start, 24));
	assert_true(bk_cancel_period_begun(start, start + 100 * H, 24));
	/* No cancellation period: it begins at the start. */
	assert_false(bk_cancel_period_begun(start, start - 1, 0));
	assert_true(bk_cancel_period_begun(start, start, 0));
	/* Hours are hours, not days or minutes. */
	assert_false(bk_cancel_period_begun(start, start - 49 * H, 48));
	assert_true(bk_cancel_period_begun(start, start - 48 * H, 48));
	/* Far in the past: no overflow. */
	assert_true(bk_cancel_period_begun(INT64_MIN + 10, INT64_MIN, 24));
	assert_false(bk_cancel_period_begun(INT64_MAX, 0, 24));
}

static void delete_vs_storno(void **state)
{
	int64_t start = berlin(2026, 6, 10, 8, 0, 0);
	assert_string_equal(bk_delete_action(start, start - 24 * H - 1, 24), "DELETE");
	assert_string_equal(bk_delete_action(start, start - 24 * H, 24), "STORNO");
	assert_string_equal(bk_delete_action(start, start - H, 24), "STORNO");
	assert_string_equal(bk_delete_action(start, start + 5 * H, 24), "STORNO");
	assert_string_equal(bk_delete_action(start, start - 1, 0), "DELETE");
	assert_string_equal(bk_delete_action(start, start, 0), "STORNO");
}

static void change_kinds(void **state)
{
	const int64_t s = berlin(2026, 6, 10, 8, 0, 0), e = berlin(2026, 6, 10, 18, 0, 0);
	const int64_t before = s - 24 * H - 1, at = s - 24 * H, during = s + H, after = e + H;
	/* Before the period: every change is CHGDEL. */
	assert_string_equal(bk_change_kind(s, e, s, e - H, before, 24), "CHGDEL");     /* shorten */
	assert_string_equal(bk_change_kind(s, e, s + H, e + H, before, 24), "CHGDEL"); /* move */
	assert_string_equal(bk_change_kind(s, e, s + 48 * H, e + 48 * H, before, 24), "CHGDEL");
	assert_string_equal(bk_change_kind(s, e, s - H, e + H, before, 24), "CHGDEL"); /* extend */
	/* From exactly the start of the period: giving up time is CHGSTO. */
	assert_string_equal(bk_change_kind(s, e, s, e - H, at, 24), "CHGSTO");     /* end earlier */
	assert_string_equal(bk_change_kind(s, e, s + H, e, at, 24), "CHGSTO");     /* start later */
	assert_string_equal(bk_change_kind(s, e, s + H, e + H, at, 24), "CHGSTO"); /* move later */
	assert_string_equal(bk_change_kind(s, e, s - H, e - H, at, 24), "CHGSTO"); /* move earlier */
	assert_string_equal(bk_change_kind(s, e, e, e + 10 * H, at, 24), "CHGSTO"); /* disjoint */
	assert_string_equal(bk_change_kind(s, e, s + 15 * M, e - 15 * M, at, 24), "CHGSTO");
	/* Extending or keeping the whole old span is CHGDEL even in the period. */
	assert_string_equal(bk_change_kind(s, e, s, e + H, at, 24), "CHGDEL");
	assert_string_equal(bk_change_kind(s, e, s - H, e, at, 24), "CHGDEL");
	assert_string_equal(bk_change_kind(s, e, s - H, e + H, during, 24), "CHGDEL");
	assert_string_equal(bk_change_kind(s, e, s, e, at, 24), "CHGDEL");
	/* During and after the booking. */
	assert_string_equal(bk_change_kind(s, e, s, e - H, during, 24), "CHGSTO");
	assert_string_equal(bk_change_kind(s, e, s, e - H, after, 24), "CHGSTO");
	assert_string_equal(bk_change_kind(s, e, s, e + H, after, 24), "CHGDEL");
	/* Zero hours: the period begins at the start itself. */
	assert_string_equal(bk_change_kind(s, e, s, e - H, s - 1, 0), "CHGDEL");
	assert_string_equal(bk_change_kind(s, e, s, e - H, s, 0), "CHGSTO");
}

/* The one may-change rule: checked in its order, administrators past "ended" and "others". */
static void may_change_rule(void **state)
{
	const int64_t now = 1000000;
	/* A member's own, active, coming booking. */
	assert_int_equal(bk_may_change(false, true, false, true, now + 1, now), BK_MAY);
	/* Over at its end exactly, and after it. */
	assert_int_equal(bk_may_change(false, true, false, true, now, now), BK_MAY_NOT_ENDED);
	assert_int_equal(bk_may_change(false, true, false, true, now - 1, now), BK_MAY_NOT_ENDED);
	/* Someone else's, coming or over: "others" comes before "ended". */
	assert_int_equal(bk_may_change(false, true, false, false, now + 1, now), BK_MAY_NOT_OTHERS);
	assert_int_equal(bk_may_change(false, true, false, false, now - 1, now), BK_MAY_NOT_OTHERS);
	/* Administrators: anyone's, even ended. */
	assert_int_equal(bk_may_change(false, true, true, false, now - 1, now), BK_MAY);
	assert_int_equal(bk_may_change(false, true, true, true, now + 1, now), BK_MAY);
	/* Cancelled: nobody, not even the administrator; "not active" before "others". */
	assert_int_equal(bk_may_change(false, false, true, true, now + 1, now), BK_MAY_NOT_ACTIVE);
	assert_int_equal(bk_may_change(false, false, false, false, now + 1, now), BK_MAY_NOT_ACTIVE);
	/* Another organisation's booking of our vehicle: read only, first of all. */
	assert_int_equal(bk_may_change(true, true, true, true, now + 1, now), BK_MAY_NOT_FOREIGN);
	assert_int_equal(bk_may_change(true, false, false, false, now - 1, now), BK_MAY_NOT_FOREIGN);
}

static void may_trip_rule(void **state)
{
	const int64_t now = 1000000;
	assert_true(bk_may_trip(false, true, false, true, now, now));       /* ended at now */
	assert_false(bk_may_trip(false, true, false, true, now + 1, now));  /* not yet */
	assert_false(bk_may_trip(false, true, false, false, now - 1, now)); /* someone else's */
	assert_true(bk_may_trip(false, true, true, false, now - 1, now));   /* administrator */
	assert_false(bk_may_trip(false, false, true, true, now - 1, now));  /* cancelled */
	assert_false(bk_may_trip(true, true, true, true, now - 1, now));    /* another organisation's */
}

/* What the page offers (storno hint) is what the delete does, at every second around the edge. */
static void storno_hint_is_delete_action(void **state)
{
	const int64_t start = berlin(2026, 5, 10, 10, 0, 0);
	for (int64_t now = start - 24 * H - 2; now <= start - 24 * H + 2; now++) {
		bool begun = bk_cancel_period_begun(start, now, 24);
		assert_string_equal(bk_delete_action(start, now, 24), begun ? "STORNO" : "DELETE");
		assert_int_equal(begun, now >= start - 24 * H);
	}
	/* A cancellation period of 0 hours: storno from the start on. */
	assert_string_equal(bk_delete_action(start, start - 1, 0), "DELETE");
	assert_string_equal(bk_delete_action(start, start, 0), "STORNO");
}

static void visibility_rule(void **state)
{
	/* Own bookings in full, whoever owns the vehicle and whatever its mode. */
	assert_int_equal(bk_visibility(true, true, false), BK_SEE_ALL);
	assert_int_equal(bk_visibility(true, false, false), BK_SEE_ALL);
	assert_int_equal(bk_visibility(true, false, true), BK_SEE_ALL);
	/* Another organisation's booking of our vehicle: the master's view. */
	assert_int_equal(bk_visibility(false, true, false), BK_SEE_MASTER);
	assert_int_equal(bk_visibility(false, true, true), BK_SEE_MASTER);
	/* Another organisation's booking of a subscribed vehicle. */
	assert_int_equal(bk_visibility(false, false, false), BK_SEE_ORG);
	assert_int_equal(bk_visibility(false, false, true), BK_SEE_OCCUPIED);

	/* What each sight shows. */
	assert_true(bk_sight_member(BK_SEE_ALL) && bk_sight_purpose(BK_SEE_ALL) && bk_sight_page(BK_SEE_ALL));
	assert_false(bk_sight_org(BK_SEE_ALL));
	assert_true(bk_sight_member(BK_SEE_MASTER) && bk_sight_page(BK_SEE_MASTER) && bk_sight_org(BK_SEE_MASTER));
	assert_false(bk_sight_purpose(BK_SEE_MASTER));
	assert_true(bk_sight_org(BK_SEE_ORG));
	assert_false(bk_sight_member(BK_SEE_ORG) || bk_sight_purpose(BK_SEE_ORG) || bk_sight_page(BK_SEE_ORG));
	assert_false(bk_sight_member(BK_SEE_OCCUPIED) || bk_sight_purpose(BK_SEE_OCCUPIED));
	assert_false(bk_sight_page(BK_SEE_OCCUPIED) || bk_sight_org(BK_SEE_OCCUPIED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overlap_edges),
		cmocka_unit_test(end_not_after_start),
		cmocka_unit_test(grid_15_and_30),
		cmocka_unit_test(grid_is_local_time),
		cmocka_unit_test(grid_on_switch_days),
		cmocka_unit_test(past_member_and_admin),
		cmocka_unit_test(too_long),
		cmocka_unit_test(cancel_period_boundary),
		cmocka_unit_test(delete_vs_storno),
		cmocka_unit_test(change_kinds),
		cmocka_unit_test(may_change_rule),
		cmocka_unit_test(may_trip_rule),
		cmocka_unit_test(storno_hint_is_delete_action),
		cmocka_unit_test(visibility_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
