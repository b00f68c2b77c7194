/* test_timeutil: unit tests for time-zone conversion, DST edges, strict parsers and formatting in timeutil. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/timeutil.h"

#define BERLIN "Europe/Berlin"

/* 2026-03-29 00:00 CET and 2026-03-30 00:00 CEST. */
#define SPRING_DAY_START 1774738800LL
#define SPRING_NEXT_DAY_START 1774821600LL
/* The switch 02:00 CET -> 03:00 CEST, 2026-03-29 01:00 UTC. */
#define SPRING_SWITCH 1774746000LL
/* 2026-10-25 00:00 CEST and 2026-10-26 00:00 CET. */
#define AUTUMN_DAY_START 1792879200LL
#define AUTUMN_NEXT_DAY_START 1792969200LL
/* The switch 03:00 CEST -> 02:00 CET, 2026-10-25 01:00 UTC. */
#define AUTUMN_SWITCH 1792890000LL

static struct tu_tm lt(int y, int mo, int d, int h, int mi, int s)
{
	return (struct tu_tm){ .year = y, .mon = mo, .day = d, .hour = h, .min = mi, .sec = s };
}

static void assert_local(const struct tu_tm *t, int y, int mo, int d, int h, int mi, int s,
                         int wday)
{
	assert_int_equal(t->year, y);
	assert_int_equal(t->mon, mo);
	assert_int_equal(t->day, d);
	assert_int_equal(t->hour, h);
	assert_int_equal(t->min, mi);
	assert_int_equal(t->sec, s);
	assert_int_equal(t->wday, wday);
}

static void to_local_basic(void **state)
{
	struct tu_tm t;
	assert_int_equal(tu_to_local(BERLIN, 0, &t), 0);
	assert_local(&t, 1970, 1, 1, 1, 0, 0, 4);
	/* The DESIGN.md example: 20.02.06 10:53:07 in Berlin (CET, UTC+1). */
	assert_int_equal(tu_to_local(BERLIN, 1140429187, &t), 0);
	assert_local(&t, 2006, 2, 20, 10, 53, 7, 1);
	/* Summer: UTC+2. */
	assert_int_equal(tu_to_local(BERLIN, 1782900000, &t), 0); /* 2026-07-01 10:00 UTC */
	assert_local(&t, 2026, 7, 1, 12, 0, 0, 3);
	/* A Sunday is ISO 7. */
	assert_int_equal(tu_to_local("UTC", 1774742400, &t), 0); /* 2026-03-29 00:00 UTC */
	assert_local(&t, 2026, 3, 29, 0, 0, 0, 7);
	/* Non-whole-hour zone. */
	assert_int_equal(tu_to_local("Asia/Kolkata", 0, &t), 0);
	assert_local(&t, 1970, 1, 1, 5, 30, 0, 4);
}

static void to_local_across_switch(void **state)
{
	struct tu_tm t;
	/* Spring: the last second of CET is 01:59:59, the next is 03:00:00 CEST. */
	tu_to_local(BERLIN, SPRING_SWITCH - 1, &t);
	assert_local(&t, 2026, 3, 29, 1, 59, 59, 7);
	tu_to_local(BERLIN, SPRING_SWITCH, &t);
	assert_local(&t, 2026, 3, 29, 3, 0, 0, 7);
	/* Autumn: 02:59:59 CEST, then 02:00:00 CET; 02:30 is shown twice, an hour apart. */
	tu_to_local(BERLIN, AUTUMN_SWITCH - 1, &t);
	assert_local(&t, 2026, 10, 25, 2, 59, 59, 7);
	tu_to_local(BERLIN, AUTUMN_SWITCH, &t);
	assert_local(&t, 2026, 10, 25, 2, 0, 0, 7);
	tu_to_local(BERLIN, AUTUMN_SWITCH - 1800, &t);
	assert_local(&t, 2026, 10, 25, 2, 30, 0, 7);
	tu_to_local(BERLIN, AUTUMN_SWITCH + 1800, &t);
	assert_local(&t, 2026, 10, 25, 2, 30, 0, 7);
}

