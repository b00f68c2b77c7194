/* marketstore (mks_): the marketplace's writes — offer data, release and withdrawal, the release list, the watchlist and subscriptions — each one immediate transaction with its ADMIN action-log line. */
#include "store/marketstore.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "rules/actionlog.h"
#include "store/db.h"
#include "store/logbook.h"
#include "store/outbox.h"

/* ---- Helpers. */

/* Copies text column i into dst, cut on a character boundary when it does not fit. */
static void copy_text(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	utf8_copy(dst, n, db_text(st, i));
}

/* Asserts the contract "the caller holds the write transaction". */
#define IN_TXN() assert(!sqlite3_get_autocommit(db_handle()))

/* Appends the ADMIN line "text" to the actor's log (inside the caller's transaction). */
static enum store_status log_line(const struct actor *a, const char *text)
{
	IN_TXN();
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, text);
	return logbook_append(a->org_id, a->now, line);
}

/* Commits when s is ST_OK, else rolls back; maps the outcome. */
static enum store_status finish(enum store_status s)
{
	if (s == ST_OK)
		s = db_commit();
	else
		db_rollback();
	return s;
}

/* Aborts the transaction with a rule's result. */
static enum store_status refuse(enum store_status r)
{
	db_rollback();
	return r;
}

/* The portal's name for log lines: "main market" or "mini-market 3 \"Name\"". */
static void portal_phrase(int64_t org_id, int64_t portal, char *out, size_t n)
{
	char name[128] = "";
	if (portal == 0 || !mks_portal(org_id, portal, name, sizeof name))
		snprintf(out, n, portal == 0 ? "main market" : "mini-market %lld", (long long)portal);
	else
		snprintf(out, n, "mini-market %lld \"%s\"", (long long)portal, name);
}

bool mks_portal(int64_t org_id, int64_t portal, char *name, size_t n)
{
	if (n)
		name[0] = '\0';
	if (portal == 0)
		return true;
	if (portal < 0)
		return false;
	sqlite3_stmt *st = db_stmt("SELECT m.name FROM minimarket m JOIN minimarket_org mo ON mo.market_id = m.id"
	                           " WHERE m.id = ? AND mo.org_id = ?");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, portal);
	sqlite3_bind_int64(st, 2, org_id);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok && n)
		copy_text(name, n, st, 0);
	sqlite3_reset(st);
	return ok;
}

/* ---- Own vehicles and their offers. */

enum store_status mks_vehicle_load(const struct actor *a, int64_t id, struct mks_vehicle *out)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, v.area_id, ar.name, coalesce(v.tariff_id, 0), coalesce(t.name, ''),"
	    " o.address, o.lat, o.lon, o.vclass, o.split_rate, o.link_mode, o.link_url, o.conditions, o.on_list,"
	    " o.portal, o.released_at"
	    " FROM vehicle v JOIN area ar ON ar.id = v.area_id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " LEFT JOIN offer o ON o.vehicle_id = v.id WHERE v.id = ? AND v.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "market vehicle load");
	}
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	copy_text(out->o.name, sizeof out->o.name, st, 1);
	copy_text(out->descr, sizeof out->descr, st, 2);
	out->area_id = sqlite3_column_int64(st, 3);
	copy_text(out->area, sizeof out->area, st, 4);
	out->o.tariff_id = sqlite3_column_int64(st, 5);
	copy_text(out->tariff, sizeof out->tariff, st, 6);
	copy_text(out->o.address, sizeof out->o.address, st, 7);
	out->o.has_coords = sqlite3_column_type(st, 8) != SQLITE_NULL && sqlite3_column_type(st, 9) != SQLITE_NULL;
	out->o.lat = sqlite3_column_double(st, 8);
	out->o.lon = sqlite3_column_double(st, 9);
	copy_text(out->o.vclass, sizeof out->o.vclass, st, 10);
	out->o.split_rate = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 11);
	out->o.link_mode = sqlite3_column_int(st, 12) != 0;
	copy_text(out->o.link_url, sizeof out->o.link_url, st, 13);
	copy_text(out->o.conditions, sizeof out->o.conditions, st, 14);
	out->on_list = sqlite3_column_int(st, 15) != 0;
	out->portal = sqlite3_column_type(st, 16) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 16);
	out->released_at = sqlite3_column_int64(st, 17);
	sqlite3_reset(st);
	return ST_OK;
}

