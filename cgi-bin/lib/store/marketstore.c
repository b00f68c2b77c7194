/* marketstore: the marketplace's writes — offer data, release and withdrawal, the release list, the watchlist and subscriptions — each one immediate transaction with its ADMIN action-log line. */
#include "store/marketstore.h"

#include <stdio.h>
#include <string.h>

#include "rules/actionlog.h"
#include "store/db.h"
#include "store/logbook.h"

/* ---- Helpers. */

static enum store_status res_of(int db_status)
{
	return db_status == ST_OK ? ST_OK : db_status == ST_BUSY ? ST_BUSY : ST_ERROR;
}

static void copy_text(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	snprintf(dst, n, "%s", db_text(st, i));
}

/* Appends the ADMIN line "text" to the actor's log (inside the caller's transaction). */
static int log_line(const struct actor *a, const char *text)
{
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, text);
	return logbook_append(a->org_id, a->now, line);
}

/* Commits when s is ST_OK, else rolls back; maps the outcome. */
static enum store_status finish(int s)
{
	if (s == ST_OK)
		s = db_commit();
	else
		db_rollback();
	return res_of(s);
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
		return rc == SQLITE_DONE ? ST_NOT_FOUND : res_of(db_result(rc, "market vehicle load"));
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
static int ensure_offer(const struct actor *a, int64_t id)
{
	sqlite3_stmt *st = db_stmt("INSERT INTO offer (vehicle_id, org_id) SELECT ?, ? WHERE NOT EXISTS"
	                           " (SELECT 1 FROM offer WHERE vehicle_id = ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, id);
	return db_step_done(st, "offer ensure");
}

enum store_status mks_offer_save(const struct actor *a, int64_t id, const struct market_offer *in, unsigned *locked)
{
	*locked = 0;
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
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
		struct market_offer cmp = *in;
		snprintf(cmp.name, sizeof cmp.name, "%s", old.o.name);
		*locked = market_locked_changes(&old.o, &cmp);
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
static int add_event(const struct actor *a, int64_t id, const char *what, int64_t portal)
{
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
                                   unsigned *missing, int *db, bool *changed)
{
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
	*missing = market_missing(&v.o);
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
	int s = db_step_done(st, "offer release");
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
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
	bool changed;
	enum store_status r = release_one(a, id, portal, false, missing, &s, &changed);
	if (r != ST_OK)
		return refuse(r);
	return finish(s);
}

enum store_status mks_release_many(const struct actor *a, const int64_t *ids, int n, int64_t portal,
                                 enum store_status *res, unsigned *missing, int *released)
{
	*released = 0;
	if (!mks_portal(a->org_id, portal, NULL, 0))
		return ST_NOT_FOUND;
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
	for (int i = 0; i < n && s == ST_OK; i++) {
		bool changed;
		res[i] = release_one(a, ids[i], portal, true, &missing[i], &s, &changed);
		if (res[i] == ST_OK && changed)
			(*released)++;
	}
	if (s != ST_OK)
		*released = 0;
	return finish(s);
}

enum store_status mks_withdraw(const struct actor *a, int64_t id, int *ended)
{
	*ended = 0;
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
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
		snprintf(text, sizeof text, "market: vehicle %lld \"%s\" withdrawn from %s%s", (long long)id, v.o.name, where,
		         *ended ? ", subscriptions ended" : "");
		s = log_line(a, text);
	}
	return finish(s);
}

enum store_status mks_set_list(const struct actor *a, int64_t id, bool on)
{
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
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
		r = rc == SQLITE_DONE ? ST_NOT_RELEASED : res_of(db_result(rc, "market visible offer"));
	}
	sqlite3_reset(st);
	return r;
}

enum store_status mks_watch(const struct actor *a, int64_t vehicle_id, bool on)
{
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
	sqlite3_stmt *st;
	if (on) {
		int64_t master;
		int rate;
		enum store_status r = visible_offer(a, vehicle_id, &master, &rate, NULL, 0);
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
	return finish(s);
}

/* ---- Subscriptions. */

enum store_status mks_subscribe(const struct actor *a, const struct mks_sub_in *in, int64_t *id)
{
	*id = 0;
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
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
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : res_of(db_result(rc, "subscription"));
}

enum store_status mks_cancel(const struct actor *a, int64_t id)
{
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
	char name[128];
	enum store_status r = sub_name(a, id, name, sizeof name);
	if (r != ST_OK)
		return refuse(r);
	sqlite3_stmt *st = db_stmt("UPDATE subscription SET cancelled_at = ? WHERE id = ? AND org_id = ?");
	if (!st)
		return refuse(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, a->org_id);
	s = db_step_done(st, "subscription cancel");
	if (s == ST_OK) {
		char text[400];
		snprintf(text, sizeof text, "market: subscription %lld \"%s\" cancelled", (long long)id, name);
		s = log_line(a, text);
	}
	return finish(s);
}

enum store_status mks_sub_update(const struct actor *a, int64_t id, const char *descr, bool visible)
{
	int s = db_begin();
	if (s != ST_OK)
		return res_of(s);
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