static void to_local_unknown_zone(void **state)
{
	struct tu_tm t;
	static const char *const bad[] = {
		"Mars/Olympus", "", "Europe", "Europe/", "../../../etc/passwd", "Europe/../Europe/Berlin",
		"/usr/share/zoneinfo/Europe/Berlin", "Europe/Berlin ", "Europe/Berlin\n", "zone.tab",
		"leapseconds", "right",
		"tzdata.zi", "CET;rm", "EST5EDT,M3.2.0,M11.1.0",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&t, 0x55, sizeof t);
		assert_int_equal(tu_to_local(bad[i], 1140429187, &t), -1);
		/* UTC is used: 09:53:07, not Berlin's 10:53:07. */
		assert_local(&t, 2006, 2, 20, 9, 53, 7, 1);
	}
	assert_int_equal(tu_to_local(NULL, 1140429187, &t), -1);
	assert_local(&t, 2006, 2, 20, 9, 53, 7, 1);
	char longname[400];
	memset(longname, 'A', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(tu_to_local(longname, 0, &t), -1);
	assert_local(&t, 1970, 1, 1, 0, 0, 0, 4);
	/* A known zone right after an unknown one is not stuck on UTC. */
	assert_int_equal(tu_to_local(BERLIN, 1140429187, &t), 0);
	assert_local(&t, 2006, 2, 20, 10, 53, 7, 1);
	/* And an unknown one after a known one is not stuck on Berlin. */
	assert_int_equal(tu_to_local("Nowhere/Town", 1140429187, &t), -1);
	assert_int_equal(t.hour, 9);
}

static void zone_switching_and_foreign_tz(void **state)
{
	struct tu_tm t;
	/* Alternating zones must never return the previous zone's answer. */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(tu_to_local(BERLIN, 1782900000, &t), 0);
		assert_int_equal(t.hour, 12);
		assert_int_equal(tu_to_local("America/New_York", 1782900000, &t), 0);
		assert_int_equal(t.hour, 6);
		assert_int_equal(tu_to_local("UTC", 1782900000, &t), 0);
		assert_int_equal(t.hour, 10);
	}
	/* Someone else changes TZ behind our back: still right. */
	assert_int_equal(tu_to_local(BERLIN, 1782900000, &t), 0);
	setenv("TZ", "Asia/Tokyo", 1);
	assert_int_equal(tu_to_local(BERLIN, 1782900000, &t), 0);
	assert_int_equal(t.hour, 12);
	int64_t u;
	struct tu_tm in = lt(2026, 7, 1, 12, 0, 0);
	setenv("TZ", "Asia/Tokyo", 1);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, 1782900000);
}

static void to_local_huge_values(void **state)
{
	struct tu_tm t;
	/* Beyond what struct tm can hold: reported, and out is still defined. */
	assert_int_equal(tu_to_local(BERLIN, INT64_MAX, &t), -1);
	assert_local(&t, 1970, 1, 1, 0, 0, 0, 4);
	assert_int_equal(tu_to_local(BERLIN, INT64_MIN, &t), -1);
	assert_local(&t, 1970, 1, 1, 0, 0, 0, 4);
	/* 2199-12-31 23:59:59 UTC converts fine. */
	assert_int_equal(tu_to_local("UTC", 7258118399LL, &t), 0);
	assert_local(&t, 2199, 12, 31, 23, 59, 59, 2);
}

static void from_local_plain(void **state)
{
	int64_t u = 42;
	struct tu_tm in = lt(2006, 2, 20, 10, 53, 7);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, 1140429187);
	in = lt(2026, 7, 1, 12, 0, 0);
	in.wday = 99; /* ignored */
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, 1782900000);
	in = lt(1970, 1, 1, 0, 0, 0);
	assert_int_equal(tu_from_local("UTC", &in, &u), TU_OK);
	assert_int_equal(u, 0);
	/* Berlin's 1970 midnight is before the epoch. */
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, -3600);
	/* Unknown zone: UTC. */
	in = lt(2006, 2, 20, 9, 53, 7);
	assert_int_equal(tu_from_local("No/Such_Zone", &in, &u), TU_OK);
	assert_int_equal(u, 1140429187);
	in = lt(2026, 1, 1, 12, 0, 0);
	assert_int_equal(tu_from_local("Asia/Kolkata", &in, &u), TU_OK);
	assert_int_equal(u, 1767268800 - 19800); /* 2026-01-01 12:00 UTC minus 5:30 */
}

