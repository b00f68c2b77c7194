/* calstore (cal_): the calendar's reads — an organisation's areas, the grid's vehicles and bookings of an area and window as one streamed cursor, and the booking form's choices. */
#include "store/calstore.h"

#include <assert.h>
#include <string.h>

#include "base/utf8.h"
#include "store/db.h"

enum store_status cal_areas(int64_t org_id, cal_area_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name FROM area WHERE org_id = ? AND sort <= 90 ORDER BY sort, name, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc;
	struct cal_area a;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a.id = sqlite3_column_int64(st, 0);
		utf8_copy(a.name, sizeof a.name, db_text(st, 1));
		a.hidden = false;
		fn(ctx, &a);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "calendar areas");
}

enum store_status cal_area_get(int64_t org_id, int64_t id, struct cal_area *out)
{
	sqlite3_stmt *st = db_stmt("SELECT name, sort FROM area WHERE id = ? AND org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = id;
		utf8_copy(out->name, sizeof out->name, db_text(st, 0));
		out->hidden = sqlite3_column_int(st, 1) > CAL_AREA_HIDDEN_ABOVE;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "calendar area");
}

/* The grid's statements (calstore.h). Parameters: ?1 area, ?2 organisation, ?3 and ?4 the
 * window's start and end.
 *
 * A vehicle's bookings are read by end time from the window's start up to the first active booking
 * that ends at or after the window's end: active bookings of one vehicle never overlap (bookstore
 * checks it in the inserting transaction), so none after that one can reach into the window, and
 * the many bookings further in the future are never read. For the same reason end order is start
 * order. booking_vehicle_time covers every booking column read (schema/007). */
#define GRID_BOOKING_COLS \
	"SELECT b.vehicle_id, b.id, b.start, b.end, b.member_id, m.login, m.descr, b.purpose, b.org_id," \
	" CASE WHEN b.org_id = ?2 THEN '' ELSE (SELECT name FROM org WHERE id = b.org_id) END"
#define GRID_BOOKING_WINDOW(vid) \
	" JOIN booking b ON b.vehicle_id = " vid " JOIN member m ON m.id = b.member_id" \
	" WHERE b.end > ?3 AND b.end <= coalesce((SELECT min(x.end) FROM booking x" \
	"   WHERE x.vehicle_id = " vid " AND x.end >= ?4 AND x.status = 'active'), 9223372036854775807)" \
	" AND b.start < ?4 AND b.status = 'active'"
#define GRID_SHARED_FROM \
	" FROM subscription s JOIN offer o ON o.vehicle_id = s.vehicle_id JOIN vehicle v ON v.id = s.vehicle_id"
#define GRID_SHARED_WHERE \
	" s.area_id = ?1 AND s.org_id = ?2 AND s.cancelled_at IS NULL AND s.visible = 1" \
	" AND o.portal IS NOT NULL AND v.org_id <> ?2"

/* Prepares the part's two statements and steps the bookings to their first row. */
static enum store_status part_open(struct cal_grid *g)
{
	if (g->part == 0) {
		g->vs = db_stmt("SELECT id, name, descr, 0, '' FROM vehicle WHERE area_id = ?1 AND org_id = ?2"
		                " ORDER BY sort, name, id");
		g->bs = db_stmt(GRID_BOOKING_COLS " FROM vehicle v" GRID_BOOKING_WINDOW("v.id")
		                " AND v.area_id = ?1 AND v.org_id = ?2 ORDER BY v.sort, v.name, v.id, b.end");
	} else {
		g->vs = db_stmt("SELECT s.vehicle_id, s.local_name, s.local_descr, o.link_mode, o.link_url" GRID_SHARED_FROM
		                " WHERE" GRID_SHARED_WHERE " ORDER BY s.local_name, s.vehicle_id");
		g->bs = db_stmt(GRID_BOOKING_COLS GRID_SHARED_FROM GRID_BOOKING_WINDOW("s.vehicle_id")
		                " AND" GRID_SHARED_WHERE " ORDER BY s.local_name, s.vehicle_id, b.end");
	}
	if (!g->vs || !g->bs) {
		g->vs = g->bs = NULL;
		return ST_ERROR;
	}
	sqlite3_bind_int64(g->vs, 1, g->area);
	sqlite3_bind_int64(g->vs, 2, g->org);
	sqlite3_bind_int64(g->bs, 1, g->area);
	sqlite3_bind_int64(g->bs, 2, g->org);
	sqlite3_bind_int64(g->bs, 3, g->t0);
	sqlite3_bind_int64(g->bs, 4, g->t1);
	g->brc = sqlite3_step(g->bs);
	g->vehicle = 0;
	if (g->brc != SQLITE_ROW && g->brc != SQLITE_DONE)
		return db_result(g->brc, "calendar bookings");
	return ST_OK;
}

