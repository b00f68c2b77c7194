/* bookstore: bookings in the database — create, change, delete and view, each one immediate transaction with its action-log lines. */
#include "store/bookstore.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "rules/actionlog.h"
#include "store/db.h"
#include "store/logbook.h"
#include "store/outbox.h"

/* A booking with the names its organisation knows it by: a shared vehicle's local name, description
 * and area from the booking organisation's active subscription; and the owner's rules. */
#define BOOKING_SELECT \
	"SELECT b.id, b.vehicle_id, b.member_id, coalesce(s.area_id, v.area_id), b.start, b.end, b.created_by," \
	" b.created_at, b.status, coalesce(s.local_name, v.name), coalesce(s.local_descr, v.descr), m.login, m.descr," \
	" c.login, b.purpose, b.org_id, bo.name, v.org_id, v.name, v.descr, vo.tz, vo.cancel_hours, vo.grid_minutes," \
	" coalesce(lm.login, c.login), coalesce(lv.replaced_at, b.created_at), coalesce(o.link_mode, 0)" \
	" FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN member m ON m.id = b.member_id" \
	" JOIN member c ON c.id = b.created_by JOIN org bo ON bo.id = b.org_id JOIN org vo ON vo.id = v.org_id" \
	" LEFT JOIN subscription s ON s.org_id = b.org_id AND s.vehicle_id = b.vehicle_id" \
	" AND s.cancelled_at IS NULL AND v.org_id <> b.org_id LEFT JOIN offer o ON o.vehicle_id = b.vehicle_id" \
	" LEFT JOIN booking_version lv ON lv.id = (SELECT max(x.id) FROM booking_version x WHERE x.booking_id = b.id)" \
	" LEFT JOIN member lm ON lm.id = lv.replaced_by"

/* Rolls back the transaction and passes a database failure on (db.c already answers ST_BUSY or
 * ST_ERROR, the statuses of this module). */
static enum store_status db_fail(enum store_status db_status)
{
	db_rollback();
	assert(db_status == ST_BUSY || db_status == ST_ERROR);
	return db_status;
}

/* Copies column i of st into dst (size bytes), cut on a character boundary. */
static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int i)
{
	utf8_copy(dst, size, db_text(st, i));
}

/* Copies the current row of a BOOKING_SELECT statement. */
static void read_row(sqlite3_stmt *st, struct bookstore_row *b, bool foreign)
{
	memset(b, 0, sizeof *b);
	b->foreign = foreign;
	b->id = sqlite3_column_int64(st, 0);
	b->vehicle_id = sqlite3_column_int64(st, 1);
	b->member_id = sqlite3_column_int64(st, 2);
	b->area_id = sqlite3_column_int64(st, 3);
	b->start = sqlite3_column_int64(st, 4);
	b->end = sqlite3_column_int64(st, 5);
	b->created_by = sqlite3_column_int64(st, 6);
	b->created_at = sqlite3_column_int64(st, 7);
	copy_col(b->status, sizeof b->status, st, 8);
	copy_col(b->vehicle, sizeof b->vehicle, st, 9);
	copy_col(b->vehicle_descr, sizeof b->vehicle_descr, st, 10);
	copy_col(b->member, sizeof b->member, st, 11);
	copy_col(b->member_descr, sizeof b->member_descr, st, 12);
	copy_col(b->creator, sizeof b->creator, st, 13);
	copy_col(b->purpose, sizeof b->purpose, st, 14);
	b->org_id = sqlite3_column_int64(st, 15);
	copy_col(b->org_name, sizeof b->org_name, st, 16);
	b->vehicle_org = sqlite3_column_int64(st, 17);
	copy_col(b->master_vehicle, sizeof b->master_vehicle, st, 18);
	copy_col(b->owner_tz, sizeof b->owner_tz, st, 20);
	b->owner_cancel_hours = sqlite3_column_int(st, 21);
	b->owner_grid_minutes = sqlite3_column_int(st, 22);
	copy_col(b->changer, sizeof b->changer, st, 23);
	b->changed_at = sqlite3_column_int64(st, 24);
	b->link_mode = sqlite3_column_int(st, 25) != 0;
	/* The owner looking at another organisation's booking knows the vehicle by its own name. */
	if (b->org_id != b->vehicle_org && b->foreign) {
		copy_col(b->vehicle, sizeof b->vehicle, st, 18);
		copy_col(b->vehicle_descr, sizeof b->vehicle_descr, st, 19);
	}
}

