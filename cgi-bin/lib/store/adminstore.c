/* adminstore (adm_): an organisation's master data (areas, vehicles, members, tariffs, API accounts, settings), each change one immediate transaction with its ADMIN action-log line. */
#include "base/money.h"
#include "store/adminstore.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store/db.h"
#include "store/logbook.h"
#include "store/marketstore.h"
#include "store/sessionstore.h"
#include "rules/pricing.h"
#include "base/period.h"
#include "base/timeutil.h"
#include "base/utf8.h"

/* ---- Change descriptions. */

/* Appends s, cut at a UTF-8 character boundary when the buffer is full. */
static void diff_put(struct adm_diff *d, const char *s)
{
	utf8_copy(d->buf + d->len, sizeof d->buf - d->len, s);
	d->len += strlen(d->buf + d->len);
}

void adm_diff_init(struct adm_diff *d, const char *head)
{
	d->len = 0;
	d->n = 0;
	d->buf[0] = '\0';
	diff_put(d, head);
}

/* Separator before the next item: " " after the head, ", " between items. */
static void diff_sep(struct adm_diff *d)
{
	diff_put(d, d->n++ ? ", " : " ");
}

static void diff_quoted(struct adm_diff *d, const char *s)
{
	diff_put(d, "\"");
	diff_put(d, s);
	diff_put(d, "\"");
}

void adm_diff_text(struct adm_diff *d, const char *name, const char *old, const char *new_)
{
	if (old && strcmp(old, new_) == 0)
		return;
	diff_sep(d);
	diff_put(d, name);
	diff_put(d, " ");
	if (old) {
		diff_quoted(d, old);
		diff_put(d, " -> ");
	}
	diff_quoted(d, new_);
}

void adm_diff_int(struct adm_diff *d, const char *name, bool has_old, int64_t old, int64_t new_)
{
	char buf[64];
	if (has_old && old == new_)
		return;
	diff_sep(d);
	if (has_old)
		snprintf(buf, sizeof buf, " %lld -> %lld", (long long)old, (long long)new_);
	else
		snprintf(buf, sizeof buf, " %lld", (long long)new_);
	diff_put(d, name);
	diff_put(d, buf);
}

void adm_diff_item(struct adm_diff *d, const char *item)
{
	diff_sep(d);
	diff_put(d, item);
}

/* ---- Database helpers. */

/* Runs a "SELECT count(*) ..." bound to (p1, p2[, p3]) into *n. */
static enum store_status count3(sqlite3_stmt *st, int64_t p1, int64_t p2, int64_t p3, int nparams, int *n)
{
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, p1);
	sqlite3_bind_int64(st, 2, p2);
	if (nparams > 2)
		sqlite3_bind_int64(st, 3, p3);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "count");
}

/* Runs a "SELECT count(*) ..." bound to (p1, text) into *n. */
static enum store_status count_text(sqlite3_stmt *st, int64_t p1, const char *text, int *n)
{
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, p1);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "count");
}

/* Is vehicle id released on the market? The market's one release rule, called from this one place. */
static bool vehicle_released(int64_t id)
{
	return mks_vehicle_released(id);
}

/* Bookings of vehicle (by_member false) or member id whose billing records were retrieved over the
 * API, put into a billing export or invoiced (inv_mark): what a delete must never undo. */
static enum store_status billed_of(const struct actor *a, int64_t id, bool by_member, int *n)
{
	sqlite3_stmt *st = by_member
	    ? db_stmt("SELECT count(DISTINCT r.booking_id) FROM billing r WHERE r.org_id = ?1"
	              " AND (r.billing_date IS NOT NULL OR r.exported = 1 OR r.id IN (SELECT billing_id FROM inv_mark))"
	              " AND (r.booking_id IN (SELECT id FROM booking WHERE member_id = ?2 AND org_id = ?1)"
	              "  OR r.version_id IN (SELECT id FROM booking_version WHERE member_id = ?2 AND org_id = ?1))")
	    : db_stmt("SELECT count(DISTINCT r.booking_id) FROM billing r WHERE r.org_id = ?1"
	              " AND (r.billing_date IS NOT NULL OR r.exported = 1 OR r.id IN (SELECT billing_id FROM inv_mark))"
	              " AND (r.booking_id IN (SELECT id FROM booking WHERE vehicle_id = ?2 AND org_id = ?1)"
	              "  OR r.version_id IN (SELECT id FROM booking_version WHERE vehicle_id = ?2 AND org_id = ?1))");
	*n = 0;
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "billed count");
}

/* Writes the ADMIN line of d, commits, and maps the outcome; rolls back on any failure. */
static enum store_status log_commit(const struct actor *a, const struct adm_diff *d)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, d->buf);
	enum store_status s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		db_rollback();
	return s;
}

/* After a failed step: a foreign key still pointing at the row (history of other modules). */
static bool fk_blocked(void)
{
	return (sqlite3_extended_errcode(db_handle()) & 0xff) == SQLITE_CONSTRAINT;
}

/* Rolls back and maps a failure. */
static enum store_status fail(enum store_status s)
{
	db_rollback();
	return s;
}

/* Copies user text into a fixed-size field, cut on a character boundary. */
static void copy(char *dst, size_t n, const char *src)
{
	utf8_copy(dst, n, src);
}

/* ---- Areas. */

enum store_status adm_area_load(const struct actor *a, int64_t id, struct adm_area *out)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name, sort FROM area WHERE id = ? AND org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		copy(out->name, sizeof out->name, db_text(st, 1));
		out->sort = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "area load");
}

