/* timeutil (tu_): converts between UTC epoch seconds and local wall-clock time of an IANA zone, parses date inputs strictly and formats dates. */
#include "base/timeutil.h"

#include <assert.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(time_t) >= 8, "64-bit time_t required");

#define ZONEINFO_DIR "/usr/share/zoneinfo/"
#define TZ_NAME_MAX 128
/* What TZ is set to when the requested zone is unknown. */
#define TZ_UTC_VALUE "UTC0"

/* The zone last installed into TZ, so that tzset() runs only when the zone changes. */
static char cached_name[TZ_NAME_MAX + 1];
#define TZ_PATH_SIZE (sizeof(ZONEINFO_DIR) + TZ_NAME_MAX)
static char cached_tzvalue[TZ_PATH_SIZE + 1]; /* ":" and the path */
static bool cached_valid;
static bool cache_set;

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const int64_t yoe = y - era * 400;
	const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int64_t doe = z - era * 146097;
	const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int weekday_from_days(int64_t days)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int64_t r = (days + 3) % 7;
	if (r < 0)
		r += 7;
	return (int)r + 1;
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Returns days in the month (0 when mon is not 1..12). */
int tu_days_in_month(int year, int mon)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (mon < 1 || mon > 12)
		return 0;
	if (mon == 2 && is_leap(year))
		return 29;
	return dim[mon - 1];
}

/* Returns the ISO weekday (1 = Monday .. 7 = Sunday) of any proleptic Gregorian date. */
int tu_weekday(int year, int mon, int day)
{
	return weekday_from_days(days_from_civil(year, mon, day));
}

/* Shifts the date by n days, first bringing mon into 1..12 and then letting day overflow into
 * neighbouring months; hour, min and sec are kept; wday is set. */
void tu_add_days(struct tu_tm *t, int n)
{
	assert(t);
	int64_t m0 = (int64_t)t->mon - 1;
	const int64_t q = m0 >= 0 ? m0 / 12 : -((11 - m0) / 12); /* floor(m0 / 12) */
	int64_t y = t->year + q;
	m0 -= q * 12;
	int64_t days = days_from_civil(y, (int)m0 + 1, 1) + (int64_t)t->day - 1 + n;
	int mon, day;
	civil_from_days(days, &y, &mon, &day);
	t->year = (int)y;
	t->mon = mon;
	t->day = day;
	t->wday = weekday_from_days(days);
}

/* A zone name we are willing to look up: IANA characters only, no "..", not absolute. */
static bool tz_name_ok(const char *tz)
{
	size_t len = strlen(tz);
	if (len == 0 || len > TZ_NAME_MAX || tz[0] == '/' || strstr(tz, ".."))
		return false;
	for (const char *p = tz; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-' || c == '/'))
			return false;
	}
	return true;
}

/* The zone file exists, is regular and is a TZif file (glibc silently uses UTC otherwise). */
static bool tz_file_ok(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	char magic[4];
	ssize_t r = read(fd, magic, sizeof magic);
	close(fd);
	return r == (ssize_t)sizeof magic && memcmp(magic, "TZif", 4) == 0;
}

/* Installs zone tz into the process's TZ (once per change of zone). Returns whether tz is known;
 * an unknown zone installs UTC. */
static bool tz_use(const char *tz)
{
	if (!tz)
		tz = "";
	const char *env = getenv("TZ");
	if (cache_set && strcmp(cached_name, tz) == 0 && env && strcmp(env, cached_tzvalue) == 0)
		return cached_valid;

	bool valid = false;
	char value[sizeof cached_tzvalue];
	if (tz_name_ok(tz)) {
		char path[TZ_PATH_SIZE];
		snprintf(path, sizeof path, "%s%s", ZONEINFO_DIR, tz);
		if (tz_file_ok(path)) {
			snprintf(value, sizeof value, ":%s", path);
			valid = true;
		}
	}
	if (!valid)
		snprintf(value, sizeof value, "%s", TZ_UTC_VALUE);

	if (setenv("TZ", value, 1) != 0) {
		cache_set = false;
		return false;
	}
	tzset();
	/* Only cache names that fit; a longer name is invalid anyway and simply not cached. */
	if (strlen(tz) <= TZ_NAME_MAX) {
		snprintf(cached_name, sizeof cached_name, "%s", tz);
		snprintf(cached_tzvalue, sizeof cached_tzvalue, "%s", value);
		cached_valid = valid;
		cache_set = true;
	} else {
		cache_set = false;
	}
	return valid;
}