/* The rules that govern bookings of the row's vehicle: the actor's own for its own vehicles (so an
 * actor's settings apply as given), the owner's stored ones for a shared vehicle. */
static void rules_of(const struct actor *a, struct bookstore_row *b)
{
	if (b->vehicle_org == 0 || b->vehicle_org == a->org_id) {
		b->vehicle_org = a->org_id;
		snprintf(b->owner_tz, sizeof b->owner_tz, "%s", a->tz);
		b->owner_cancel_hours = a->cancel_hours;
		b->owner_grid_minutes = a->grid_minutes;
	}
}

static enum store_status outbox_booking_event_of(const struct bookstore_row *b, const char *action, const char *actor,
                                                int64_t now);

/* The mail's copy of booking row b (store/outbox knows no bookstore types). */
static struct outbox_booking mail_copy(const struct bookstore_row *b)
{
	struct outbox_booking m = {.id = b->id, .org_id = b->org_id, .member_id = b->member_id,
	                           .vehicle_id = b->vehicle_id, .start = b->start, .end = b->end,
	                           .created_at = b->created_at};
	utf8_copy(m.vehicle, sizeof m.vehicle, b->vehicle);
	utf8_copy(m.purpose, sizeof m.purpose, b->purpose);
	utf8_copy(m.owner_tz, sizeof m.owner_tz, b->owner_tz);
	return m;
}

/* Loads a booking that is not deleted; ST_OK, ST_NOT_FOUND, or a database failure (not rolled back).
 * With owner set, also another organisation's booking of one of the actor's vehicles (foreign). */
static enum store_status load_as(const struct actor *a, int64_t id, struct bookstore_row *out, int *dbs, bool owner)
{
	sqlite3_stmt *st = owner
	    ? db_stmt(BOOKING_SELECT " WHERE b.id = ? AND (b.org_id = ? OR v.org_id = ?) AND b.status <> 'deleted'")
	    : db_stmt(BOOKING_SELECT " WHERE b.id = ? AND b.org_id = ? AND b.status <> 'deleted'");
	*dbs = ST_OK;
	if (!st) {
		*dbs = ST_ERROR;
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	if (owner)
		sqlite3_bind_int64(st, 3, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out, sqlite3_column_int64(st, 15) != a->org_id);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		/* The one visibility rule: a booking without a page of its own for the actor is 404. */
		if (!bk_sight_page(bookstore_sight(a, out)))
			return ST_NOT_FOUND;
		rules_of(a, out);
		return ST_OK;
	}
	if (rc == SQLITE_DONE)
		return ST_NOT_FOUND;
	*dbs = db_result(rc, "booking load");
	return *dbs;
}

static enum store_status load(const struct actor *a, int64_t id, struct bookstore_row *out, int *dbs)
{
	return load_as(a, id, out, dbs, false);
}

enum bk_sight bookstore_sight(const struct actor *a, const struct bookstore_row *b)
{
	bool own_vehicle = b->vehicle_org == 0 || b->vehicle_org == a->org_id;
	return bk_visibility(b->org_id == a->org_id, own_vehicle, b->link_mode);
}

enum store_status bookstore_load(const struct actor *a, int64_t id, struct bookstore_row *out)
{
	int dbs;
	return load(a, id, out, &dbs);
}

/* Writes one action-log line about b into org's log, in zone tz, naming the vehicle so. "created
 * by X at T" names who created or last changed this version and when (the elkato manual's
 * definition): b->changer and b->changed_at. */
static int log_line(const struct actor *a, int64_t org, const char *tz, const char *vehicle, const char *action,
                    const struct bookstore_row *b)
{
	char line[AL_LINE_MAX];
	struct al_booking ab = {
		.id = b->id, .vehicle = vehicle, .start = b->start, .end = b->end,
		.member = b->member, .creator = b->changer, .created_at = b->changed_at,
		.purpose = b->purpose,
	};
	al_format_booking(line, tz, a->now, a->login, action, &ab);
	return logbook_append(org, a->now, line);
}

/* Writes the action-log line for one version of a booking: into the actor's log and, for the
 * actor's organisation's booking of a shared vehicle, into the owner's log too (in the owner's
 * zone and under the owner's name of the vehicle), within the caller's transaction. */
