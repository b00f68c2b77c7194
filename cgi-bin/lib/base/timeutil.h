/* timeutil (tu_): conversion between UTC epoch seconds and an organisation's local wall-clock time, and strict parsing of date inputs. */
#ifndef WB_TIMEUTIL_H
#define WB_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* A local wall-clock time. mon is 1..12, wday is ISO (1 = Monday .. 7 = Sunday). */
struct tu_tm {
	int year, mon, day, hour, min, sec;
	int wday;
};

enum tu_status {
	TU_OK = 0,
	TU_SYNTAX,       /* not of the expected form */
	TU_RANGE,        /* of the form, but impossible (month 13, 31 April, 24:00, year outside 1970..2199) */
	TU_NONEXISTENT   /* a local time skipped when clocks go forward */
};

/* Splits utc into local time of zone tz (an IANA name such as "Europe/Berlin").
 * Returns 0, or -1 when tz is unknown (then UTC is used and out is still filled). A zone is known
 * when its name is [A-Za-z0-9_+/-] without ".." and /usr/share/zoneinfo/<tz> is a TZif file.
 * Sets TZ in the environment (cached: tzset runs only when the zone changes); not thread-safe.
 * A utc beyond what struct tm holds also returns -1, with out = 1970-01-01 00:00:00. */
int tu_to_local(const char *tz, int64_t utc, struct tu_tm *out);

/* A span of time over which zone tz keeps one UTC offset, so that local times inside it are
 * plain arithmetic instead of a localtime call each (the calendar converts hundreds per page). */
struct tu_span {
	const char *tz;     /* borrowed: must outlive the span */
	int64_t t0, t1;     /* UTC instants covered: t0 <= utc <= t1 */
	long off;           /* UTC offset in seconds inside the span */
	bool fixed;         /* false: the offset changes inside; every conversion asks the C library */
};

/* Prepares conversions of instants in [t0, t1] of zone tz. The offset counts as fixed when it is
 * the same at t0, at t1 and at every whole day after t0 in between: that holds unless a zone
 * changes its offset and back within one day, which no zone does. */
void tu_span_init(struct tu_span *z, const char *tz, int64_t t0, int64_t t1);

/* tu_to_local(z->tz, utc, out) with the same result; arithmetic only when utc is inside a fixed
 * span. Returns what tu_to_local returns (0 inside a fixed span of a known zone). */
int tu_span_local(const struct tu_span *z, int64_t utc, struct tu_tm *out);

/* tu_span_local for a stream of nearby instants (a file's rows in time order): when utc is
 * outside z (or z is for another zone, or all zero), z moves to the 30 days either side of utc
 * first.
 * tz must outlive z. */
int tu_span_local_near(struct tu_span *z, const char *tz, int64_t utc, struct tu_tm *out);

/* tu_from_local(z->tz, in, utc) with the same result; arithmetic only when the result lies
 * inside a fixed span (where every local time exists exactly once). */
enum tu_status tu_span_from_local(const struct tu_span *z, const struct tu_tm *in, int64_t *utc);

/* Converts a local time of zone tz to UTC. in->wday and in->sec are ignored/used as given (sec).
 * A time that occurs twice (clocks go back) maps to the earlier instant.
 * A time that does not exist (clocks go forward) is TU_NONEXISTENT. An impossible date or clock
 * time, or a year outside 1900..9999, is TU_RANGE. An unknown tz is treated as UTC.
 * *utc is written only on TU_OK. */
enum tu_status tu_from_local(const char *tz, const struct tu_tm *in, int64_t *utc);

/* Strict parsers for form and URL input: exactly "YYYY-MM-DDTHH:MM", "YYYY-MM-DD", "YYYY-MM".
 * Digits only where digits belong, no spaces, no trailing characters; NULL is TU_SYNTAX.
 * Years 1970..2199. sec is 0 and wday is set. Outputs are written only on TU_OK. */
enum tu_status tu_parse_datetime(const char *s, struct tu_tm *out);
enum tu_status tu_parse_date(const char *s, struct tu_tm *out);
enum tu_status tu_parse_month(const char *s, int *year, int *mon);

/* Calendar arithmetic on a local date (no time zone involved): adds n days (n may be negative),
 * normalising month and year (out-of-range mon and day are normalised too), and sets wday. */
void tu_add_days(struct tu_tm *t, int n);

/* ISO weekday of a date: 1 = Monday .. 7 = Sunday. */
int tu_weekday(int year, int mon, int day);

/* Days in a month (leap years included); 0 when mon is not 1..12. */
int tu_days_in_month(int year, int mon);

/* UTC instant of local midnight starting the given date in zone tz. Where midnight does not
 * exist, the first existing instant of that date. */
int64_t tu_day_start(const char *tz, int year, int mon, int day);

/* Formatting into buf (always NUL-terminated, truncated to n). Returns buf.
 * tu_fmt_log:   "dd.mm.yy HH:MM:SS" (action log timestamps)
 * tu_fmt_logmin:"dd.mm.yy HH:MM"    (booking spans in the action log)
 * tu_fmt_input: "YYYY-MM-DDTHH:MM"  (datetime-local form values)
 * tu_fmt_date:  "YYYY-MM-DD"
 * tu_fmt_human: "dd.mm.yyyy HH:MM"  (display)
 * tu_fmt_file:  "YYYY-MM-DD HH:MM"  (booking file cells; without printf, it runs for every row) */
char *tu_fmt_log(char *buf, size_t n, const struct tu_tm *t);
char *tu_fmt_logmin(char *buf, size_t n, const struct tu_tm *t);
char *tu_fmt_input(char *buf, size_t n, const struct tu_tm *t);
char *tu_fmt_date(char *buf, size_t n, const struct tu_tm *t);
char *tu_fmt_human(char *buf, size_t n, const struct tu_tm *t);
char *tu_fmt_file(char *buf, size_t n, const struct tu_tm *t);

/* The wall clock in milliseconds since the epoch (billing records are stamped with it). */
int64_t tu_now_ms(void);

#endif