/* Resets the part's statements. */
static void part_close(struct cal_grid *g)
{
	if (g->vs)
		sqlite3_reset(g->vs);
	if (g->bs)
		sqlite3_reset(g->bs);
	g->vs = g->bs = NULL;
}

enum store_status cal_open(struct cal_grid *g, int64_t org_id, int64_t area, int64_t t0, int64_t t1)
{
	assert(t0 < t1);
	memset(g, 0, sizeof *g);
	g->area = area;
	g->org = org_id;
	g->t0 = t0;
	g->t1 = t1;
	g->status = part_open(g);
	if (g->status != ST_OK) {
		part_close(g);
		g->part = 2;
	}
	return g->status;
}

enum cal_step cal_next(struct cal_grid *g, struct cal_row *row)
{
	while (g->part < 2 && g->status == ST_OK) {
		sqlite3_stmt *bs = g->bs, *vs = g->vs;
		/* The last vehicle's next booking, if any. */
		if (g->vehicle && g->brc == SQLITE_ROW && sqlite3_column_int64(bs, 0) == g->vehicle) {
			struct cal_booking *b = &row->b;
			b->vehicle_id = g->vehicle;
			b->id = sqlite3_column_int64(bs, 1);
			b->start = sqlite3_column_int64(bs, 2);
			b->end = sqlite3_column_int64(bs, 3);
			b->member_id = sqlite3_column_int64(bs, 4);
			b->login = db_text(bs, 5);
			b->member_descr = db_text(bs, 6);
			b->purpose = db_text(bs, 7);
			b->org_id = sqlite3_column_int64(bs, 8);
			b->org_name = db_text(bs, 9);
			/* The text above stays valid until bs steps again: step lazily, on the next call. */
			g->brc = -1;
			return CAL_BOOKING;
		}
		if (g->brc == -1) {
			g->brc = sqlite3_step(bs);
			if (g->brc != SQLITE_ROW && g->brc != SQLITE_DONE) {
				g->status = db_result(g->brc, "calendar bookings");
				break;
			}
			continue;
		}
		int rc = sqlite3_step(vs);
		if (rc == SQLITE_ROW) {
			struct cal_vehicle *v = &row->v;
			g->vehicle = v->id = sqlite3_column_int64(vs, 0);
			v->name = db_text(vs, 1);
			v->descr = db_text(vs, 2);
			v->link_mode = sqlite3_column_int(vs, 3) != 0;
			v->link_url = db_text(vs, 4);
			v->own = g->part == 0;
			return CAL_VEHICLE;
		}
		if (rc != SQLITE_DONE) {
			g->status = db_result(rc, "calendar vehicles");
			break;
		}
		part_close(g);
		if (++g->part < 2)
			g->status = part_open(g);
	}
	return CAL_END;
}

enum store_status cal_close(struct cal_grid *g)
{
	part_close(g);
	g->part = 2;
	return g->status;
}

enum store_status cal_vehicle_choices(int64_t org_id, bool is_admin, cal_choice_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, name, descr, area, hidden FROM ("
	    " SELECT v.id, v.name, v.descr, a.name AS area, a.sort > 90 AS hidden, a.sort AS k0, v.sort AS k1, v.name AS k2"
	    " FROM vehicle v JOIN area a ON a.id = v.area_id WHERE v.org_id = ?1 AND (a.sort <= 90 OR ?2)"
	    " UNION ALL"
	    " SELECT s.vehicle_id, s.local_name, s.local_descr, a.name, a.sort > 90 OR s.visible = 0, a.sort, 2147483647, s.local_name"
	    " FROM subscription s JOIN area a ON a.id = s.area_id JOIN offer o ON o.vehicle_id = s.vehicle_id"
	    " JOIN vehicle v ON v.id = s.vehicle_id"
	    " WHERE s.org_id = ?1 AND s.cancelled_at IS NULL AND o.portal IS NOT NULL AND o.link_mode = 0"
	    " AND v.org_id <> ?1 AND ((a.sort <= 90 AND s.visible = 1) OR ?2))"
	    " ORDER BY k0, area, k1, k2, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, is_admin);
	int rc;
	struct cal_choice c;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.id = sqlite3_column_int64(st, 0);
		c.name = db_text(st, 1);
		c.descr = db_text(st, 2);
		c.area = db_text(st, 3);
		c.hidden = sqlite3_column_int(st, 4) != 0;
		fn(ctx, &c);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "vehicle choices");
}

enum store_status cal_member_choices(int64_t org_id, cal_member_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT id, login, descr FROM member WHERE org_id = ? ORDER BY login");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc;
	struct cal_member m;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m.id = sqlite3_column_int64(st, 0);
		m.login = db_text(st, 1);
		m.descr = db_text(st, 2);
		fn(ctx, &m);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "member choices");
}

int64_t cal_generation(void)
{
	return db_generation();
}
