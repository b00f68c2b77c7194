/* sessionstore: sessions, login attempts, the login form's organisations and members' password hashes in SQLite. */
#include "store/sessionstore.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "store/db.h"

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	utf8_copy(dst, n, db_text(st, i));
}

enum store_status sess_find(const unsigned char hash[SESS_HASH_BYTES], struct sess_row *out, bool *found)
{
	memset(out, 0, sizeof *out);
	*found = false;
	sqlite3_stmt *st = db_stmt(
	    "SELECT s.member_id, s.csrf, s.last_seen, s.expires_at, s.long_lived, m.login, m.descr,"
	    " m.is_admin, m.locked, o.id, o.name, o.tz, o.cancel_hours, o.grid_minutes, o.lang,"
	    " o.billing_period, m.is_operator"
	    " FROM session s JOIN member m ON m.id = s.member_id JOIN org o ON o.id = m.org_id"
	    " WHERE s.token_hash = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_blob(st, 1, hash, SESS_HASH_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ST_OK : db_result(rc, "session load");
	}
	out->user.id = sqlite3_column_int64(st, 0);
	copy_col(out->user.csrf, sizeof out->user.csrf, st, 1);
	out->last_seen = sqlite3_column_int64(st, 2);
	out->expires_at = sqlite3_column_int64(st, 3);
	out->long_lived = sqlite3_column_int(st, 4) != 0;
	copy_col(out->user.login, sizeof out->user.login, st, 5);
	copy_col(out->user.descr, sizeof out->user.descr, st, 6);
	out->user.is_admin = sqlite3_column_int(st, 7) != 0;
	out->locked = sqlite3_column_int(st, 8) != 0;
	out->org.id = sqlite3_column_int64(st, 9);
	copy_col(out->org.name, sizeof out->org.name, st, 10);
	copy_col(out->org.tz, sizeof out->org.tz, st, 11);
	out->org.cancel_hours = sqlite3_column_int(st, 12);
	out->org.grid_minutes = sqlite3_column_int(st, 13);
	copy_col(out->org.lang, sizeof out->org.lang, st, 14);
	copy_col(out->org.billing_period, sizeof out->org.billing_period, st, 15);
	out->user.is_operator = sqlite3_column_int(st, 16) != 0;
	sqlite3_reset(st);
	*found = true;
	return ST_OK;
}

void sess_touch(const unsigned char hash[SESS_HASH_BYTES], int64_t now)
{
	sqlite3_stmt *up = db_stmt("UPDATE session SET last_seen = ? WHERE token_hash = ?");
	if (!up)
		return;
	sqlite3_bind_int64(up, 1, now);
	sqlite3_bind_blob(up, 2, hash, SESS_HASH_BYTES, SQLITE_STATIC);
	(void)db_step_done(up, "session touch");
}

void sess_drop(const unsigned char hash[SESS_HASH_BYTES])
{
	sqlite3_stmt *del = db_stmt("DELETE FROM session WHERE token_hash = ?");
	if (!del)
		return;
	sqlite3_bind_blob(del, 1, hash, SESS_HASH_BYTES, SQLITE_STATIC);
	(void)db_step_done(del, "session drop");
}

enum store_status sess_delete(const unsigned char hash[SESS_HASH_BYTES])
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *del = db_stmt("DELETE FROM session WHERE token_hash = ?");
	if (!del) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_blob(del, 1, hash, SESS_HASH_BYTES, SQLITE_STATIC);
	s = db_step_done(del, "session destroy");
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	return db_commit();
}

enum store_status sess_insert(const unsigned char hash[SESS_HASH_BYTES], int64_t member_id, const char *csrf,
                              int64_t now, int64_t life, bool long_lived)
{
	assert(member_id > 0 && csrf && life > 0);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	/* Old sessions of anyone are pruned here, where a write happens anyway. */
	sqlite3_stmt *prune = db_stmt("DELETE FROM session WHERE expires_at <= ?");
	sqlite3_stmt *ins = db_stmt(
	    "INSERT INTO session (token_hash, member_id, csrf, created_at, last_seen, expires_at, long_lived)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!prune || !ins) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(prune, 1, now);
	s = db_step_done(prune, "session prune");
	if (s == ST_OK) {
		sqlite3_bind_blob(ins, 1, hash, SESS_HASH_BYTES, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, member_id);
		sqlite3_bind_text(ins, 3, csrf, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, now);
		sqlite3_bind_int64(ins, 5, now);
		sqlite3_bind_int64(ins, 6, now + life);
		sqlite3_bind_int(ins, 7, long_lived);
		s = db_step_done(ins, "session create");
	}
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	return db_commit();
}

/* count(*) and min(at) of a failure query already bound. */
static enum store_status count_failures(sqlite3_stmt *st, int *n, int64_t *first)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int(st, 0);
		*first = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "login attempts");
}

