/* splitbill: the master's split billing ("Master-Abrechnung") — other organisations' bookings of its shared vehicles, each with fee, split rate and split fee, and totals per subscriber. */
#include "store/splitbill.h"

#include <stdio.h>
#include <string.h>

#include "store/billing.h"
#include "store/db.h"

int64_t splitbill_split(int64_t fee, int rate)
{
	if (rate < 0)
		rate = 0;
	if (rate > 100)
		rate = 100;
	/* Fees are bounded far below overflow (pricing.c): |fee| * 100 fits easily. */
	if (fee < 0)
		return -((-fee * rate + 50) / 100);
	return (fee * rate + 50) / 100;
}

/* Brings the billing records of every subscriber of the master's vehicles up to date (each in
 * its own immediate transaction), so that the fees below are exactly what each subscriber bills
 * its members: normal, storno and changed-storno versions, corrections included. */
static int update_subscribers(const struct splitbill_query *q)
{
	enum { MAX_SUBSCRIBERS = 512 };
	int64_t orgs[MAX_SUBSCRIBERS];
	int n = 0, rc;
	sqlite3_stmt *st = db_stmt(
	    "SELECT DISTINCT b.org_id FROM vehicle v JOIN booking b ON b.vehicle_id = v.id"
	    " WHERE v.org_id = ?1 AND b.org_id <> ?1 AND (?2 = 0 OR b.org_id = ?2)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, q->master);
	sqlite3_bind_int64(st, 2, q->subscriber);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < MAX_SUBSCRIBERS)
		orgs[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_result(rc, "split billing subscribers");
	for (int i = 0; i < n; i++) {
		int s = billing_update_tx(orgs[i], q->now * 1000, NULL);
		if (s != ST_OK)
			return s;
	}
	return ST_OK;
}

int splitbill_each(const struct splitbill_query *q, sbout_row_fn fn, void *ctx)
{
	int s = update_subscribers(q);
	if (s != ST_OK)
		return s;
	/* The split rate is that of the subscription the booking was made through: the one active when
	 * it was created, else (data entered by hand) the organisation's latest one of the vehicle.
	 * NULL (Link mode) means no split billing. The fee is the sum of the booking's billing records
	 * in the subscriber's books (a booking not billable yet has none and is left out). */
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, b.vehicle_id, b.org_id, so.name, m.member_no, m.login, v.name, b.start, b.end, b.status,"
	    " (SELECT sum(x.price) FROM billing x WHERE x.booking_id = b.id AND x.org_id = b.org_id),"
	    " (SELECT x.split_rate FROM subscription x WHERE x.id = coalesce("
	    "  (SELECT max(s.id) FROM subscription s WHERE s.org_id = b.org_id AND s.vehicle_id = b.vehicle_id"
	    "   AND s.created_at <= b.created_at AND (s.cancelled_at IS NULL OR s.cancelled_at > b.created_at)),"
	    "  (SELECT max(s.id) FROM subscription s WHERE s.org_id = b.org_id AND s.vehicle_id = b.vehicle_id)))"
	    " FROM vehicle v JOIN booking b ON b.vehicle_id = v.id JOIN org so ON so.id = b.org_id"
	    " JOIN member m ON m.id = b.member_id"
	    " WHERE v.org_id = ?1 AND b.org_id <> ?1 AND b.start >= ?2 AND b.start < ?3"
	    " AND (?4 = 0 OR b.vehicle_id = ?4) AND (?5 = 0 OR b.org_id = ?5)"
	    " AND b.status IN ('active', 'storno', 'deleted')"
	    " ORDER BY so.name, b.org_id, b.start, b.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, q->master);
	sqlite3_bind_int64(st, 2, q->from);
	sqlite3_bind_int64(st, 3, q->to);
	sqlite3_bind_int64(st, 4, q->vehicle);
	sqlite3_bind_int64(st, 5, q->subscriber);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 10) == SQLITE_NULL || sqlite3_column_type(st, 11) == SQLITE_NULL)
			continue;
		struct sbout_row row;
		memset(&row, 0, sizeof row);
		row.booking_id = sqlite3_column_int64(st, 0);
		row.vehicle_id = sqlite3_column_int64(st, 1);
		row.subscriber = sqlite3_column_int64(st, 2);
		snprintf(row.subscriber_name, sizeof row.subscriber_name, "%s", db_text(st, 3));
		snprintf(row.member_no, sizeof row.member_no, "%s", db_text(st, 4));
		snprintf(row.login, sizeof row.login, "%s", db_text(st, 5));
		snprintf(row.vehicle, sizeof row.vehicle, "%s", db_text(st, 6));
		row.start = sqlite3_column_int64(st, 7);
		row.end = sqlite3_column_int64(st, 8);
		row.storno = strcmp(db_text(st, 9), "active") != 0;
		row.fee = sqlite3_column_int64(st, 10);
		row.rate = sqlite3_column_int(st, 11);
		row.split_fee = splitbill_split(row.fee, row.rate);
		ret = fn(ctx, &row);
		if (ret)
			break;
	}
	sqlite3_reset(st);
	if (ret)
		return ret;
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "split billing");
}