static void from_local_spring_gap(void **state)
{
	int64_t u = 42;
	struct tu_tm in;
	int gap_minutes[] = { 0, 1, 30, 59 };
	for (size_t i = 0; i < sizeof gap_minutes / sizeof gap_minutes[0]; i++) {
		in = lt(2026, 3, 29, 2, gap_minutes[i], 0);
		assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_NONEXISTENT);
		assert_int_equal(u, 42); /* untouched */
	}
	in = lt(2026, 3, 29, 2, 59, 59);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_NONEXISTENT);
	in = lt(2026, 3, 29, 1, 59, 59);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, SPRING_SWITCH - 1);
	in = lt(2026, 3, 29, 3, 0, 0);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, SPRING_SWITCH);
	/* 02:30 the day before and after exists. */
	in = lt(2026, 3, 28, 2, 30, 0);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, SPRING_DAY_START - 86400 + 9000);
	in = lt(2026, 3, 30, 2, 30, 0);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, SPRING_NEXT_DAY_START + 9000);
}

static void from_local_autumn_ambiguous(void **state)
{
	int64_t u;
	/* 02:30 happens twice; the earlier (CEST) instant is 00:30 UTC. */
	struct tu_tm in = lt(2026, 10, 25, 2, 30, 0);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, 1792888200);
	in = lt(2026, 10, 25, 2, 0, 0);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, AUTUMN_SWITCH - 3600);
	in = lt(2026, 10, 25, 2, 59, 59);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, AUTUMN_SWITCH - 1);
	/* 03:00 exists once only, in CET. */
	in = lt(2026, 10, 25, 3, 0, 0);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, AUTUMN_SWITCH + 3600);
	in = lt(2026, 10, 25, 1, 59, 0);
	assert_int_equal(tu_from_local(BERLIN, &in, &u), TU_OK);
	assert_int_equal(u, AUTUMN_SWITCH - 3600 - 60);
}

static void from_local_other_zones(void **state)
{
	int64_t u;
	struct tu_tm in;
	/* Lord Howe shifts by 30 minutes: 01:30..02:00 is ambiguous in April. */
	in = lt(2026, 4, 5, 1, 45, 0);
	assert_int_equal(tu_from_local("Australia/Lord_Howe", &in, &u), TU_OK);
	assert_int_equal(u, 1775313900);
	/* and 02:00..02:30 missing in October. */
	in = lt(2026, 10, 4, 2, 15, 0);
	assert_int_equal(tu_from_local("Australia/Lord_Howe", &in, &u), TU_NONEXISTENT);
	in = lt(2026, 10, 4, 2, 30, 0);
	assert_int_equal(tu_from_local("Australia/Lord_Howe", &in, &u), TU_OK);
	assert_int_equal(u, 1791041400);
	/* Santiago falls back at midnight: 2024-04-06 23:30 happens twice. */
	in = lt(2024, 4, 6, 23, 30, 0);
	assert_int_equal(tu_from_local("America/Santiago", &in, &u), TU_OK);
	assert_int_equal(u, 1712457000);
	/* New York in summer. */
	in = lt(2026, 7, 1, 6, 0, 0);
	assert_int_equal(tu_from_local("America/New_York", &in, &u), TU_OK);
	assert_int_equal(u, 1782900000);
}

