/* period: months as y*100+m and billing periods (a month or a quarter) — the one place that does month arithmetic and finds a period's UTC bounds. */
#ifndef WB_PERIOD_H
#define WB_PERIOD_H

#include <stddef.h>
#include <stdint.h>

/* A month is y*100+m with m 1..12 (202611 is November 2026), as input_month gives it. */

/* ym moved by n months (n may be negative). ym must be a valid month. */
int period_month_add(int ym, int n);

/* Number of months from 'from' to 'to' (0 when equal, negative when to is earlier). */
int period_months_between(int from, int to);

/* The month of UTC instant t in zone tz. */
int period_month_of(const char *tz, int64_t t);

/* "YYYY-MM" of ym into buf (n >= 8). Returns buf. */
char *period_fmt_month(char *buf, size_t n, int ym);

/* The billing period kind: "quarter" is a quarter (January-March, ...), anything else (also NULL)
 * a month. Sets *from and *to (both included) to the months of the period containing ym. */
void period_containing(const char *kind, int ym, int *from, int *to);

/* The months of the period of this kind just before the one containing ym (the one billed now). */
void period_previous(const char *kind, int ym, int *from, int *to);

/* The UTC bounds [*t0, *t1) of the months from..to (both included): local midnight of the first
 * day of from and of the first day after to, in zone tz. from <= to. */
void period_span(const char *tz, int from, int to, int64_t *t0, int64_t *t1);

#endif
