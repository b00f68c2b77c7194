/* bookstore: bookings in the database — create, change, delete and view, each one immediate transaction with its action-log lines. */
#include "bookstore.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "actionlog.h"
#include "db.h"
#include "logbook.h"

#define BOOKING_SELECT \
	"SELECT b.id, b.vehicle_id, b.member_id, v.area_id, b.start, b.end, b.created_by, b.created_at," \
	" b.status, v.name, v.descr, m.login, m.descr, c.login, b.purpose" \
	" FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN member m ON m.id = b.member_id" \
	" JOIN member c ON c.id = b.created_by"

/* Maps a database status to a bookstore result, rolling back the transaction. */
static enum bs_result db_fail(int db_status)
{
	db_rollback();
	return db_status == DB_BUSY ? BS_BUSY : BS_ERROR;
}

/* Copies the current row of a BOOKING_SELECT statement. */
static void read_row(sqlite3_stmt *st, struct booking_row *b)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	b->vehicle_id = sqlite3_column_int64(st, 1);
	b->member_id = sqlite3_column_int64(st, 2);
	b->area_id = sqlite3_column_int64(st, 3);
	b->start = sqlite3_column_int64(st, 4);
	b->end = sqlite3_column_int64(st, 5);
	b->created_by = sqlite3_column_int64(st, 6);
	b->created_at = sqlite3_column_int64(st, 7);
	snprintf(b->status, sizeof b->status, "%s", db_text(st, 8));
	snprintf(b->vehicle, sizeof b->vehicle, "%s", db_text(st, 9));
	snprintf(b->vehicle_descr, sizeof b->vehicle_descr, "%s", db_text(st, 10));
	snprintf(b->member, sizeof b->member, "%s", db_text(st, 11));
	snprintf(b->member_descr, sizeof b->member_descr, "%s", db_text(st, 12));
	snprintf(b->creator, sizeof b->creator, "%s", db_text(st, 13));
	snprintf(b->purpose, sizeof b->purpose, "%s", db_text(st, 14));
}