static void from_local_rejects_invalid_fields(void **state)
{
	int64_t u = 7;
	struct tu_tm bad[] = {
		lt(2026, 2, 29, 0, 0, 0), lt(2026, 4, 31, 0, 0, 0), lt(2026, 13, 1, 0, 0, 0),
		lt(2026, 0, 1, 0, 0, 0),  lt(2026, 1, 0, 0, 0, 0),  lt(2026, 1, 1, 24, 0, 0),
		lt(2026, 1, 1, 0, 60, 0), lt(2026, 1, 1, 0, 0, 60), lt(2026, 1, 1, -1, 0, 0),
		lt(1899, 1, 1, 0, 0, 0),  lt(10000, 1, 1, 0, 0, 0),
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(tu_from_local(BERLIN, &bad[i], &u), TU_RANGE);
	assert_int_equal(u, 7);
	struct tu_tm ok = lt(2024, 2, 29, 23, 59, 59);
	assert_int_equal(tu_from_local("UTC", &ok, &u), TU_OK);
	assert_int_equal(u, 1709251199);
}

/* Every quarter hour of 2026 in Berlin survives the round trip, except the repeated hour in
 * October, which maps back to its first occurrence. */
static void round_trip_whole_year(void **state)
{
	const int64_t from = 1767222000; /* 2026-01-01 00:00 CET */
	int repeated = 0;
	for (int64_t u = from; u < from + 366LL * 86400; u += 900) {
		struct tu_tm t;
		int64_t back;
		assert_int_equal(tu_to_local(BERLIN, u, &t), 0);
		assert_int_equal(tu_from_local(BERLIN, &t, &back), TU_OK);
		if (u >= AUTUMN_SWITCH && u < AUTUMN_SWITCH + 3600) {
			assert_int_equal(back, u - 3600);
			repeated++;
		} else {
			assert_int_equal(back, u);
		}
	}
	assert_int_equal(repeated, 4);
}

static void day_start_and_length(void **state)
{
	assert_int_equal(tu_day_start(BERLIN, 2026, 3, 29), SPRING_DAY_START);
	assert_int_equal(tu_day_start(BERLIN, 2026, 3, 30), SPRING_NEXT_DAY_START);
	assert_int_equal(SPRING_NEXT_DAY_START - tu_day_start(BERLIN, 2026, 3, 29), 23 * 3600);
	assert_int_equal(tu_day_start(BERLIN, 2026, 10, 25), AUTUMN_DAY_START);
	assert_int_equal(tu_day_start(BERLIN, 2026, 10, 26), AUTUMN_NEXT_DAY_START);
	assert_int_equal(AUTUMN_NEXT_DAY_START - tu_day_start(BERLIN, 2026, 10, 25), 25 * 3600);
	/* An ordinary day is 24 hours. */
	assert_int_equal(tu_day_start(BERLIN, 2026, 3, 29) - tu_day_start(BERLIN, 2026, 3, 28),
	                 24 * 3600);
	assert_int_equal(tu_day_start("UTC", 1970, 1, 1), 0);
	assert_int_equal(tu_day_start(BERLIN, 2024, 2, 29), 1709161200);
	/* Where midnight is skipped, the day begins at the switch (01:00 local). */
	assert_int_equal(tu_day_start("America/Santiago", 2024, 9, 8), 1725768000);
	assert_int_equal(tu_day_start("America/Havana", 2024, 3, 10), 1710046800);
	/* Where midnight repeats, the first midnight. */
	assert_int_equal(tu_day_start("America/Santiago", 2024, 4, 7), 1712458800 + 3600);
	/* Unknown zone: UTC midnight. */
	assert_int_equal(tu_day_start("Bogus/Zone", 2026, 3, 29), 1774742400);
}

static void parse_datetime_ok(void **state)
{
	struct tu_tm t;
	assert_int_equal(tu_parse_datetime("2026-03-29T02:30", &t), TU_OK);
	assert_local(&t, 2026, 3, 29, 2, 30, 0, 7);
	assert_int_equal(tu_parse_datetime("2024-02-29T23:59", &t), TU_OK);
	assert_local(&t, 2024, 2, 29, 23, 59, 0, 4);
	assert_int_equal(tu_parse_datetime("1970-01-01T00:00", &t), TU_OK);
	assert_local(&t, 1970, 1, 1, 0, 0, 0, 4);
	assert_int_equal(tu_parse_datetime("2199-12-31T23:59", &t), TU_OK);
	assert_local(&t, 2199, 12, 31, 23, 59, 0, 2);
	assert_int_equal(tu_parse_datetime("2000-02-29T12:00", &t), TU_OK);
	assert_int_equal(t.day, 29);
}

static void parse_datetime_rejects(void **state)
{
	struct tu_tm t = lt(1, 2, 3, 4, 5, 6);
	struct {
		const char *s;
		enum tu_status st;
	} cases[] = {
		{ "", TU_SYNTAX },
		{ "2026-1-05T10:00", TU_SYNTAX },
		{ "2026-01-5T10:00", TU_SYNTAX },
		{ "2026-01-05T10:00x", TU_SYNTAX },
		{ "2026-01-05T10:00:00", TU_SYNTAX },
		{ "2026-01-05 10:00", TU_SYNTAX },
		{ "2026-01-05t10:00", TU_SYNTAX },
		{ " 2026-01-05T10:00", TU_SYNTAX },
		{ "2026-01-05T10:0 ", TU_SYNTAX },
		{ "2026-01-05T1:000", TU_SYNTAX },
		{ "2026/01/05T10:00", TU_SYNTAX },
		{ "+026-01-05T10:00", TU_SYNTAX },
		{ "2026-+1-05T10:00", TU_SYNTAX },
		{ "2026-01-05T-1:00", TU_SYNTAX },
		{ "2026-01-05", TU_SYNTAX },
		{ "2026-01-05T10.00", TU_SYNTAX },
		{ "2026-02-29T10:00", TU_RANGE },
		{ "2100-02-29T10:00", TU_RANGE },
		{ "2026-04-31T10:00", TU_RANGE },
		{ "2026-13-01T10:00", TU_RANGE },
		{ "2026-00-01T10:00", TU_RANGE },
		{ "2026-01-00T10:00", TU_RANGE },
		{ "2026-01-32T10:00", TU_RANGE },
		{ "2026-01-05T24:00", TU_RANGE },
		{ "2026-01-05T23:60", TU_RANGE },
		{ "1969-12-31T23:59", TU_RANGE },
		{ "2200-01-01T00:00", TU_RANGE },
		{ "0000-01-01T00:00", TU_RANGE },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (tu_parse_datetime(cases[i].s, &t) != cases[i].st)
			fail_msg("tu_parse_datetime(\"%s\") should be %d", cases[i].s, (int)cases[i].st);
	}
	assert_int_equal(tu_parse_datetime(NULL, &t), TU_SYNTAX);
	/* A string with an embedded NUL is only its prefix: too short. */
	assert_int_equal(tu_parse_datetime("2026-01-05T10:0\0" "0", &t), TU_SYNTAX);
	/* out untouched on failure. */
	assert_local(&t, 1, 2, 3, 4, 5, 6, 0);
}

static void parse_date_and_month(void **state)
{
	struct tu_tm t;
	assert_int_equal(tu_parse_date("2024-02-29", &t), TU_OK);
	assert_local(&t, 2024, 2, 29, 0, 0, 0, 4);
	assert_int_equal(tu_parse_date("2026-02-29", &t), TU_RANGE);
	assert_int_equal(tu_parse_date("2026-04-31", &t), TU_RANGE);
	assert_int_equal(tu_parse_date("2026-04-30", &t), TU_OK);
	assert_int_equal(tu_parse_date("2026-1-05", &t), TU_SYNTAX);
	assert_int_equal(tu_parse_date("2026-01-05 ", &t), TU_SYNTAX);
	assert_int_equal(tu_parse_date("2026-01-05T00:00", &t), TU_SYNTAX);
	assert_int_equal(tu_parse_date("", &t), TU_SYNTAX);
	assert_int_equal(tu_parse_date(NULL, &t), TU_SYNTAX);
	assert_int_equal(tu_parse_date("2026-01-0a", &t), TU_SYNTAX);
	assert_int_equal(tu_parse_date("1969-12-31", &t), TU_RANGE);

	int y = 0, m = 0;
	assert_int_equal(tu_parse_month("2026-02", &y, &m), TU_OK);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 2);
	y = m = -1;
	assert_int_equal(tu_parse_month("2026-13", &y, &m), TU_RANGE);
	assert_int_equal(tu_parse_month("2026-00", &y, &m), TU_RANGE);
	assert_int_equal(tu_parse_month("2200-01", &y, &m), TU_RANGE);
	assert_int_equal(tu_parse_month("2026-2", &y, &m), TU_SYNTAX);
	assert_int_equal(tu_parse_month("2026-02-01", &y, &m), TU_SYNTAX);
	assert_int_equal(tu_parse_month("2026-02\n", &y, &m), TU_SYNTAX);
	assert_int_equal(tu_parse_month("2026_02", &y, &m), TU_SYNTAX);
	assert_int_equal(tu_parse_month("", &y, &m), TU_SYNTAX);
	assert_int_equal(tu_parse_month(NULL, &y, &m), TU_SYNTAX);
	assert_int_equal(y, -1);
	assert_int_equal(m, -1);
}