static int log_booking(const struct actor *a, const char *action, const struct bookstore_row *b)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	int s = log_line(a, a->org_id, a->tz, b->vehicle, action, b);
	if (s == ST_OK && !b->foreign && b->vehicle_org && b->vehicle_org != a->org_id)
		s = log_line(a, b->vehicle_org, b->owner_tz, b->master_vehicle, action, b);
	return s;
}

enum bk_may bookstore_may_change(const struct actor *a, const struct bookstore_row *b)
{
	return bk_may_change(b->foreign, strcmp(b->status, "active") == 0, a->is_admin,
	                     b->member_id == a->member_id, b->end, a->now);
}

/* The rule of bookstore_may_change as this module's result. */
static enum store_status may_change(const struct actor *a, const struct bookstore_row *b)
{
	switch (bookstore_may_change(a, b)) {
	case BK_MAY: return ST_OK;
	case BK_MAY_NOT_ACTIVE: return ST_NOT_ACTIVE;
	case BK_MAY_NOT_ENDED: return ST_ENDED;
	default: return ST_FORBIDDEN;
	}
}

const char *bookstore_delete_action(const struct bookstore_row *b, int64_t now)
{
	return bk_delete_action(b->start, now, b->owner_cancel_hours);
}

enum store_status bookstore_open(const struct actor *a, int64_t id, const char *action, struct bookstore_row *out)
{
	int s = db_begin();
	if (s != ST_OK)
		return db_fail(s);
	enum store_status r = load_as(a, id, out, &s, true);
	if (r == ST_OK && strcmp(action, "EDIT") == 0)
		r = may_change(a, out);
	if (r != ST_OK) {
		db_rollback();
		return r;
	}
	s = log_booking(a, action, out);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : db_fail(s);
}

/* Fills the vehicle's names, area, owner and owner's rules into b. The vehicle is the actor's
 * organisation's own, or another's that it subscribed (active subscription) while the offer is
 * still released and not in Link mode. Members may not book in hidden areas (sort above 90) nor
 * subscribed vehicles their organisation keeps invisible. */