/* Makes sure vehicle id has an offer row. */
static enum store_status ensure_offer(const struct actor *a, int64_t id)
{
	IN_TXN();
	sqlite3_stmt *st = db_stmt("INSERT INTO offer (vehicle_id, org_id) SELECT ?, ? WHERE NOT EXISTS"
	                           " (SELECT 1 FROM offer WHERE vehicle_id = ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, id);
	return db_step_done(st, "offer ensure");
}

enum store_status mks_offer_save(const struct actor *a, int64_t id, const struct offer *in, unsigned *locked)
{
	*locked = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct mks_vehicle old;
	enum store_status r = mks_vehicle_load(a, id, &old);
	if (r != ST_OK)
		return refuse(r);
	if (in->tariff_id > 0) {
		sqlite3_stmt *st = db_stmt("SELECT 1 FROM tariff WHERE id = ? AND org_id = ?");
		if (!st)
			return refuse(ST_ERROR);
		sqlite3_bind_int64(st, 1, in->tariff_id);
		sqlite3_bind_int64(st, 2, a->org_id);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return refuse(rc == SQLITE_DONE ? ST_BAD_TARIFF : ST_ERROR);
	}
	if (old.portal >= 0) {
		struct offer cmp = *in;
		snprintf(cmp.name, sizeof cmp.name, "%s", old.o.name);
		*locked = offer_locked_changes(&old.o, &cmp);
		if (*locked)
			return refuse(ST_LOCKED);
	}
	s = ensure_offer(a, id);
	sqlite3_stmt *st = s == ST_OK ? db_stmt(
	    "UPDATE offer SET address = ?, lat = ?, lon = ?, vclass = ?, split_rate = ?, link_mode = ?, link_url = ?,"
	    " conditions = ? WHERE vehicle_id = ? AND org_id = ?") : NULL;
	if (s == ST_OK && !st)
		s = ST_ERROR;
	if (s == ST_OK) {
		sqlite3_bind_text(st, 1, in->address, -1, SQLITE_STATIC);
		if (in->has_coords) {
			sqlite3_bind_double(st, 2, in->lat);
			sqlite3_bind_double(st, 3, in->lon);
		}
		sqlite3_bind_text(st, 4, in->vclass, -1, SQLITE_STATIC);
		if (!in->link_mode && in->split_rate >= 0)
			sqlite3_bind_int(st, 5, in->split_rate);
		sqlite3_bind_int(st, 6, in->link_mode);
		sqlite3_bind_text(st, 7, in->link_url, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, in->conditions, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, id);
		sqlite3_bind_int64(st, 10, a->org_id);
		s = db_step_done(st, "offer save");
	}
	if (s == ST_OK && in->tariff_id != old.o.tariff_id) {
		st = db_stmt("UPDATE vehicle SET tariff_id = ? WHERE id = ? AND org_id = ?");
		if (!st)
			s = ST_ERROR;
		else {
			if (in->tariff_id > 0)
				sqlite3_bind_int64(st, 1, in->tariff_id);
			sqlite3_bind_int64(st, 2, id);
			sqlite3_bind_int64(st, 3, a->org_id);
			s = db_step_done(st, "offer tariff");
		}
	}
	if (s == ST_OK) {
		char text[512];
		snprintf(text, sizeof text, "market offer of vehicle %lld \"%s\" saved", (long long)id, old.o.name);
		s = log_line(a, text);
	}
	return finish(s);
}

/* Writes an offer_event row. */
static enum store_status add_event(const struct actor *a, int64_t id, const char *what, int64_t portal)
{
	IN_TXN();
	sqlite3_stmt *st = db_stmt("INSERT INTO offer_event (vehicle_id, org_id, at, what, portal, by_member) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, a->now);
	sqlite3_bind_text(st, 4, what, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, portal);
	sqlite3_bind_int64(st, 6, a->member_id);
	return db_step_done(st, "offer event");
}

/* The release of one vehicle inside the caller's transaction. Returns a rule's refusal, or
 * ST_OK with *db the database status of the writes. */
static enum store_status release_one(const struct actor *a, int64_t id, int64_t portal, bool need_list,
                                   unsigned *missing, enum store_status *db, bool *changed)
{
	IN_TXN();
	*missing = 0;
	*db = ST_OK;
	*changed = false;
	struct mks_vehicle v;
	enum store_status r = mks_vehicle_load(a, id, &v);
	if (r != ST_OK)
		return r;
	if (v.portal == portal)
		return ST_OK;
	if (v.portal >= 0)
		return ST_RELEASED;
	if (need_list && !v.on_list)
		return ST_NOT_LISTED;
	*missing = offer_missing(&v.o);
	if (*missing)
		return ST_INCOMPLETE;
	sqlite3_stmt *st = db_stmt("UPDATE offer SET portal = ?, released_at = ?, released_by = ?, on_list = 0"
	                           " WHERE vehicle_id = ? AND org_id = ?");
	if (!st) {
		*db = ST_ERROR;
		return ST_OK;
	}
	sqlite3_bind_int64(st, 1, portal);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_int64(st, 3, a->member_id);
	sqlite3_bind_int64(st, 4, id);
	sqlite3_bind_int64(st, 5, a->org_id);
	enum store_status s = db_step_done(st, "offer release");
	if (s == ST_OK)
		s = add_event(a, id, "release", portal);
	if (s == ST_OK) {
		char where[200], text[512];
		portal_phrase(a->org_id, portal, where, sizeof where);
		snprintf(text, sizeof text, "market: vehicle %lld \"%s\" released in %s", (long long)id, v.o.name, where);
		s = log_line(a, text);
	}
	*db = s;
	*changed = true;
	return ST_OK;
}

enum store_status mks_release(const struct actor *a, int64_t id, int64_t portal, unsigned *missing)
{
	*missing = 0;
	if (!mks_portal(a->org_id, portal, NULL, 0))
		return ST_NOT_FOUND;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	bool changed;
	enum store_status r = release_one(a, id, portal, false, missing, &s, &changed);
	if (r != ST_OK)
		return refuse(r);
	return finish(s);
}

enum store_status mks_release_many(const struct actor *a, const int64_t *ids, const int64_t *portals, int n,
                                 enum store_status *res, unsigned *missing, int *released)
{
	*released = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	for (int i = 0; i < n && s == ST_OK; i++) {
		bool changed;
		missing[i] = 0;
		if (!mks_portal(a->org_id, portals[i], NULL, 0)) {
			res[i] = ST_NOT_FOUND;
			continue;
		}
		res[i] = release_one(a, ids[i], portals[i], true, &missing[i], &s, &changed);
		if (res[i] == ST_OK && changed)
			(*released)++;
	}
	if (s != ST_OK)
		*released = 0;
	return finish(s);
}

/* ---- Subscribers' future bookings of a vehicle that leaves the market for them. */

/* One such booking with what its two log lines need. */
struct future_booking {
	int64_t id, org_id, owner_org, start, end, created_at, member_id, vehicle_id;
	char member[64], creator[64], purpose[512], local_name[128], vehicle[128], tz[64], owner_tz[64];
};

/* The active bookings of vehicle_id that start after now, made by members of subscriber
 * organisations (of sub_org only when it is not 0). */
static enum store_status future_read(int64_t vehicle_id, int64_t sub_org, int64_t now, struct future_booking **out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, b.org_id, v.org_id, b.start, b.end, b.created_at, m.login, c.login, b.purpose,"
	    " coalesce((SELECT s.local_name FROM subscription s WHERE s.org_id = b.org_id AND s.vehicle_id = b.vehicle_id"
	    "   ORDER BY s.cancelled_at IS NOT NULL, s.id DESC LIMIT 1), v.name), v.name, g.tz, og.tz, b.member_id, b.vehicle_id"
	    " FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN member m ON m.id = b.member_id"
	    " JOIN member c ON c.id = b.created_by JOIN org g ON g.id = b.org_id JOIN org og ON og.id = v.org_id"
	    " WHERE b.vehicle_id = ?1 AND b.org_id <> v.org_id AND (?2 = 0 OR b.org_id = ?2)"
	    " AND b.status = 'active' AND b.start > ?3 ORDER BY b.start, b.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, vehicle_id);
	sqlite3_bind_int64(st, 2, sub_org);
	sqlite3_bind_int64(st, 3, now);
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct future_booking *more = realloc(*out, (size_t)cap * sizeof **out);
			if (!more) {
				sqlite3_reset(st);
				free(*out);
				*out = NULL;
				*n = 0;
				return ST_ERROR;
			}
			*out = more;
		}
		struct future_booking *f = &(*out)[(*n)++];
		f->id = sqlite3_column_int64(st, 0);
		f->org_id = sqlite3_column_int64(st, 1);
		f->owner_org = sqlite3_column_int64(st, 2);
		f->start = sqlite3_column_int64(st, 3);
		f->end = sqlite3_column_int64(st, 4);
		f->created_at = sqlite3_column_int64(st, 5);
		copy_text(f->member, sizeof f->member, st, 6);
		copy_text(f->creator, sizeof f->creator, st, 7);
		copy_text(f->purpose, sizeof f->purpose, st, 8);
		copy_text(f->local_name, sizeof f->local_name, st, 9);
		copy_text(f->vehicle, sizeof f->vehicle, st, 10);
		copy_text(f->tz, sizeof f->tz, st, 11);
		copy_text(f->owner_tz, sizeof f->owner_tz, st, 12);
		f->member_id = sqlite3_column_int64(st, 13);
		f->vehicle_id = sqlite3_column_int64(st, 14);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_result(rc, "market future bookings");
	}
	return ST_OK;
}