static void calendar_arithmetic(void **state)
{
	assert_int_equal(tu_days_in_month(2026, 2), 28);
	assert_int_equal(tu_days_in_month(2024, 2), 29);
	assert_int_equal(tu_days_in_month(2000, 2), 29);
	assert_int_equal(tu_days_in_month(2100, 2), 28);
	assert_int_equal(tu_days_in_month(2026, 4), 30);
	assert_int_equal(tu_days_in_month(2026, 12), 31);
	assert_int_equal(tu_days_in_month(2026, 13), 0);
	assert_int_equal(tu_days_in_month(2026, 0), 0);

	assert_int_equal(tu_weekday(1970, 1, 1), 4);
	assert_int_equal(tu_weekday(2026, 3, 29), 7);
	assert_int_equal(tu_weekday(2026, 3, 30), 1);
	assert_int_equal(tu_weekday(2000, 2, 29), 2);
	assert_int_equal(tu_weekday(1969, 12, 31), 3);
	assert_int_equal(tu_weekday(2199, 12, 31), 2);

	struct tu_tm t = lt(2026, 12, 31, 10, 15, 0);
	tu_add_days(&t, 1);
	assert_local(&t, 2027, 1, 1, 10, 15, 0, 5);
	tu_add_days(&t, -1);
	assert_local(&t, 2026, 12, 31, 10, 15, 0, 4);
	t = lt(2024, 2, 28, 0, 0, 0);
	tu_add_days(&t, 1);
	assert_local(&t, 2024, 2, 29, 0, 0, 0, 4);
	tu_add_days(&t, 1);
	assert_local(&t, 2024, 3, 1, 0, 0, 0, 5);
	t = lt(2026, 3, 1, 0, 0, 0);
	tu_add_days(&t, -1);
	assert_local(&t, 2026, 2, 28, 0, 0, 0, 6);
	t = lt(2026, 1, 1, 0, 0, 0);
	tu_add_days(&t, 365);
	assert_local(&t, 2027, 1, 1, 0, 0, 0, 5);
	tu_add_days(&t, -365 - 365);
	assert_local(&t, 2025, 1, 1, 0, 0, 0, 3);
	tu_add_days(&t, 0);
	assert_local(&t, 2025, 1, 1, 0, 0, 0, 3);
	/* Out-of-range fields are normalised: day 0 is the last of the previous month, month 13 is
	 * January next year, month 0 December last year. */
	t = lt(2026, 3, 0, 0, 0, 0);
	tu_add_days(&t, 0);
	assert_local(&t, 2026, 2, 28, 0, 0, 0, 6);
	t = lt(2026, 13, 1, 0, 0, 0);
	tu_add_days(&t, 0);
	assert_local(&t, 2027, 1, 1, 0, 0, 0, 5);
	t = lt(2026, 0, 1, 0, 0, 0);
	tu_add_days(&t, 0);
	assert_local(&t, 2025, 12, 1, 0, 0, 0, 1);
	t = lt(2026, -11, 1, 0, 0, 0);
	tu_add_days(&t, 0);
	assert_local(&t, 2025, 1, 1, 0, 0, 0, 3);
	t = lt(2026, 1, 31, 0, 0, 0);
	tu_add_days(&t, 29);
	assert_local(&t, 2026, 3, 1, 0, 0, 0, 7);
}

