/* bookstore: bookings in the database — create, change, delete and view, each one immediate transaction with its action-log lines. */
#ifndef WB_BOOKSTORE_H
#define WB_BOOKSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "booking.h"

/* Who acts, in which organisation, under which rules. */
struct actor {
	int64_t member_id;
	int64_t org_id;
	const char *login;
	bool is_admin;
	const char *tz;
	int cancel_hours;
	int grid_minutes;
	int64_t now;
};

/* One booking as shown and logged. */
struct booking_row {
	int64_t id, vehicle_id, member_id, area_id, start, end, created_by, created_at;
	char status[8];
	char vehicle[128], vehicle_descr[64];
	char member[64], member_descr[256], creator[64];
	char purpose[1024];
};

/* What a booking form submits (already validated as input). member_id 0 means the actor. */
struct booking_input {
	int64_t vehicle_id, member_id, start, end;
	const char *purpose;
};

enum bs_result {
	BS_OK = 0,
	BS_SPAN,            /* the span breaks a rule: see *span */
	BS_BAD_VEHICLE,     /* no such vehicle in the actor's organisation */
	BS_BAD_MEMBER,      /* no such member in the actor's organisation, or a member booking for someone else */
	BS_CONFLICT,        /* overlaps an active booking: see *conflict */
	BS_NOT_FOUND,       /* no such booking in the actor's organisation */
	BS_FORBIDDEN,       /* a member's attempt on someone else's booking */
	BS_NOT_ACTIVE,      /* already cancelled */
	BS_ENDED,           /* a member's attempt to change or delete a booking that is over */
	BS_BUSY,            /* database locked: 503 */
	BS_ERROR            /* anything else: 500 */
};

/* Loads booking id of the actor's organisation. BS_OK, BS_NOT_FOUND, BS_ERROR. */
enum bs_result bookstore_load(const struct actor *a, int64_t id, struct booking_row *out);

/* Loads booking id and writes a VIEW (view page) or EDIT (edit form) line in one transaction.
 * EDIT is refused like a change would be (BS_FORBIDDEN, BS_NOT_ACTIVE, BS_ENDED). */
enum bs_result bookstore_open(const struct actor *a, int64_t id, const char *action, struct booking_row *out);

/* Creates a booking: span rules, vehicle and member of the organisation, no overlap, insert and
 * CREATE line, all in one immediate transaction. On BS_OK *id is the new booking's number. */
enum bs_result bookstore_create(const struct actor *a, const struct booking_input *in, int64_t *id,
                                enum bk_check *span, struct booking_row *conflict);

/* Changes booking id to in (same number): the old version is kept as CHGSTO or CHGDEL and
 * logged so, the new one is logged as CHANGE. */
enum bs_result bookstore_change(const struct actor *a, int64_t id, const struct booking_input *in,
                                enum bk_check *span, struct booking_row *conflict);

/* Cancels booking id: DELETE before its cancellation period (the booking is removed), STORNO
 * within it (kept as cancelled and billable). *action tells which. */
enum bs_result bookstore_delete(const struct actor *a, int64_t id, const char **action);

#endif
