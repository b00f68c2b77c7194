/* booking (bk_): decides the booking rules (overlap, time grid, past, length, cancellation period, change kinds) without I/O. */
#include "rules/booking.h"

#include <assert.h>
#include <stdint.h>

#include "base/timeutil.h"

/* True when the half-open spans share at least one second; touching spans and empty spans
 * (end <= start) overlap nothing. */
bool bk_overlaps(int64_t s1, int64_t e1, int64_t s2, int64_t e2)
{
	int64_t lo = s1 > s2 ? s1 : s2;
	int64_t hi = e1 < e2 ? e1 : e2;
	return lo < hi;
}

/* Seconds since the start of the grid slot that contains utc, in local time of tz. */
static int64_t into_slot(const char *tz, int grid_minutes, int64_t utc)
{
	struct tu_tm t;
	tu_to_local(tz, utc, &t);
	int minute_of_day = t.hour * 60 + t.min;
	return (int64_t)(minute_of_day % grid_minutes) * 60 + t.sec;
}

/* Checks a new span in the order of enum bk_check (end after start, grid, past, length); see
 * booking.h. grid_minutes must be positive (a non-positive grid is treated as 1 minute). */
enum bk_check bk_check_span(const char *tz, int grid_minutes, int64_t start, int64_t end,
                            int64_t now, bool is_admin)
{
	assert(grid_minutes > 0);
	if (grid_minutes <= 0)
		grid_minutes = 1;
	if (end <= start)
		return BK_END_NOT_AFTER_START;
	if (into_slot(tz, grid_minutes, start) != 0 || into_slot(tz, grid_minutes, end) != 0)
		return BK_OFF_GRID;
	if (!is_admin && start < now - into_slot(tz, grid_minutes, now))
		return BK_IN_PAST;
	/* end > start, so the unsigned difference is exact even where the signed one overflows. */
	if ((uint64_t)end - (uint64_t)start > (uint64_t)BK_MAX_SPAN)
		return BK_TOO_LONG;
	return BK_OK;
}

/* True once now has reached cancel_hours (>= 0) before start. */
bool bk_cancel_period_begun(int64_t start, int64_t now, int cancel_hours)
{
	assert(cancel_hours >= 0);
	int64_t begin;
	if (__builtin_sub_overflow(start, (int64_t)cancel_hours * 3600, &begin))
		return cancel_hours >= 0; /* the period began before any representable time */
	return now >= begin;
}

/* "DELETE" before the cancellation period of the booking begins, "STORNO" from then on. */
const char *bk_delete_action(int64_t start, int64_t now, int cancel_hours)
{
	return bk_cancel_period_begun(start, now, cancel_hours) ? "STORNO" : "DELETE";
}

/* "CHGSTO" when the old version's cancellation period had begun at now and the new span gives
 * up some of the old span; "CHGDEL" otherwise. */
const char *bk_change_kind(int64_t old_start, int64_t old_end, int64_t new_start, int64_t new_end,
                           int64_t now, int cancel_hours)
{
	bool covers = new_start <= old_start && new_end >= old_end;
	if (bk_cancel_period_begun(old_start, now, cancel_hours) && !covers)
		return "CHGSTO";
	return "CHGDEL";
}

/* The checks of enum bk_may, in its order. */
enum bk_may bk_may_change(bool foreign, bool active, bool is_admin, bool mine, int64_t end, int64_t now)
{
	if (foreign)
		return BK_MAY_NOT_FOREIGN;
	if (!active)
		return BK_MAY_NOT_ACTIVE;
	if (is_admin)
		return BK_MAY;
	if (!mine)
		return BK_MAY_NOT_OTHERS;
	if (end <= now)
		return BK_MAY_NOT_ENDED;
	return BK_MAY;
}

/* An ended, active booking of the actor's organisation, by its member or an administrator. */
bool bk_may_trip(bool foreign, bool active, bool is_admin, bool mine, int64_t end, int64_t now)
{
	return !foreign && active && end <= now && (mine || is_admin);
}

/* Own bookings in full; the master sees who has its vehicle; subscribers only the organisation. */
enum bk_sight bk_visibility(bool own_booking, bool own_vehicle, bool link_mode)
{
	if (own_booking)
		return BK_SEE_ALL;
	if (own_vehicle)
		return BK_SEE_MASTER;
	return link_mode ? BK_SEE_OCCUPIED : BK_SEE_ORG;
}

bool bk_sight_member(enum bk_sight s)
{
	return s == BK_SEE_ALL || s == BK_SEE_MASTER;
}

bool bk_sight_purpose(enum bk_sight s)
{
	return s == BK_SEE_ALL;
}

bool bk_sight_page(enum bk_sight s)
{
	return s == BK_SEE_ALL || s == BK_SEE_MASTER;
}

bool bk_sight_org(enum bk_sight s)
{
	return s == BK_SEE_MASTER || s == BK_SEE_ORG;
}