static enum store_status resolve_vehicle(const struct actor *a, struct bookstore_row *b, int *dbs)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	*dbs = ST_OK;
	b->vehicle_org = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.name, v.descr, v.area_id, a.sort FROM vehicle v JOIN area a ON a.id = v.area_id"
	    " WHERE v.id = ? AND v.org_id = ?");
	if (!st) {
		*dbs = ST_ERROR;
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, b->vehicle_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	bool visible = false;
	if (rc == SQLITE_ROW) {
		copy_col(b->vehicle, sizeof b->vehicle, st, 0);
		copy_col(b->vehicle_descr, sizeof b->vehicle_descr, st, 1);
		copy_col(b->master_vehicle, sizeof b->master_vehicle, st, 0);
		b->area_id = sqlite3_column_int64(st, 2);
		visible = sqlite3_column_int(st, 3) <= 90;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*dbs = db_result(rc, "vehicle check");
		return ST_ERROR;
	}
	if (rc == SQLITE_ROW) {
		rules_of(a, b);
		return visible || a->is_admin ? ST_OK : ST_BAD_VEHICLE;
	}

	/* Not its own: a shared vehicle through the organisation's active subscription. */
	st = db_stmt(
	    "SELECT s.local_name, s.local_descr, s.area_id, a.sort, s.visible, v.org_id, v.name,"
	    " o.portal IS NOT NULL, coalesce(o.link_mode, 0), mo.tz, mo.cancel_hours, mo.grid_minutes"
	    " FROM subscription s JOIN vehicle v ON v.id = s.vehicle_id JOIN area a ON a.id = s.area_id"
	    " JOIN org mo ON mo.id = v.org_id LEFT JOIN offer o ON o.vehicle_id = v.id"
	    " WHERE s.vehicle_id = ? AND s.org_id = ? AND s.cancelled_at IS NULL AND v.org_id <> s.org_id");
	if (!st) {
		*dbs = ST_ERROR;
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, b->vehicle_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	rc = sqlite3_step(st);
	bool released = false, link = false;
	if (rc == SQLITE_ROW) {
		copy_col(b->vehicle, sizeof b->vehicle, st, 0);
		copy_col(b->vehicle_descr, sizeof b->vehicle_descr, st, 1);
		b->area_id = sqlite3_column_int64(st, 2);
		visible = sqlite3_column_int(st, 3) <= 90 && sqlite3_column_int(st, 4) == 1;
		b->vehicle_org = sqlite3_column_int64(st, 5);
		copy_col(b->master_vehicle, sizeof b->master_vehicle, st, 6);
		released = sqlite3_column_int(st, 7) != 0;
		link = sqlite3_column_int(st, 8) != 0;
		copy_col(b->owner_tz, sizeof b->owner_tz, st, 9);
		b->owner_cancel_hours = sqlite3_column_int(st, 10);
		b->owner_grid_minutes = sqlite3_column_int(st, 11);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*dbs = db_result(rc, "shared vehicle check");
		return ST_ERROR;
	}
	/* Withdrawn meanwhile, or booked at the owner's site (Link mode): no new bookings here. */
	if (rc == SQLITE_DONE || !released || link || (!visible && !a->is_admin)) {
		b->vehicle_org = 0;
		return ST_BAD_VEHICLE;
	}
	return ST_OK;
}

/* Fills the member's names into b; checks that the member belongs to the actor's organisation. */
static enum store_status check_member(const struct actor *a, struct bookstore_row *b, int *dbs)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	*dbs = ST_OK;
	sqlite3_stmt *st = db_stmt("SELECT login, descr FROM member WHERE id = ? AND org_id = ?");
	if (!st) {
		*dbs = ST_ERROR;
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, b->member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_col(b->member, sizeof b->member, st, 0);
		copy_col(b->member_descr, sizeof b->member_descr, st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*dbs = db_result(rc, "member check");
		return ST_ERROR;
	}
	return rc == SQLITE_ROW ? ST_OK : ST_BAD_MEMBER;
}

/* Checks a span against the rules of b's vehicle (resolved or not: then the actor's). */
static enum bk_check check_span(const struct actor *a, const struct bookstore_row *b, bool resolved, bool past_ok)
{
	if (resolved && b->vehicle_org && b->vehicle_org != a->org_id)
		return bk_check_span(b->owner_tz, b->owner_grid_minutes, b->start, b->end, a->now, past_ok);
	return bk_check_span(a->tz, a->grid_minutes, b->start, b->end, a->now, past_ok);
}

/* The first active booking of the vehicle overlapping [start,end), other than except. */
static enum store_status find_conflict(const struct actor *a, int64_t vehicle, int64_t start, int64_t end,
                                    int64_t except, struct bookstore_row *conflict, int *dbs)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	*dbs = ST_OK;
	sqlite3_stmt *st = db_stmt(BOOKING_SELECT
	    " WHERE b.vehicle_id = ? AND b.status = 'active' AND b.end > ? AND b.start < ? AND b.id <> ?"
	    " ORDER BY b.start LIMIT 1");
	if (!st) {
		*dbs = ST_ERROR;
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, vehicle);
	sqlite3_bind_int64(st, 2, start);
	sqlite3_bind_int64(st, 3, end);
	sqlite3_bind_int64(st, 4, except);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_row(st, conflict, sqlite3_column_int64(st, 15) != a->org_id);
		assert(bk_overlaps(conflict->start, conflict->end, start, end));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_CONFLICT;
	if (rc == SQLITE_DONE)
		return ST_OK;
	*dbs = db_result(rc, "overlap check");
	return ST_ERROR;
}

/* The member a booking is for: members book for themselves; administrators for anyone. */
static enum store_status booking_member(const struct actor *a, const struct bookstore_input *in, int64_t *member)
{
	if (in->member_id == 0 || in->member_id == a->member_id) {
		*member = a->member_id;
		return ST_OK;
	}
	if (!a->is_admin)
		return ST_BAD_MEMBER;
	*member = in->member_id;
	return ST_OK;
}

enum store_status bookstore_create(const struct actor *a, const struct bookstore_input *in, int64_t *id,
                                enum bk_check *span, struct bookstore_row *conflict)
{
	struct bookstore_row b;
	memset(&b, 0, sizeof b);
	b.vehicle_id = in->vehicle_id;
	b.start = in->start;
	b.end = in->end;
	b.org_id = a->org_id;
	b.created_by = a->member_id;
	b.created_at = a->now;
	utf8_copy(b.creator, sizeof b.creator, a->login);
	utf8_copy(b.changer, sizeof b.changer, a->login);
	b.changed_at = a->now;
	utf8_copy(b.purpose, sizeof b.purpose, in->purpose ? in->purpose : "");