/* Cancels the future bookings future_read finds, inside the caller's transaction: each is deleted
 * (kept, marked deleted, when a billable earlier version needs it, as bookstore_delete does) and
 * gets a DELETE line in the subscriber's log (under its local name) and in the owner's log.
 * Nothing of it is billed: the booking had not started. *n counts them. */
static enum store_status future_cancel(const struct actor *a, int64_t vehicle_id, int64_t sub_org, int *n)
{
	IN_TXN();
	struct future_booking *fb;
	enum store_status s = future_read(vehicle_id, sub_org, a->now, &fb, n);
	for (int i = 0; s == ST_OK && i < *n; i++) {
		const struct future_booking *f = &fb[i];
		sqlite3_stmt *st = db_stmt(
		    "UPDATE booking SET status = 'deleted', changed_at = ? WHERE id = ?"
		    " AND EXISTS (SELECT 1 FROM booking_version WHERE booking_id = booking.id AND kind = 'CHGSTO')");
		if (!st) {
			s = ST_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, a->now);
		sqlite3_bind_int64(st, 2, f->id);
		s = db_step_done(st, "market future booking mark");
		if (s == ST_OK && sqlite3_changes(db_handle()) == 0) {
			st = db_stmt("DELETE FROM booking WHERE id = ?");
			if (!st) {
				s = ST_ERROR;
				break;
			}
			sqlite3_bind_int64(st, 1, f->id);
			s = db_step_done(st, "market future booking delete");
		}
		char line[AL_LINE_MAX];
		struct al_booking ab = {
			.id = f->id, .vehicle = f->local_name, .start = f->start, .end = f->end,
			.member = f->member, .creator = f->creator, .created_at = f->created_at, .purpose = f->purpose,
		};
		if (s == ST_OK) {
			al_format_booking(line, f->tz, a->now, a->login, "DELETE", &ab);
			s = logbook_append(f->org_id, a->now, line);
		}
		if (s == ST_OK) {
			ab.vehicle = f->vehicle;
			al_format_booking(line, f->owner_tz, a->now, a->login, "DELETE", &ab);
			s = logbook_append(f->owner_org, a->now, line);
		}
		/* The member hears of it as of any cancellation made for them (#16), in the same transaction. */
		if (s == ST_OK) {
			struct outbox_booking ob = {.id = f->id, .org_id = f->org_id, .member_id = f->member_id,
			                            .vehicle_id = f->vehicle_id, .start = f->start, .end = f->end,
			                            .created_at = f->created_at};
			utf8_copy(ob.vehicle, sizeof ob.vehicle, f->local_name);
			utf8_copy(ob.purpose, sizeof ob.purpose, f->purpose);
			utf8_copy(ob.owner_tz, sizeof ob.owner_tz, f->owner_tz);
			s = outbox_booking_event(&ob, "DELETE", a->login, a->now);
		}
	}
	free(fb);
	return s;
}

enum store_status mks_withdraw_affected(const struct actor *a, int64_t id, int *bookings)
{
	*bookings = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT count(*) FROM booking b JOIN vehicle v ON v.id = b.vehicle_id"
	    " WHERE b.vehicle_id = ?1 AND v.org_id = ?2 AND b.org_id <> v.org_id AND b.status = 'active' AND b.start > ?3");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, a->now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*bookings = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "market withdraw affected");
}

enum store_status mks_withdraw(const struct actor *a, int64_t id, int *ended, int *bookings)
{
	*ended = 0;
	*bookings = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct mks_vehicle v;
	enum store_status r = mks_vehicle_load(a, id, &v);
	if (r != ST_OK)
		return refuse(r);
	if (v.portal < 0)
		return refuse(ST_NOT_RELEASED);
	sqlite3_stmt *st = db_stmt("UPDATE offer SET portal = NULL, released_at = NULL, released_by = NULL"
	                           " WHERE vehicle_id = ? AND org_id = ?");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	s = db_step_done(st, "offer withdraw");
	if (s == ST_OK)
		s = add_event(a, id, "withdraw", v.portal);
	/* Before the subscriptions end: the log lines name the vehicle by the subscribers' local names. */
	if (s == ST_OK)
		s = future_cancel(a, id, 0, bookings);
	if (s == ST_OK) {
		st = db_stmt("UPDATE subscription SET cancelled_at = ? WHERE vehicle_id = ? AND cancelled_at IS NULL");
		if (!st)
			s = ST_ERROR;
		else {
			sqlite3_bind_int64(st, 1, a->now);
			sqlite3_bind_int64(st, 2, id);
			s = db_step_done(st, "offer withdraw subscriptions");
			*ended = sqlite3_changes(db_handle());
		}
	}
	if (s == ST_OK) {
		char where[200], text[600];
		portal_phrase(a->org_id, v.portal, where, sizeof where);
		char cancelled[64] = "";
		if (*bookings)
			snprintf(cancelled, sizeof cancelled, ", %d future booking%s of subscribers cancelled", *bookings,
			         *bookings == 1 ? "" : "s");
		snprintf(text, sizeof text, "market: vehicle %lld \"%s\" withdrawn from %s%s%s", (long long)id, v.o.name, where,
		         *ended ? ", subscriptions ended" : "", cancelled);
		s = log_line(a, text);
	}
	return finish(s);
}

enum store_status mks_set_list(const struct actor *a, int64_t id, bool on)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct mks_vehicle v;
	enum store_status r = mks_vehicle_load(a, id, &v);
	if (r != ST_OK)
		return refuse(r);
	s = ensure_offer(a, id);
	if (s == ST_OK) {
		sqlite3_stmt *st = db_stmt("UPDATE offer SET on_list = ? WHERE vehicle_id = ? AND org_id = ?");
		if (!st)
			s = ST_ERROR;
		else {
			sqlite3_bind_int(st, 1, on);
			sqlite3_bind_int64(st, 2, id);
			sqlite3_bind_int64(st, 3, a->org_id);
			s = db_step_done(st, "offer list");
		}
	}
	if (s == ST_OK && on != v.on_list) {
		char text[400];
		snprintf(text, sizeof text, "market: vehicle %lld \"%s\" %s the release list", (long long)id, v.o.name,
		         on ? "put on" : "taken off");
		s = log_line(a, text);
	}
	return finish(s);
}

/* The released offer of vehicle_id as the actor's organisation sees it: master org, split rate
 * (-1 Link mode), master's vehicle name. ST_NOT_RELEASED when it is not visible to it. */
