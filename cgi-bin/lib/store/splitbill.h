/* splitbill: the master's split billing ("Master-Abrechnung") — other organisations' bookings of its shared vehicles, each with fee, split rate and split fee, and totals per subscriber. */
#ifndef WB_SPLITBILL_H
#define WB_SPLITBILL_H

#include <stdbool.h>
#include <stdint.h>

#include "format/splitbill_out.h"

/* Which bookings: of the master's vehicles, made by other organisations' members, starting in
 * [from, to) (UTC), optionally of one vehicle and one subscriber organisation (0: all). */
struct splitbill_query {
	int64_t master;        /* the master organisation */
	int64_t from, to;
	int64_t vehicle;       /* 0: every vehicle */
	int64_t subscriber;    /* 0: every subscriber organisation */
	int64_t now;           /* UTC seconds: only bookings that are over (or cancelled as STORNO) are billed */
};

/* The split fee of fee at rate percent (0..100), rounded half up to a whole cent (away from zero
 * for negative fees, so that a reversal cancels its record exactly). */
int64_t splitbill_split(int64_t fee, int rate);

/* Calls fn for every row of q (the rows of the files: format/splitbill_out), ordered by subscriber name (then id), start and booking number, so
 * that each subscriber's rows come together. Rows whose fee is not yet known are left out: bookings
 * not over yet, and ended ones of a km tariff without trip data. A nonzero return from fn stops
 * the walk and is returned. Returns 0 (ST_OK), fn's value, or the db_status of a failure. */
int splitbill_each(const struct splitbill_query *q, sbout_row_fn fn, void *ctx);

#endif
