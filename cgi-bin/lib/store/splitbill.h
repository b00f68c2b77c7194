/* splitbill: the master's split billing ("Master-Abrechnung") — other organisations' bookings of its shared vehicles, each with fee, split rate and split fee, and totals per subscriber. */
#ifndef WB_SPLITBILL_H
#define WB_SPLITBILL_H

#include <stdbool.h>
#include <stdint.h>

/* Which bookings: of the master's vehicles, made by other organisations' members, starting in
 * [from, to) (UTC), optionally of one vehicle and one subscriber organisation (0: all). */
struct sb_query {
	int64_t master;        /* the master organisation */
	int64_t from, to;
	int64_t vehicle;       /* 0: every vehicle */
	int64_t subscriber;    /* 0: every subscriber organisation */
	int64_t now;           /* UTC seconds: only bookings that are over (or cancelled as STORNO) are billed */
};

/* One billed booking. fee is the sum of its billing records in the subscriber's books (billing.c:
 * the master's tariff, km once trip data exists, the master's storno share for STORNO and
 * changed-storno versions, corrections included); storno is set for a cancelled booking;
 * rate the split rate of the subscription through which it was booked; split_fee = fee * rate / 100,
 * rounded half up to a cent. */
struct sb_row {
	int64_t booking_id, vehicle_id, subscriber, start, end, fee, split_fee;
	int rate;
	bool storno;
	char subscriber_name[128], member_no[64], login[64], vehicle[128];
};

/* The split fee of fee at rate percent (0..100), rounded half up to a whole cent (away from zero
 * for negative fees, so that a reversal cancels its record exactly). */
int64_t splitbill_split(int64_t fee, int rate);

/* Calls fn for every row of q, ordered by subscriber name (then id), start and booking number, so
 * that each subscriber's rows come together. Rows whose fee is not yet known are left out: bookings
 * not over yet, and ended ones of a km tariff without trip data. A nonzero return from fn stops
 * the walk and is returned. Returns 0 (ST_OK), fn's value, or the db_status of a failure. */
typedef int (*sb_row_fn)(void *ctx, const struct sb_row *row);
int splitbill_each(const struct sb_query *q, sb_row_fn fn, void *ctx);

/* Sums of one subscriber (or of all, subscriber 0). */
struct sb_total {
	int64_t subscriber;
	char subscriber_name[128];
	int64_t bookings, fee, split_fee;
};

/* Adds row to the running totals: a new entry in t[] when the subscriber changes (rows arrive
 * grouped, as splitbill_each gives them), and to *all. *n entries of at most max are in use; a
 * subscriber beyond max counts in *all only. */
void splitbill_add(struct sb_total *t, int max, int *n, struct sb_total *all, const struct sb_row *row);

#endif
