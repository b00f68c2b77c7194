/* orgstore (orgst_): organisations as the installation's operator sees them: create with a first administrator, list, reset an administrator's password, mini-markets and portal operators. */
#include "store/orgstore.h"

#include "rules/actionlog.h"
#include "store/db.h"
#include "store/sessionstore.h"
#include "store/logbook.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rolls back and passes s on. */
static enum store_status fail(enum store_status s)
{
	db_rollback();
	return s;
}

/* Writes an ADMIN line into org_id's log (its zone from the org row) inside the transaction. */
static enum store_status log_admin(int64_t org_id, const char *by, int64_t now, const char *text)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	sqlite3_stmt *st = db_stmt("SELECT tz FROM org WHERE id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	char tz[64] = "Europe/Berlin";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(tz, sizeof tz, "%s", db_text(st, 0));
	sqlite3_reset(st);
	char line[AL_LINE_MAX];
	al_format_admin(line, tz, now, by, text);
	return (enum store_status)logbook_append(org_id, now, line);
}

enum store_status orgst_count(int *n)
{
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM org");
	if (!st)
		return ST_ERROR;
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "org count");
}

/* The writes of a new organisation inside the caller's transaction. */
static enum store_status create_in_tx(const struct orgst_new *in, const char *by, int64_t now, int64_t *org_id)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	assert(in->name && in->tz && in->lang && in->login && in->pw_hash && in->area);
	sqlite3_stmt *st = db_stmt("SELECT 1 FROM org WHERE name = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_DUPLICATE;
	if (rc != SQLITE_DONE)
		return db_result(rc, "org name");
	enum store_status s;
	st = db_stmt("INSERT INTO org (name, tz, lang) VALUES (?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->tz, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->lang, -1, SQLITE_STATIC);
	if ((s = db_step_done(st, "org insert")) != ST_OK)
		return s;
	*org_id = sqlite3_last_insert_rowid(db_handle());
	st = db_stmt("INSERT INTO area (org_id, name, sort) VALUES (?, ?, 0)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, *org_id);
	sqlite3_bind_text(st, 2, in->area, -1, SQLITE_STATIC);
	if ((s = db_step_done(st, "area insert")) != ST_OK)
		return s;
	st = db_stmt("INSERT INTO member (org_id, login, descr, pw_hash, is_admin, created_at) VALUES (?, ?, ?, ?, 1, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, *org_id);
	sqlite3_bind_text(st, 2, in->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->lang[0] == 'e' ? "Administration" : "Verwaltung", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->pw_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	if ((s = db_step_done(st, "member insert")) != ST_OK)
		return s;
	char text[600];
	snprintf(text, sizeof text, "organisation %lld created: name \"%.200s\", tz %.60s, lang %.2s, area \"%.100s\", administrator %.32s",
	         (long long)*org_id, in->name, in->tz, in->lang, in->area, in->login);
	return log_admin(*org_id, by, now, text);
}

enum store_status orgst_create(const struct orgst_new *in, const char *by, int64_t now, int64_t *org_id)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	if ((s = create_in_tx(in, by, now, org_id)) != ST_OK)
		return fail(s);
	return db_commit();
}

enum store_status orgst_create_first(const struct orgst_new *in, int64_t now, int64_t *org_id)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	int n = 0;
	if ((s = orgst_count(&n)) != ST_OK)
		return fail(s);
	if (n > 0)
		return fail(ST_FORBIDDEN);
	if ((s = create_in_tx(in, "SETUP", now, org_id)) != ST_OK)
		return fail(s);
	return db_commit();
}

enum store_status orgst_list(int (*fn)(const struct orgst_row *row, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT o.id, o.name, o.tz, o.lang, "
	                           "(SELECT count(*) FROM member m WHERE m.org_id = o.id), "
	                           "(SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.is_admin = 1) "
	                           "FROM org o ORDER BY o.id");
	if (!st)
		return ST_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct orgst_row r = {sqlite3_column_int64(st, 0), db_text(st, 1), db_text(st, 2), db_text(st, 3),
		                      sqlite3_column_int(st, 4), sqlite3_column_int(st, 5)};
		if (fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "org list");
}

enum store_status orgst_find(const char *key, int64_t *org_id)
{
	sqlite3_stmt *st = db_stmt("SELECT id FROM org WHERE CAST(id AS TEXT) = ?1 OR name = ?1 ORDER BY name = ?1 DESC LIMIT 1");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*org_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "org find");
}

/* The member login (any case) of org_id inside the transaction: id and admin flag. */
static enum store_status member_of(int64_t org_id, const char *login, int64_t *id, int *is_admin, char *up, size_t n)
{
	sqlite3_stmt *st = db_stmt("SELECT id, is_admin, login FROM member WHERE org_id = ? AND login = upper(?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*is_admin = sqlite3_column_int(st, 1);
		snprintf(up, n, "%s", db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "member find");
}

enum store_status orgst_reset_password(int64_t org_id, const char *login, const char *pw_hash,
                                       const char *by, int64_t now)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	int64_t id = 0;
	int admin = 0;
	char up[64];
	if ((s = member_of(org_id, login, &id, &admin, up, sizeof up)) != ST_OK)
		return fail(s);
	if (!admin)
		return fail(ST_FORBIDDEN);
	sqlite3_stmt *st = db_stmt("UPDATE member SET locked = 0 WHERE id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, id);
	if ((s = db_step_done(st, "member unlock")) != ST_OK)
		return fail(s);
	/* The one password rule: the operator has no session there, so every session of the member ends. */
	struct actor op = {.org_id = org_id, .login = by, .now = now};
	if ((s = sess_password_write(&op, id, pw_hash)) != ST_OK)
		return fail(s);
	char text[128];
	snprintf(text, sizeof text, "member %lld %s: password reset by the operator, account unlocked", (long long)id, up);
	if ((s = log_admin(org_id, by, now, text)) != ST_OK)
		return fail(s);
	return db_commit();
}

enum store_status orgst_market_find(const char *key, int64_t *market_id)
{
	sqlite3_stmt *st = db_stmt("SELECT id FROM minimarket WHERE CAST(id AS TEXT) = ?1 OR name = ?1 ORDER BY name = ?1 DESC LIMIT 1");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*market_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "market find");
}

enum store_status orgst_market_add(const char *name, int64_t *market_id)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	int64_t old;
	s = orgst_market_find(name, &old);
	if (s == ST_OK)
		return fail(ST_DUPLICATE);
	if (s != ST_NOT_FOUND)
		return fail(s);
	sqlite3_stmt *st = db_stmt("INSERT INTO minimarket (name) VALUES (?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((s = db_step_done(st, "market insert")) != ST_OK)
		return fail(s);
	*market_id = sqlite3_last_insert_rowid(db_handle());
	return db_commit();
}

enum store_status orgst_market_addorg(int64_t market_id, int64_t org_id)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("INSERT OR IGNORE INTO minimarket_org (market_id, org_id) VALUES (?, ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, market_id);
	sqlite3_bind_int64(st, 2, org_id);
	if ((s = db_step_done(st, "market org")) != ST_OK)
		return fail(s);
	return db_commit();
}

enum store_status orgst_market_list(int (*fn)(const struct orgst_market *m, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt("SELECT m.id, m.name, coalesce((SELECT group_concat(g.id || ' ' || g.name, ', ') "
	                           "FROM minimarket_org mo JOIN org g ON g.id = mo.org_id WHERE mo.market_id = m.id), '') "
	                           "FROM minimarket m ORDER BY m.id");
	if (!st)
		return ST_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct orgst_market m = {sqlite3_column_int64(st, 0), db_text(st, 1), db_text(st, 2)};
		if (fn(&m, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "market list");
}

enum store_status orgst_operator_grant(int64_t org_id, const char *login, const char *by, int64_t now)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	int64_t id = 0;
	int admin = 0;
	char up[64];
	if ((s = member_of(org_id, login, &id, &admin, up, sizeof up)) != ST_OK)
		return fail(s);
	sqlite3_stmt *st = db_stmt("UPDATE member SET is_operator = 1 WHERE id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, id);
	if ((s = db_step_done(st, "operator grant")) != ST_OK)
		return fail(s);
	char text[128];
	snprintf(text, sizeof text, "member %lld %s: portal operator", (long long)id, up);
	if ((s = log_admin(org_id, by, now, text)) != ST_OK)
		return fail(s);
	return db_commit();
}
