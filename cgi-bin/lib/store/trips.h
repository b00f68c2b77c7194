/* trips: odometer readings of ended bookings — loading, checked saving, and the list of bookings still lacking them. */
#ifndef WB_TRIPS_H
#define WB_TRIPS_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#include "store/bookstore.h"

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_NOT_FOUND - no such booking in the actor's organisation
 *   ST_FORBIDDEN - a member's attempt on someone else's booking
 *   ST_NOT_ENDED - the booking has not ended yet
 *   ST_NOT_ACTIVE - a cancelled booking has no trip
 *   ST_END_BELOW_START - km_end < km_start
 *   ST_BELOW_LAST - km_end below the vehicle's last known reading (see last)
 *   ST_RANGE - a reading below 0 or above 100,000,000
 *   ST_BUSY
 *   ST_ERROR */

/* A booking's trip data and the vehicle's last known reading before it. */
struct trips_info {
	bool present;
	int64_t km_start, km_end, entered_by, entered_at;
	int64_t last;          /* km_end of the vehicle's latest trip of an earlier booking, -1 when none */
	struct bookstore_row booking;
};

/* Whether the actor may enter b's trip data now (rules/booking.h bk_may_trip): ST_OK,
 * ST_FORBIDDEN (another organisation's, or a member's attempt on someone else's booking),
 * ST_NOT_ACTIVE, ST_NOT_ENDED. The rule trips_save applies, for the page to show. */
enum store_status trips_may_enter(const struct actor *a, const struct bookstore_row *b);

/* Loads the trip data of booking id (any status) for the actor: members only their own bookings. */
enum store_status trips_load(const struct actor *a, int64_t booking_id, struct trips_info *out);

/* Enters or corrects the readings of an ended, active booking, in one immediate transaction:
 * the member of the booking or an administrator; km_end not below km_start nor below the
 * vehicle's last known reading before this booking (*last tells it on ST_BELOW_LAST).
 * A correction after billing becomes a reversal and a new record (billing.c, via trigger). */
enum store_status trips_save(const struct actor *a, int64_t booking_id, int64_t km_start, int64_t km_end, int64_t *last);

/* Calls fn for at most limit ended, active bookings of the organisation without trip data whose
 * vehicle's tariff has a km price (those cannot be billed yet), latest end first. Returns DB status. */
typedef void (*trips_fn)(void *ctx, const struct bookstore_row *b);
int trips_missing(int64_t org_id, int64_t now, int limit, trips_fn fn, void *ctx);

#endif
