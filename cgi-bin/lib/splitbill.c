/* splitbill: the master's split billing ("Master-Abrechnung") — other organisations' bookings of its shared vehicles, each with fee, split rate and split fee, and totals per subscriber. */
#include "splitbill.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "pricing.h"

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

int splitbill_each(const struct sb_query *q, sb_row_fn fn, void *ctx)
{
	/* The split rate is that of the subscription the booking was made through: the one active when
	 * it was created, else (data entered by hand) the organisation's latest one of the vehicle.
	 * NULL (Link mode) means no split billing. */
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, b.vehicle_id, b.org_id, so.name, m.member_no, m.login, v.name, b.start, b.end, b.status,"
	    " coalesce(t.per_hour, 0), coalesce(t.max_24h, -1), coalesce(t.per_km, 0), mo.storno_share_pct,"
	    " tr.km_end - tr.km_start, tr.booking_id IS NOT NULL,"
	    " (SELECT x.split_rate FROM subscription x WHERE x.id = coalesce("
	    "  (SELECT max(s.id) FROM subscription s WHERE s.org_id = b.org_id AND s.vehicle_id = b.vehicle_id"
	    "   AND s.created_at <= b.created_at AND (s.cancelled_at IS NULL OR s.cancelled_at > b.created_at)),"
	    "  (SELECT max(s.id) FROM subscription s WHERE s.org_id = b.org_id AND s.vehicle_id = b.vehicle_id)))"
	    " FROM vehicle v JOIN booking b ON b.vehicle_id = v.id JOIN org so ON so.id = b.org_id"
	    " JOIN member m ON m.id = b.member_id JOIN org mo ON mo.id = v.org_id"
	    " LEFT JOIN tariff t ON t.id = v.tariff_id LEFT JOIN trip tr ON tr.booking_id = b.id"
	    " WHERE v.org_id = ?1 AND b.org_id <> ?1 AND b.start >= ?2 AND b.start < ?3"
	    " AND (?4 = 0 OR b.vehicle_id = ?4) AND (?5 = 0 OR b.org_id = ?5) AND b.status IN ('active', 'storno')"
	    " ORDER BY so.name, b.org_id, b.start, b.id");
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, q->master);
	sqlite3_bind_int64(st, 2, q->from);
	sqlite3_bind_int64(st, 3, q->to);
	sqlite3_bind_int64(st, 4, q->vehicle);
	sqlite3_bind_int64(st, 5, q->subscriber);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 16) == SQLITE_NULL)
			continue;
		struct sb_row row;
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
		row.storno = strcmp(db_text(st, 9), "storno") == 0;
		struct tariff t = {
			.per_hour = sqlite3_column_int64(st, 10),
			.max_24h = sqlite3_column_int64(st, 11),
			.per_km = sqlite3_column_int64(st, 12),
		};
		int share = sqlite3_column_int(st, 13);
		bool trip = sqlite3_column_int(st, 15) != 0;
		if (row.storno) {
			row.fee = pricing_storno(&t, row.start, row.end, share);
		} else {
			/* Priced once it is over, and with a km price only once its readings are in. */
			if (row.end > q->now || (t.per_km > 0 && !trip))
				continue;
			row.fee = pricing_booking(&t, row.start, row.end, t.per_km > 0 ? sqlite3_column_int64(st, 14) : 0);
		}
		row.rate = sqlite3_column_int(st, 16);
		row.split_fee = splitbill_split(row.fee, row.rate);
		ret = fn(ctx, &row);
		if (ret)
			break;
	}
	sqlite3_reset(st);
	if (ret)
		return ret;
	return rc == SQLITE_DONE ? DB_OK : db_result(rc, "split billing");
}

void splitbill_add(struct sb_total *t, int max, int *n, struct sb_total *all, const struct sb_row *row)
{
	all->bookings++;
	all->fee += row->fee;
	all->split_fee += row->split_fee;
	struct sb_total *cur = *n > 0 ? &t[*n - 1] : NULL;
	if (!cur || cur->subscriber != row->subscriber) {
		if (*n >= max)
			return;
		cur = &t[(*n)++];
		memset(cur, 0, sizeof *cur);
		cur->subscriber = row->subscriber;
		snprintf(cur->subscriber_name, sizeof cur->subscriber_name, "%s", row->subscriber_name);
	}
	cur->bookings++;
	cur->fee += row->fee;
	cur->split_fee += row->split_fee;
}