enum store_status adm_area_create(const struct actor *a, struct adm_area *in)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("INSERT INTO area (org_id, name, sort) VALUES (?, ?, ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, in->sort);
	if ((s = db_step_done(st, "area insert")) != ST_OK)
		return fail(s);
	in->id = sqlite3_last_insert_rowid(db_handle());
	struct adm_diff d;
	char head[64];
	snprintf(head, sizeof head, "area %lld created:", (long long)in->id);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "name", NULL, in->name);
	adm_diff_int(&d, "sort", false, 0, in->sort);
	return log_commit(a, &d);
}

enum store_status adm_area_update(const struct actor *a, const struct adm_area *in)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_area old;
	enum store_status res = adm_area_load(a, in->id, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt("UPDATE area SET name = ?, sort = ? WHERE id = ? AND org_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, in->sort);
	sqlite3_bind_int64(st, 3, in->id);
	sqlite3_bind_int64(st, 4, a->org_id);
	if ((s = db_step_done(st, "area update")) != ST_OK)
		return fail(s);
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "area %lld \"%s\" changed:", (long long)in->id, old.name);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "name", old.name, in->name);
	adm_diff_int(&d, "sort", true, old.sort, in->sort);
	if (d.n == 0) {
		db_rollback(); /* nothing changed: nothing to write or log */
		return ST_OK;
	}
	return log_commit(a, &d);
}

enum store_status adm_area_delete(const struct actor *a, int64_t id, int *n)
{
	*n = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_area old;
	enum store_status res = adm_area_load(a, id, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	int areas = 0;
	if ((s = count3(db_stmt("SELECT count(*) FROM vehicle WHERE area_id = ? AND org_id = ?"), id, a->org_id, 0, 2, n)) != ST_OK ||
	    (s = count3(db_stmt("SELECT count(*) FROM area WHERE org_id = ? AND ? = ?"), a->org_id, 1, 1, 3, &areas)) != ST_OK)
		return fail(s);
	if (*n > 0) {
		db_rollback();
		return ST_HAS_VEHICLES;
	}
	if (areas <= 1) {
		db_rollback();
		return ST_LAST_AREA;
	}
	/* Subscriptions (active or ended) keep their area as history: the foreign key would refuse. */
	if ((s = count3(db_stmt("SELECT count(*) FROM subscription WHERE area_id = ? AND org_id = ?"), id, a->org_id, 0, 2, n)) != ST_OK)
		return fail(s);
	if (*n > 0) {
		db_rollback();
		return ST_IN_USE;
	}
	sqlite3_stmt *st = db_stmt("DELETE FROM area WHERE id = ? AND org_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	if ((s = db_step_done(st, "area delete")) != ST_OK) {
		if (s == ST_ERROR && fk_blocked()) {
			db_rollback();
			return ST_IN_USE;
		}
		return fail(s);
	}
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "area %lld \"%s\" deleted", (long long)id, old.name);
	adm_diff_init(&d, head);
	return log_commit(a, &d);
}

/* ---- Vehicles. */

enum store_status adm_vehicle_load(const struct actor *a, int64_t id, struct adm_vehicle *out)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.area_id, v.name, v.descr, v.sort, ar.name, coalesce(v.tariff_id, 0), coalesce(t.name, '')"
	    " FROM vehicle v JOIN area ar ON ar.id = v.area_id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE v.id = ? AND v.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->area_id = sqlite3_column_int64(st, 1);
		copy(out->name, sizeof out->name, db_text(st, 2));
		copy(out->descr, sizeof out->descr, db_text(st, 3));
		out->sort = sqlite3_column_int(st, 4);
		copy(out->area, sizeof out->area, db_text(st, 5));
		out->tariff_id = sqlite3_column_int64(st, 6);
		copy(out->tariff, sizeof out->tariff, db_text(st, 7));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "vehicle load");
}

/* Inside a transaction: checks the area, the tariff and the name's uniqueness for vehicle in (id 0:
 * new); writes the area's name to area and the tariff's name ("" for none) to tariff. */
static enum store_status vehicle_check(const struct actor *a, const struct adm_vehicle *in, char *area, size_t n,
                                     char *tariff, size_t tn)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	struct adm_area ar;
	enum store_status res = adm_area_load(a, in->area_id, &ar);
	if (res == ST_NOT_FOUND)
		return ST_BAD_AREA;
	if (res != ST_OK)
		return res;
	copy(area, n, ar.name);
	tariff[0] = '\0';
	if (in->tariff_id) {
		struct adm_tariff t;
		res = adm_tariff_load(a, in->tariff_id, &t);
		if (res == ST_NOT_FOUND)
			return ST_BAD_TARIFF;
		if (res != ST_OK)
			return res;
		copy(tariff, tn, t.name);
	}
	return adm_vehicle_name_free(a, in->id, in->name);
}

enum store_status adm_vehicle_name_free(const struct actor *a, int64_t id, const char *name)
{
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM vehicle WHERE org_id = ? AND name = ? COLLATE NOCASE AND id <> ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	int rc = sqlite3_step(st);
	int dup = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_result(rc, "vehicle name check");
	if (dup)
		return ST_DUPLICATE;
	/* A subscribed vehicle shows under its local name in the same booking form. */
	int subs = 0;
	enum store_status s = count_text(db_stmt("SELECT count(*) FROM subscription WHERE org_id = ? AND local_name = ? COLLATE NOCASE"
	                                 " AND cancelled_at IS NULL"), a->org_id, name, &subs);
	if (s != ST_OK)
		return s;
	return subs ? ST_NAME_TAKEN : ST_OK;
}