static enum store_status visible_offer(const struct actor *a, int64_t vehicle_id, int64_t *master, int *rate, char *name, size_t n)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT o.org_id, CASE WHEN o.link_mode THEN -1 ELSE coalesce(o.split_rate, -1) END, v.name"
	    " FROM offer o JOIN vehicle v ON v.id = o.vehicle_id WHERE o.vehicle_id = ? AND o.portal IS NOT NULL"
	    " AND (o.portal = 0 OR EXISTS (SELECT 1 FROM minimarket_org mo WHERE mo.market_id = o.portal AND mo.org_id = ?))");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, vehicle_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	enum store_status r = ST_OK;
	if (rc == SQLITE_ROW) {
		*master = sqlite3_column_int64(st, 0);
		*rate = sqlite3_column_int(st, 1);
		if (n)
			copy_text(name, n, st, 2);
	} else {
		r = rc == SQLITE_DONE ? ST_NOT_RELEASED : db_result(rc, "market visible offer");
	}
	sqlite3_reset(st);
	return r;
}

enum store_status mks_watch(const struct actor *a, int64_t vehicle_id, bool on)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st;
	char vname[128] = "";
	if (on) {
		int64_t master;
		int rate;
		enum store_status r = visible_offer(a, vehicle_id, &master, &rate, vname, sizeof vname);
		if (r != ST_OK)
			return refuse(r == ST_NOT_RELEASED ? ST_NOT_FOUND : r);
		if (master == a->org_id)
			return refuse(ST_OWN);
		st = db_stmt("INSERT INTO watch (org_id, vehicle_id, added_at) SELECT ?, ?, ? WHERE NOT EXISTS"
		             " (SELECT 1 FROM watch WHERE org_id = ? AND vehicle_id = ?)");
		if (!st)
			return refuse(ST_ERROR);
		sqlite3_bind_int64(st, 1, a->org_id);
		sqlite3_bind_int64(st, 2, vehicle_id);
		sqlite3_bind_int64(st, 3, a->now);
		sqlite3_bind_int64(st, 4, a->org_id);
		sqlite3_bind_int64(st, 5, vehicle_id);
	} else {
		st = db_stmt("DELETE FROM watch WHERE org_id = ? AND vehicle_id = ?");
		if (!st)
			return refuse(ST_ERROR);
		sqlite3_bind_int64(st, 1, a->org_id);
		sqlite3_bind_int64(st, 2, vehicle_id);
	}
	s = db_step_done(st, "watch");
	if (s == ST_OK && sqlite3_changes(db_handle()) > 0) {
		char text[400];
		if (on)
			snprintf(text, sizeof text, "market: vehicle %lld \"%s\" put on the watchlist", (long long)vehicle_id, vname);
		else
			snprintf(text, sizeof text, "market: vehicle %lld taken off the watchlist", (long long)vehicle_id);
		s = log_line(a, text);
	}
	return finish(s);
}

/* ---- Subscriptions. */

enum store_status mks_subscribe(const struct actor *a, const struct mks_sub_in *in, int64_t *id)
{
	*id = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	int64_t master;
	int rate;
	char vname[128];
	enum store_status r = visible_offer(a, in->vehicle_id, &master, &rate, vname, sizeof vname);
	if (r != ST_OK)
		return refuse(r);
	if (master == a->org_id)
		return refuse(ST_OWN);
	if (in->expect_rate != -2 && in->expect_rate != rate)
		return refuse(ST_RATE_CHANGED);
	sqlite3_stmt *st = db_stmt("SELECT 1 FROM subscription WHERE org_id = ? AND vehicle_id = ? AND cancelled_at IS NULL");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, in->vehicle_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return refuse(ST_ALREADY);
	st = db_stmt("SELECT 1 FROM area WHERE id = ? AND org_id = ?");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, in->area_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return refuse(ST_BAD_AREA);
	st = db_stmt("SELECT 1 FROM vehicle WHERE org_id = ? AND name = ? COLLATE NOCASE"
	             " UNION ALL SELECT 1 FROM subscription WHERE org_id = ? AND cancelled_at IS NULL"
	             " AND local_name = ? COLLATE NOCASE LIMIT 1");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, in->local_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->org_id);
	sqlite3_bind_text(st, 4, in->local_name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return refuse(ST_NAME_TAKEN);
	st = db_stmt("INSERT INTO subscription (org_id, vehicle_id, local_name, area_id, visible, split_rate, created_at, created_by)"
	             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, in->vehicle_id);
	sqlite3_bind_text(st, 3, in->local_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, in->area_id);
	sqlite3_bind_int(st, 5, in->visible);
	if (rate >= 0)
		sqlite3_bind_int(st, 6, rate);
	sqlite3_bind_int64(st, 7, a->now);
	sqlite3_bind_int64(st, 8, a->member_id);
	s = db_step_done(st, "subscribe");
	if (s == ST_OK) {
		*id = sqlite3_last_insert_rowid(db_handle());
		st = db_stmt("DELETE FROM watch WHERE org_id = ? AND vehicle_id = ?");
		if (!st)
			s = ST_ERROR;
		else {
			sqlite3_bind_int64(st, 1, a->org_id);
			sqlite3_bind_int64(st, 2, in->vehicle_id);
			s = db_step_done(st, "subscribe unwatch");
		}
	}
	if (s == ST_OK) {
		char text[700], rtext[32];
		if (rate >= 0)
			snprintf(rtext, sizeof rtext, "split rate %d%%", rate);
		else
			snprintf(rtext, sizeof rtext, "Link mode");
		snprintf(text, sizeof text, "market: subscription %lld of vehicle %lld \"%s\" as \"%s\" in area %lld, %s%s",
		         (long long)*id, (long long)in->vehicle_id, vname, in->local_name, (long long)in->area_id, rtext,
		         in->visible ? "" : ", hidden from members");
		s = log_line(a, text);
	}
	return finish(s);
}

