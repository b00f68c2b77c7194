/* feedstore: calendar feeds — a member's own bookings or an administrator's vehicle, behind a secret token stored as SHA-256, read as a window of events. */
#include "store/feedstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/actionlog.h"
#include "store/db.h"
#include "store/logbook.h"

static enum store_status fail(int s)
{
	db_rollback();
	return s == ST_BUSY ? ST_BUSY : ST_ERROR;
}

static enum store_status log_commit(const struct actor *a, const char *text)
{
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, text);
	int s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status feedstore_member_enable(const struct actor *a, char *hex)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	if ((s = tokens_revoke("feed", a->org_id, a->member_id, 0)) != ST_OK)
		return fail(s);
	struct tokens_row t = {.kind = "feed", .org_id = a->org_id, .member_id = a->member_id};
	if ((s = tokens_create(&t, 0, a->now, hex)) != ST_OK)
		return fail(s);
	return log_commit(a, "CALENDAR FEED ENABLED");
}

enum store_status feedstore_member_revoke(const struct actor *a)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	if ((s = tokens_revoke("feed", a->org_id, a->member_id, 0)) != ST_OK)
		return fail(s);
	return log_commit(a, "CALENDAR FEED REVOKED");
}

int64_t feedstore_member_since(const struct actor *a)
{
	sqlite3_stmt *st = db_stmt("SELECT max(created_at) FROM token WHERE kind = 'feed' AND member_id = ? AND org_id = ?");
	int64_t t = 0;
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, a->member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return t;
}

/* The vehicle's name when it is the actor's organisation's. */
static enum store_status own_vehicle(const struct actor *a, int64_t vehicle_id, char *name, size_t n)
{
	sqlite3_stmt *st = db_stmt("SELECT name FROM vehicle WHERE id = ? AND org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, vehicle_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(name, n, "%s", db_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "feed vehicle");
}

/* Removes the vehicle's feed tokens (any administrator's). */
static enum store_status revoke_vehicle(int64_t org_id, int64_t vehicle_id)
{
	return tokens_revoke("vfeed", org_id, 0, vehicle_id);
}

enum store_status feedstore_vehicle_enable(const struct actor *a, int64_t vehicle_id, char *hex)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	char name[128], text[200];
	enum store_status r = own_vehicle(a, vehicle_id, name, sizeof name);
	if (r != ST_OK) {
		if (r == ST_NOT_FOUND) {
			db_rollback();
			return r;
		}
		return fail(r);
	}
	if ((s = revoke_vehicle(a->org_id, vehicle_id)) != ST_OK)
		return fail(s);
	/* member_id: the administrator who enabled it; the feed stops when they are no longer one */
	struct tokens_row t = {.kind = "vfeed", .org_id = a->org_id, .member_id = a->member_id, .vehicle_id = vehicle_id};
	if ((s = tokens_create(&t, 0, a->now, hex)) != ST_OK)
		return fail(s);
	snprintf(text, sizeof text, "CALENDAR FEED ENABLED vehicle %lld %s", (long long)vehicle_id, name);
	return log_commit(a, text);
}

enum store_status feedstore_vehicle_revoke(const struct actor *a, int64_t vehicle_id)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	char name[128], text[200];
	enum store_status r = own_vehicle(a, vehicle_id, name, sizeof name);
	if (r != ST_OK) {
		if (r == ST_NOT_FOUND) {
			db_rollback();
			return r;
		}
		return fail(r);
	}
	if ((s = revoke_vehicle(a->org_id, vehicle_id)) != ST_OK)
		return fail(s);
	snprintf(text, sizeof text, "CALENDAR FEED REVOKED vehicle %lld %s", (long long)vehicle_id, name);
	return log_commit(a, text);
}

int feedstore_vehicles(const struct actor *a, struct feedstore_vehicle *out, int max)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, coalesce((SELECT max(t.created_at) FROM token t WHERE t.kind = 'vfeed'"
	    " AND t.vehicle_id = v.id AND t.org_id = v.org_id), 0) FROM vehicle v WHERE v.org_id = ? ORDER BY v.sort, v.name");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a->org_id);
	int n = 0;
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(st, 0);
		snprintf(out[n].name, sizeof out[n].name, "%s", db_text(st, 1));
		out[n].since = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	return n;
}

enum store_status feedstore_resolve(const char *hex, int64_t now, struct feedstore_owner *out)
{
	memset(out, 0, sizeof *out);
	struct tokens_row t;
	enum store_status r = tokens_find("feed", hex, now, &t);
	if (r == ST_NOT_FOUND)
		r = tokens_find("vfeed", hex, now, &t);
	if (r != ST_OK)
		return r;
	sqlite3_stmt *st = strcmp(t.kind, "feed") == 0
	    ? db_stmt("SELECT m.login, o.tz FROM member m JOIN org o ON o.id = m.org_id"
	              " WHERE m.id = ?1 AND m.org_id = ?2 AND m.locked = 0 AND ?3 = 0")
	    : db_stmt("SELECT v.name, o.tz FROM vehicle v JOIN org o ON o.id = v.org_id"
	              " JOIN member m ON m.id = ?1 AND m.org_id = v.org_id AND m.is_admin = 1 AND m.locked = 0"
	              " WHERE v.id = ?3 AND v.org_id = ?2");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, t.member_id);
	sqlite3_bind_int64(st, 2, t.org_id);
	sqlite3_bind_int64(st, 3, t.vehicle_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->org_id = t.org_id;
		out->member_id = t.member_id;
		out->vehicle_id = t.vehicle_id;
		out->created_at = t.created_at;
		snprintf(out->name, sizeof out->name, "%s", db_text(st, 0));
		snprintf(out->tz, sizeof out->tz, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "feed owner");
}