/* Loads a booking that is not deleted; BS_OK, BS_NOT_FOUND, or a database failure (not rolled back). */
static enum bs_result load(const struct actor *a, int64_t id, struct booking_row *out, int *dbs)
{
	sqlite3_stmt *st = db_stmt(BOOKING_SELECT " WHERE b.id = ? AND b.org_id = ? AND b.status <> 'deleted'");
	*dbs = DB_OK;
	if (!st) {
		*dbs = DB_ERROR;
		return BS_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return BS_OK;
	if (rc == SQLITE_DONE)
		return BS_NOT_FOUND;
	*dbs = db_result(rc, "booking load");
	return *dbs == DB_BUSY ? BS_BUSY : BS_ERROR;
}

enum bs_result bookstore_load(const struct actor *a, int64_t id, struct booking_row *out)
{
	int dbs;
	return load(a, id, out, &dbs);
}

/* Writes the action-log line for one version of a booking. */
static int log_booking(const struct actor *a, const char *action, const struct booking_row *b)
{
	char line[AL_LINE_MAX];
	struct al_booking ab = {
		.id = b->id, .vehicle = b->vehicle, .start = b->start, .end = b->end,
		.member = b->member, .creator = b->creator, .created_at = b->created_at,
		.purpose = b->purpose,
	};
	al_format_booking(line, a->tz, a->now, a->login, action, &ab);
	return logbook_append(a->org_id, a->now, line);
}

/* A member may change or cancel only their own bookings, and only while they are not over. */
static enum bs_result may_change(const struct actor *a, const struct booking_row *b)
{
	if (strcmp(b->status, "active") != 0)
		return BS_NOT_ACTIVE;
	if (a->is_admin)
		return BS_OK;
	if (b->member_id != a->member_id)
		return BS_FORBIDDEN;
	if (b->end <= a->now)
		return BS_ENDED;
	return BS_OK;
}

enum bs_result bookstore_open(const struct actor *a, int64_t id, const char *action, struct booking_row *out)
{
	int s = db_begin();
	if (s != DB_OK)
		return db_fail(s);
	enum bs_result r = load(a, id, out, &s);
	if (r == BS_OK && strcmp(action, "EDIT") == 0)
		r = may_change(a, out);
	if (r != BS_OK) {
		db_rollback();
		return r;
	}
	s = log_booking(a, action, out);
	if (s == DB_OK)
		s = db_commit();
	return s == DB_OK ? BS_OK : db_fail(s);
}

/* Fills the vehicle's and member's names into b; checks that both belong to the organisation
 * (and, for members, that the vehicle is not in a hidden area). */
static enum bs_result check_parties(const struct actor *a, struct booking_row *b, int *dbs)
{
	*dbs = DB_OK;
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.name, v.descr, v.area_id, a.sort FROM vehicle v JOIN area a ON a.id = v.area_id"
	    " WHERE v.id = ? AND v.org_id = ?");
	if (!st) {
		*dbs = DB_ERROR;
		return BS_ERROR;
	}
	sqlite3_bind_int64(st, 1, b->vehicle_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	bool visible = false;
	if (rc == SQLITE_ROW) {
		snprintf(b->vehicle, sizeof b->vehicle, "%s", db_text(st, 0));
		snprintf(b->vehicle_descr, sizeof b->vehicle_descr, "%s", db_text(st, 1));
		b->area_id = sqlite3_column_int64(st, 2);
		visible = sqlite3_column_int(st, 3) <= 90;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*dbs = db_result(rc, "vehicle check");
		return BS_ERROR;
	}
	if (rc == SQLITE_DONE || (!visible && !a->is_admin))
		return BS_BAD_VEHICLE;

	st = db_stmt("SELECT login, descr FROM member WHERE id = ? AND org_id = ?");
	if (!st) {
		*dbs = DB_ERROR;
		return BS_ERROR;
	}
	sqlite3_bind_int64(st, 1, b->member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(b->member, sizeof b->member, "%s", db_text(st, 0));
		snprintf(b->member_descr, sizeof b->member_descr, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*dbs = db_result(rc, "member check");
		return BS_ERROR;
	}
	return rc == SQLITE_ROW ? BS_OK : BS_BAD_MEMBER;
}

/* The first active booking of the vehicle overlapping [start,end), other than except. */
static enum bs_result find_conflict(const struct actor *a, int64_t vehicle, int64_t start, int64_t end,
                                    int64_t except, struct booking_row *conflict, int *dbs)
{
	*dbs = DB_OK;
	sqlite3_stmt *st = db_stmt(BOOKING_SELECT
	    " WHERE b.vehicle_id = ? AND b.status = 'active' AND b.end > ? AND b.start < ? AND b.id <> ?"
	    " ORDER BY b.start LIMIT 1");
	if (!st) {
		*dbs = DB_ERROR;
		return BS_ERROR;
	}
	sqlite3_bind_int64(st, 1, vehicle);
	sqlite3_bind_int64(st, 2, start);
	sqlite3_bind_int64(st, 3, end);
	sqlite3_bind_int64(st, 4, except);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_row(st, conflict);
		assert(bk_overlaps(conflict->start, conflict->end, start, end));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return BS_CONFLICT;
	if (rc == SQLITE_DONE)
		return BS_OK;
	*dbs = db_result(rc, "overlap check");
	return BS_ERROR;
}

/* The member a booking is for: members book for themselves; administrators for anyone. */
static enum bs_result booking_member(const struct actor *a, const struct booking_input *in, int64_t *member)
{
	if (in->member_id == 0 || in->member_id == a->member_id) {
		*member = a->member_id;
		return BS_OK;
	}
	if (!a->is_admin)
		return BS_BAD_MEMBER;
	*member = in->member_id;
	return BS_OK;
}

enum bs_result bookstore_create(const struct actor *a, const struct booking_input *in, int64_t *id,
                                enum bk_check *span, struct booking_row *conflict)
{
	struct booking_row b;
	memset(&b, 0, sizeof b);
	*span = bk_check_span(a->tz, a->grid_minutes, in->start, in->end, a->now, a->is_admin);
	if (*span != BK_OK)
		return BS_SPAN;
	b.vehicle_id = in->vehicle_id;
	b.start = in->start;
	b.end = in->end;
	b.created_by = a->member_id;
	b.created_at = a->now;
	snprintf(b.creator, sizeof b.creator, "%s", a->login);
	snprintf(b.purpose, sizeof b.purpose, "%s", in->purpose ? in->purpose : "");
	enum bs_result r = booking_member(a, in, &b.member_id);
	if (r != BS_OK)
		return r;

	int s = db_begin();
	if (s != DB_OK)
		return db_fail(s);
	r = check_parties(a, &b, &s);
	if (r == BS_OK)
		r = find_conflict(a, b.vehicle_id, b.start, b.end, 0, conflict, &s);
	if (r != BS_OK) {
		if (s != DB_OK)
			return db_fail(s);
		db_rollback();
		return r;
	}
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by,"
	    " created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)");
	if (!st)
		return db_fail(DB_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, b.vehicle_id);
	sqlite3_bind_int64(st, 3, b.member_id);
	sqlite3_bind_int64(st, 4, b.start);
	sqlite3_bind_int64(st, 5, b.end);
	sqlite3_bind_text(st, 6, b.purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, a->member_id);
	sqlite3_bind_int64(st, 8, a->now);
	sqlite3_bind_int64(st, 9, a->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db_result(rc, "booking insert"));
	b.id = sqlite3_last_insert_rowid(db_handle());
	s = log_booking(a, "CREATE", &b);
	if (s == DB_OK)
		s = db_commit();
	if (s != DB_OK)
		return db_fail(s);
	*id = b.id;
	return BS_OK;
}

enum bs_result bookstore_change(const struct actor *a, int64_t id, const struct booking_input *in,
                                enum bk_check *span, struct booking_row *conflict)
{
	struct booking_row old, nw;
	int s = db_begin();
	if (s != DB_OK)
		return db_fail(s);
	enum bs_result r = load(a, id, &old, &s);
	if (r == BS_OK)
		r = may_change(a, &old);
	if (r != BS_OK) {
		db_rollback();
		return r;
	}
	/* A member may keep a start that has passed (a running booking), not move one into the past. */
	bool past_ok = a->is_admin || in->start == old.start;
	*span = bk_check_span(a->tz, a->grid_minutes, in->start, in->end, a->now, past_ok);
	if (*span != BK_OK) {
		db_rollback();
		return BS_SPAN;
	}
	nw = old;
	nw.vehicle_id = in->vehicle_id;
	nw.start = in->start;
	nw.end = in->end;
	snprintf(nw.purpose, sizeof nw.purpose, "%s", in->purpose ? in->purpose : "");
	if (in->member_id == 0 || (!a->is_admin && in->member_id == old.member_id))
		nw.member_id = old.member_id;
	else if (a->is_admin)
		nw.member_id = in->member_id;
	else
		r = BS_BAD_MEMBER;
	if (r == BS_OK)
		r = check_parties(a, &nw, &s);
	if (r == BS_OK)
		r = find_conflict(a, nw.vehicle_id, nw.start, nw.end, id, conflict, &s);
	if (r != BS_OK) {
		if (s != DB_OK)
			return db_fail(s);
		db_rollback();
		return r;
	}
	/* Moving to another vehicle gives up the whole old span on the old one. */
	int64_t cover_s = nw.start, cover_e = nw.end;
	if (nw.vehicle_id != old.vehicle_id)
		cover_s = cover_e = old.end;
	const char *kind = bk_change_kind(old.start, old.end, cover_s, cover_e, a->now, a->cancel_hours);