/* The local name of active subscription id of the actor's organisation into name. */
static enum store_status sub_name(const struct actor *a, int64_t id, char *name, size_t n)
{
	sqlite3_stmt *st = db_stmt("SELECT local_name FROM subscription WHERE id = ? AND org_id = ? AND cancelled_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		copy_text(name, n, st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "subscription");
}

enum store_status mks_cancel(const struct actor *a, int64_t id, int *bookings)
{
	*bookings = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	char name[128];
	enum store_status r = sub_name(a, id, name, sizeof name);
	if (r != ST_OK)
		return refuse(r);
	int64_t vehicle_id = 0;
	sqlite3_stmt *vs = db_stmt("SELECT vehicle_id FROM subscription WHERE id = ? AND org_id = ?");
	if (!vs)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(vs, 1, id);
	sqlite3_bind_int64(vs, 2, a->org_id);
	int vrc = sqlite3_step(vs);
	if (vrc == SQLITE_ROW)
		vehicle_id = sqlite3_column_int64(vs, 0);
	sqlite3_reset(vs);
	if (vrc != SQLITE_ROW)
		return refuse(vrc == SQLITE_DONE ? ST_NOT_FOUND : db_result(vrc, "subscription vehicle"));
	s = future_cancel(a, vehicle_id, a->org_id, bookings);
	if (s != ST_OK)
		return refuse(s);
	sqlite3_stmt *st = db_stmt("UPDATE subscription SET cancelled_at = ? WHERE id = ? AND org_id = ?");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, a->org_id);
	s = db_step_done(st, "subscription cancel");
	if (s == ST_OK) {
		char text[400];
		char cancelled[64] = "";
		if (*bookings)
			snprintf(cancelled, sizeof cancelled, ", %d future booking%s cancelled", *bookings, *bookings == 1 ? "" : "s");
		snprintf(text, sizeof text, "market: subscription %lld \"%s\" cancelled%s", (long long)id, name, cancelled);
		s = log_line(a, text);
	}
	return finish(s);
}

enum store_status mks_sub_update(const struct actor *a, int64_t id, const char *descr, bool visible)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	char name[128];
	enum store_status r = sub_name(a, id, name, sizeof name);
	if (r != ST_OK)
		return refuse(r);
	sqlite3_stmt *st = db_stmt("UPDATE subscription SET local_descr = ?, visible = ? WHERE id = ? AND org_id = ?");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_text(st, 1, descr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, visible);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, a->org_id);
	s = db_step_done(st, "subscription update");
	if (s == ST_OK) {
		char text[600];
		snprintf(text, sizeof text, "market: subscription %lld \"%s\" changed: description \"%s\", %s", (long long)id, name,
		         descr, visible ? "visible to members" : "hidden from members");
		s = log_line(a, text);
	}
	return finish(s);
}

bool mks_vehicle_released(int64_t vehicle_id)
{
	sqlite3_stmt *st = db_stmt("SELECT 1 FROM offer WHERE vehicle_id = ? AND portal IS NOT NULL");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, vehicle_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

/* ---- Reads for the market pages. */

/* Walks an (id, name) statement. */
static enum store_status named_walk(sqlite3_stmt *st, mks_named_fn fn, void *ctx, const char *where)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_named n;
		n.id = sqlite3_column_int64(st, 0);
		copy_text(n.name, sizeof n.name, st, 1);
		if (fn(ctx, &n))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, where);
}

enum store_status mks_portals_each(int64_t org_id, mks_named_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT m.id, m.name FROM minimarket m JOIN minimarket_org mo ON mo.market_id = m.id"
	                           " WHERE mo.org_id = ? ORDER BY m.name, m.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	return named_walk(st, fn, ctx, "market portals");
}

enum store_status mks_portal_choice(int64_t member_id, bool *choose)
{
	*choose = false;
	sqlite3_stmt *st = db_stmt("SELECT m.is_admin AND EXISTS (SELECT 1 FROM minimarket_org mo WHERE mo.org_id = m.org_id)"
	                           " FROM member m WHERE m.id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*choose = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "market portal choice");
}

enum store_status mks_areas_each(int64_t org_id, mks_named_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name FROM area WHERE org_id = ? ORDER BY sort, name, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	return named_walk(st, fn, ctx, "market areas");
}

enum store_status mks_tariffs_each(int64_t org_id, mks_named_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name FROM tariff WHERE org_id = ? ORDER BY name, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	return named_walk(st, fn, ctx, "market tariffs");
}

enum store_status mks_offering_orgs_each(int64_t portal, mks_named_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT DISTINCT g.id, g.name FROM offer o JOIN org g ON g.id = o.org_id"
	                           " WHERE o.portal = ? ORDER BY g.name");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, portal);
	return named_walk(st, fn, ctx, "market orgs");
}

enum store_status mks_all_orgs_each(mks_named_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name FROM org ORDER BY name");
	if (!st)
		return ST_ERROR;
	return named_walk(st, fn, ctx, "orgs");
}

enum store_status mks_subscriber_orgs_each(int64_t org_id, mks_named_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT DISTINCT g.id, g.name FROM subscription s JOIN vehicle v ON v.id = s.vehicle_id"
	                           " JOIN org g ON g.id = s.org_id WHERE v.org_id = ? AND s.org_id <> v.org_id ORDER BY g.name, g.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	return named_walk(st, fn, ctx, "market subscriber orgs");
}

enum store_status mks_shared_vehicles_each(int64_t org_id, mks_named_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT v.id, v.name FROM vehicle v WHERE v.org_id = ?"
	                           " AND (EXISTS (SELECT 1 FROM offer o WHERE o.vehicle_id = v.id AND o.portal IS NOT NULL)"
	                           "   OR EXISTS (SELECT 1 FROM subscription s WHERE s.vehicle_id = v.id))"
	                           " ORDER BY v.name, v.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	return named_walk(st, fn, ctx, "market shared vehicles");
}

bool mks_org_coords(int64_t org_id, double *lat, double *lon)
{
	sqlite3_stmt *st = db_stmt("SELECT lat, lon FROM org WHERE id = ? AND lat IS NOT NULL AND lon IS NOT NULL");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, org_id);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		*lat = sqlite3_column_double(st, 0);
		*lon = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	return ok;
}

/* The offer's columns from i (address, lat, lon, vclass, split_rate, link_mode, link_url,
 * conditions) into o. */
static void offer_cols(sqlite3_stmt *st, int i, struct offer *o)
{
	copy_text(o->address, sizeof o->address, st, i);
	o->has_coords = sqlite3_column_type(st, i + 1) != SQLITE_NULL && sqlite3_column_type(st, i + 2) != SQLITE_NULL;
	o->lat = sqlite3_column_double(st, i + 1);
	o->lon = sqlite3_column_double(st, i + 2);
	copy_text(o->vclass, sizeof o->vclass, st, i + 3);
	o->split_rate = sqlite3_column_type(st, i + 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i + 4);
	o->link_mode = sqlite3_column_int(st, i + 5) != 0;
	copy_text(o->link_url, sizeof o->link_url, st, i + 6);
	copy_text(o->conditions, sizeof o->conditions, st, i + 7);
}

/* The columns v.id, v.name, v.descr, g.id, g.name, then the offer's (offer_cols) into row. */
static void offer_row_cols(sqlite3_stmt *st, struct mks_offer_row *row)
{
	memset(row, 0, sizeof *row);
	row->id = sqlite3_column_int64(st, 0);
	copy_text(row->name, sizeof row->name, st, 1);
	snprintf(row->o.name, sizeof row->o.name, "%s", row->name);
	copy_text(row->descr, sizeof row->descr, st, 2);
	row->org_id = sqlite3_column_int64(st, 3);
	copy_text(row->org, sizeof row->org, st, 4);
	offer_cols(st, 5, &row->o);
}