enum store_status adm_vehicle_lock_check(int64_t id, const char *old_name, const char *new_name,
                                       int64_t old_tariff, int64_t new_tariff)
{
	bool renamed = strcmp(old_name, new_name) != 0;
	if (!renamed && old_tariff == new_tariff)
		return ST_OK;
	if (!vehicle_released(id))
		return ST_OK;
	return renamed ? ST_RELEASED_NAME : ST_RELEASED_TARIFF;
}

enum store_status adm_vehicle_create(const struct actor *a, struct adm_vehicle *in)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	char area[ADM_NAME_BYTES], tariff[ADM_NAME_BYTES];
	in->id = 0;
	enum store_status res = vehicle_check(a, in, area, sizeof area, tariff, sizeof tariff);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt("INSERT INTO vehicle (org_id, area_id, name, descr, sort, tariff_id) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, in->area_id);
	sqlite3_bind_text(st, 3, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->descr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, in->sort);
	if (in->tariff_id)
		sqlite3_bind_int64(st, 6, in->tariff_id);
	else
		sqlite3_bind_null(st, 6);
	if ((s = db_step_done(st, "vehicle insert")) != ST_OK)
		return fail(s);
	in->id = sqlite3_last_insert_rowid(db_handle());
	struct adm_diff d;
	char head[64];
	snprintf(head, sizeof head, "vehicle %lld created:", (long long)in->id);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "name", NULL, in->name);
	adm_diff_text(&d, "descr", NULL, in->descr);
	adm_diff_text(&d, "area", NULL, area);
	adm_diff_int(&d, "sort", false, 0, in->sort);
	if (in->tariff_id)
		adm_diff_text(&d, "tariff", NULL, tariff);
	return log_commit(a, &d);
}

enum store_status adm_vehicle_update(const struct actor *a, const struct adm_vehicle *in)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_vehicle old;
	char area[ADM_NAME_BYTES], tariff[ADM_NAME_BYTES];
	enum store_status res = adm_vehicle_load(a, in->id, &old);
	if (res == ST_OK)
		res = vehicle_check(a, in, area, sizeof area, tariff, sizeof tariff);
	/* Subscribers took over the name and price of a released vehicle: checked under the same
	 * write lock as the update, so a release cannot slip in between. */
	if (res == ST_OK)
		res = adm_vehicle_lock_check(in->id, old.name, in->name, old.tariff_id, in->tariff_id);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt(
	    "UPDATE vehicle SET area_id = ?, name = ?, descr = ?, sort = ?, tariff_id = ? WHERE id = ? AND org_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, in->area_id);
	sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->descr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, in->sort);
	if (in->tariff_id)
		sqlite3_bind_int64(st, 5, in->tariff_id);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, in->id);
	sqlite3_bind_int64(st, 7, a->org_id);
	if ((s = db_step_done(st, "vehicle update")) != ST_OK)
		return fail(s);
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "vehicle %lld \"%s\" changed:", (long long)in->id, old.name);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "name", old.name, in->name);
	adm_diff_text(&d, "descr", old.descr, in->descr);
	adm_diff_text(&d, "area", old.area, area);
	adm_diff_int(&d, "sort", true, old.sort, in->sort);
	adm_diff_text(&d, "tariff", old.tariff, tariff); /* names are unique: they differ when the tariff does */
	if (d.n == 0) {
		db_rollback();
		return ST_OK;
	}
	return log_commit(a, &d);
}

enum store_status adm_vehicle_counts(const struct actor *a, int64_t id, int64_t from, int64_t to,
                                   int *total, int *in_period, int *billed)
{
	*total = *in_period = *billed = 0;
	enum store_status s = count3(db_stmt("SELECT count(*) FROM booking WHERE vehicle_id = ? AND org_id = ?"), id, a->org_id, 0, 2, total);
	if (s == ST_OK)
		s = billed_of(a, id, false, billed);
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt(
	    "SELECT count(*) FROM booking WHERE vehicle_id = ? AND org_id = ? AND end > ? AND start < ?"
	    " AND status IN ('active', 'storno')");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, from);
	sqlite3_bind_int64(st, 4, to);
	int rc = sqlite3_step(st);
	*in_period = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "vehicle period count");
}

/* Runs the three DELETE statements sts (from db_stmt), each bound to (id, organisation), inside the caller's
 * transaction. On failure the transaction is rolled back: ST_IN_USE when a foreign key still
 * points at the row, else what fail() makes of the error. */
static enum store_status delete_steps(const struct actor *a, int64_t id, sqlite3_stmt *const sts[3],
                                    const char *where)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st = sts[i];
		if (!st)
			return fail(ST_ERROR);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, a->org_id);
		enum store_status s = db_step_done(st, where);
		if (s != ST_OK) {
			if (s == ST_ERROR && fk_blocked()) {
				db_rollback();
				return ST_IN_USE;
			}
			return fail(s);
		}
	}
	return ST_OK;
}

