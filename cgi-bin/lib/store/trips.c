/* trips: odometer readings of ended bookings — loading, checked saving, and the list of bookings still lacking them. */
#include "store/trips.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "store/db.h"

#define KM_MAX 100000000

/* Reading of the vehicle's latest trip of a booking starting before start, or -1. */
static int last_reading(int64_t vehicle, int64_t start, int64_t except, int64_t *last)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT km_end FROM trip WHERE vehicle_id = ? AND start < ? AND booking_id <> ? ORDER BY start DESC LIMIT 1");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, vehicle);
	sqlite3_bind_int64(st, 2, start);
	sqlite3_bind_int64(st, 3, except);
	int rc = sqlite3_step(st);
	*last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "trip last reading");
}

/* Rolls back and passes the database failure (ST_BUSY or ST_ERROR) on. */
static enum store_status fail(enum store_status dbs)
{
	db_rollback();
	assert(dbs == ST_BUSY || dbs == ST_ERROR);
	return dbs;
}

/* Loads booking and trip; checks that the actor may see it. */
static enum store_status load(const struct actor *a, int64_t id, struct trips_info *out)
{
	memset(out, 0, sizeof out[0]);
	out->last = -1;
	enum store_status r = bookstore_load(a, id, &out->booking);
	if (r == ST_NOT_FOUND) {
		/* bookstore_load skips deleted bookings; those have no trip anyway. */
		return ST_NOT_FOUND;
	}
	if (r != ST_OK)
		return r;   /* bookstore_load answers only ST_BUSY or ST_ERROR besides */
	if (!a->is_admin && out->booking.member_id != a->member_id)
		return ST_FORBIDDEN;
	sqlite3_stmt *st = db_stmt("SELECT km_start, km_end, entered_by, entered_at FROM trip WHERE booking_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->present = true;
		out->km_start = sqlite3_column_int64(st, 0);
		out->km_end = sqlite3_column_int64(st, 1);
		out->entered_by = sqlite3_column_int64(st, 2);
		out->entered_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_result(rc, "trip load");
	return last_reading(out->booking.vehicle_id, out->booking.start, id, &out->last);
}

enum store_status trips_may_enter(const struct actor *a, const struct bookstore_row *b)
{
	bool active = strcmp(b->status, "active") == 0, mine = b->member_id == a->member_id;
	if (bk_may_trip(b->foreign, active, a->is_admin, mine, b->end, a->now))
		return ST_OK;
	if (b->foreign || (!mine && !a->is_admin))
		return ST_FORBIDDEN;
	return !active ? ST_NOT_ACTIVE : ST_NOT_ENDED;
}

enum store_status trips_load(const struct actor *a, int64_t booking_id, struct trips_info *out)
{
	return load(a, booking_id, out);
}

enum store_status trips_save(const struct actor *a, int64_t booking_id, int64_t km_start, int64_t km_end, int64_t *last)
{
	*last = -1;
	if (km_start < 0 || km_end < 0 || km_start > KM_MAX || km_end > KM_MAX)
		return ST_RANGE;
	int dbs = db_begin();
	if (dbs != ST_OK)
		return fail(dbs);
	struct trips_info t;
	enum store_status r = load(a, booking_id, &t);
	if (r == ST_OK)
		r = trips_may_enter(a, &t.booking);
	if (r == ST_OK && km_end < km_start)
		r = ST_END_BELOW_START;
	if (r == ST_OK && t.last >= 0 && km_end < t.last) {
		*last = t.last;
		r = ST_BELOW_LAST;
	}
	if (r != ST_OK) {
		db_rollback();
		return r;
	}
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO trip (booking_id, org_id, vehicle_id, start, km_start, km_end, entered_by, entered_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (booking_id) DO UPDATE SET vehicle_id = excluded.vehicle_id,"
	    " start = excluded.start, km_start = excluded.km_start, km_end = excluded.km_end,"
	    " entered_by = excluded.entered_by, entered_at = excluded.entered_at"
	    " WHERE km_start <> excluded.km_start OR km_end <> excluded.km_end");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, booking_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, t.booking.vehicle_id);
	sqlite3_bind_int64(st, 4, t.booking.start);
	sqlite3_bind_int64(st, 5, km_start);
	sqlite3_bind_int64(st, 6, km_end);
	sqlite3_bind_int64(st, 7, a->member_id);
	sqlite3_bind_int64(st, 8, a->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(db_result(rc, "trip save"));
	dbs = db_commit();
	return dbs == ST_OK ? ST_OK : fail(dbs);
}

int trips_missing(int64_t org_id, int64_t now, int limit, trips_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, b.vehicle_id, b.member_id, b.start, b.end, coalesce(s.local_name, v.name), m.login, m.descr"
	    " FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN tariff t ON t.id = v.tariff_id"
	    " JOIN member m ON m.id = b.member_id LEFT JOIN subscription s ON s.org_id = b.org_id"
	    " AND s.vehicle_id = b.vehicle_id AND s.cancelled_at IS NULL AND v.org_id <> b.org_id"
	    " WHERE b.org_id = ? AND b.end <= ? AND b.status = 'active' AND t.per_km > 0"
	    " AND NOT EXISTS (SELECT 1 FROM trip WHERE booking_id = b.id) ORDER BY b.end DESC LIMIT ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, limit);
	int rc;
	struct bookstore_row b;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&b, 0, sizeof b);
		b.id = sqlite3_column_int64(st, 0);
		b.vehicle_id = sqlite3_column_int64(st, 1);
		b.member_id = sqlite3_column_int64(st, 2);
		b.start = sqlite3_column_int64(st, 3);
		b.end = sqlite3_column_int64(st, 4);
		snprintf(b.status, sizeof b.status, "active");
		utf8_copy(b.vehicle, sizeof b.vehicle, db_text(st, 5));
		utf8_copy(b.member, sizeof b.member, db_text(st, 6));
		utf8_copy(b.member_descr, sizeof b.member_descr, db_text(st, 7));
		fn(ctx, &b);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "trips missing");
}