/* A JSON array of the n ids (or of the n [start, end) pairs when pairs) in a new string; NULL
 * when out of memory. */
static char *json_ids(const int64_t *ids, const int64_t (*pairs)[2], int n)
{
	size_t cap = 4 + (size_t)n * 48;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	size_t len = (size_t)snprintf(out, cap, "[");
	for (int i = 0; i < n; i++) {
		if (pairs)
			len += (size_t)snprintf(out + len, cap - len, "%s[%lld,%lld]", i ? "," : "", (long long)pairs[i][0],
			                        (long long)pairs[i][1]);
		else
			len += (size_t)snprintf(out + len, cap - len, "%s%lld", i ? "," : "", (long long)ids[i]);
	}
	snprintf(out + len, cap - len, "]");
	return out;
}

enum store_status mks_market_each(const struct actor *a, const struct mks_filter *f, mks_offer_fn fn, void *ctx)
{
	/* The free-time filter is one NOT EXISTS over the intervals, using booking_vehicle_time. */
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, g.id, g.name, o.address, o.lat, o.lon, o.vclass, o.split_rate, o.link_mode,"
	    " o.link_url, o.conditions,"
	    " EXISTS (SELECT 1 FROM watch w WHERE w.org_id = ?1 AND w.vehicle_id = v.id),"
	    " EXISTS (SELECT 1 FROM subscription s WHERE s.org_id = ?1 AND s.vehicle_id = v.id AND s.cancelled_at IS NULL)"
	    " FROM offer o JOIN vehicle v ON v.id = o.vehicle_id JOIN org g ON g.id = o.org_id"
	    " WHERE o.portal = ?2 AND (?3 OR o.org_id <> ?1)"
	    " AND (?4 = '' OR instr(lower(v.name || ' ' || v.descr || ' ' || o.address || ' ' || o.conditions || ' ' || g.name), lower(?4)) > 0)"
	    " AND (?5 = '' OR o.vclass = ?5)"
	    " AND (?6 IS NULL OR o.org_id IN (SELECT value FROM json_each(?6)))"
	    " AND (?7 IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(?7) j JOIN booking b ON b.vehicle_id = v.id"
	    "   AND b.end > json_extract(j.value, '$[0]') AND b.start < json_extract(j.value, '$[1]') AND b.status = 'active'))"
	    " ORDER BY g.name, v.name, v.id");
	if (!st)
		return ST_ERROR;
	char *orgs = f->orgs ? json_ids(f->orgs, NULL, f->n_orgs) : NULL;
	char *free_ = f->free ? json_ids(NULL, f->free, f->n_free) : NULL;
	if ((f->orgs && !orgs) || (f->free && !free_)) {
		free(orgs);
		free(free_);
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, f->portal);
	sqlite3_bind_int(st, 3, f->own);
	sqlite3_bind_text(st, 4, f->q ? f->q : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, f->vclass ? f->vclass : "", -1, SQLITE_TRANSIENT);
	if (orgs)
		sqlite3_bind_text(st, 6, orgs, -1, SQLITE_TRANSIENT);
	if (free_)
		sqlite3_bind_text(st, 7, free_, -1, SQLITE_TRANSIENT);
	free(orgs);
	free(free_);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_offer_row row;
		offer_row_cols(st, &row);
		row.watched = sqlite3_column_int(st, 13) != 0;
		row.subscribed = sqlite3_column_int(st, 14) != 0;
		if (fn(ctx, &row))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "market list");
}

enum store_status mks_detail_load(const struct actor *a, int64_t id, struct mks_detail *out)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, g.id, g.name, o.address, o.lat, o.lon, o.vclass, o.split_rate, o.link_mode,"
	    " o.link_url, o.conditions, o.portal, coalesce(m.name, ''), coalesce(t.name, ''), t.per_hour, t.max_24h, t.per_km,"
	    " EXISTS (SELECT 1 FROM watch w WHERE w.org_id = ?2 AND w.vehicle_id = v.id),"
	    " (SELECT s.id FROM subscription s WHERE s.org_id = ?2 AND s.vehicle_id = v.id AND s.cancelled_at IS NULL),"
	    " o.released_at"
	    " FROM offer o JOIN vehicle v ON v.id = o.vehicle_id JOIN org g ON g.id = o.org_id"
	    " LEFT JOIN minimarket m ON m.id = o.portal LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE o.vehicle_id = ?1 AND o.portal IS NOT NULL"
	    " AND (o.portal = 0 OR EXISTS (SELECT 1 FROM minimarket_org mo WHERE mo.market_id = o.portal AND mo.org_id = ?2))");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "market detail");
	}
	memset(out, 0, sizeof *out);
	offer_row_cols(st, &out->v);
	out->portal = sqlite3_column_int64(st, 13);
	copy_text(out->portal_name, sizeof out->portal_name, st, 14);
	copy_text(out->tariff, sizeof out->tariff, st, 15);
	out->has_per_hour = sqlite3_column_type(st, 16) != SQLITE_NULL;
	out->per_hour = sqlite3_column_int64(st, 16);
	out->has_max_24h = sqlite3_column_type(st, 17) != SQLITE_NULL;
	out->max_24h = sqlite3_column_int64(st, 17);
	out->has_per_km = sqlite3_column_type(st, 18) != SQLITE_NULL;
	out->per_km = sqlite3_column_int64(st, 18);
	out->v.watched = sqlite3_column_int(st, 19) != 0;
	out->subscription = sqlite3_column_int64(st, 20);
	out->released_at = sqlite3_column_int64(st, 21);
	sqlite3_reset(st);
	return ST_OK;
}

