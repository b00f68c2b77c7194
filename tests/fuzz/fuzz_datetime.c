/* fuzz_datetime: the strict date inputs (tu_parse_datetime, tu_parse_date, tu_parse_month) and the local/UTC conversions, asserting round trips and ranges in several zones. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"

static const char *zones[] = {
	"Europe/Berlin", "UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
	"Pacific/Apia", "America/Sao_Paulo", "Europe/London", "Pacific/Chatham", "America/St_Johns",
	"No/Such_Zone", "../../etc/passwd", "", "Europe/Berlin/", "Asia/Kathmandu", "Antarctica/Troll",
};

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s (line %d)\n", #c, __LINE__); abort(); } } while (0)

static int same_wall(const struct tu_tm *a, const struct tu_tm *b)
{
	return a->year == b->year && a->mon == b->mon && a->day == b->day && a->hour == b->hour &&
	       a->min == b->min && a->sec == b->sec;
}

static void fields_sane(const struct tu_tm *t)
{
	CHECK(t->mon >= 1 && t->mon <= 12);
	CHECK(t->day >= 1 && t->day <= tu_days_in_month(t->year, t->mon));
	CHECK(t->hour >= 0 && t->hour <= 23 && t->min >= 0 && t->min <= 59);
	CHECK(t->wday == tu_weekday(t->year, t->mon, t->day));
}

/* A parsed local time converts to UTC and back to the same wall-clock time, or does not exist. */
static void round_trip(const char *tz, const struct tu_tm *t)
{
	int64_t utc = 0;
	enum tu_status st = tu_from_local(tz, t, &utc);
	CHECK(st == TU_OK || st == TU_NONEXISTENT);
	if (st != TU_OK)
		return;
	struct tu_tm back;
	tu_to_local(tz, utc, &back);
	CHECK(same_wall(&back, t));
	/* The earliest instant: one second before shows another wall-clock time. */
	struct tu_tm before;
	tu_to_local(tz, utc - 1, &before);
	CHECK(!same_wall(&before, t));
	/* The day starts at or before any of its times, and on the same date. */
	int64_t ds = tu_day_start(tz, t->year, t->mon, t->day);
	CHECK(ds <= utc);
	struct tu_tm d;
	tu_to_local(tz, ds, &d);
	CHECK(d.year == t->year && d.mon == t->mon && d.day == t->day);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	const char *tz = zones[data[0] % (sizeof zones / sizeof zones[0])];
	uint8_t op = data[1];
	char *s = strndup((const char *)data + 2, size - 2);
	if (!s)
		return 0;
	char buf[64];
	struct tu_tm t;
	memset(&t, 0x5a, sizeof t);
	struct tu_tm untouched = t;
	switch (op % 4) {
	case 0: {
		enum tu_status st = tu_parse_datetime(s, &t);
		CHECK(st == TU_OK || st == TU_SYNTAX || st == TU_RANGE);
		if (st != TU_OK) {
			CHECK(memcmp(&t, &untouched, sizeof t) == 0);
			break;
		}
		CHECK(strlen(s) == 16);
		fields_sane(&t);
		CHECK(t.year >= 1970 && t.year <= 2199 && t.sec == 0);
		CHECK(strcmp(tu_fmt_input(buf, sizeof buf, &t), s) == 0);
		round_trip(tz, &t);
		break;
	}
	case 1: {
		enum tu_status st = tu_parse_date(s, &t);
		CHECK(st == TU_OK || st == TU_SYNTAX || st == TU_RANGE);
		if (st != TU_OK) {
			CHECK(memcmp(&t, &untouched, sizeof t) == 0);
			break;
		}
		CHECK(strlen(s) == 10);
		t.hour = t.min = t.sec = 0;
		fields_sane(&t);
		CHECK(strcmp(tu_fmt_date(buf, sizeof buf, &t), s) == 0);
		/* A week forward and back is the same date. */
		struct tu_tm w = t;
		tu_add_days(&w, 7);
		CHECK(w.wday == t.wday);
		tu_add_days(&w, -7);
		CHECK(w.year == t.year && w.mon == t.mon && w.day == t.day);
		round_trip(tz, &t);
		break;
	}
	case 2: {
		int y = -1, m = -1;
		enum tu_status st = tu_parse_month(s, &y, &m);
		CHECK(st == TU_OK || st == TU_SYNTAX || st == TU_RANGE);
		if (st != TU_OK) {
			CHECK(y == -1 && m == -1);
			break;
		}
		snprintf(buf, sizeof buf, "%04d-%02d", y, m);
		CHECK(strcmp(buf, s) == 0);
		CHECK(tu_days_in_month(y, m) >= 28);
		int64_t a = tu_day_start(tz, y, m, 1);
		int64_t b = tu_day_start(tz, y, m, tu_days_in_month(y, m));
		CHECK(a < b);
		break;
	}
	default: {
		/* An instant from the input bytes, within what the pages handle: 1900-01-02 .. 2200-01-01 UTC
		 * (a day inside tu_from_local's 1900..9999, whatever the zone's offset). */
		int64_t utc = 0;
		memcpy(&utc, s, strnlen(s, 8) < 8 ? strnlen(s, 8) : 8);
		utc = (int64_t)((uint64_t)utc % (uint64_t)(7258118400LL + 2208902400LL)) - 2208902400LL;
		struct tu_tm l;
		tu_to_local(tz, utc, &l);
		fields_sane(&l);
		int64_t back = 0;
		enum tu_status st = tu_from_local(tz, &l, &back);
		CHECK(st == TU_OK);
		/* The earliest instant showing that time: utc itself or one before an offset change. */
		CHECK(back <= utc && utc - back <= 3 * 3600);
		struct tu_tm l2;
		tu_to_local(tz, back, &l2);
		CHECK(same_wall(&l, &l2));
		tu_fmt_log(buf, sizeof buf, &l);
		tu_fmt_logmin(buf, sizeof buf, &l);
		tu_fmt_human(buf, sizeof buf, &l);
		break;
	}
	}
	free(s);
	return 0;
}
