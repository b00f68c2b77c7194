/* pricing: the price of a booking in integer cents (time part capped per started 24 hours, km part, storno share); pure, no I/O. */
#ifndef WB_PRICING_H
#define WB_PRICING_H

#include <stdbool.h>
#include <stdint.h>

/* A tariff in cents. max_24h < 0 means no cap. Negative prices are treated as 0. */
struct pricing_tariff {
	int64_t per_hour;
	int64_t max_24h;
	int64_t per_km;
};

#define PRICING_QUARTER 900            /* seconds: time is billed per started quarter hour */
#define PRICING_DAY     (24 * 3600)    /* seconds: the cap applies per started 24 hours */

/* Time part of seconds of booked time. The span is cut into blocks of 24 hours from its start,
 * the last one possibly shorter. Each block costs its started quarter hours at a quarter of the
 * hourly price (q * per_hour / 4, rounded half up to a cent), but at most max_24h when the tariff
 * has a cap. A span of 0 or less seconds costs 0. */
int64_t pricing_time(const struct pricing_tariff *t, int64_t seconds);

/* km part: km * per_km; km below 0 counts as 0. */
int64_t pricing_km(const struct pricing_tariff *t, int64_t km);

/* Price of a completed booking: pricing_time(end - start) + pricing_km(km). */
int64_t pricing_booking(const struct pricing_tariff *t, int64_t start, int64_t end, int64_t km);

/* Applies the organisation's storno share (0..100 %, clamped) to a time price, rounded half up. */
int64_t pricing_share(int64_t time_price, int share_pct);

/* Price of a STORNO: the storno share of the time price of the whole cancelled span; no km. */
int64_t pricing_storno(const struct pricing_tariff *t, int64_t start, int64_t end, int share_pct);

/* Seconds of a CHGSTO version [old_s, old_e) that its successor [new_s, new_e) no longer covers
 * (all of it when the successor is on another vehicle: same_vehicle false). */
int64_t pricing_uncovered(int64_t old_s, int64_t old_e, int64_t new_s, int64_t new_e, bool same_vehicle);

/* Price of a CHGSTO version: the storno share of the time price of its uncovered seconds, so that
 * time billed again by the changed booking is not billed twice. */
int64_t pricing_chgsto(const struct pricing_tariff *t, int64_t old_s, int64_t old_e, int64_t new_s, int64_t new_e,
                       bool same_vehicle, int share_pct);

#endif