enum store_status adm_vehicle_delete(const struct actor *a, int64_t id, int *n, int *billed)
{
	*n = *billed = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_vehicle old;
	enum store_status res = adm_vehicle_load(a, id, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	if ((s = billed_of(a, id, false, billed)) != ST_OK)
		return fail(s);
	if (*billed > 0) {
		db_rollback(); /* deleting would reverse records already billed */
		return ST_IN_USE;
	}
	if ((s = count3(db_stmt("SELECT count(*) FROM booking WHERE vehicle_id = ? AND org_id = ?"), id, a->org_id, 0, 2, n)) != ST_OK)
		return fail(s);
	/* Earlier versions that were on this vehicle belong to bookings now on another one; the
	 * bookings on this vehicle take their own versions with them (ON DELETE CASCADE). */
	sqlite3_stmt *const deletes[3] = {
		db_stmt("DELETE FROM booking_version WHERE vehicle_id = ? AND org_id = ?"),
		db_stmt("DELETE FROM booking WHERE vehicle_id = ? AND org_id = ?"),
		db_stmt("DELETE FROM vehicle WHERE id = ? AND org_id = ?"),
	};
	if ((res = delete_steps(a, id, deletes, "vehicle delete")) != ST_OK) {
		*n = 0;
		return res;
	}
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "vehicle %lld \"%s\" deleted with %d bookings", (long long)id, old.name, *n);
	adm_diff_init(&d, head);
	return log_commit(a, &d);
}

/* ---- Members. */

enum store_status adm_member_load(const struct actor *a, int64_t id, struct adm_member *out)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, login, descr, member_no, is_admin, locked, pw_hash <> '' FROM member WHERE id = ? AND org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		copy(out->login, sizeof out->login, db_text(st, 1));
		copy(out->descr, sizeof out->descr, db_text(st, 2));
		copy(out->member_no, sizeof out->member_no, db_text(st, 3));
		out->is_admin = sqlite3_column_int(st, 4) != 0;
		out->locked = sqlite3_column_int(st, 5) != 0;
		out->has_password = sqlite3_column_int(st, 6) != 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "member load");
}

enum store_status adm_member_create(const struct actor *a, const char *login, int64_t *id)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM member WHERE org_id = ? AND login = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int dup = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return fail(db_result(rc, "member login check"));
	if (dup) {
		db_rollback();
		return ST_DUPLICATE;
	}
	sqlite3_stmt *ins = db_stmt("INSERT INTO member (org_id, login, created_at) VALUES (?, ?, ?)");
	if (!ins)
		return fail(ST_ERROR);
	sqlite3_bind_int64(ins, 1, a->org_id);
	sqlite3_bind_text(ins, 2, login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 3, a->now);
	if ((s = db_step_done(ins, "member insert")) != ST_OK)
		return fail(s);
	*id = sqlite3_last_insert_rowid(db_handle());
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "member %lld %s created", (long long)*id, login);
	adm_diff_init(&d, head);
	return log_commit(a, &d);
}

enum store_status adm_member_update(const struct actor *a, const struct adm_member *in, const char *pw_hash)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_member old;
	enum store_status res = adm_member_load(a, in->id, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	if (in->id == a->member_id && (in->locked || !in->is_admin)) {
		db_rollback();
		return ST_SELF;
	}
	sqlite3_stmt *st = db_stmt(
	    "UPDATE member SET descr = ?, member_no = ?, is_admin = ?, locked = ? WHERE id = ? AND org_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_text(st, 1, in->descr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->member_no, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, in->is_admin);
	sqlite3_bind_int(st, 4, in->locked);
	sqlite3_bind_int64(st, 5, in->id);
	sqlite3_bind_int64(st, 6, a->org_id);
	if ((s = db_step_done(st, "member update")) != ST_OK)
		return fail(s);
	/* A new password follows the one rule of sessionstore (the member's other sessions end, also
	 * when administrators set their own); a lock signs the member out at once. */
	if (pw_hash && (s = sess_password_write(a, in->id, pw_hash)) != ST_OK)
		return fail(s);
	if (in->locked && !old.locked && (s = sess_end_all(in->id)) != ST_OK)
		return fail(s);
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "member %lld %s changed:", (long long)in->id, old.login);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "descr", old.descr, in->descr);
	adm_diff_text(&d, "member_no", old.member_no, in->member_no);
	if (pw_hash)
		adm_diff_item(&d, "password set");
	adm_diff_int(&d, "admin", true, old.is_admin, in->is_admin);
	adm_diff_int(&d, "locked", true, old.locked, in->locked);
	if (d.n == 0) {
		db_rollback();
		return ST_OK;
	}
	return log_commit(a, &d);
}

/* Bookings of others that member id entered, or whose earlier versions they replaced. */
static enum store_status others_of(const struct actor *a, int64_t id, int *others)
{
	int n1 = 0, n2 = 0;
	enum store_status s = count3(db_stmt("SELECT count(*) FROM booking WHERE created_by = ? AND member_id <> ? AND org_id = ?"),
	               id, id, a->org_id, 3, &n1);
	if (s == ST_OK)
		s = count3(db_stmt("SELECT count(*) FROM booking_version v JOIN booking b ON b.id = v.booking_id"
		           " WHERE v.replaced_by = ? AND b.member_id <> ? AND v.org_id = ?"),
		           id, id, a->org_id, 3, &n2);
	*others = n1 + n2;
	return s;
}

enum store_status adm_member_counts(const struct actor *a, int64_t id, int *own, int *others, int *billed)
{
	*own = *others = *billed = 0;
	enum store_status s = count3(db_stmt("SELECT count(*) FROM booking WHERE member_id = ? AND org_id = ?"), id, a->org_id, 0, 2, own);
	if (s == ST_OK)
		s = others_of(a, id, others);
	if (s == ST_OK)
		s = billed_of(a, id, true, billed);
	return s;
}

