/* acctstore: reads and writes an organisation's accounting connection, the invoices' transfer states and claims, the per-tariff revenue accounts and the customer import, each write one immediate transaction with its ADMIN line. */
#include "store/acctstore.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "rules/actionlog.h"
#include "rules/translit.h"
#include "store/adminstore.h"
#include "store/db.h"
#include "store/logbook.h"
#include "store/sealed.h"

#include <sodium.h>

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

/* ---- Transfers of issued invoices. */

enum store_status acct_xfer_list(const struct actor *a, const char *period, bool open_only,
                                 int (*fn)(void *ctx, const struct acct_xrow *row), void *ctx)
{
	assert(a && period && fn);
	sqlite3_stmt *st = db_stmt(
	    "SELECT i.id, i.gross, coalesce(i.cancels, 0), i.number, i.member_no, i.name, i.period, i.inv_date,"
	    " coalesce(o.number, ''),"
	    " CASE WHEN x.invoice_id IS NULL THEN 'open'"
	    " WHEN x.state = 'pending' AND x.lease_until <= ?4 THEN 'failed'"
	    " WHEN x.state = 'undoing' AND x.lease_until <= ?4 THEN 'done' ELSE x.state END AS st,"
	    " coalesce(x.tryton_number, ''), coalesce(x.undo_number, ''), coalesce(x.error_kind, ''),"
	    " coalesce(x.error_detail, ''), coalesce(x.error_op, '')"
	    " FROM invoice i LEFT JOIN invoice o ON o.id = i.cancels LEFT JOIN acct_transfer x ON x.invoice_id = i.id"
	    " WHERE i.org_id = ?1 AND (?2 = '' OR i.period = ?2)"
	    " AND (?3 = 0 OR x.invoice_id IS NULL OR x.state = 'failed' OR (x.state = 'pending' AND x.lease_until <= ?4))"
	    " ORDER BY i.year, i.seq");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, open_only);
	sqlite3_bind_int64(st, 4, a->now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct acct_xrow row = {
		    .invoice_id = sqlite3_column_int64(st, 0),
		    .gross = sqlite3_column_int64(st, 1),
		    .cancels = sqlite3_column_int64(st, 2),
		    .number = db_text(st, 3),
		    .member_no = db_text(st, 4),
		    .name = db_text(st, 5),
		    .period = db_text(st, 6),
		    .inv_date = db_text(st, 7),
		    .cancels_number = db_text(st, 8),
		    .state = db_text(st, 9),
		    .tryton_number = db_text(st, 10),
		    .undo_number = db_text(st, 11),
		    .error_kind = db_text(st, 12),
		    .error_detail = db_text(st, 13),
		    .error_op = db_text(st, 14),
		};
		if (fn(ctx, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "accounting transfer list");
}

enum store_status acct_xfer_periods(const struct actor *a, int (*fn)(void *ctx, const char *period), void *ctx)
{
	assert(a && fn);
	sqlite3_stmt *st = db_stmt("SELECT period FROM invoice WHERE org_id = ? GROUP BY period ORDER BY max(t0) DESC");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ctx, db_text(st, 0)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "accounting periods");
}

/* Splits a postal address of several lines: the last line "PLZ Ort" when it starts with digits, the
 * line before it the street. */
static void split_address(const char *addr, struct acct_xplan *p)
{
	char lines[8][192];
	int n = 0;
	const char *s = addr;
	while (*s && n < 8) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' '))
			len--;
		if (len > 0) {
			if (len >= sizeof lines[n])
				len = sizeof lines[n] - 1;
			memcpy(lines[n], s, len);
			lines[n][len] = '\0';
			utf8_trim_partial(lines[n]);
			n++;
		}
		if (!e)
			break;
		s = e + 1;
	}
	if (n == 0)
		return;
	const char *last = lines[n - 1];
	size_t digits = strspn(last, "0123456789");
	if (digits >= 4 && last[digits] == ' ') {
		utf8_copy(p->postal_code, sizeof p->postal_code, last);
		p->postal_code[digits < sizeof p->postal_code ? digits : sizeof p->postal_code - 1] = '\0';
		utf8_copy(p->city, sizeof p->city, last + digits + 1);
		if (n >= 2)
			utf8_copy(p->street, sizeof p->street, lines[n - 2]);
	} else {
		utf8_copy(p->street, sizeof p->street, last);
	}
}