enum store_status mks_own_each(const struct actor *a, int64_t portal, enum mks_own_state state, int64_t area,
                               const char *q, mks_own_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, ar.name, coalesce(v.tariff_id, 0), coalesce(t.name, ''),"
	    " o.address, o.lat, o.lon, o.vclass, o.split_rate, o.link_mode, o.link_url, o.conditions,"
	    " coalesce(o.on_list, 0), o.portal, coalesce(m.name, '')"
	    " FROM vehicle v JOIN area ar ON ar.id = v.area_id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " LEFT JOIN offer o ON o.vehicle_id = v.id LEFT JOIN minimarket m ON m.id = o.portal"
	    " WHERE v.org_id = ?1"
	    " AND (?2 = 0 OR (?2 = 1 AND o.portal = ?3) OR (?2 = 2 AND o.portal IS NULL)"
	    "      OR (?2 = 3 AND o.on_list = 1 AND o.portal IS NULL))"
	    " AND (?4 = 0 OR v.area_id = ?4)"
	    " AND (?5 = '' OR instr(lower(v.name || ' ' || v.descr || ' ' || coalesce(o.address, '')), lower(?5)) > 0)"
	    " ORDER BY ar.sort, ar.name, v.sort, v.name, v.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int(st, 2, (int)state);
	sqlite3_bind_int64(st, 3, portal);
	sqlite3_bind_int64(st, 4, area);
	sqlite3_bind_text(st, 5, q ? q : "", -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_own_row row;
		memset(&row, 0, sizeof row);
		row.id = sqlite3_column_int64(st, 0);
		copy_text(row.o.name, sizeof row.o.name, st, 1);
		copy_text(row.descr, sizeof row.descr, st, 2);
		copy_text(row.area, sizeof row.area, st, 3);
		row.o.tariff_id = sqlite3_column_int64(st, 4);
		copy_text(row.tariff, sizeof row.tariff, st, 5);
		offer_cols(st, 6, &row.o);
		row.on_list = sqlite3_column_int(st, 14) != 0;
		row.portal = sqlite3_column_type(st, 15) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 15);
		copy_text(row.portal_name, sizeof row.portal_name, st, 16);
		if (fn(ctx, &row))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "market own");
}

enum store_status mks_events_each(const struct actor *a, int64_t id, mks_event_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT e.at, e.what, e.portal, coalesce(m.name, ''), coalesce(mb.login, '')"
	    " FROM offer_event e LEFT JOIN minimarket m ON m.id = e.portal LEFT JOIN member mb ON mb.id = e.by_member"
	    " WHERE e.vehicle_id = ? AND e.org_id = ? ORDER BY e.at DESC, e.id DESC");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_event e;
		e.at = sqlite3_column_int64(st, 0);
		e.release = strcmp(db_text(st, 1), "release") == 0;
		e.portal = sqlite3_column_int64(st, 2);
		copy_text(e.portal_name, sizeof e.portal_name, st, 3);
		copy_text(e.by, sizeof e.by, st, 4);
		if (fn(ctx, &e))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "market events");
}

enum store_status mks_watchlist_each(const struct actor *a, mks_watch_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, g.name, o.split_rate, coalesce(o.link_mode, 0),"
	    " o.portal IS NOT NULL AND (o.portal = 0 OR EXISTS (SELECT 1 FROM minimarket_org mo WHERE mo.market_id = o.portal AND mo.org_id = ?1)),"
	    " EXISTS (SELECT 1 FROM subscription s WHERE s.org_id = ?1 AND s.vehicle_id = v.id AND s.cancelled_at IS NULL),"
	    " w.added_at"
	    " FROM watch w JOIN vehicle v ON v.id = w.vehicle_id JOIN org g ON g.id = v.org_id"
	    " LEFT JOIN offer o ON o.vehicle_id = v.id WHERE w.org_id = ?1 ORDER BY w.added_at, v.name, v.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_watch_row w;
		memset(&w, 0, sizeof w);
		w.id = sqlite3_column_int64(st, 0);
		copy_text(w.name, sizeof w.name, st, 1);
		copy_text(w.descr, sizeof w.descr, st, 2);
		copy_text(w.org, sizeof w.org, st, 3);
		w.rate = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
		w.link = sqlite3_column_int(st, 5) != 0;
		w.offered = sqlite3_column_int(st, 6) != 0;
		w.subscribed = sqlite3_column_int(st, 7) != 0;
		w.added_at = sqlite3_column_int64(st, 8);
		if (fn(ctx, &w))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "watchlist");
}

enum store_status mks_subs_each(const struct actor *a, mks_sub_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT s.id, s.local_name, s.local_descr, ar.name, s.visible, s.split_rate, v.id, v.name, g.name,"
	    " coalesce(o.link_mode, 0), s.created_at, coalesce(t.name, ''), o.portal IS NOT NULL,"
	    " (SELECT count(*) FROM booking b WHERE b.vehicle_id = s.vehicle_id AND b.org_id = s.org_id AND b.status = 'active' AND b.start > ?2)"
	    " FROM subscription s JOIN vehicle v ON v.id = s.vehicle_id JOIN org g ON g.id = v.org_id"
	    " JOIN area ar ON ar.id = s.area_id LEFT JOIN offer o ON o.vehicle_id = v.id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE s.org_id = ?1 AND s.cancelled_at IS NULL ORDER BY s.local_name COLLATE NOCASE, s.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, a->now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_sub_row s;
		memset(&s, 0, sizeof s);
		s.id = sqlite3_column_int64(st, 0);
		copy_text(s.lname, sizeof s.lname, st, 1);
		copy_text(s.ldescr, sizeof s.ldescr, st, 2);
		copy_text(s.area, sizeof s.area, st, 3);
		s.visible = sqlite3_column_int(st, 4) != 0;
		s.rate = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
		s.vehicle_id = sqlite3_column_int64(st, 6);
		copy_text(s.vehicle, sizeof s.vehicle, st, 7);
		copy_text(s.org, sizeof s.org, st, 8);
		s.link = sqlite3_column_int(st, 9) != 0;
		s.created_at = sqlite3_column_int64(st, 10);
		copy_text(s.tariff, sizeof s.tariff, st, 11);
		s.offered = sqlite3_column_int(st, 12) != 0;
		s.future = sqlite3_column_int(st, 13);
		if (fn(ctx, &s))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "subscriptions");
}

/* ---- The portal operator's mini-markets. */

enum store_status mks_minimarkets_each(mks_market_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT m.id, m.name FROM minimarket m ORDER BY m.name, m.id");
	if (!st)
		return ST_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_market_row m;
		m.id = sqlite3_column_int64(st, 0);
		copy_text(m.name, sizeof m.name, st, 1);
		if (fn(ctx, &m))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "minimarkets");
}

enum store_status mks_minimarket_create(const struct actor *a, const char *name)
{
	assert(name && *name);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("INSERT INTO minimarket (name) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM minimarket WHERE name = ?)");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	s = db_step_done(st, "minimarket create");
	if (s == ST_OK && sqlite3_changes(db_handle()) == 0)
		return refuse(ST_DUPLICATE);
	if (s == ST_OK) {
		char text[400];
		snprintf(text, sizeof text, "market operator: mini-market \"%s\" created", name);
		s = log_line(a, text);
	}
	return finish(s);
}

enum store_status mks_minimarket_members_each(mks_member_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT mo.market_id, g.id, g.name FROM minimarket_org mo JOIN minimarket m ON m.id = mo.market_id"
	                           " JOIN org g ON g.id = mo.org_id ORDER BY m.name, m.id, g.name, g.id");
	if (!st)
		return ST_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mks_member_row m;
		m.market_id = sqlite3_column_int64(st, 0);
		m.org_id = sqlite3_column_int64(st, 1);
		copy_text(m.org, sizeof m.org, st, 2);
		if (fn(ctx, &m))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "minimarket members");
}

