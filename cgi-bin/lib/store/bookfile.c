/* bookfile (bf_): the rows of the booking file ("Buchungsdatei") — every billable booking version of a period, read from the current billing records in one streamed statement. */
#include "store/bookfile.h"

#include <stddef.h>

#include "store/db.h"

/* Names are today's (vehicle, area, member; a shared vehicle's local name and area); times, km and price are the record's snapshot. km of a
 * tariff without km price is not in the snapshot: it comes from the trip data when there is any.
 * The order comes from the index billing_org_start (schema/006), so no sorter holds the rows. */
static const char bf_sql[] =
    "SELECT b.booking_id, coalesce(m.member_no, ''), coalesce(m.login, ''), coalesce(m.descr, ''),"
    " coalesce(s.local_name, v.name, ''), coalesce(sa.name, a.name, ''), b.start, b.end,"
    " coalesce(b.km, CASE WHEN b.kind = 'normal' THEN (SELECT t.km_end - t.km_start FROM trip t"
    "   WHERE t.booking_id = b.booking_id) END, -1),"
    " b.kind, b.purpose, coalesce(c.login, ''), coalesce(k.created_at, -1), b.price"
    " FROM billing b"
    " LEFT JOIN member m ON m.id = b.member_id"
    " LEFT JOIN vehicle v ON v.id = b.vehicle_id"
    " LEFT JOIN area a ON a.id = v.area_id"
    /* A vehicle shared on the market appears under the subscriber's local name and area. */
    " LEFT JOIN subscription s ON v.org_id <> b.org_id AND s.id = (SELECT max(x.id) FROM subscription x"
    "   WHERE x.org_id = b.org_id AND x.vehicle_id = b.vehicle_id)"
    " LEFT JOIN area sa ON sa.id = s.area_id"
    " LEFT JOIN booking k ON k.id = b.booking_id"
    " LEFT JOIN member c ON c.id = k.created_by"
    " WHERE b.org_id = ? AND b.start >= ? AND b.start < ? AND b.kind <> 'reversal'"
    " AND NOT EXISTS (SELECT 1 FROM billing r WHERE r.reverses = b.id)"
    " ORDER BY b.org_id, b.start, b.id";

int bf_open(struct bf_cursor *c, int64_t org_id, int64_t t0, int64_t t1)
{
	c->st = db_stmt(bf_sql);
	c->rc = SQLITE_DONE;
	if (!c->st)
		return ST_ERROR;
	sqlite3_bind_int64(c->st, 1, org_id);
	sqlite3_bind_int64(c->st, 2, t0);
	sqlite3_bind_int64(c->st, 3, t1);
	c->rc = sqlite3_step(c->st);
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE) {
		sqlite3_reset(c->st);
		return db_result(c->rc, "booking file");
	}
	return ST_OK;
}

bool bf_row(struct bf_cursor *c, struct bf_row *row)
{
	if (!c->st || c->rc != SQLITE_ROW)
		return false;
	sqlite3_stmt *st = c->st;
	row->booking_id = sqlite3_column_int64(st, 0);
	row->member_no = db_text(st, 1);
	row->login = db_text(st, 2);
	row->member_descr = db_text(st, 3);
	row->vehicle = db_text(st, 4);
	row->area = db_text(st, 5);
	row->start = sqlite3_column_int64(st, 6);
	row->end = sqlite3_column_int64(st, 7);
	row->km = sqlite3_column_int64(st, 8);
	row->kind = db_text(st, 9);
	row->purpose = db_text(st, 10);
	row->creator = db_text(st, 11);
	row->created_at = sqlite3_column_int64(st, 12);
	row->price = sqlite3_column_int64(st, 13);
	return true;
}

void bf_next(struct bf_cursor *c)
{
	if (c->st && c->rc == SQLITE_ROW)
		c->rc = sqlite3_step(c->st);
}

int bf_close(struct bf_cursor *c)
{
	if (!c->st)
		return ST_ERROR;
	int rc = c->rc;
	sqlite3_reset(c->st);
	c->st = NULL;
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "booking file");
}

int bf_missing_trips(int64_t org_id, int64_t now, int64_t t0, int64_t t1, int *in_period, int *total)
{
	*in_period = *total = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT coalesce(sum(b.start >= ? AND b.start < ?), 0), count(*)"
	    " FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE b.org_id = ? AND b.end <= ? AND b.status = 'active' AND t.per_km > 0"
	    " AND NOT EXISTS (SELECT 1 FROM trip WHERE booking_id = b.id)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, t0);
	sqlite3_bind_int64(st, 2, t1);
	sqlite3_bind_int64(st, 3, org_id);
	sqlite3_bind_int64(st, 4, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*in_period = sqlite3_column_int(st, 0);
		*total = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "booking file missing trips");
}