enum store_status acct_xfer_plan(const struct actor *a, int64_t invoice_id, int64_t default_revenue, struct acct_xplan *out)
{
	assert(a && out);
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(
	    "SELECT i.id, coalesce(i.cancels, 0), i.gross, i.number, coalesce(o.number, ''), i.member_no, i.name,"
	    " i.address, i.inv_date, i.period,"
	    " CASE WHEN x.invoice_id IS NULL THEN 'open'"
	    " WHEN x.state = 'pending' AND x.lease_until <= ?3 THEN 'failed'"
	    " WHEN x.state = 'undoing' AND x.lease_until <= ?3 THEN 'done' ELSE x.state END,"
	    " coalesce(x.tryton_number, ''), coalesce(x.undo_number, ''), coalesce(x.error_kind, ''),"
	    " coalesce(x.error_detail, ''), coalesce(x.error_op, '')"
	    " FROM invoice i LEFT JOIN invoice o ON o.id = i.cancels LEFT JOIN acct_transfer x ON x.invoice_id = i.id"
	    " WHERE i.id = ?1 AND i.org_id = ?2");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, invoice_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, a->now);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "accounting plan");
	}
	out->invoice_id = sqlite3_column_int64(st, 0);
	out->cancels = sqlite3_column_int64(st, 1);
	out->gross = sqlite3_column_int64(st, 2);
	utf8_copy(out->number, sizeof out->number, db_text(st, 3));
	utf8_copy(out->cancels_number, sizeof out->cancels_number, db_text(st, 4));
	utf8_copy(out->member_no, sizeof out->member_no, db_text(st, 5));
	utf8_copy(out->name, sizeof out->name, db_text(st, 6));
	split_address(db_text(st, 7), out);
	utf8_copy(out->inv_date, sizeof out->inv_date, db_text(st, 8));
	utf8_copy(out->period, sizeof out->period, db_text(st, 9));
	utf8_copy(out->state, sizeof out->state, db_text(st, 10));
	utf8_copy(out->tryton_number, sizeof out->tryton_number, db_text(st, 11));
	utf8_copy(out->undo_number, sizeof out->undo_number, db_text(st, 12));
	utf8_copy(out->error_kind, sizeof out->error_kind, db_text(st, 13));
	utf8_copy(out->error_detail, sizeof out->error_detail, db_text(st, 14));
	utf8_copy(out->error_op, sizeof out->error_op, db_text(st, 15));
	sqlite3_reset(st);

	st = db_stmt("SELECT l.tariff, sum(l.amount), coalesce(r.account, 0) FROM invoice_line l"
	             " LEFT JOIN acct_revenue r ON r.org_id = ?2 AND r.tariff = l.tariff"
	             " WHERE l.invoice_id = ?1 GROUP BY l.tariff ORDER BY l.tariff");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, invoice_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int64_t sum = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->nlines < ACCT_XLINES_MAX - 1) {
		struct acct_xline *l = &out->lines[out->nlines++];
		const char *tariff = db_text(st, 0);
		snprintf(l->text, sizeof l->text, "%s %s, Tarif %s", out->cancels ? "Storno Carsharing" : "Carsharing",
		         out->period, *tariff ? tariff : "-");
		utf8_trim_partial(l->text);
		l->cents = sqlite3_column_int64(st, 1);
		l->account = sqlite3_column_int64(st, 2);
		l->mapped = l->account != 0;
		if (!l->mapped)
			l->account = default_revenue;
		sum += l->cents;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_result(rc, "accounting plan lines");
	if (sum != out->gross) { /* the VAT of a net invoice, booked with the default revenue account */
		struct acct_xline *l = &out->lines[out->nlines++];
		snprintf(l->text, sizeof l->text, "Umsatzsteuer %s", out->number);
		utf8_trim_partial(l->text);
		l->cents = out->gross - sum;
		l->account = default_revenue;
	}
	return ST_OK;
}