enum store_status adm_member_delete(const struct actor *a, int64_t id, int *n, int *billed)
{
	*n = *billed = 0;
	if (id == a->member_id)
		return ST_SELF;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_member old;
	enum store_status res = adm_member_load(a, id, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	int others = 0;
	if ((s = others_of(a, id, &others)) != ST_OK)
		return fail(s);
	if (others > 0) {
		db_rollback();
		*n = others;
		return ST_IN_USE;
	}
	if ((s = billed_of(a, id, true, billed)) != ST_OK)
		return fail(s);
	if (*billed > 0) {
		db_rollback(); /* deleting would reverse records already billed */
		return ST_IN_USE;
	}
	if ((s = count3(db_stmt("SELECT count(*) FROM booking WHERE member_id = ? AND org_id = ?"), id, a->org_id, 0, 2, n)) != ST_OK)
		return fail(s);
	/* Versions that were this member's but belong to others' bookings now go too; the member's
	 * own bookings take their versions with them; sessions cascade. */
	sqlite3_stmt *const deletes[3] = {
		db_stmt("DELETE FROM booking_version WHERE member_id = ? AND org_id = ?"),
		db_stmt("DELETE FROM booking WHERE member_id = ? AND org_id = ?"),
		db_stmt("DELETE FROM member WHERE id = ? AND org_id = ?"),
	};
	if ((res = delete_steps(a, id, deletes, "member delete")) != ST_OK) {
		*n = 0;
		return res;
	}
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "member %lld %s deleted with %d bookings", (long long)id, old.login, *n);
	adm_diff_init(&d, head);
	return log_commit(a, &d);
}

/* ---- Settings. */

enum store_status adm_settings_load(const struct actor *a, struct adm_settings *out)
{
	sqlite3_stmt *st = db_stmt("SELECT name, tz, cancel_hours, grid_minutes, lang, billing_period, storno_share_pct, address,"
	                           " lat IS NOT NULL AND lon IS NOT NULL, coalesce(lat, 0), coalesce(lon, 0) FROM org WHERE id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy(out->name, sizeof out->name, db_text(st, 0));
		copy(out->tz, sizeof out->tz, db_text(st, 1));
		out->cancel_hours = sqlite3_column_int(st, 2);
		out->grid_minutes = sqlite3_column_int(st, 3);
		copy(out->lang, sizeof out->lang, db_text(st, 4));
		copy(out->billing_period, sizeof out->billing_period, db_text(st, 5));
		out->storno_share_pct = sqlite3_column_int(st, 6);
		copy(out->address, sizeof out->address, db_text(st, 7));
		out->has_coords = sqlite3_column_int(st, 8) != 0;
		out->lat = sqlite3_column_double(st, 9);
		out->lon = sqlite3_column_double(st, 10);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "settings load");
}

enum store_status adm_settings_update(const struct actor *a, const struct adm_settings *in)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_settings old;
	enum store_status res = adm_settings_load(a, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM org WHERE name = ? AND id <> ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	int dup = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return fail(db_result(rc, "org name check"));
	if (dup) {
		db_rollback();
		return ST_DUPLICATE;
	}
	sqlite3_stmt *up = db_stmt(
	    "UPDATE org SET name = ?, tz = ?, cancel_hours = ?, grid_minutes = ?, lang = ?, billing_period = ?,"
	    " storno_share_pct = ?, address = ?, lat = ?, lon = ? WHERE id = ?");
	if (!up)
		return fail(ST_ERROR);
	sqlite3_bind_text(up, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(up, 2, in->tz, -1, SQLITE_STATIC);
	sqlite3_bind_int(up, 3, in->cancel_hours);
	sqlite3_bind_int(up, 4, in->grid_minutes);
	sqlite3_bind_text(up, 5, in->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(up, 6, in->billing_period, -1, SQLITE_STATIC);
	int share = in->storno_share_pct < 0 ? old.storno_share_pct : in->storno_share_pct;
	sqlite3_bind_int(up, 7, share);
	sqlite3_bind_text(up, 8, in->address, -1, SQLITE_STATIC);
	if (in->has_coords) {
		sqlite3_bind_double(up, 9, in->lat);
		sqlite3_bind_double(up, 10, in->lon);
	} else {
		sqlite3_bind_null(up, 9);
		sqlite3_bind_null(up, 10);
	}
	sqlite3_bind_int64(up, 11, a->org_id);
	if ((s = db_step_done(up, "settings update")) != ST_OK)
		return fail(s);
	struct adm_diff d;
	adm_diff_init(&d, "settings changed:");
	adm_diff_text(&d, "name", old.name, in->name);
	adm_diff_text(&d, "tz", old.tz, in->tz);
	adm_diff_int(&d, "cancel_hours", true, old.cancel_hours, in->cancel_hours);
	adm_diff_int(&d, "grid_minutes", true, old.grid_minutes, in->grid_minutes);
	adm_diff_text(&d, "lang", old.lang, in->lang);
	adm_diff_text(&d, "billing_period", old.billing_period, in->billing_period);
	adm_diff_int(&d, "storno_share_pct", true, old.storno_share_pct, share);
	adm_diff_text(&d, "address", old.address, in->address);
	char oc[64] = "", nc[64] = "";
	if (old.has_coords)
		snprintf(oc, sizeof oc, "%.6f %.6f", old.lat, old.lon);
	if (in->has_coords)
		snprintf(nc, sizeof nc, "%.6f %.6f", in->lat, in->lon);
	adm_diff_text(&d, "coordinates", oc, nc);
	if (d.n == 0) {
		db_rollback();
		return ST_OK;
	}
	/* The line is written in the zone that was in force when the change was made. */
	return log_commit(a, &d);
}

void adm_billing_period(const char *tz, int64_t now, const char *billing_period, int64_t *from, int64_t *to)
{
	int m0, m1;
	period_containing(billing_period, period_month_of(tz, now), &m0, &m1);
	period_span(tz, m0, m1, from, to);
}

/* ---- Tariffs. */

/* Appends "name old -> new" (or "name new" when has_old is false) for amounts in cents, written as
 * euros with a decimal point; a negative amount is "none" (no cap). */
static void diff_money(struct adm_diff *d, const char *name, bool has_old, int64_t old, int64_t new_)
{
	char o[24], n[24], item[96];
	if (has_old && old == new_)
		return;
	if (new_ < 0)
		snprintf(n, sizeof n, "none");
	else
		money_fmt(n, new_, '.');
	if (has_old) {
		if (old < 0)
			snprintf(o, sizeof o, "none");
		else
			money_fmt(o, old, '.');
		snprintf(item, sizeof item, "%s %s -> %s", name, o, n);
	} else {
		snprintf(item, sizeof item, "%s %s", name, n);
	}
	adm_diff_item(d, item);
}

enum store_status adm_tariff_load(const struct actor *a, int64_t id, struct adm_tariff *out)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name, per_hour, coalesce(max_24h, -1), per_km FROM tariff WHERE id = ? AND org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		copy(out->name, sizeof out->name, db_text(st, 1));
		out->per_hour = sqlite3_column_int64(st, 2);
		out->max_24h = sqlite3_column_int64(st, 3);
		out->per_km = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "tariff load");
}

