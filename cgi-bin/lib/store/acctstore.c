/* acctstore: reads and writes an organisation's accounting connection (table accounting), each write one immediate transaction with its ADMIN line. */
#include "store/acctstore.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "rules/actionlog.h"
#include "store/db.h"
#include "store/logbook.h"
#include "store/sealed.h"

/* Fills out from the organisation's row; defaults when there is none. Also returns the sealed
 * password into sealed (size n) when sealed is not NULL. */
static enum store_status load(int64_t org_id, struct acct_settings *out, char *sealed, size_t n)
{
	memset(out, 0, sizeof *out);
	if (sealed)
		sealed[0] = '\0';
	sqlite3_stmt *st = db_stmt("SELECT enabled, url, dbname, login, password_sealed, receivable, revenue, journal,"
	                           " payment_term, coalesce(tested_at, 0), test_status, test_detail"
	                           " FROM accounting WHERE org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->enabled = sqlite3_column_int(st, 0) != 0;
		utf8_copy(out->url, sizeof out->url, db_text(st, 1));
		utf8_copy(out->dbname, sizeof out->dbname, db_text(st, 2));
		utf8_copy(out->login, sizeof out->login, db_text(st, 3));
		out->has_password = *db_text(st, 4) != '\0';
		if (sealed)
			snprintf(sealed, n, "%s", db_text(st, 4));
		out->receivable = sqlite3_column_int64(st, 5);
		out->revenue = sqlite3_column_int64(st, 6);
		out->journal = sqlite3_column_int64(st, 7);
		out->payment_term = sqlite3_column_int64(st, 8);
		out->tested_at = sqlite3_column_int64(st, 9);
		utf8_copy(out->test_status, sizeof out->test_status, db_text(st, 10));
		utf8_copy(out->test_detail, sizeof out->test_detail, db_text(st, 11));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "accounting load");
}

enum store_status acct_load(const struct actor *a, struct acct_settings *out)
{
	assert(a && out);
	return load(a->org_id, out, NULL, 0);
}

/* Appends the ADMIN line text and commits; rolls back on any failure. */
static enum store_status log_commit(const struct actor *a, const char *text)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, text);
	enum store_status s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		db_rollback();
	return s;
}

/* Appends ", name old -> new" to buf when the values differ. */
static void diff(char *buf, size_t n, const char *name, const char *old, const char *new_)
{
	if (strcmp(old, new_) == 0)
		return;
	size_t len = strlen(buf);
	snprintf(buf + len, n - len, "%s%s \"%s\" -> \"%s\"", len ? ", " : "", name, old, new_);
	utf8_trim_partial(buf);
}

static void diff_id(char *buf, size_t n, const char *name, int64_t old, int64_t new_)
{
	char o[24], w[24];
	snprintf(o, sizeof o, "%" PRId64, old);
	snprintf(w, sizeof w, "%" PRId64, new_);
	diff(buf, n, name, o, w);
}

enum store_status acct_save(const struct actor *a, const struct acct_settings *in, const char *password)
{
	assert(a && in);
	char sealed[SEALED_MAX] = "";
	bool new_password = password && *password;
	if (new_password && !sealed_seal(password, sealed, sizeof sealed))
		return ST_ERROR;
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	struct acct_settings old;
	char old_sealed[SEALED_MAX];
	s = load(a->org_id, &old, old_sealed, sizeof old_sealed);
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO accounting (org_id, enabled, url, dbname, login, password_sealed, receivable, revenue, journal,"
	    " payment_term) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (org_id) DO UPDATE SET enabled = excluded.enabled, url = excluded.url,"
	    " dbname = excluded.dbname, login = excluded.login, password_sealed = excluded.password_sealed,"
	    " receivable = excluded.receivable, revenue = excluded.revenue, journal = excluded.journal,"
	    " payment_term = excluded.payment_term");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int(st, 2, in->enabled);
	sqlite3_bind_text(st, 3, in->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->dbname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, new_password ? sealed : old_sealed, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, in->receivable);
	sqlite3_bind_int64(st, 8, in->revenue);
	sqlite3_bind_int64(st, 9, in->journal);
	sqlite3_bind_int64(st, 10, in->payment_term);
	s = db_step_done(st, "accounting save");
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	char changes[600] = "";
	diff(changes, sizeof changes, "enabled", old.enabled ? "1" : "0", in->enabled ? "1" : "0");
	diff(changes, sizeof changes, "url", old.url, in->url);
	diff(changes, sizeof changes, "database", old.dbname, in->dbname);
	diff(changes, sizeof changes, "user", old.login, in->login);
	diff_id(changes, sizeof changes, "receivable", old.receivable, in->receivable);
	diff_id(changes, sizeof changes, "revenue", old.revenue, in->revenue);
	diff_id(changes, sizeof changes, "journal", old.journal, in->journal);
	diff_id(changes, sizeof changes, "payment_term", old.payment_term, in->payment_term);
	char text[AL_LINE_MAX];
	snprintf(text, sizeof text, "accounting settings changed: %s%s%s", changes,
	         new_password && *changes ? ", " : "", new_password ? "password replaced" : "");
	utf8_trim_partial(text);
	return log_commit(a, text);
}

enum store_status acct_password(const struct actor *a, char *out, size_t n)
{
	assert(a && out && n > 0);
	out[0] = '\0';
	struct acct_settings s;
	char sealed[SEALED_MAX];
	enum store_status res = load(a->org_id, &s, sealed, sizeof sealed);
	if (res != ST_OK)
		return res;
	if (!sealed[0])
		return ST_NOT_FOUND;
	return sealed_open(sealed, out, n) ? ST_OK : ST_ERROR;
}

enum store_status acct_record_test(const struct actor *a, const char *status, const char *detail)
{
	assert(a && status && detail);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("INSERT INTO accounting (org_id, tested_at, test_status, test_detail) VALUES (?, ?, ?, ?)"
	                           " ON CONFLICT (org_id) DO UPDATE SET tested_at = excluded.tested_at,"
	                           " test_status = excluded.test_status, test_detail = excluded.test_detail");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
	s = db_step_done(st, "accounting test");
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	char text[AL_LINE_MAX];
	snprintf(text, sizeof text, "accounting connection test: %s%s%s", status, *detail ? " " : "", detail);
	utf8_trim_partial(text);
	return log_commit(a, text);
}
