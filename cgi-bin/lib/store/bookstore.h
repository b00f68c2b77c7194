/* bookstore: bookings in the database — create, change, delete and view, each one immediate transaction with its action-log lines. */
#ifndef WB_BOOKSTORE_H
#define WB_BOOKSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/booking.h"

/* One booking as shown and logged. A shared vehicle (another organisation's, booked through a
 * subscription) is shown under the subscriber's local name and area; its rules (time zone, grid,
 * cancellation period) are its owner's ("master's"). */
struct bookstore_row {
	int64_t id, vehicle_id, member_id, area_id, start, end, created_by, created_at;
	char status[8];
	/* Text is copied cut on a character boundary (base/utf8.h); a description (30 characters at
	 * most) fits whole. */
	char vehicle[128], vehicle_descr[128];
	char member[64], member_descr[256], creator[64];
	char purpose[1024];
	int64_t org_id;              /* the booking's organisation: its member's */
	char org_name[128];
	int64_t vehicle_org;         /* the vehicle's owner */
	char master_vehicle[128];    /* the vehicle's name at its owner */
	char owner_tz[64];           /* the owner's rules */
	int owner_cancel_hours, owner_grid_minutes;
	bool foreign;                /* another organisation's booking of the actor's vehicle: read-only */
	char changer[64];            /* who created or last changed this version ... */
	int64_t changed_at;          /* ... and when: the action log's "created by X at T" */
	bool link_mode;              /* the vehicle's offer is in Link mode */
};

/* What a booking form submits (already validated as input). member_id 0 means the actor. */
struct bookstore_input {
	int64_t vehicle_id, member_id, start, end;
	const char *purpose;
};

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_SPAN - the span breaks a rule: see *span
 *   ST_BAD_VEHICLE - no such vehicle in the actor's organisation, nor one it subscribed that is
 *     still released (withdrawn meanwhile), or one in Link mode
 *   ST_BAD_MEMBER - no such member in the actor's organisation, or a member booking for someone else
 *   ST_CONFLICT - overlaps an active booking: see *conflict
 *   ST_NOT_FOUND - no such booking in the actor's organisation (nor, for a view, of its vehicles)
 *   ST_FORBIDDEN - a member's attempt on someone else's booking, or the vehicle owner's on
 *     another organisation's booking of it
 *   ST_NOT_ACTIVE - already cancelled
 *   ST_ENDED - a member's attempt to change or delete a booking that is over
 *   ST_BUSY - database locked: 503
 *   ST_ERROR - anything else: 500 */

/* What the actor sees of b (rules/booking.h bk_visibility): the one rule for the calendar grid,
 * the booking page and the conflict message. */
enum bk_sight bookstore_sight(const struct actor *a, const struct bookstore_row *b);

/* Whether the actor may change or cancel b (rules/booking.h bk_may_change); the rule that
 * bookstore_open (EDIT), bookstore_change and bookstore_delete apply, for the page to show. */
enum bk_may bookstore_may_change(const struct actor *a, const struct bookstore_row *b);

/* What deleting b at now would be: "DELETE" or "STORNO" (bk_delete_action with the vehicle
 * owner's cancellation period, as loaded into b); the decision bookstore_delete takes. */
const char *bookstore_delete_action(const struct bookstore_row *b, int64_t now);

/* Loads booking id of the actor's organisation (never another organisation's). ST_OK, ST_NOT_FOUND, ST_ERROR. */
enum store_status bookstore_load(const struct actor *a, int64_t id, struct bookstore_row *out);

/* Loads booking id and writes a VIEW (view page) or EDIT (edit form) line in one transaction.
 * EDIT is refused like a change would be (ST_FORBIDDEN, ST_NOT_ACTIVE, ST_ENDED).
 * The owner of a shared vehicle may VIEW other organisations' bookings of it (out->foreign set,
 * the line in its own log only); EDIT of such a booking is ST_FORBIDDEN. */
enum store_status bookstore_open(const struct actor *a, int64_t id, const char *action, struct bookstore_row *out);

/* Creates a booking: span rules, vehicle and member of the organisation, no overlap, insert and
 * CREATE line, all in one immediate transaction. On ST_OK *id is the new booking's number.
 * The vehicle is the organisation's own or one it subscribed (active, visible to members unless
 * the actor is an administrator, offer still released, not in Link mode); for a shared vehicle
 * the span is checked against the owner's grid and zone, and the CREATE line goes to both
 * organisations' logs. A conflict may be another organisation's booking (conflict->org_id). */
enum store_status bookstore_create(const struct actor *a, const struct bookstore_input *in, int64_t *id,
                                enum bk_check *span, struct bookstore_row *conflict);

/* Changes booking id to in (same number): the old version is kept as CHGSTO or CHGDEL and
 * logged so, the new one is logged as CHANGE. The kind follows the old vehicle owner's
 * cancellation period; the new span the new vehicle owner's grid. */
enum store_status bookstore_change(const struct actor *a, int64_t id, const struct bookstore_input *in,
                                enum bk_check *span, struct bookstore_row *conflict);

/* Cancels booking id: DELETE before its cancellation period (the vehicle owner's; the booking
 * is removed), STORNO within it (kept as cancelled and billable). *action tells which. */
enum store_status bookstore_delete(const struct actor *a, int64_t id, const char **action);

/* One line of a booking list; text valid during the callback only. vehicle is the name the
 * booking's organisation knows the vehicle by. */
struct bookstore_brief {
	int64_t id, start, end;
	const char *vehicle, *purpose, *status;
};
typedef void (*bookstore_brief_fn)(void *ctx, const struct bookstore_brief *b);

/* Calls fn for at most limit (> 0) of the actor's own active or cancelled bookings: coming ones
 * (ending after now) by start, or past ones latest first. */
enum store_status bookstore_mine(const struct actor *a, bool coming, int limit, bookstore_brief_fn fn, void *ctx);

/* *end is the end of the active booking of vehicle (the actor's organisation's own, or one it
 * subscribed; any organisation's booking of it) that contains instant t, or 0 when none does. */
enum store_status bookstore_busy_until(const struct actor *a, int64_t vehicle, int64_t t, int64_t *end);

/* The owner's booking page of a Link-mode vehicle the actor's organisation subscribed (active
 * subscription, offer released): ST_OK with the URL as stored in url (size bytes), ST_NOT_FOUND
 * when vehicle is no such vehicle (or its URL does not fit), ST_BUSY, ST_ERROR. */
enum store_status bookstore_link_of(const struct actor *a, int64_t vehicle, char *url, size_t size);

#endif