/* Inside a transaction: is the name of tariff in (id 0: new) taken by another of the organisation's tariffs? */
static enum store_status tariff_name_check(const struct actor *a, const struct adm_tariff *in)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM tariff WHERE org_id = ? AND name = ? COLLATE NOCASE AND id <> ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, in->id);
	int rc = sqlite3_step(st);
	int dup = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_result(rc, "tariff name check");
	return dup ? ST_DUPLICATE : ST_OK;
}

/* Binds the amounts of t to parameters first.. first+2 (max_24h NULL when there is no cap). */
static void bind_amounts(sqlite3_stmt *st, int first, const struct adm_tariff *t)
{
	sqlite3_bind_int64(st, first, t->per_hour);
	if (t->max_24h < 0)
		sqlite3_bind_null(st, first + 1);
	else
		sqlite3_bind_int64(st, first + 1, t->max_24h);
	sqlite3_bind_int64(st, first + 2, t->per_km);
}

enum store_status adm_tariff_create(const struct actor *a, struct adm_tariff *in)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	in->id = 0;
	enum store_status res = tariff_name_check(a, in);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt("INSERT INTO tariff (org_id, name, per_hour, max_24h, per_km) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
	bind_amounts(st, 3, in);
	if ((s = db_step_done(st, "tariff insert")) != ST_OK)
		return fail(s);
	in->id = sqlite3_last_insert_rowid(db_handle());
	struct adm_diff d;
	char head[64];
	snprintf(head, sizeof head, "tariff %lld created:", (long long)in->id);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "name", NULL, in->name);
	diff_money(&d, "per_hour", false, 0, in->per_hour);
	diff_money(&d, "max_24h", false, 0, in->max_24h);
	diff_money(&d, "per_km", false, 0, in->per_km);
	return log_commit(a, &d);
}

enum store_status adm_tariff_update(const struct actor *a, const struct adm_tariff *in)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_tariff old;
	enum store_status res = adm_tariff_load(a, in->id, &old);
	if (res == ST_OK)
		res = tariff_name_check(a, in);
	/* Subscribers accepted these prices: they hold while a vehicle with the tariff is released.
	 * Checked under the write lock, so that a release cannot slip in between. */
	if (res == ST_OK && (old.per_hour != in->per_hour || old.max_24h != in->max_24h || old.per_km != in->per_km)) {
		int released = 0;
		res = adm_tariff_released(a, in->id, &released);
		if (res == ST_OK && released > 0)
			res = ST_RELEASED_TARIFF;
	}
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt("UPDATE tariff SET name = ?, per_hour = ?, max_24h = ?, per_km = ? WHERE id = ? AND org_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
	bind_amounts(st, 2, in);
	sqlite3_bind_int64(st, 5, in->id);
	sqlite3_bind_int64(st, 6, a->org_id);
	if ((s = db_step_done(st, "tariff update")) != ST_OK)
		return fail(s);
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "tariff %lld \"%s\" changed:", (long long)in->id, old.name);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "name", old.name, in->name);
	diff_money(&d, "per_hour", true, old.per_hour, in->per_hour);
	diff_money(&d, "max_24h", true, old.max_24h, in->max_24h);
	diff_money(&d, "per_km", true, old.per_km, in->per_km);
	if (d.n == 0) {
		db_rollback();
		return ST_OK;
	}
	return log_commit(a, &d);
}

enum store_status adm_tariff_released(const struct actor *a, int64_t id, int *n)
{
	*n = 0;
	sqlite3_stmt *st = db_stmt("SELECT v.id FROM vehicle v WHERE v.tariff_id = ? AND v.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (vehicle_released(sqlite3_column_int64(st, 0)))
			(*n)++;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "tariff released");
}