	/* The vehicle decides whose rules apply, so it is read first, in the transaction that
	 * inserts; the failures are still reported in the order span, member, vehicle. */
	int s = db_begin();
	if (s != ST_OK)
		return db_fail(s);
	enum store_status rv = resolve_vehicle(a, &b, &s);
	if (rv == ST_ERROR)
		return db_fail(s);
	*span = check_span(a, &b, rv == ST_OK, a->is_admin);
	enum store_status r = *span != BK_OK ? ST_SPAN : booking_member(a, in, &b.member_id);
	if (r == ST_OK)
		r = rv;
	if (r == ST_OK)
		r = check_member(a, &b, &s);
	if (r == ST_OK)
		r = find_conflict(a, b.vehicle_id, b.start, b.end, 0, conflict, &s);
	if (r != ST_OK) {
		if (s != ST_OK)
			return db_fail(s);
		db_rollback();
		return r;
	}
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by,"
	    " created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)");
	if (!st)
		return db_fail(ST_ERROR);
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
	if (s == ST_OK)
		s = outbox_booking_event_of(&b, "CREATE", a->login, a->now);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		return db_fail(s);
	*id = b.id;
	return ST_OK;
}

enum store_status bookstore_change(const struct actor *a, int64_t id, const struct bookstore_input *in,
                                enum bk_check *span, struct bookstore_row *conflict)
{
	struct bookstore_row old, nw;
	int s = db_begin();
	if (s != ST_OK)
		return db_fail(s);
	enum store_status r = load_as(a, id, &old, &s, true);
	if (r == ST_OK)
		r = may_change(a, &old);
	if (r != ST_OK) {
		db_rollback();
		return r;
	}
	nw = old;
	nw.vehicle_id = in->vehicle_id;
	nw.start = in->start;
	nw.end = in->end;
	utf8_copy(nw.purpose, sizeof nw.purpose, in->purpose ? in->purpose : "");
	utf8_copy(nw.changer, sizeof nw.changer, a->login);   /* this version is the actor's, from now */
	nw.changed_at = a->now;
	enum store_status rv = resolve_vehicle(a, &nw, &s);
	if (rv == ST_ERROR)
		return db_fail(s);
	/* A member may keep a start that has passed (a running booking), not move one into the past. */
	bool past_ok = a->is_admin || in->start == old.start;
	*span = check_span(a, &nw, rv == ST_OK, past_ok);
	if (*span != BK_OK) {
		db_rollback();
		return ST_SPAN;
	}
	if (in->member_id == 0 || (!a->is_admin && in->member_id == old.member_id))
		nw.member_id = old.member_id;
	else if (a->is_admin)
		nw.member_id = in->member_id;
	else
		r = ST_BAD_MEMBER;
	if (r == ST_OK)
		r = rv;
	if (r == ST_OK)
		r = check_member(a, &nw, &s);
	if (r == ST_OK)
		r = find_conflict(a, nw.vehicle_id, nw.start, nw.end, id, conflict, &s);
	if (r != ST_OK) {
		if (s != ST_OK)
			return db_fail(s);
		db_rollback();
		return r;
	}
	/* Moving to another vehicle gives up the whole old span on the old one. */
	int64_t cover_s = nw.start, cover_e = nw.end;
	if (nw.vehicle_id != old.vehicle_id)
		cover_s = cover_e = old.end;
	const char *kind = bk_change_kind(old.start, old.end, cover_s, cover_e, a->now, old.owner_cancel_hours);

	sqlite3_stmt *ver = db_stmt(
	    "INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id, start, end, purpose,"
	    " kind, replaced_at, replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *up = db_stmt(
	    "UPDATE booking SET vehicle_id = ?, member_id = ?, start = ?, end = ?, purpose = ?, changed_at = ?"
	    " WHERE id = ? AND org_id = ?");
	if (!ver || !up)
		return db_fail(ST_ERROR);
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
	if (s == ST_OK)
		s = log_booking(a, "CHANGE", &nw);
	if (s == ST_OK)
		s = outbox_booking_event_of(&nw, "CHANGE", a->login, a->now);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : db_fail(s);
}