static void from_tm(const struct tm *tm, struct tu_tm *out)
{
	out->year = tm->tm_year + 1900;
	out->mon = tm->tm_mon + 1;
	out->day = tm->tm_mday;
	out->hour = tm->tm_hour;
	out->min = tm->tm_min;
	out->sec = tm->tm_sec;
	out->wday = tm->tm_wday == 0 ? 7 : tm->tm_wday;
}

/* Fills out with local time of tz at utc. Returns 0; -1 when tz is unknown (out is then UTC) or
 * when utc is beyond what the C library can represent (out is then 1970-01-01 00:00:00). */
int tu_to_local(const char *tz, int64_t utc, struct tu_tm *out)
{
	assert(out);
	bool valid = tz_use(tz);
	time_t t = (time_t)utc;
	struct tm tm;
	if (!localtime_r(&t, &tm)) {
		*out = (struct tu_tm){ .year = 1970, .mon = 1, .day = 1, .wday = 4 };
		return -1;
	}
	from_tm(&tm, out);
	return valid ? 0 : -1;
}

static bool valid_clock(int hour, int min, int sec)
{
	return hour >= 0 && hour <= 23 && min >= 0 && min <= 59 && sec >= 0 && sec <= 59;
}

/* Whether utc shows exactly the wall-clock fields of in (TZ already installed). */
static bool shows(int64_t utc, const struct tu_tm *in)
{
	time_t t = (time_t)utc;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return false;
	return tm.tm_year + 1900 == in->year && tm.tm_mon + 1 == in->mon && tm.tm_mday == in->day &&
	       tm.tm_hour == in->hour && tm.tm_min == in->min && tm.tm_sec == in->sec;
}

static long utc_offset_at(int64_t utc, bool *ok)
{
	time_t t = (time_t)utc;
	struct tm tm;
	*ok = localtime_r(&t, &tm) != NULL;
	return *ok ? tm.tm_gmtoff : 0;
}

void tu_span_init(struct tu_span *z, const char *tz, int64_t t0, int64_t t1)
{
	assert(z && t0 <= t1);
	*z = (struct tu_span){ .tz = tz, .t0 = t0, .t1 = t1 };
	bool ok;
	if (!tz_use(tz))
		return;
	z->off = utc_offset_at(t0, &ok);
	z->fixed = ok;
	for (int64_t t = t0 + 86400; z->fixed && t < t1; t += 86400)
		z->fixed = utc_offset_at(t, &ok) == z->off && ok;
	if (z->fixed)
		z->fixed = utc_offset_at(t1, &ok) == z->off && ok;
}

int tu_span_local(const struct tu_span *z, int64_t utc, struct tu_tm *out)
{
	if (!z->fixed || utc < z->t0 || utc > z->t1)
		return tu_to_local(z->tz, utc, out);
	int64_t local = utc + z->off;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t secs = local - days * 86400, y;
	civil_from_days(days, &y, &out->mon, &out->day);
	out->year = (int)y;
	out->hour = (int)(secs / 3600);
	out->min = (int)(secs / 60 % 60);
	out->sec = (int)(secs % 60);
	out->wday = weekday_from_days(days);
	return 0;
}

int tu_span_local_near(struct tu_span *z, const char *tz, int64_t utc, struct tu_tm *out)
{
	if (utc < INT64_MIN / 2 || utc > INT64_MAX / 2)
		return tu_to_local(tz, utc, out);
	if (!z->tz || strcmp(z->tz, tz) != 0 || utc < z->t0 || utc > z->t1)
		tu_span_init(z, tz, utc - 30 * 86400, utc + 30 * 86400);   /* 61 localtime calls, then none for a while */
	return tu_span_local(z, utc, out);
}

enum tu_status tu_span_from_local(const struct tu_span *z, const struct tu_tm *in, int64_t *utc)
{
	if (z->fixed && in->year >= 1900 && in->year <= 9999 && in->mon >= 1 && in->mon <= 12 &&
	    in->day >= 1 && in->day <= tu_days_in_month(in->year, in->mon) &&
	    valid_clock(in->hour, in->min, in->sec)) {
		int64_t t = days_from_civil(in->year, in->mon, in->day) * 86400 + in->hour * 3600 +
		            in->min * 60 + in->sec - z->off;
		if (t >= z->t0 && t <= z->t1) {
			*utc = t;
			return TU_OK;
		}
	}
	return tu_from_local(z->tz, in, utc);
}