enum store_status acct_xfer_claim(const struct actor *a, int64_t invoice_id, bool undo, int64_t lease_s, int64_t *token)
{
	assert(a && token && lease_s > 0);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt(
	    "SELECT i.number, coalesce(x.state, 'open'), coalesce(x.lease_until, 0) FROM invoice i"
	    " LEFT JOIN acct_transfer x ON x.invoice_id = i.id WHERE i.id = ? AND i.org_id = ?");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, invoice_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		db_rollback();
		return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "accounting claim");
	}
	char number[64], state[12];
	utf8_copy(number, sizeof number, db_text(st, 0));
	utf8_copy(state, sizeof state, db_text(st, 1));
	int64_t lease = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	bool claimed = !strcmp(state, "pending") || !strcmp(state, "undoing");
	if (claimed && lease > a->now) {
		db_rollback();
		return ST_CONFLICT;
	}
	if (claimed) /* the lease ran out: the attempt died; its outcome is found again by reference */
		snprintf(state, sizeof state, "%s", !strcmp(state, "pending") ? "failed" : "done");
	bool may = undo ? !strcmp(state, "done") : (!strcmp(state, "open") || !strcmp(state, "failed"));
	if (!may) {
		db_rollback();
		return ST_ALREADY;
	}
	*token = (int64_t)(randombytes_random() & 0x7fffffff) + 1;
	st = db_stmt("INSERT INTO acct_transfer (invoice_id, org_id, state, lease_until, token, error_kind, error_detail,"
	             " error_op, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, 'interrupted', '', ?6, ?7)"
	             " ON CONFLICT (invoice_id) DO UPDATE SET state = excluded.state, lease_until = excluded.lease_until,"
	             " token = excluded.token, error_kind = excluded.error_kind, error_detail = '',"
	             " error_op = excluded.error_op, changed_at = excluded.changed_at");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, invoice_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_text(st, 3, undo ? "undoing" : "pending", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a->now + lease_s);
	sqlite3_bind_int64(st, 5, *token);
	sqlite3_bind_text(st, 6, undo ? "undo" : "transfer", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, a->now);
	s = db_step_done(st, "accounting claim");
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	char text[AL_LINE_MAX];
	snprintf(text, sizeof text, "accounting %s started: invoice %s", undo ? "undo" : "transfer", number);
	utf8_trim_partial(text);
	return log_commit(a, text);
}

enum store_status acct_xfer_finish(const struct actor *a, int64_t invoice_id, int64_t token, bool undo, bool ok,
                                   int64_t tryton_id, const char *tryton_number, const char *error_kind,
                                   const char *error_detail)
{
	assert(a && tryton_number && error_kind && error_detail);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st;
	if (!undo && ok)
		st = db_stmt("UPDATE acct_transfer SET state = 'done', lease_until = 0, tryton_id = ?3, tryton_number = ?4,"
		             " error_kind = '', error_detail = '', error_op = '', changed_at = ?5"
		             " WHERE invoice_id = ?1 AND token = ?2 AND state = 'pending' AND org_id = ?6");
	else if (!undo)
		st = db_stmt("UPDATE acct_transfer SET state = 'failed', lease_until = 0, error_kind = ?7, error_detail = ?8,"
		             " error_op = 'transfer', changed_at = ?5"
		             " WHERE invoice_id = ?1 AND token = ?2 AND state = 'pending' AND org_id = ?6");
	else if (ok)
		st = db_stmt("UPDATE acct_transfer SET state = 'undone', lease_until = 0, undo_id = ?3, undo_number = ?4,"
		             " error_kind = '', error_detail = '', error_op = '', changed_at = ?5"
		             " WHERE invoice_id = ?1 AND token = ?2 AND state = 'undoing' AND org_id = ?6");
	else
		st = db_stmt("UPDATE acct_transfer SET state = 'done', lease_until = 0, error_kind = ?7, error_detail = ?8,"
		             " error_op = 'undo', changed_at = ?5"
		             " WHERE invoice_id = ?1 AND token = ?2 AND state = 'undoing' AND org_id = ?6");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, invoice_id);
	sqlite3_bind_int64(st, 2, token);
	if (ok) {
		sqlite3_bind_int64(st, 3, tryton_id);
		sqlite3_bind_text(st, 4, tryton_number, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 5, a->now);
	sqlite3_bind_int64(st, 6, a->org_id);
	if (!ok) {
		sqlite3_bind_text(st, 7, error_kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, error_detail, -1, SQLITE_STATIC);
	}
	s = db_step_done(st, "accounting finish");
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	if (sqlite3_changes(db_handle()) != 1) { /* the claim is no longer this one's */
		db_rollback();
		return ST_CONFLICT;
	}
	st = db_stmt("SELECT number FROM invoice WHERE id = ?");
	char number[64] = "";
	if (st) {
		sqlite3_bind_int64(st, 1, invoice_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			utf8_copy(number, sizeof number, db_text(st, 0));
		sqlite3_reset(st);
	}
	char text[AL_LINE_MAX];
	if (ok)
		snprintf(text, sizeof text, "accounting %s: invoice %s ok, %s %s (id %" PRId64 ")", undo ? "undo" : "transfer",
		         number, undo ? "credit note" : "Tryton invoice", tryton_number, tryton_id);
	else
		snprintf(text, sizeof text, "accounting %s: invoice %s failed: %s%s%s", undo ? "undo" : "transfer", number,
		         error_kind, *error_detail ? " " : "", error_detail);
	utf8_trim_partial(text);
	return log_commit(a, text);
}

enum store_status acct_revenue_save(const struct actor *a, const char *tariff, int64_t account)
{
	assert(a && tariff && account >= 0);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = account > 0
	    ? db_stmt("INSERT INTO acct_revenue (org_id, tariff, account) VALUES (?, ?, ?)"
	              " ON CONFLICT (org_id, tariff) DO UPDATE SET account = excluded.account")
	    : db_stmt("DELETE FROM acct_revenue WHERE org_id = ? AND tariff = ?");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, tariff, -1, SQLITE_STATIC);
	if (account > 0)
		sqlite3_bind_int64(st, 3, account);
	s = db_step_done(st, "accounting revenue");
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	char text[AL_LINE_MAX];
	snprintf(text, sizeof text, "accounting revenue account of tariff %s: %" PRId64, tariff, account);
	utf8_trim_partial(text);
	return log_commit(a, text);
}

