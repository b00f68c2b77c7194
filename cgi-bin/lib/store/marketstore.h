/* marketstore (mks_): the marketplace's tables — offer data, release and withdrawal, the release list, the watchlist, subscriptions and mini-markets — every read the market pages show, and every write one immediate transaction with its ADMIN action-log line. */
#ifndef WB_MARKETSTORE_H
#define WB_MARKETSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/offer.h"

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_NOT_FOUND - no such vehicle, subscription or portal for the actor's organisation
 *   ST_INCOMPLETE - offer data missing (mask of enum offer_missing in *missing)
 *   ST_LOCKED - a locked field would change while released (mask of enum offer_lock)
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
	struct offer o;
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
enum store_status mks_offer_save(const struct actor *a, int64_t id, const struct offer *in, unsigned *locked);

/* Releases vehicle id in portal (0 main market, else a mini-market of the organisation), with a
 * dated offer_event and an ADMIN line, and takes it off the release list. Already released there:
 * ST_OK without a change; elsewhere: ST_RELEASED. Incomplete: ST_INCOMPLETE, *missing set. */
enum store_status mks_release(const struct actor *a, int64_t id, int64_t portal, unsigned *missing);

/* Bulk release of the n vehicles ids (which must be on the release list) in one transaction, each
 * in its portal portals[i] (0 main market, else a mini-market of the organisation: ST_NOT_FOUND for
 * that vehicle otherwise): res[i] and missing[i] per vehicle; *released counts the releases.
 * Returns ST_OK unless the transaction failed (then nothing is released). */
enum store_status mks_release_many(const struct actor *a, const int64_t *ids, const int64_t *portals, int n,
                                 enum store_status *res, unsigned *missing, int *released);

/* Withdraws the release of vehicle id (event and ADMIN line): the active subscriptions of the
 * vehicle end (*ended counts them), and the subscribers' bookings of it that start later are
 * cancelled in the same transaction, each with a DELETE line in the subscriber's and the owner's
 * log (*bookings counts them; the number mks_withdraw_affected announced). The owner's own
 * bookings and bookings already begun stay. ST_NOT_RELEASED when it is not released. */
enum store_status mks_withdraw(const struct actor *a, int64_t id, int *ended, int *bookings);

/* How many bookings a withdrawal of own vehicle id would cancel now (see mks_withdraw). */
enum store_status mks_withdraw_affected(const struct actor *a, int64_t id, int *bookings);

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

/* Ends active subscription id of the organisation; the organisation's bookings of the vehicle that
 * start later are cancelled in the same transaction, each with a DELETE line in its own and the
 * owner's log (*bookings counts them: the number mks_sub_row.future announced). */
enum store_status mks_cancel(const struct actor *a, int64_t id, int *bookings);

/* Changes the local description (at most 30 characters, checked by the caller) and the visibility
 * of active subscription id. */
enum store_status mks_sub_update(const struct actor *a, int64_t id, const char *descr, bool visible);

/* True when org_id may use portal (0, or a mini-market it belongs to); its name goes to name
 * ("" for the main market). */
bool mks_portal(int64_t org_id, int64_t portal, char *name, size_t n);

/* True while vehicle_id is released in some portal. For pages that edit the vehicle's name or
 * tariff (refuse with 409 then). False when there is no such offer or on error. */
bool mks_vehicle_released(int64_t vehicle_id);

/* ---- Reads for the market pages. Each *_each function calls fn once per row, in the order the
 * page shows; a nonzero return from fn stops the walk. Text fields are cut on a character
 * boundary. They return ST_OK, or ST_BUSY/ST_ERROR when the read failed (rows already passed to
 * fn stay valid for the caller). */

/* An id with its name: a portal, area, tariff or organisation. */
struct mks_named {
	int64_t id;
	char name[256];
};
typedef int (*mks_named_fn)(void *ctx, const struct mks_named *row);

/* The mini-markets org_id belongs to, by name. */
enum store_status mks_portals_each(int64_t org_id, mks_named_fn fn, void *ctx);
/* Whether member_id is offered the portal choice when signing in (*choose): an administrator of an
 * organisation that belongs to at least one mini-market (the market pages are administrators'). */
enum store_status mks_portal_choice(int64_t member_id, bool *choose);
/* The organisation's areas, in their sort order. */
enum store_status mks_areas_each(int64_t org_id, mks_named_fn fn, void *ctx);
/* The organisation's tariffs, by name. */
enum store_status mks_tariffs_each(int64_t org_id, mks_named_fn fn, void *ctx);
/* The organisations offering vehicles in portal, by name. */
enum store_status mks_offering_orgs_each(int64_t portal, mks_named_fn fn, void *ctx);
/* Every organisation (for the portal operator), by name. */
enum store_status mks_all_orgs_each(mks_named_fn fn, void *ctx);

/* The organisations subscribed (now or before) to one of org_id's vehicles, by name: the split
 * billing's subscribers. */
enum store_status mks_subscriber_orgs_each(int64_t org_id, mks_named_fn fn, void *ctx);
/* org_id's vehicles that are released or were ever subscribed, by name: the split billing's vehicles. */
enum store_status mks_shared_vehicles_each(int64_t org_id, mks_named_fn fn, void *ctx);

/* The organisation's own coordinates; false when it has none (or on error). */
bool mks_org_coords(int64_t org_id, double *lat, double *lon);