	sqlite3_stmt *ver = db_stmt(
	    "INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id, start, end, purpose,"
	    " kind, replaced_at, replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *up = db_stmt(
	    "UPDATE booking SET vehicle_id = ?, member_id = ?, start = ?, end = ?, purpose = ?, changed_at = ?"
	    " WHERE id = ? AND org_id = ?");
	if (!ver || !up)
		return db_fail(DB_ERROR);
	sqlite3_bind_int64(ver, 1, old.id);
	sqlite3_bind_int64(ver, 2, a->org_id);
	sqlite3_bind_int64(ver, 3, old.vehicle_id);
	sqlite3_bind_int64(ver, 4, old.member_id);
	sqlite3_bind_int64(ver, 5, old.start);
	sqlite3_bind_int64(ver, 6, old.end);
	sqlite3_bind_text(ver, 7, old.purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(ver, 8, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ver, 9, a->now);
	sqlite3_bind_int64(ver, 10, a->member_id);
	int rc = sqlite3_step(ver);
	sqlite3_reset(ver);
	if (rc != SQLITE_DONE)
		return db_fail(db_result(rc, "version insert"));
	sqlite3_bind_int64(up, 1, nw.vehicle_id);
	sqlite3_bind_int64(up, 2, nw.member_id);
	sqlite3_bind_int64(up, 3, nw.start);
	sqlite3_bind_int64(up, 4, nw.end);
	sqlite3_bind_text(up, 5, nw.purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(up, 6, a->now);
	sqlite3_bind_int64(up, 7, id);
	sqlite3_bind_int64(up, 8, a->org_id);
	rc = sqlite3_step(up);
	sqlite3_reset(up);
	if (rc != SQLITE_DONE)
		return db_fail(db_result(rc, "booking update"));
	s = log_booking(a, kind, &old);
	if (s == DB_OK)
		s = log_booking(a, "CHANGE", &nw);
	if (s == DB_OK)
		s = db_commit();
	return s == DB_OK ? BS_OK : db_fail(s);
}

enum bs_result bookstore_delete(const struct actor *a, int64_t id, const char **action)
{
	struct booking_row b;
	int s = db_begin();
	if (s != DB_OK)
		return db_fail(s);
	enum bs_result r = load(a, id, &b, &s);
	if (r == BS_OK)
		r = may_change(a, &b);
	if (r != BS_OK) {
		db_rollback();
		return r;
	}
	*action = bk_delete_action(b.start, a->now, a->cancel_hours);
	sqlite3_stmt *st;
	if (strcmp(*action, "STORNO") == 0) {
		st = db_stmt("UPDATE booking SET status = 'storno', changed_at = ? WHERE id = ?");
	} else {
		/* A booking with a billable earlier version stays, marked deleted, so that version
		 * keeps its booking; otherwise it is gone. */
		st = db_stmt(
		    "UPDATE booking SET status = 'deleted', changed_at = ? WHERE id = ?"
		    " AND EXISTS (SELECT 1 FROM booking_version WHERE booking_id = booking.id AND kind = 'CHGSTO')");
	}
	if (!st)
		return db_fail(DB_ERROR);
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db_result(rc, "booking cancel"));
	if (strcmp(*action, "DELETE") == 0 && sqlite3_changes(db_handle()) == 0) {
		st = db_stmt("DELETE FROM booking WHERE id = ?");
		if (!st)
			return db_fail(DB_ERROR);
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db_result(rc, "booking delete"));
	}
	s = log_booking(a, *action, &b);
	if (s == DB_OK)
		s = db_commit();
	return s == DB_OK ? BS_OK : db_fail(s);
}