/* ---- Import of customers. */

static enum store_status plan_items(const struct actor *a, const struct acct_party_in *p, int n, struct acct_imp_item *out)
{
	sqlite3_stmt *by_no = db_stmt("SELECT m.id, m.descr, coalesce(x.party_id, 0) FROM member m"
	                              " LEFT JOIN acct_party x ON x.member_id = m.id"
	                              " WHERE m.org_id = ? AND m.member_no = ? ORDER BY m.id LIMIT 1");
	sqlite3_stmt *by_login = db_stmt("SELECT count(*) FROM member WHERE org_id = ? AND login = ?");
	if (!by_no || !by_login)
		return ST_ERROR;
	for (int i = 0; i < n; i++) {
		struct acct_imp_item *it = &out[i];
		memset(it, 0, sizeof *it);
		it->party_id = p[i].id;
		utf8_copy(it->code, sizeof it->code, p[i].code);
		utf8_copy(it->name, sizeof it->name, p[i].name);
		bool dup = false;
		for (int j = 0; j < n && !dup; j++)
			dup = j != i && strcmp(p[j].code, p[i].code) == 0;
		if (dup) {
			it->kind = ACCT_IMP_DUP_CODE;
			continue;
		}
		sqlite3_bind_int64(by_no, 1, a->org_id);
		sqlite3_bind_text(by_no, 2, p[i].code, -1, SQLITE_STATIC);
		int rc = sqlite3_step(by_no);
		if (rc == SQLITE_ROW) {
			it->member_id = sqlite3_column_int64(by_no, 0);
			utf8_copy(it->old_descr, sizeof it->old_descr, db_text(by_no, 1));
			int64_t linked = sqlite3_column_int64(by_no, 2);
			/* The description keeps what follows the name ("Nina Neumann, 0171 ..."). */
			size_t nl = strlen(p[i].name);
			bool same_name = nl > 0 && strncmp(it->old_descr, p[i].name, nl) == 0 &&
			                 (it->old_descr[nl] == '\0' || it->old_descr[nl] == ',');
			it->kind = !same_name ? ACCT_IMP_CHANGE : linked == p[i].id ? ACCT_IMP_SAME : ACCT_IMP_LINK;
		}
		sqlite3_reset(by_no);
		if (rc == SQLITE_ROW)
			continue;
		if (rc != SQLITE_DONE)
			return db_result(rc, "import member");
		char login[TL_LOGIN_MAX + 1];
		tl_login_suggest(p[i].name, login, sizeof login);
		utf8_copy(it->login, sizeof it->login, login);
		if (!login[0] || !tl_login_ok(login)) {
			it->kind = ACCT_IMP_NO_LOGIN;
			continue;
		}
		bool taken = false;
		for (int j = 0; j < i && !taken; j++)
			taken = out[j].kind == ACCT_IMP_CREATE && strcmp(out[j].login, login) == 0;
		sqlite3_bind_int64(by_login, 1, a->org_id);
		sqlite3_bind_text(by_login, 2, login, -1, SQLITE_STATIC);
		rc = sqlite3_step(by_login);
		if (rc == SQLITE_ROW && sqlite3_column_int(by_login, 0) > 0)
			taken = true;
		sqlite3_reset(by_login);
		if (rc != SQLITE_ROW)
			return db_result(rc, "import login");
		it->kind = taken ? ACCT_IMP_LOGIN_TAKEN : ACCT_IMP_CREATE;
	}
	return ST_OK;
}