static void formatting(void **state)
{
	char buf[64];
	struct tu_tm t = lt(2006, 2, 5, 8, 3, 9);
	assert_string_equal(tu_fmt_log(buf, sizeof buf, &t), "05.02.06 08:03:09");
	assert_string_equal(tu_fmt_logmin(buf, sizeof buf, &t), "05.02.06 08:03");
	assert_string_equal(tu_fmt_input(buf, sizeof buf, &t), "2006-02-05T08:03");
	assert_string_equal(tu_fmt_date(buf, sizeof buf, &t), "2006-02-05");
	assert_string_equal(tu_fmt_human(buf, sizeof buf, &t), "05.02.2006 08:03");
	assert_string_equal(tu_fmt_file(buf, sizeof buf, &t), "2006-02-05 08:03");
	t = lt(2100, 12, 31, 23, 59, 59);
	assert_string_equal(tu_fmt_file(buf, sizeof buf, &t), "2100-12-31 23:59");
	assert_string_equal(tu_fmt_file(buf, 11, &t), "2100-12-31");
	assert_string_equal(tu_fmt_log(buf, sizeof buf, &t), "31.12.00 23:59:59");
	/* Truncation keeps the NUL and the return value is buf. */
	char small[6];
	memset(small, 'X', sizeof small);
	assert_ptr_equal(tu_fmt_human(small, sizeof small, &t), small);
	assert_string_equal(small, "31.12");
	char one[1] = { 'X' };
	tu_fmt_date(one, 1, &t);
	assert_int_equal(one[0], '\0');
	/* Formatting input then parsing it gives the same time. */
	struct tu_tm back;
	t = lt(2026, 10, 25, 2, 30, 0);
	tu_fmt_input(buf, sizeof buf, &t);
	assert_int_equal(tu_parse_datetime(buf, &back), TU_OK);
	assert_local(&back, 2026, 10, 25, 2, 30, 0, 7);
	tu_fmt_date(buf, sizeof buf, &t);
	assert_int_equal(tu_parse_date(buf, &back), TU_OK);
	assert_local(&back, 2026, 10, 25, 0, 0, 0, 7);
}