/* The market list's filters; empty strings and NULL mean "no filter". */
struct mks_filter {
	int64_t portal;
	bool own;                 /* include the organisation's own vehicles */
	const char *q;            /* substring of name, description, address, conditions or organisation */
	const char *vclass;
	const int64_t *orgs;      /* only these offering organisations (n_orgs of them), NULL: all */
	int n_orgs;
	const int64_t (*free)[2]; /* only vehicles without an active booking in any of these [start, end) */
	int n_free;
};

/* A released vehicle as the market shows it. */
struct mks_offer_row {
	int64_t id, org_id;
	char name[128], descr[128], org[256];
	struct offer o;
	bool watched, subscribed;
};
typedef int (*mks_offer_fn)(void *ctx, const struct mks_offer_row *row);

/* Every vehicle released in f->portal that passes the filters, by organisation and name. */
enum store_status mks_market_each(const struct actor *a, const struct mks_filter *f, mks_offer_fn fn, void *ctx);

/* A released vehicle's detail page. */
struct mks_detail {
	struct mks_offer_row v;
	int64_t portal;
	char portal_name[256];    /* "" for the main market */
	char tariff[128];
	bool has_per_hour, has_max_24h, has_per_km;
	int64_t per_hour, max_24h, per_km;   /* cents */
	int64_t subscription;     /* the actor's active subscription of it, 0: none */
	int64_t released_at;
};

/* Vehicle id released where the actor's organisation can see it; ST_NOT_FOUND otherwise. */
enum store_status mks_detail_load(const struct actor *a, int64_t id, struct mks_detail *out);

/* One of the organisation's own vehicles as the overview and the bulk release list it. */
struct mks_own_row {
	int64_t id;
	char descr[128], area[128], tariff[128];
	struct offer o;           /* with name and tariff_id */
	bool on_list;
	int64_t portal;           /* -1: not released */
	char portal_name[256];
};
typedef int (*mks_own_fn)(void *ctx, const struct mks_own_row *row);

/* Which own vehicles mks_own_each lists. */
enum mks_own_state { MKS_OWN_ALL = 0, MKS_OWN_HERE, MKS_OWN_NONE, MKS_OWN_LIST };

/* The organisation's vehicles: all, released in portal, not released, or on the release list and
 * not released; optionally of one area (0: all) and matching q (NULL or "": all). */
enum store_status mks_own_each(const struct actor *a, int64_t portal, enum mks_own_state state, int64_t area,
                               const char *q, mks_own_fn fn, void *ctx);

/* A release or withdrawal of an own vehicle. */
struct mks_event {
	int64_t at, portal;
	bool release;
	char portal_name[256], by[64];
};
typedef int (*mks_event_fn)(void *ctx, const struct mks_event *row);

/* The release history of own vehicle id, newest first. */
enum store_status mks_events_each(const struct actor *a, int64_t id, mks_event_fn fn, void *ctx);

/* A watched vehicle. */
struct mks_watch_row {
	int64_t id, added_at;
	char name[128], descr[128], org[256];
	int rate;                 /* -1: none */
	bool link, offered, subscribed;
};
typedef int (*mks_watch_fn)(void *ctx, const struct mks_watch_row *row);

/* The organisation's watchlist, oldest first; offered says whether it is still released where the
 * organisation can see it. */
enum store_status mks_watchlist_each(const struct actor *a, mks_watch_fn fn, void *ctx);

/* An active subscription. */
struct mks_sub_row {
	int64_t id, vehicle_id, created_at;
	char lname[128], ldescr[128], area[128], vehicle[128], org[256], tariff[128];
	bool visible, link, offered;
	int rate;                 /* -1: none */
	int future;               /* the organisation's bookings of it that start later: ending cancels them */
};
typedef int (*mks_sub_fn)(void *ctx, const struct mks_sub_row *row);

/* The organisation's active subscriptions by local name. */
enum store_status mks_subs_each(const struct actor *a, mks_sub_fn fn, void *ctx);

/* ---- The portal operator's mini-markets. */

struct mks_market_row {
	int64_t id;
	char name[256];
};
typedef int (*mks_market_fn)(void *ctx, const struct mks_market_row *row);

/* Every mini-market by name (its members: mks_minimarket_members_each). */
enum store_status mks_minimarkets_each(mks_market_fn fn, void *ctx);

/* Creates mini-market name (trimmed, not empty) with an ADMIN line in the actor's log.
 * ST_DUPLICATE when the name exists. */
enum store_status mks_minimarket_create(const struct actor *a, const char *name);

/* Adds organisation org to mini-market market (ADMIN line). ST_NOT_FOUND when either does not
 * exist, ST_ALREADY when it is a member. */
enum store_status mks_minimarket_add(const struct actor *a, int64_t market, int64_t org);

/* A member organisation of a mini-market. */
struct mks_member_row {
	int64_t market_id, org_id;
	char org[256];
};
typedef int (*mks_member_fn)(void *ctx, const struct mks_member_row *row);

/* Every mini-market's member organisations, by mini-market and organisation name. */
enum store_status mks_minimarket_members_each(mks_member_fn fn, void *ctx);

/* Removes organisation org from mini-market market in one transaction: its vehicles released there
 * are withdrawn (events; their subscriptions end), its subscriptions of vehicles released there end,
 * and the future bookings either ends would leave behind are cancelled as mks_withdraw does; one
 * ADMIN line in the actor's log says what happened. *withdrawn, *ended and *bookings count it.
 * ST_NOT_FOUND when org is not a member of market. */
enum store_status mks_minimarket_remove(const struct actor *a, int64_t market, int64_t org, int *withdrawn, int *ended,
                                        int *bookings);

#endif