enum store_status adm_tariff_delete(const struct actor *a, int64_t id, int *n)
{
	*n = 0;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_tariff old;
	enum store_status res = adm_tariff_load(a, id, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	if ((s = count3(db_stmt("SELECT count(*) FROM vehicle WHERE tariff_id = ? AND org_id = ?"), id, a->org_id, 0, 2, n)) != ST_OK)
		return fail(s);
	if (*n > 0) {
		db_rollback();
		return ST_IN_USE;
	}
	sqlite3_stmt *st = db_stmt("DELETE FROM tariff WHERE id = ? AND org_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	if ((s = db_step_done(st, "tariff delete")) != ST_OK) {
		if (s == ST_ERROR && fk_blocked()) {
			db_rollback();
			return ST_IN_USE;
		}
		return fail(s);
	}
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "tariff %lld \"%s\" deleted", (long long)id, old.name);
	adm_diff_init(&d, head);
	return log_commit(a, &d);
}

/* ---- API accounts. */

enum store_status adm_api_load(const struct actor *a, int64_t id, struct adm_api_account *out)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name, created_at, coalesce(last_call_at, 0) FROM api_account WHERE id = ? AND org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		copy(out->name, sizeof out->name, db_text(st, 1));
		out->created_at = sqlite3_column_int64(st, 2);
		out->last_call_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "api account load");
}

enum store_status adm_api_create(const struct actor *a, const char *name, const char *token, int64_t *id)
{
	*id = 0;
	/* The same hash as api.c computes from the Basic credentials: SHA-256 of the token's bytes. */
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, (const unsigned char *)token, strlen(token));
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	int dup = 0;
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM api_account WHERE org_id = ? AND name = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	dup = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return fail(db_result(rc, "api account name check"));
	if (dup) {
		db_rollback();
		return ST_DUPLICATE;
	}
	sqlite3_stmt *ins = db_stmt("INSERT INTO api_account (org_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)");
	if (!ins)
		return fail(ST_ERROR);
	sqlite3_bind_int64(ins, 1, a->org_id);
	sqlite3_bind_text(ins, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 3, hash, sizeof hash, SQLITE_TRANSIENT);
	sqlite3_bind_int64(ins, 4, a->now);
	s = db_step_done(ins, "api account insert");
	sodium_memzero(hash, sizeof hash);
	if (s != ST_OK)
		return fail(s);
	*id = sqlite3_last_insert_rowid(db_handle());
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "api account %lld %s created", (long long)*id, name);
	adm_diff_init(&d, head);
	return log_commit(a, &d);
}

enum store_status adm_api_delete(const struct actor *a, int64_t id)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct adm_api_account old;
	enum store_status res = adm_api_load(a, id, &old);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt("DELETE FROM api_account WHERE id = ? AND org_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	if ((s = db_step_done(st, "api account delete")) != ST_OK)
		return fail(s);
	struct adm_diff d;
	char head[AL_LINE_MAX];
	snprintf(head, sizeof head, "api account %lld %s removed", (long long)id, old.name);
	adm_diff_init(&d, head);
	return log_commit(a, &d);
}

/* ---- Lists. */

/* Starts cursor c on statement st (bound by the caller): steps to the first row. */
static enum store_status cursor_start(struct adm_cursor *c, sqlite3_stmt *st, const char *where)
{
	c->st = st;
	c->rc = SQLITE_DONE;
	if (!st)
		return ST_ERROR;
	c->rc = sqlite3_step(st);
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE) {
		enum store_status s = db_result(c->rc, where);
		sqlite3_reset(st);
		c->st = NULL;
		return s;
	}
	return ST_OK;
}

void adm_cursor_next(struct adm_cursor *c)
{
	if (c->st && c->rc == SQLITE_ROW)
		c->rc = sqlite3_step(c->st);
}

enum store_status adm_cursor_close(struct adm_cursor *c)
{
	if (!c->st)
		return ST_ERROR;
	int rc = c->rc;
	sqlite3_reset(c->st);
	c->st = NULL;
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "admin list");
}

static bool cursor_has_row(const struct adm_cursor *c)
{
	return c->st && c->rc == SQLITE_ROW;
}

enum store_status adm_areas_open(struct adm_cursor *c, const struct actor *a)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT a.id, a.name, a.sort,"
	    " (SELECT count(*) FROM vehicle v WHERE v.area_id = a.id AND v.org_id = a.org_id)"
	    " FROM area a WHERE a.org_id = ? ORDER BY a.sort, a.name, a.id");
	if (st)
		sqlite3_bind_int64(st, 1, a->org_id);
	return cursor_start(c, st, "admin areas");
}

bool adm_areas_row(struct adm_cursor *c, struct adm_area_row *row)
{
	if (!cursor_has_row(c))
		return false;
	row->id = sqlite3_column_int64(c->st, 0);
	row->name = db_text(c->st, 1);
	row->sort = sqlite3_column_int(c->st, 2);
	row->hidden = row->sort > 90;
	row->vehicles = sqlite3_column_int(c->st, 3);
	return true;
}

enum store_status adm_vehicles_open(struct adm_cursor *c, const struct actor *a, int64_t area_id)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, v.sort, a.id, a.name, a.sort > 90, coalesce(t.name, '')"
	    " FROM vehicle v JOIN area a ON a.id = v.area_id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE v.org_id = ?1 AND (?2 = 0 OR v.area_id = ?2) ORDER BY a.sort, a.name, a.id, v.sort, v.name, v.id");
	if (st) {
		sqlite3_bind_int64(st, 1, a->org_id);
		sqlite3_bind_int64(st, 2, area_id);
	}
	return cursor_start(c, st, "admin vehicles");
}