/* Converts in (a valid date and clock time, year 1900..9999, else TU_RANGE) in zone tz to UTC.
 * Every candidate instant is verified by converting it back, so the result is exact around
 * any offset change: the earliest instant showing that wall-clock time, or TU_NONEXISTENT.
 * An unknown zone is treated as UTC. *utc is written only on TU_OK. */
enum tu_status tu_from_local(const char *tz, const struct tu_tm *in, int64_t *utc)
{
	assert(in && utc);
	if (in->year < 1900 || in->year > 9999 || in->mon < 1 || in->mon > 12 || in->day < 1 ||
	    in->day > tu_days_in_month(in->year, in->mon) || !valid_clock(in->hour, in->min, in->sec))
		return TU_RANGE;
	tz_use(tz);

	/* The wall-clock fields read as if they were UTC. */
	const int64_t naive = days_from_civil(in->year, in->mon, in->day) * 86400 + in->hour * 3600 +
	                      in->min * 60 + in->sec;
	int64_t cand[5];
	int nc = 0;

	/* Offsets in force a day either side cover any single change of offset near the time. */
	static const int64_t probes[3] = { -86400, 0, 86400 };
	for (int i = 0; i < 3; i++) {
		bool ok;
		long off = utc_offset_at(naive + probes[i], &ok);
		if (ok)
			cand[nc++] = naive - off;
	}
	/* And what mktime makes of it as standard and as daylight time. */
	for (int isdst = 0; isdst <= 1; isdst++) {
		struct tm tm = { .tm_year = in->year - 1900, .tm_mon = in->mon - 1, .tm_mday = in->day,
		                 .tm_hour = in->hour, .tm_min = in->min, .tm_sec = in->sec,
		                 .tm_isdst = isdst };
		time_t t = mktime(&tm);
		if (t != (time_t)-1)
			cand[nc++] = (int64_t)t;
	}
	assert(nc <= 5);

	bool found = false;
	int64_t best = 0;
	for (int i = 0; i < nc; i++) {
		if (shows(cand[i], in) && (!found || cand[i] < best)) {
			best = cand[i];
			found = true;
		}
	}
	if (!found)
		return TU_NONEXISTENT;
	*utc = best;
	return TU_OK;
}

/* Returns the UTC instant at which the given local date begins in zone tz: local midnight, or
 * where midnight is skipped the first instant of the date. The date must be valid (year
 * 1900..9999); an unknown zone is treated as UTC. */