/* The ids of the vehicles a statement with one id column yields (at most max). */
static enum store_status ids_of(sqlite3_stmt *st, int64_t *ids, int max, int *n, const char *where)
{
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, where);
}

#define MKS_REMOVE_MAX 1000

/* Ends the active subscriptions of vehicle_id (of org only when it is not 0), adding to *ended. */
static enum store_status end_subscriptions(const struct actor *a, int64_t vehicle_id, int64_t org, int *ended)
{
	IN_TXN();
	sqlite3_stmt *st = db_stmt("UPDATE subscription SET cancelled_at = ?1 WHERE vehicle_id = ?2 AND (?3 = 0 OR org_id = ?3)"
	                           " AND cancelled_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_int64(st, 2, vehicle_id);
	sqlite3_bind_int64(st, 3, org);
	enum store_status s = db_step_done(st, "market end subscriptions");
	if (s == ST_OK)
		*ended += sqlite3_changes(db_handle());
	return s;
}

/* Withdraws org's vehicles released in mini-market market (events by the actor; their
 * subscriptions end, subscribers' future bookings are cancelled), inside the caller's transaction. */
static enum store_status remove_releases(const struct actor *a, int64_t market, int64_t org, int *withdrawn, int *ended,
                                         int *bookings)
{
	IN_TXN();
	static int64_t ids[MKS_REMOVE_MAX];
	int n = 0, c = 0;
	sqlite3_stmt *st = db_stmt("SELECT vehicle_id FROM offer WHERE org_id = ? AND portal = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org);
	sqlite3_bind_int64(st, 2, market);
	enum store_status s = ids_of(st, ids, MKS_REMOVE_MAX, &n, "minimarket remove releases");
	for (int i = 0; s == ST_OK && i < n; i++) {
		s = future_cancel(a, ids[i], 0, &c);
		*bookings += c;
		if (s == ST_OK) {
			st = db_stmt("UPDATE offer SET portal = NULL, released_at = NULL, released_by = NULL WHERE vehicle_id = ?");
			s = st ? (sqlite3_bind_int64(st, 1, ids[i]), db_step_done(st, "minimarket remove withdraw")) : ST_ERROR;
		}
		if (s == ST_OK) {
			st = db_stmt("INSERT INTO offer_event (vehicle_id, org_id, at, what, portal, by_member) VALUES (?, ?, ?, 'withdraw', ?, ?)");
			if (!st)
				return ST_ERROR;
			sqlite3_bind_int64(st, 1, ids[i]);
			sqlite3_bind_int64(st, 2, org);
			sqlite3_bind_int64(st, 3, a->now);
			sqlite3_bind_int64(st, 4, market);
			sqlite3_bind_int64(st, 5, a->member_id);
			s = db_step_done(st, "minimarket remove event");
		}
		if (s == ST_OK)
			s = end_subscriptions(a, ids[i], 0, ended);
		(*withdrawn)++;
	}
	return s;
}

/* Ends org's subscriptions of vehicles released in mini-market market and cancels its future
 * bookings of them, inside the caller's transaction. */
static enum store_status remove_subscriptions(const struct actor *a, int64_t market, int64_t org, int *ended, int *bookings)
{
	IN_TXN();
	static int64_t ids[MKS_REMOVE_MAX];
	int n = 0, c = 0;
	sqlite3_stmt *st = db_stmt("SELECT s.vehicle_id FROM subscription s JOIN offer o ON o.vehicle_id = s.vehicle_id"
	                           " WHERE s.org_id = ? AND s.cancelled_at IS NULL AND o.portal = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org);
	sqlite3_bind_int64(st, 2, market);
	enum store_status s = ids_of(st, ids, MKS_REMOVE_MAX, &n, "minimarket remove subscriptions");
	for (int i = 0; s == ST_OK && i < n; i++) {
		s = future_cancel(a, ids[i], org, &c);
		*bookings += c;
		if (s == ST_OK)
			s = end_subscriptions(a, ids[i], org, ended);
	}
	return s;
}

enum store_status mks_minimarket_remove(const struct actor *a, int64_t market, int64_t org, int *withdrawn, int *ended,
                                        int *bookings)
{
	*withdrawn = *ended = *bookings = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("SELECT m.name, g.name FROM minimarket_org mo JOIN minimarket m ON m.id = mo.market_id"
	                           " JOIN org g ON g.id = mo.org_id WHERE mo.market_id = ? AND mo.org_id = ?");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, market);
	sqlite3_bind_int64(st, 2, org);
	char mname[256] = "", oname[256] = "";
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_text(mname, sizeof mname, st, 0);
		copy_text(oname, sizeof oname, st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return refuse(rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "minimarket member"));
	s = remove_releases(a, market, org, withdrawn, ended, bookings);
	if (s == ST_OK)
		s = remove_subscriptions(a, market, org, ended, bookings);
	if (s == ST_OK) {
		st = db_stmt("DELETE FROM minimarket_org WHERE market_id = ? AND org_id = ?");
		if (!st)
			return refuse(ST_ERROR);
		sqlite3_bind_int64(st, 1, market);
		sqlite3_bind_int64(st, 2, org);
		s = db_step_done(st, "minimarket remove");
	}
	if (s == ST_OK) {
		char text[800];
		snprintf(text, sizeof text,
		         "market operator: organisation %lld \"%s\" removed from mini-market %lld \"%s\": %d releases withdrawn,"
		         " %d subscriptions ended, %d future bookings cancelled",
		         (long long)org, oname, (long long)market, mname, *withdrawn, *ended, *bookings);
		s = log_line(a, text);
	}
	return finish(s);
}

enum store_status mks_minimarket_add(const struct actor *a, int64_t market, int64_t org)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("SELECT (SELECT count(*) FROM minimarket WHERE id = ?1) + (SELECT count(*) FROM org WHERE id = ?2),"
	                           " EXISTS (SELECT 1 FROM minimarket_org WHERE market_id = ?1 AND org_id = ?2)");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, market);
	sqlite3_bind_int64(st, 2, org);
	int rc = sqlite3_step(st);
	int found = sqlite3_column_int(st, 0), member = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return refuse(db_result(rc, "minimarket add"));
	if (found != 2)
		return refuse(ST_NOT_FOUND);
	if (member)
		return refuse(ST_ALREADY);
	st = db_stmt("INSERT INTO minimarket_org (market_id, org_id) VALUES (?, ?)");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, market);
	sqlite3_bind_int64(st, 2, org);
	s = db_step_done(st, "minimarket add");
	if (s == ST_OK) {
		char text[400];
		snprintf(text, sizeof text, "market operator: organisation %lld added to mini-market %lld", (long long)org,
		         (long long)market);
		s = log_line(a, text);
	}
	return finish(s);
}