bool adm_vehicles_row(struct adm_cursor *c, struct adm_vehicle_row *row)
{
	if (!cursor_has_row(c))
		return false;
	sqlite3_stmt *st = c->st;
	row->id = sqlite3_column_int64(st, 0);
	row->name = db_text(st, 1);
	row->descr = db_text(st, 2);
	row->sort = sqlite3_column_int(st, 3);
	row->area_id = sqlite3_column_int64(st, 4);
	row->area = db_text(st, 5);
	row->area_hidden = sqlite3_column_int(st, 6) != 0;
	row->tariff = db_text(st, 7);
	return true;
}

enum store_status adm_members_open(struct adm_cursor *c, const struct actor *a)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, login, descr, member_no, is_admin, locked, pw_hash <> '' FROM member WHERE org_id = ? ORDER BY login");
	if (st)
		sqlite3_bind_int64(st, 1, a->org_id);
	return cursor_start(c, st, "admin members");
}

bool adm_members_row(struct adm_cursor *c, struct adm_member_row *row)
{
	if (!cursor_has_row(c))
		return false;
	sqlite3_stmt *st = c->st;
	row->id = sqlite3_column_int64(st, 0);
	row->login = db_text(st, 1);
	row->descr = db_text(st, 2);
	row->member_no = db_text(st, 3);
	row->is_admin = sqlite3_column_int(st, 4) != 0;
	row->locked = sqlite3_column_int(st, 5) != 0;
	row->has_password = sqlite3_column_int(st, 6) != 0;
	return true;
}

enum store_status adm_tariffs_open(struct adm_cursor *c, const struct actor *a)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT t.id, t.name, t.per_hour, coalesce(t.max_24h, -1), t.per_km,"
	    " (SELECT count(*) FROM vehicle v WHERE v.tariff_id = t.id AND v.org_id = t.org_id)"
	    " FROM tariff t WHERE t.org_id = ? ORDER BY t.name, t.id");
	if (st)
		sqlite3_bind_int64(st, 1, a->org_id);
	return cursor_start(c, st, "admin tariffs");
}

bool adm_tariffs_row(struct adm_cursor *c, struct adm_tariff_row *row)
{
	if (!cursor_has_row(c))
		return false;
	sqlite3_stmt *st = c->st;
	row->id = sqlite3_column_int64(st, 0);
	row->name = db_text(st, 1);
	row->per_hour = sqlite3_column_int64(st, 2);
	row->max_24h = sqlite3_column_int64(st, 3);
	row->per_km = sqlite3_column_int64(st, 4);
	row->vehicles = sqlite3_column_int(st, 5);
	return true;
}

enum store_status adm_apis_open(struct adm_cursor *c, const struct actor *a)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, name, created_at, coalesce(last_call_at, 0) FROM api_account WHERE org_id = ? ORDER BY name");
	if (st)
		sqlite3_bind_int64(st, 1, a->org_id);
	return cursor_start(c, st, "admin api accounts");
}

bool adm_apis_row(struct adm_cursor *c, struct adm_api_account *row)
{
	if (!cursor_has_row(c))
		return false;
	sqlite3_stmt *st = c->st;
	row->id = sqlite3_column_int64(st, 0);
	copy(row->name, sizeof row->name, db_text(st, 1));
	row->created_at = sqlite3_column_int64(st, 2);
	row->last_call_at = sqlite3_column_int64(st, 3);
	return true;
}

enum store_status adm_api_find(const char *name, const unsigned char hash[32], int64_t *account, int64_t *org)
{
	*account = *org = 0;
	sqlite3_stmt *st = db_stmt("SELECT id, org_id, token_hash FROM api_account WHERE name = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *th = sqlite3_column_blob(st, 2);
		if (th && sqlite3_column_bytes(st, 2) == 32 && sodium_memcmp(th, hash, 32) == 0) {
			*account = sqlite3_column_int64(st, 0);
			*org = sqlite3_column_int64(st, 1);
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "api account find");
}

void adm_api_touch(int64_t account, int64_t now)
{
	if (db_begin() != ST_OK)
		return;
	sqlite3_stmt *st = db_stmt("UPDATE api_account SET last_call_at = ? WHERE id = ?");
	if (!st) {
		db_rollback();
		return;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, account);
	if (db_step_done(st, "api last call") != ST_OK || db_commit() != ST_OK)
		db_rollback();
}

enum store_status adm_member_create_in(const struct actor *a, const char *login, const char *descr,
                                       const char *member_no, const char *why, int64_t *id)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	assert(a && login && descr && member_no && why && id);
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM member WHERE org_id = ? AND login = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int dup = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_result(rc, "member login check");
	if (dup)
		return ST_DUPLICATE;
	sqlite3_stmt *ins = db_stmt("INSERT INTO member (org_id, login, descr, member_no, created_at) VALUES (?, ?, ?, ?, ?)");
	if (!ins)
		return ST_ERROR;
	sqlite3_bind_int64(ins, 1, a->org_id);
	sqlite3_bind_text(ins, 2, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, descr, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, member_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 5, a->now);
	enum store_status s = db_step_done(ins, "member insert");
	if (s != ST_OK)
		return s;
	*id = sqlite3_last_insert_rowid(db_handle());
	char text[AL_LINE_MAX], line[AL_LINE_MAX];
	snprintf(text, sizeof text, "member %lld %s created (%s)", (long long)*id, login, why);
	utf8_trim_partial(text);
	al_format_admin(line, a->tz, a->now, a->login, text);
	return logbook_append(a->org_id, a->now, line);
}