int64_t tu_day_start(const char *tz, int year, int mon, int day)
{
	assert(mon >= 1 && mon <= 12 && day >= 1 && day <= tu_days_in_month(year, mon));
	struct tu_tm t = { .year = year, .mon = mon, .day = day };
	int64_t utc;
	enum tu_status st = tu_from_local(tz, &t, &utc);
	if (st == TU_OK)
		return utc;
	if (st == TU_NONEXISTENT) {
		/* Offset changes happen on whole minutes: the first minute that exists is where the
		 * date begins, and it begins exactly at the change. */
		for (int m = 1; m < 24 * 60; m++) {
			t.hour = m / 60;
			t.min = m % 60;
			if (tu_from_local(tz, &t, &utc) == TU_OK)
				return utc;
		}
	}
	/* Invalid date or a day that does not exist at all: its naive UTC midnight. */
	return days_from_civil(year, mon, day) * 86400;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parses "YYYY-MM" at s (exactly 7 characters checked by the caller). */
static enum tu_status parse_ym(const char *s, int *year, int *mon)
{
	int y = digits(s, 4), m = digits(s + 5, 2);
	if (y < 0 || s[4] != '-' || m < 0)
		return TU_SYNTAX;
	if (y < 1970 || y > 2199 || m < 1 || m > 12)
		return TU_RANGE;
	*year = y;
	*mon = m;
	return TU_OK;
}

static enum tu_status parse_ymd(const char *s, struct tu_tm *t)
{
	enum tu_status st = parse_ym(s, &t->year, &t->mon);
	int d = digits(s + 8, 2);
	if (s[7] != '-' || d < 0)
		return TU_SYNTAX;
	if (st != TU_OK)
		return st;
	if (d < 1 || d > tu_days_in_month(t->year, t->mon))
		return TU_RANGE;
	t->day = d;
	return TU_OK;
}

/* Parses exactly "YYYY-MM-DDTHH:MM" (year 1970..2199, a real date, 00:00..23:59); sec is 0 and
 * wday set. Syntax errors win over range errors; out is written only on TU_OK. */
enum tu_status tu_parse_datetime(const char *s, struct tu_tm *out)
{
	assert(out);
	if (!s || strlen(s) != 16)
		return TU_SYNTAX;
	struct tu_tm t = { 0 };
	int h = digits(s + 11, 2), mi = digits(s + 14, 2);
	if (s[10] != 'T' || h < 0 || s[13] != ':' || mi < 0)
		return TU_SYNTAX;
	enum tu_status st = parse_ymd(s, &t);
	if (st != TU_OK)
		return st;
	if (!valid_clock(h, mi, 0))
		return TU_RANGE;
	t.hour = h;
	t.min = mi;
	t.wday = tu_weekday(t.year, t.mon, t.day);
	*out = t;
	return TU_OK;
}

/* Parses exactly "YYYY-MM-DD" (year 1970..2199, a real date); time fields 0 and wday set.
 * out is written only on TU_OK. */
enum tu_status tu_parse_date(const char *s, struct tu_tm *out)
{
	assert(out);
	if (!s || strlen(s) != 10)
		return TU_SYNTAX;
	struct tu_tm t = { 0 };
	enum tu_status st = parse_ymd(s, &t);
	if (st != TU_OK)
		return st;
	t.wday = tu_weekday(t.year, t.mon, t.day);
	*out = t;
	return TU_OK;
}

/* Parses exactly "YYYY-MM" (year 1970..2199, month 1..12); outputs written only on TU_OK. */
enum tu_status tu_parse_month(const char *s, int *year, int *mon)
{
	assert(year && mon);
	if (!s || strlen(s) != 7)
		return TU_SYNTAX;
	return parse_ym(s, year, mon);
}

/* Writes "dd.mm.yy HH:MM:SS" (two-digit year) into buf, NUL-terminated within n; returns buf. */
char *tu_fmt_log(char *buf, size_t n, const struct tu_tm *t)
{
	assert(buf && t);
	snprintf(buf, n, "%02d.%02d.%02d %02d:%02d:%02d", t->day, t->mon, t->year % 100, t->hour,
	         t->min, t->sec);
	return buf;
}

/* Writes "dd.mm.yy HH:MM" into buf, NUL-terminated within n; returns buf. */
char *tu_fmt_logmin(char *buf, size_t n, const struct tu_tm *t)
{
	assert(buf && t);
	snprintf(buf, n, "%02d.%02d.%02d %02d:%02d", t->day, t->mon, t->year % 100, t->hour, t->min);
	return buf;
}

/* Writes "YYYY-MM-DDTHH:MM" (what tu_parse_datetime reads back) into buf; returns buf. */
char *tu_fmt_input(char *buf, size_t n, const struct tu_tm *t)
{
	assert(buf && t);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d", t->year, t->mon, t->day, t->hour, t->min);
	return buf;
}

/* Writes "YYYY-MM-DD" (what tu_parse_date reads back) into buf; returns buf. */
char *tu_fmt_date(char *buf, size_t n, const struct tu_tm *t)
{
	assert(buf && t);
	snprintf(buf, n, "%04d-%02d-%02d", t->year, t->mon, t->day);
	return buf;
}

/* Writes "dd.mm.yyyy HH:MM" into buf, NUL-terminated within n; returns buf. */
char *tu_fmt_human(char *buf, size_t n, const struct tu_tm *t)
{
	assert(buf && t);
	snprintf(buf, n, "%02d.%02d.%04d %02d:%02d", t->day, t->mon, t->year, t->hour, t->min);
	return buf;
}

char *tu_fmt_file(char *buf, size_t n, const struct tu_tm *t)
{
	assert(buf && t);
	if (n < 17 || t->year < 0 || t->year > 9999) {
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", t->year, t->mon, t->day, t->hour, t->min);
		return buf;
	}
	const int v[4] = {t->mon, t->day, t->hour, t->min};
	buf[0] = (char)('0' + t->year / 1000);
	buf[1] = (char)('0' + t->year / 100 % 10);
	buf[2] = (char)('0' + t->year / 10 % 10);
	buf[3] = (char)('0' + t->year % 10);
	static const char sep[4] = {'-', '-', ' ', ':'};
	for (int i = 0; i < 4; i++) {
		buf[4 + 3 * i] = sep[i];
		buf[5 + 3 * i] = (char)('0' + v[i] / 10 % 10);
		buf[6 + 3 * i] = (char)('0' + v[i] % 10);
	}
	buf[16] = '\0';
	return buf;
}

int64_t tu_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
