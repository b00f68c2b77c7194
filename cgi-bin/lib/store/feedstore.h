/* feedstore: calendar feeds — a member's own bookings or an administrator's vehicle, behind a secret token stored as SHA-256, read as a window of events. */
#ifndef WB_FEEDSTORE_H
#define WB_FEEDSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#include "store/tokens.h"

#define FEEDSTORE_PAST_DAYS     90
#define FEEDSTORE_FUTURE_DAYS   365
#define FEEDSTORE_CANCELLED_DAYS 30

/* Results (enum store_status): ST_OK; ST_NOT_FOUND (unknown, revoked token; a locked member; a
 * vehicle feed whose administrator is no longer one; another organisation's vehicle); ST_BUSY;
 * ST_ERROR. */

/* Whose feed a token opens. */
struct feedstore_owner {
	int64_t org_id, member_id, vehicle_id;  /* vehicle_id 0: the member's own bookings */
	char name[128];                          /* the member's login or the vehicle's name */
	char tz[64];
	int64_t created_at;
};

/* Enables (or regenerates) the actor's own feed: older tokens stop working, the new secret is
 * written as hex into hex (TOKENS_HEX bytes; shown once, never stored). With an action-log line. */
enum store_status feedstore_member_enable(const struct actor *a, char *hex);

/* Revokes the actor's own feed. */
enum store_status feedstore_member_revoke(const struct actor *a);

/* When the actor's feed was enabled (0: it is off). */
int64_t feedstore_member_since(const struct actor *a);

/* The same for a vehicle of the actor's organisation (administrators; ST_NOT_FOUND for another
 * organisation's vehicle). */
enum store_status feedstore_vehicle_enable(const struct actor *a, int64_t vehicle_id, char *hex);
enum store_status feedstore_vehicle_revoke(const struct actor *a, int64_t vehicle_id);

/* The vehicles of the actor's organisation with the time their feed was enabled (0: off). */
struct feedstore_vehicle {
	int64_t id, since;
	char name[128];
};
int feedstore_vehicles(const struct actor *a, struct feedstore_vehicle *out, int max);

/* Resolves a feed token: ST_OK with *out, ST_NOT_FOUND otherwise. */
enum store_status feedstore_resolve(const char *hex, int64_t now, struct feedstore_owner *out);

/* The data version of every feed (ETag): changes whenever a booking, vehicle or member does. */
int64_t feedstore_version(void);

/* One event of a feed. */
struct feedstore_event {
	int64_t booking_id, created_at, start, end, changed_at;
	int seq;
	bool cancelled;
	char vehicle[128], member[64], purpose[1024], org_name[128];
	bool foreign;        /* another organisation's booking of the owner's vehicle: no names */
};

/* The events of owner's feed at now: bookings ending after now - 90 days and starting before
 * now + 365 days; cancelled ones (STORNO, or DELETE) for 30 days after the cancellation. Only what
 * the owner sees in the calendar: a member's own bookings; a vehicle's bookings with names only
 * for the vehicle's own organisation. Cursor in the bf_* shape. */
struct feedstore_cursor;
struct feedstore_cursor *feedstore_open(const struct feedstore_owner *owner, int64_t now);
bool feedstore_row(struct feedstore_cursor *c, struct feedstore_event *out);
void feedstore_close(struct feedstore_cursor *c);

/* The latest change among owner's events (Last-Modified): the newest changed_at, at least the
 * token's creation. */
int64_t feedstore_last_modified(const struct feedstore_owner *owner, int64_t now);

#endif