enum store_status sess_failures(int64_t org_id, const char *login, const char *addr, int64_t since, int *nlogin,
                                int64_t *first_login, int *naddr, int64_t *first_addr)
{
	*nlogin = *naddr = 0;
	*first_login = *first_addr = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT count(*), min(at) FROM login_attempt"
	    " WHERE login = ? AND org_id IS ? AND at > ? AND ok = 0");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (org_id > 0)
		sqlite3_bind_int64(st, 2, org_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, since);
	enum store_status s = count_failures(st, nlogin, first_login);
	if (s != ST_OK)
		return s;
	st = db_stmt("SELECT count(*), min(at) FROM login_attempt WHERE addr = ? AND at > ? AND ok = 0");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	return count_failures(st, naddr, first_addr);
}

enum store_status sess_attempt(int64_t now, int64_t org_id, const char *login, const char *addr, int ok)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("INSERT INTO login_attempt (at, org_id, login, addr, ok) VALUES (?, ?, ?, ?, ?)");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, now);
	if (org_id > 0)
		sqlite3_bind_int64(st, 2, org_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, addr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, ok);
	s = db_step_done(st, "login attempt");
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	return db_commit();
}

enum store_status sess_orgs(void (*fn)(void *ctx, int64_t id, const char *name, const char *lang), void *ctx, int *n)
{
	*n = 0;
	sqlite3_stmt *st = db_stmt("SELECT id, name, lang FROM org ORDER BY name");
	if (!st)
		return ST_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*n)++;
		if (fn)
			fn(ctx, sqlite3_column_int64(st, 0), db_text(st, 1), db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "organisations");
}

enum store_status sess_member_find(int64_t org_id, const char *login, int64_t *member_id, char *hash, size_t hsize,
                                   bool *locked, bool *found)
{
	*member_id = 0;
	*locked = *found = false;
	hash[0] = '\0';
	sqlite3_stmt *st = db_stmt("SELECT id, pw_hash, locked FROM member WHERE org_id = ? AND login = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*member_id = sqlite3_column_int64(st, 0);
		snprintf(hash, hsize, "%s", db_text(st, 1));
		*locked = sqlite3_column_int(st, 2) != 0;
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "member login");
}

enum store_status sess_member_hash(int64_t member_id, char *hash, size_t hsize)
{
	hash[0] = '\0';
	sqlite3_stmt *st = db_stmt("SELECT pw_hash FROM member WHERE id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(hash, hsize, "%s", db_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "member hash");
}

enum store_status sess_password_write(const struct actor *a, int64_t member_id, const char *hash)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	assert(a && member_id > 0 && hash && *hash);
	sqlite3_stmt *up = db_stmt("UPDATE member SET pw_hash = ? WHERE id = ?");
	if (!up)
		return ST_ERROR;
	sqlite3_bind_text(up, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(up, 2, member_id);
	enum store_status s = db_step_done(up, "password write");
	if (s != ST_OK)
		return s;
	/* Own password: the session in use stays; everyone else who knew the old one is signed out. */
	bool own = a->member_id == member_id && a->session_csrf && *a->session_csrf;
	sqlite3_stmt *del = db_stmt("DELETE FROM session WHERE member_id = ? AND csrf IS NOT ?");
	if (!del)
		return ST_ERROR;
	sqlite3_bind_int64(del, 1, member_id);
	if (own)
		sqlite3_bind_text(del, 2, a->session_csrf, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(del, 2);
	return db_step_done(del, "password sessions");
}

enum store_status sess_password_change(const struct actor *a, const char *hash)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	s = sess_password_write(a, a->member_id, hash);
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	return db_commit();
}

enum store_status sess_end_all(int64_t member_id)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	sqlite3_stmt *del = db_stmt("DELETE FROM session WHERE member_id = ?");
	if (!del)
		return ST_ERROR;
	sqlite3_bind_int64(del, 1, member_id);
	return db_step_done(del, "member sessions");
}