int64_t feedstore_version(void)
{
	return db_generation();
}

struct feedstore_cursor {
	sqlite3_stmt *st;
};

/* One statement for both kinds: ?1 org, ?2 member (0 for a vehicle feed), ?3 vehicle (0 for a
 * member feed), ?4 window start, ?5 window end, ?6 cancelled since. Live bookings come from booking
 * (active, or storno within the last 30 days), deleted ones from booking_ics. */
#define FEEDSTORE_SQL \
	"SELECT b.id, b.created_at, b.start, b.end, b.changed_at, coalesce(bi.seq, 0), b.status <> 'active'," \
	" coalesce(s.local_name, v.name), m.login, b.purpose, bo.name, b.org_id <> ?1" \
	" FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN member m ON m.id = b.member_id" \
	" JOIN org bo ON bo.id = b.org_id" \
	" LEFT JOIN booking_ics bi ON bi.booking_id = b.id" \
	" LEFT JOIN subscription s ON s.org_id = b.org_id AND s.vehicle_id = b.vehicle_id" \
	"  AND s.cancelled_at IS NULL AND v.org_id <> b.org_id" \
	" WHERE ((?2 <> 0 AND b.member_id = ?2 AND b.org_id = ?1) OR (?3 <> 0 AND b.vehicle_id = ?3 AND v.org_id = ?1))" \
	"  AND b.end > ?4 AND b.start < ?5" \
	"  AND (b.status = 'active' OR (b.status = 'storno' AND b.changed_at > ?6))" \
	" UNION ALL " \
	"SELECT bi.booking_id, bi.created_at, bi.start, bi.end, bi.changed_at, bi.seq, 1, bi.vehicle, m.login, bi.purpose, o.name," \
	" bi.org_id <> ?1" \
	" FROM booking_ics bi JOIN member m ON m.id = bi.member_id JOIN org o ON o.id = bi.org_id" \
	" LEFT JOIN booking b ON b.id = bi.booking_id" \
	" WHERE bi.cancelled_at > ?6 AND (b.id IS NULL OR b.status = 'deleted')" \
	"  AND ((?2 <> 0 AND bi.member_id = ?2 AND bi.org_id = ?1) OR (?3 <> 0 AND bi.vehicle_id = ?3" \
	"  AND EXISTS (SELECT 1 FROM vehicle vv WHERE vv.id = bi.vehicle_id AND vv.org_id = ?1)))" \
	"  AND bi.end > ?4 AND bi.start < ?5" \
	" ORDER BY 3, 1"

static void bind_window(sqlite3_stmt *st, const struct feedstore_owner *o, int64_t now)
{
	sqlite3_bind_int64(st, 1, o->org_id);
	sqlite3_bind_int64(st, 2, o->vehicle_id ? 0 : o->member_id);
	sqlite3_bind_int64(st, 3, o->vehicle_id);
	sqlite3_bind_int64(st, 4, now - FEEDSTORE_PAST_DAYS * 86400LL);
	sqlite3_bind_int64(st, 5, now + FEEDSTORE_FUTURE_DAYS * 86400LL);
	sqlite3_bind_int64(st, 6, now - FEEDSTORE_CANCELLED_DAYS * 86400LL);
}

struct feedstore_cursor *feedstore_open(const struct feedstore_owner *owner, int64_t now)
{
	struct feedstore_cursor *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->st = db_stmt(FEEDSTORE_SQL);
	if (!c->st) {
		free(c);
		return NULL;
	}
	bind_window(c->st, owner, now);
	return c;
}

bool feedstore_row(struct feedstore_cursor *c, struct feedstore_event *e)
{
	if (!c || sqlite3_step(c->st) != SQLITE_ROW)
		return false;
	sqlite3_stmt *st = c->st;
	memset(e, 0, sizeof *e);
	e->booking_id = sqlite3_column_int64(st, 0);
	e->created_at = sqlite3_column_int64(st, 1);
	e->start = sqlite3_column_int64(st, 2);
	e->end = sqlite3_column_int64(st, 3);
	e->changed_at = sqlite3_column_int64(st, 4);
	e->seq = sqlite3_column_int(st, 5);
	e->cancelled = sqlite3_column_int(st, 6) != 0;
	snprintf(e->vehicle, sizeof e->vehicle, "%s", db_text(st, 7));
	snprintf(e->member, sizeof e->member, "%s", db_text(st, 8));
	snprintf(e->purpose, sizeof e->purpose, "%s", db_text(st, 9));
	snprintf(e->org_name, sizeof e->org_name, "%s", db_text(st, 10));
	e->foreign = sqlite3_column_int(st, 11) != 0;
	if (e->foreign) {
		e->member[0] = '\0';
		e->purpose[0] = '\0';
	}
	return true;
}

void feedstore_close(struct feedstore_cursor *c)
{
	if (!c)
		return;
	sqlite3_reset(c->st);
	free(c);
}

int64_t feedstore_last_modified(const struct feedstore_owner *owner, int64_t now)
{
	int64_t last = owner->created_at;
	struct feedstore_cursor *c = feedstore_open(owner, now);
	struct feedstore_event e;
	while (c && feedstore_row(c, &e))
		if (e.changed_at > last)
			last = e.changed_at;
	feedstore_close(c);
	return last;
}