enum store_status acct_import_plan(const struct actor *a, const struct acct_party_in *p, int n, struct acct_imp_item *out)
{
	assert(a && (n == 0 || (p && out)));
	return plan_items(a, p, n, out);
}

/* Links member_id to party (party_id, code), replacing an earlier link. */
static enum store_status link_member(const struct actor *a, int64_t member_id, int64_t party_id, const char *code)
{
	sqlite3_stmt *st = db_stmt("INSERT INTO acct_party (member_id, org_id, party_id, code) VALUES (?, ?, ?, ?)"
	                           " ON CONFLICT (member_id) DO UPDATE SET party_id = excluded.party_id, code = excluded.code");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, party_id);
	sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
	return db_step_done(st, "import link");
}

enum store_status acct_import_apply(const struct actor *a, const struct acct_party_in *p, int n, int counts[7])
{
	assert(a && counts && (n == 0 || p));
	memset(counts, 0, 7 * sizeof counts[0]);
	struct acct_imp_item *items = n ? calloc((size_t)n, sizeof *items) : NULL;
	if (n && !items)
		return ST_ERROR;
	enum store_status s = db_begin();
	if (s != ST_OK) {
		free(items);
		return s;
	}
	s = plan_items(a, p, n, items);
	for (int i = 0; i < n && s == ST_OK; i++) {
		struct acct_imp_item *it = &items[i];
		counts[it->kind]++;
		if (it->kind == ACCT_IMP_CREATE) {
			char why[160];
			snprintf(why, sizeof why, "import from accounting, party %s", it->code);
			utf8_trim_partial(why);
			s = adm_member_create_in(a, it->login, it->name, it->code, why, &it->member_id);
		} else if (it->kind == ACCT_IMP_CHANGE) {
			sqlite3_stmt *st = db_stmt("UPDATE member SET descr = ? WHERE id = ? AND org_id = ?");
			if (!st) {
				s = ST_ERROR;
				break;
			}
			sqlite3_bind_text(st, 1, it->name, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, it->member_id);
			sqlite3_bind_int64(st, 3, a->org_id);
			s = db_step_done(st, "import change");
		}
		if (s == ST_OK && (it->kind == ACCT_IMP_CREATE || it->kind == ACCT_IMP_LINK || it->kind == ACCT_IMP_CHANGE))
			s = link_member(a, it->member_id, it->party_id, it->code);
	}
	free(items);
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	char text[AL_LINE_MAX];
	snprintf(text, sizeof text, "accounting import: %d created, %d linked, %d changed, %d unchanged, %d conflicts",
	         counts[ACCT_IMP_CREATE], counts[ACCT_IMP_LINK], counts[ACCT_IMP_CHANGE], counts[ACCT_IMP_SAME],
	         counts[ACCT_IMP_DUP_CODE] + counts[ACCT_IMP_NO_LOGIN] + counts[ACCT_IMP_LOGIN_TAKEN]);
	return log_commit(a, text);
}

enum store_status acct_revenues(const struct actor *a, int (*fn)(void *ctx, const char *tariff, int64_t account), void *ctx)
{
	assert(a && fn);
	sqlite3_stmt *st = db_stmt(
	    "SELECT t.name, coalesce(r.account, 0) FROM (SELECT name FROM tariff WHERE org_id = ?1"
	    " UNION SELECT DISTINCT tariff_name FROM billing WHERE org_id = ?1 AND tariff_name <> ''"
	    " UNION SELECT tariff FROM acct_revenue WHERE org_id = ?1) t"
	    " LEFT JOIN acct_revenue r ON r.org_id = ?1 AND r.tariff = t.name ORDER BY t.name");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ctx, db_text(st, 0), sqlite3_column_int64(st, 1)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "accounting revenues");
}
