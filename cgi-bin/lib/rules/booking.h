/* booking (bk_): the booking rules (overlap, time grid, cancellation period, change kinds, who may change a booking, what others see of it); pure, no I/O. */
#ifndef WB_BOOKING_H
#define WB_BOOKING_H

#include <stdbool.h>
#include <stdint.h>

/* Two spans [s1,e1) and [s2,e2) overlap: a booking ending at 10:00 and one starting at 10:00 do not.
 * An empty span (end <= start) overlaps nothing. */
bool bk_overlaps(int64_t s1, int64_t e1, int64_t s2, int64_t e2);

enum bk_check {
	BK_OK = 0,
	BK_END_NOT_AFTER_START,  /* end <= start */
	BK_OFF_GRID,             /* start or end not on the organisation's grid in local time */
	BK_IN_PAST,              /* a member's new booking starting before the current grid slot */
	BK_TOO_LONG              /* longer than BK_MAX_SPAN */
};

/* Longest booking anyone may make (administrators' "Dauerbuchung" included): 5 years. */
#define BK_MAX_SPAN (5LL * 366 * 24 * 3600)

/* Checks a new span: end after start, both on the grid (grid_minutes of local time in zone tz,
 * i.e. local minutes divisible by grid and seconds zero), not longer than BK_MAX_SPAN, and for
 * members (is_admin false) a start not before the beginning of the grid slot containing now.
 * Administrators may book in the past. "On the grid" counts minutes of the local day, so grids
 * above 60 (e.g. 120) work too. The first failing check is returned, in the order of the enum:
 * END_NOT_AFTER_START, OFF_GRID, IN_PAST, TOO_LONG. grid_minutes must be > 0. */
enum bk_check bk_check_span(const char *tz, int grid_minutes, int64_t start, int64_t end,
                            int64_t now, bool is_admin);

/* The cancellation period of a booking starting at start has begun at now:
 * now >= start - cancel_hours * 3600. */
bool bk_cancel_period_begun(int64_t start, int64_t now, int cancel_hours);

/* Action for deleting a booking: "DELETE" before its cancellation period begins (the booking
 * is removed), "STORNO" once it has begun (kept, cancelled and billable). */
const char *bk_delete_action(int64_t start, int64_t now, int cancel_hours);

/* How the previous version of a changed booking is logged and kept: "CHGSTO" when the old
 * version's cancellation period had begun at now and the new span does not cover the whole old
 * span (the change shortens or moves it, so some booked time becomes billable cancelled time);
 * "CHGDEL" otherwise (before the period, or a pure extension). */
const char *bk_change_kind(int64_t old_start, int64_t old_end, int64_t new_start, int64_t new_end,
                           int64_t now, int cancel_hours);

/* Whether an actor may change or cancel a booking (edit form, change, delete; the booking page
 * shows its buttons by the same answer). In the order checked: */
enum bk_may {
	BK_MAY = 0,
	BK_MAY_NOT_FOREIGN,     /* another organisation's booking of the actor's vehicle: read only */
	BK_MAY_NOT_ACTIVE,      /* already cancelled */
	BK_MAY_NOT_OTHERS,      /* a member's attempt on someone else's booking */
	BK_MAY_NOT_ENDED        /* a member's attempt on a booking that is over (end <= now) */
};

/* Administrators may change every active booking of their organisation; members only their own
 * (mine) while it is not over. foreign: the booking is another organisation's. */
enum bk_may bk_may_change(bool foreign, bool active, bool is_admin, bool mine, int64_t end, int64_t now);

/* Whether trip data (odometer readings) may be entered for a booking: an active booking of the
 * actor's organisation that has ended (end <= now), by its member or an administrator. */
bool bk_may_trip(bool foreign, bool active, bool is_admin, bool mine, int64_t end, int64_t now);

/* What a viewer sees of a booking (calendar grid, booking page, conflict message):
 *   BK_SEE_ALL      - the viewer's organisation's own booking: member, description, purpose, page
 *   BK_SEE_MASTER   - another organisation's booking of the viewer's own (shared) vehicle: that
 *                     organisation's name, the member and the member's description (the contact
 *                     for the handover) and a read-only page; never the purpose
 *   BK_SEE_ORG      - another organisation's booking of a vehicle the viewer subscribed: only that
 *                     organisation's name; no page (404)
 *   BK_SEE_OCCUPIED - the same in Link mode: only "occupied" */
enum bk_sight { BK_SEE_ALL = 0, BK_SEE_MASTER, BK_SEE_ORG, BK_SEE_OCCUPIED };

/* own_booking: the booking is the viewer's organisation's; own_vehicle: the vehicle is;
 * link_mode: the vehicle's offer is in Link mode. */
enum bk_sight bk_visibility(bool own_booking, bool own_vehicle, bool link_mode);

/* What a sight shows: the member (login and description), the purpose, the booking's own page
 * (link and view), the booking organisation's name. */
bool bk_sight_member(enum bk_sight s);
bool bk_sight_purpose(enum bk_sight s);
bool bk_sight_page(enum bk_sight s);
bool bk_sight_org(enum bk_sight s);

#endif