/* A span's arithmetic gives what localtime gives, in a plain week and in the weeks of both
 * switches (where the span is not fixed), for every quarter hour and odd seconds. */
static void span_matches_localtime(void **state)
{
	static const int64_t weeks[] = {1795906800LL /* 2026-11-30 */, AUTUMN_DAY_START - 3 * 86400,
	                                SPRING_DAY_START - 2 * 86400};
	for (size_t k = 0; k < sizeof weeks / sizeof weeks[0]; k++) {
		struct tu_span z;
		int64_t t0 = weeks[k], t1 = t0 + 7 * 86400;
		tu_span_init(&z, BERLIN, t0, t1);
		assert_int_equal(z.fixed, k == 0);
		for (int64_t t = t0 - 3600; t <= t1 + 3600; t += 900 + (t % 7)) {
			struct tu_tm a, b;
			assert_int_equal(tu_span_local(&z, t, &a), 0);
			assert_int_equal(tu_to_local(BERLIN, t, &b), 0);
			assert_memory_equal(&a, &b, sizeof a);
		}
	}
}

/* Before 1970 and in zones west of UTC the day arithmetic still floors correctly. */
static void span_negative_and_west(void **state)
{
	struct tu_span z;
	tu_span_init(&z, "America/New_York", -86400 * 3, 0);
	assert_true(z.fixed);
	struct tu_tm a, b;
	for (int64_t t = -86400 * 3; t <= 0; t += 3599) {
		tu_span_local(&z, t, &a);
		tu_to_local("America/New_York", t, &b);
		assert_memory_equal(&a, &b, sizeof a);
	}
	tu_span_init(&z, "No/Such_Zone", 0, 86400);
	assert_false(z.fixed);
	assert_int_equal(tu_span_local(&z, 3600, &a), -1);
	assert_local(&a, 1970, 1, 1, 1, 0, 0, 4);
}

