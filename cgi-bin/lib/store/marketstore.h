/* marketstore: the marketplace's writes — offer data, release and withdrawal, the release list, the watchlist and subscriptions — each one immediate transaction with its ADMIN action-log line. */
#ifndef WB_MARKETSTORE_H
#define WB_MARKETSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/market.h"

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_NOT_FOUND - no such vehicle, subscription or portal for the actor's organisation
 *   ST_INCOMPLETE - offer data missing (mask of enum market_missing in *missing)
 *   ST_LOCKED - a locked field would change while released (mask of enum market_lock)
 *   ST_RELEASED - already released in another portal
 *   ST_NOT_RELEASED - not (or no longer) released where the actor can see it
 *   ST_NOT_LISTED - bulk release of a vehicle that is not on the release list
 *   ST_NAME_TAKEN - local name used by a vehicle or an active subscription of the organisation
 *   ST_BAD_AREA - the area is not the organisation's
 *   ST_BAD_TARIFF - the tariff is not the organisation's
 *   ST_OWN - subscribing or watching an own vehicle
 *   ST_ALREADY - already subscribed
 *   ST_RATE_CHANGED - the split rate is not the one the administrator confirmed
 *   ST_BUSY - database locked: 503
 *   ST_ERROR */

/* One of the organisation's own vehicles with its offer data. */
struct mks_vehicle {
	int64_t id, area_id;
	char area[128];
	char descr[128];
	char tariff[128];       /* the tariff's name, "" without */
	struct market_offer o;
	bool on_list;
	int64_t portal;         /* -1: not released */
	int64_t released_at;
};

/* Reads vehicle id of the actor's organisation (offer defaults when it has no offer row yet). */
enum store_status mks_vehicle_load(const struct actor *a, int64_t id, struct mks_vehicle *out);

/* Saves the offer data of vehicle id and its tariff (in->tariff_id, 0 for none; in->name is
 * ignored). While the vehicle is released, a change of tariff or split rate (or Link mode) is
 * refused with ST_LOCKED and *locked the mask. Incomplete data may be saved: only a release
 * needs it complete. */
enum store_status mks_offer_save(const struct actor *a, int64_t id, const struct market_offer *in, unsigned *locked);

/* Releases vehicle id in portal (0 main market, else a mini-market of the organisation), with a
 * dated offer_event and an ADMIN line, and takes it off the release list. Already released there:
 * ST_OK without a change; elsewhere: ST_RELEASED. Incomplete: ST_INCOMPLETE, *missing set. */
enum store_status mks_release(const struct actor *a, int64_t id, int64_t portal, unsigned *missing);

/* Bulk release of the n vehicles ids (which must be on the release list) in one transaction:
 * res[i] and missing[i] per vehicle; *released counts the releases. Returns ST_OK unless the
 * transaction failed (then nothing is released). */
enum store_status mks_release_many(const struct actor *a, const int64_t *ids, int n, int64_t portal,
                                 enum store_status *res, unsigned *missing, int *released);

/* Withdraws the release of vehicle id (event and ADMIN line); existing bookings stay, the active
 * subscriptions of the vehicle end (*ended counts them). ST_NOT_RELEASED when it is not released. */
enum store_status mks_withdraw(const struct actor *a, int64_t id, int *ended);

/* Puts vehicle id on the release list (on) or takes it off. */
enum store_status mks_set_list(const struct actor *a, int64_t id, bool on);

/* Puts a vehicle another organisation has released where the actor's organisation can see it on
 * the watchlist (on) or takes it off (always allowed for a watched vehicle). */
enum store_status mks_watch(const struct actor *a, int64_t vehicle_id, bool on);

struct mks_sub_in {
	int64_t vehicle_id;
	const char *local_name;   /* trimmed, not empty */
	int64_t area_id;
	bool visible;
	int expect_rate;          /* the rate the administrator confirmed: 0..100, -1 Link mode, -2 not checked */
};

/* Subscribes the organisation to a vehicle released where it can see it, in one of its areas under
 * a local name unique (ignoring ASCII case) among its vehicle names and active subscriptions' local
 * names; takes the vehicle off the watchlist. *id is the new subscription. */
enum store_status mks_subscribe(const struct actor *a, const struct mks_sub_in *in, int64_t *id);

/* Ends active subscription id of the organisation. */
enum store_status mks_cancel(const struct actor *a, int64_t id);

/* Changes the local description (at most 30 characters, checked by the caller) and the visibility
 * of active subscription id. */
enum store_status mks_sub_update(const struct actor *a, int64_t id, const char *descr, bool visible);

/* True when org_id may use portal (0, or a mini-market it belongs to); its name goes to name
 * ("" for the main market). */
bool mks_portal(int64_t org_id, int64_t portal, char *name, size_t n);

#endif