enum store_status bookstore_delete(const struct actor *a, int64_t id, const char **action)
{
	struct bookstore_row b;
	int s = db_begin();
	if (s != ST_OK)
		return db_fail(s);
	enum store_status r = load_as(a, id, &b, &s, true);
	if (r == ST_OK)
		r = may_change(a, &b);
	if (r != ST_OK) {
		db_rollback();
		return r;
	}
	*action = bookstore_delete_action(&b, a->now);
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
		return db_fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db_result(rc, "booking cancel"));
	if (strcmp(*action, "DELETE") == 0 && sqlite3_changes(db_handle()) == 0) {
		st = db_stmt("DELETE FROM booking WHERE id = ?");
		if (!st)
			return db_fail(ST_ERROR);
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db_result(rc, "booking delete"));
	}
	s = log_booking(a, *action, &b);
	if (s == ST_OK)
		s = outbox_booking_event_of(&b, *action, a->login, a->now);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : db_fail(s);
}

/* The columns of a booking list: id, start, end, the vehicle's name for the booking's
 * organisation (a shared vehicle's local name), purpose, status. */
#define MINE_SELECT \
	"SELECT b.id, b.start, b.end, coalesce(s.local_name, v.name), b.purpose, b.status FROM booking b" \
	" JOIN vehicle v ON v.id = b.vehicle_id LEFT JOIN subscription s ON s.org_id = b.org_id" \
	" AND s.vehicle_id = b.vehicle_id AND s.cancelled_at IS NULL AND v.org_id <> b.org_id"

enum store_status bookstore_mine(const struct actor *a, bool coming, int limit, bookstore_brief_fn fn, void *ctx)
{
	assert(limit > 0);
	sqlite3_stmt *st = coming
	    ? db_stmt(MINE_SELECT " WHERE b.member_id = ? AND b.org_id = ? AND b.end > ?"
	              " AND b.status IN ('active', 'storno') ORDER BY b.start LIMIT ?")
	    : db_stmt(MINE_SELECT " WHERE b.member_id = ? AND b.org_id = ? AND b.end <= ?"
	              " AND b.status IN ('active', 'storno') ORDER BY b.start DESC LIMIT ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, a->now);
	sqlite3_bind_int(st, 4, limit);
	int rc;
	struct bookstore_brief b;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		b.id = sqlite3_column_int64(st, 0);
		b.start = sqlite3_column_int64(st, 1);
		b.end = sqlite3_column_int64(st, 2);
		b.vehicle = db_text(st, 3);
		b.purpose = db_text(st, 4);
		b.status = db_text(st, 5);
		fn(ctx, &b);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "booking list");
}

enum store_status bookstore_busy_until(const struct actor *a, int64_t vehicle, int64_t t, int64_t *end)
{
	*end = 0;
	/* Any organisation's booking blocks a shared vehicle; only the end time is read. */
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.end FROM booking b WHERE b.vehicle_id = ?1 AND b.status = 'active' AND b.start <= ?3 AND b.end > ?3"
	    " AND (EXISTS (SELECT 1 FROM vehicle v WHERE v.id = ?1 AND v.org_id = ?2)"
	    " OR EXISTS (SELECT 1 FROM subscription s WHERE s.vehicle_id = ?1 AND s.org_id = ?2 AND s.cancelled_at IS NULL))");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, vehicle);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, t);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*end = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "busy until");
}

enum store_status bookstore_link_of(const struct actor *a, int64_t vehicle, char *url, size_t size)
{
	assert(size > 0);
	url[0] = '\0';
	sqlite3_stmt *st = db_stmt(
	    "SELECT o.link_url FROM subscription s JOIN vehicle v ON v.id = s.vehicle_id JOIN offer o ON o.vehicle_id = v.id"
	    " WHERE s.vehicle_id = ? AND s.org_id = ? AND s.cancelled_at IS NULL AND v.org_id <> s.org_id"
	    " AND o.portal IS NOT NULL AND o.link_mode = 1");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, vehicle);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	bool fits = true;
	if (rc == SQLITE_ROW) {
		const char *u = db_text(st, 0);
		fits = strlen(u) < size;
		if (fits)
			memcpy(url, u, strlen(u) + 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return fits ? ST_OK : ST_NOT_FOUND;   /* a URL cut short would lead elsewhere */
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "link of");
}

/* Queues the mails of an action on b (in the caller's transaction). */
static enum store_status outbox_booking_event_of(const struct bookstore_row *b, const char *action, const char *actor,
                                                int64_t now)
{
	struct outbox_booking m = mail_copy(b);
	return outbox_booking_event(&m, action, actor, now);
}