/* Local to UTC through a span gives what tu_from_local gives, gaps and repeated hours included. */
static void span_from_local_matches(void **state)
{
	static const int64_t weeks[] = {1795906800LL, AUTUMN_DAY_START - 3 * 86400, SPRING_DAY_START - 2 * 86400};
	for (size_t k = 0; k < sizeof weeks / sizeof weeks[0]; k++) {
		struct tu_span z;
		tu_span_init(&z, BERLIN, weeks[k], weeks[k] + 7 * 86400);
		struct tu_tm d;
		tu_to_local(BERLIN, weeks[k], &d);
		for (int day = -1; day <= 8; day++) {
			struct tu_tm t = d;
			tu_add_days(&t, day);
			for (int q = 0; q < 96; q++) {
				t.hour = q / 4;
				t.min = q % 4 * 15;
				t.sec = q % 3;
				int64_t a = -1, b = -1;
				assert_int_equal(tu_span_from_local(&z, &t, &a), tu_from_local(BERLIN, &t, &b));
				assert_true(a == b);
			}
		}
		struct tu_tm bad = lt(2026, 2, 30, 8, 0, 0);
		int64_t u = 42;
		assert_int_equal(tu_span_from_local(&z, &bad, &u), TU_RANGE);
		assert_true(u == 42);
	}
}

/* A moving span follows a stream of times across days and a switch, always as localtime says. */
static void span_near_follows(void **state)
{
	struct tu_span z = {0};
	struct tu_tm a, b;
	for (int64_t t = AUTUMN_DAY_START - 20 * 86400; t < AUTUMN_DAY_START + 20 * 86400; t += 3333) {
		int64_t u = t % 2 ? t + 5 * 86400 : t;   /* ends far ahead between the starts */
		assert_int_equal(tu_span_local_near(&z, BERLIN, u, &a), 0);
		tu_to_local(BERLIN, u, &b);
		assert_memory_equal(&a, &b, sizeof a);
	}
	assert_int_equal(tu_span_local_near(&z, "UTC", 0, &a), 0);
	assert_local(&a, 1970, 1, 1, 0, 0, 0, 4);
	tu_span_local_near(&z, BERLIN, INT64_MAX, &a);   /* beyond struct tm: no overflow */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(to_local_basic),
		cmocka_unit_test(to_local_across_switch),
		cmocka_unit_test(to_local_unknown_zone),
		cmocka_unit_test(zone_switching_and_foreign_tz),
		cmocka_unit_test(to_local_huge_values),
		cmocka_unit_test(from_local_plain),
		cmocka_unit_test(from_local_spring_gap),
		cmocka_unit_test(from_local_autumn_ambiguous),
		cmocka_unit_test(from_local_other_zones),
		cmocka_unit_test(from_local_rejects_invalid_fields),
		cmocka_unit_test(round_trip_whole_year),
		cmocka_unit_test(day_start_and_length),
		cmocka_unit_test(parse_datetime_ok),
		cmocka_unit_test(parse_datetime_rejects),
		cmocka_unit_test(parse_date_and_month),
		cmocka_unit_test(calendar_arithmetic),
		cmocka_unit_test(formatting),
		cmocka_unit_test(span_matches_localtime),
		cmocka_unit_test(span_negative_and_west),
		cmocka_unit_test(span_from_local_matches),
		cmocka_unit_test(span_near_follows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
