/* accountstore: self-service on accounts — password reset by a mailed one-time link, throttled, and the organisations offered on the public forms. */
#include "store/accountstore.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rules/actionlog.h"
#include "store/db.h"
#include "store/sessionstore.h"
#include "store/logbook.h"
#include "store/mailstore.h"
#include "store/outbox.h"
#include "store/tokens.h"

static enum store_status fail(int s)
{
	db_rollback();
	return s == ST_BUSY ? ST_BUSY : ST_ERROR;
}

int accountstore_orgs(struct accountstore_org *out, int max)
{
	sqlite3_stmt *st = db_stmt("SELECT id, name, lang FROM org ORDER BY name");
	if (!st)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		out[n].id = sqlite3_column_int64(st, 0);
		snprintf(out[n].name, sizeof out[n].name, "%s", db_text(st, 1));
		snprintf(out[n].lang, sizeof out[n].lang, "%s", db_text(st, 2));
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

/* Counts requests since `since` for who (or, who NULL, for addr); the oldest in *first. */
static enum store_status recent(const char *who, const char *addr, int64_t since, int *n, int64_t *first)
{
	sqlite3_stmt *st = who ? db_stmt("SELECT count(*), coalesce(min(at), 0) FROM reset_attempt WHERE who = ? AND at > ?")
	                       : db_stmt("SELECT count(*), coalesce(min(at), 0) FROM reset_attempt WHERE addr = ? AND at > ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, who ? who : addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	*first = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "reset attempts");
}

enum store_status accountstore_reset_request(int64_t org_id, const char *who_in, const char *addr, int64_t now,
                                        int window, const char *base_fallback, int64_t *retry_after, int *queued)
{
	*queued = 0;
	*retry_after = 0;
	char who[300];
	size_t i;
	for (i = 0; who_in[i] && i + 1 < sizeof who; i++)
		who[i] = (char)tolower((unsigned char)who_in[i]);
	who[i] = '\0';
	char key[340];
	snprintf(key, sizeof key, "%lld:%s", (long long)org_id, who);
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	int n_who = 0, n_addr = 0;
	int64_t f_who = 0, f_addr = 0;
	if ((s = recent(key, NULL, now - window, &n_who, &f_who)) != ST_OK ||
	    (s = recent(NULL, addr, now - window, &n_addr, &f_addr)) != ST_OK)
		return fail(s);
	if (n_who >= ACCOUNTSTORE_RESET_WHO_MAX || n_addr >= ACCOUNTSTORE_RESET_ADDR_MAX) {
		db_rollback();
		int64_t first = n_who >= ACCOUNTSTORE_RESET_WHO_MAX ? f_who : f_addr;
		*retry_after = first + window - now > 0 ? first + window - now : 1;
		return ST_RANGE;
	}
	sqlite3_stmt *st = db_stmt("INSERT INTO reset_attempt (at, org_id, who, addr) VALUES (?, ?, ?, ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, org_id);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, addr, -1, SQLITE_STATIC);
	if ((s = db_step_done(st, "reset attempt")) != ST_OK)
		return fail(s);
	/* The member by login name (stored upper-case) or by address. */
	char upper[300];
	for (i = 0; who[i] && i + 1 < sizeof upper; i++)
		upper[i] = (char)toupper((unsigned char)who[i]);
	upper[i] = '\0';
	st = db_stmt(
	    "SELECT m.id, m.login, mm.email FROM member m JOIN member_mail mm ON mm.member_id = m.id AND mm.email <> ''"
	    " WHERE m.org_id = ?1 AND m.locked = 0 AND (m.login = ?2 OR lower(mm.email) = ?3) ORDER BY m.id LIMIT 1");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, upper, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_STATIC);
	int64_t member = 0;
	char login[64] = "", email[256] = "";
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		member = sqlite3_column_int64(st, 0);
		snprintf(login, sizeof login, "%s", db_text(st, 1));
		snprintf(email, sizeof email, "%s", db_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(db_result(rc, "reset member"));
	struct mailstore_settings ms;
	if (member && (s = mailstore_settings_load(org_id, &ms)) != ST_OK)
		return fail(s);
	const char *base = member && ms.base_url[0] ? ms.base_url : base_fallback;
	if (member && strcmp(ms.transport, "none") != 0 && base && base[0]) {
		if ((s = tokens_revoke("reset", org_id, member, 0)) != ST_OK)
			return fail(s);
		struct tokens_row t = {.kind = "reset", .org_id = org_id, .member_id = member};
		char hex[TOKENS_HEX], link[600];
		if ((s = tokens_create(&t, ACCOUNTSTORE_RESET_TTL, now, hex)) != ST_OK)
			return fail(s);
		snprintf(link, sizeof link, "%s/login/reset/new?token=%s", base, hex);
		struct outbox_note note = {.org_id = org_id, .member_id = member, .kind = "reset", .recipient = email,
		                           .link = link, .actor = login};
		if ((s = outbox_queue_note(&note, now)) != ST_OK)
			return fail(s);
		*queued = 1;
	}
	s = db_commit();
	if (s != ST_OK) {
		*queued = 0;
		return fail(s);
	}
	return ST_OK;
}

enum store_status accountstore_reset_check(const char *token, int64_t now, char *login, size_t n, int64_t *org_id)
{
	struct tokens_row t;
	enum store_status r = tokens_find("reset", token, now, &t);
	if (r != ST_OK)
		return r;
	sqlite3_stmt *st = db_stmt("SELECT login FROM member WHERE id = ? AND locked = 0");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, t.member_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(login, n, "%s", db_text(st, 0));
	sqlite3_reset(st);
	*org_id = t.org_id;
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "reset check");
}

enum store_status accountstore_reset_apply(const char *token, const char *pw_hash, int64_t now, int64_t *member_id)
{
	*member_id = 0;
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct tokens_row t;
	enum store_status r = tokens_use("reset", token, now, &t);
	if (r != ST_OK) {
		if (r == ST_NOT_FOUND) {
			db_rollback();
			return r;
		}
		return fail(r);
	}
	/* Only an unlocked member of the token's organisation gets a new password. */
	sqlite3_stmt *st = db_stmt("SELECT 1 FROM member WHERE id = ? AND org_id = ? AND locked = 0");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, t.member_id);
	sqlite3_bind_int64(st, 2, t.org_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			return fail(db_result(rc, "reset member"));
		db_rollback();
		return ST_NOT_FOUND;
	}
	/* The one password rule (sessionstore): the link carries no session, so every session ends. */
	struct actor nobody = {.org_id = t.org_id, .now = now};
	if ((s = sess_password_write(&nobody, t.member_id, pw_hash)) != ST_OK)
		return fail(s);
	st = db_stmt("SELECT m.login, o.tz FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, t.member_id);
	char login[64] = "?", tz[64] = "Europe/Berlin";
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(login, sizeof login, "%s", db_text(st, 0));
		snprintf(tz, sizeof tz, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	char line[AL_LINE_MAX];
	al_format_admin(line, tz, now, login, "PASSWORD RESET BY MAIL LINK");
	s = logbook_append(t.org_id, now, line);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		return fail(s);
	*member_id = t.member_id;
	return ST_OK;
}
