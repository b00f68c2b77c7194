/* requeststore: "Zugang anfordern" — access requests confirmed by a mailed link, then accepted (creating the member) or declined by the organisation's administrators. */
#include "store/requeststore.h"

#include <stdio.h>
#include <string.h>

#include "rules/actionlog.h"
#include "store/db.h"
#include "store/logbook.h"
#include "store/mailstore.h"
#include "store/outbox.h"
#include "store/tokens.h"

static enum store_status fail(int s)
{
	db_rollback();
	return s == ST_BUSY ? ST_BUSY : ST_ERROR;
}

/* Rolls back and returns r (a refusal) or maps a database failure. */
static enum store_status refuse(enum store_status r)
{
	if (r == ST_BUSY || r == ST_ERROR)
		return fail(r);
	db_rollback();
	return r;
}

int requeststore_orgs(struct requeststore_org *out, int max)
{
	sqlite3_stmt *st = db_stmt("SELECT o.id, o.name FROM org o JOIN mail_settings ms ON ms.org_id = o.id"
	                           " WHERE ms.requests_enabled = 1 AND ms.transport <> 'none' ORDER BY o.name");
	if (!st)
		return -1;
	int n = 0;
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(st, 0);
		snprintf(out[n].name, sizeof out[n].name, "%s", db_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	return n;
}

/* The organisation's public address for links (or the fallback) into base. */
static enum store_status base_of(int64_t org_id, const char *fallback, struct mailstore_settings *ms, char *base, size_t n)
{
	enum store_status s = mailstore_settings_load(org_id, ms);
	if (s == ST_OK)
		snprintf(base, n, "%s", ms->base_url[0] ? ms->base_url : (fallback ? fallback : ""));
	return s;
}

/* ST_DUPLICATE when login is a member's of org_id or a pending request's. */
static enum store_status login_free(int64_t org_id, const char *login)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT (SELECT count(*) FROM member WHERE org_id = ?1 AND login = ?2)"
	    " + (SELECT count(*) FROM access_request WHERE org_id = ?1 AND login = ?2 AND status IN ('unconfirmed', 'open'))");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_result(rc, "request login");
	return n ? ST_DUPLICATE : ST_OK;
}

enum store_status requeststore_create(int64_t org_id, const char *login, const char *name, const char *email,
                                 int64_t now, const char *base_fallback)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct mailstore_settings ms;
	char base[256];
	if ((s = base_of(org_id, base_fallback, &ms, base, sizeof base)) != ST_OK)
		return fail(s);
	if (!ms.requests_enabled || !strcmp(ms.transport, "none") || !base[0])
		return refuse(ST_FORBIDDEN);
	enum store_status r = login_free(org_id, login);
	if (r != ST_OK)
		return refuse(r);
	sqlite3_stmt *st = db_stmt("INSERT INTO access_request (org_id, login, name, email, created_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	if ((s = db_step_done(st, "request insert")) != ST_OK)
		return fail(s);
	struct tokens_row t = {.kind = "request", .org_id = org_id, .ref_id = sqlite3_last_insert_rowid(db_handle())};
	char hex[TOKENS_HEX], link[600];
	if ((s = tokens_create(&t, REQUESTSTORE_CONFIRM_TTL, now, hex)) != ST_OK)
		return fail(s);
	snprintf(link, sizeof link, "%s/login/confirm?token=%s", base, hex);
	struct outbox_note note = {.org_id = org_id, .kind = "request", .recipient = email, .name = name, .link = link,
	                           .actor = login};
	if ((s = outbox_queue_note(&note, now)) != ST_OK)
		return fail(s);
	s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status requeststore_confirm(const char *token, int64_t now, const char *base_fallback, char *org_name, size_t n)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct tokens_row t;
	enum store_status r = tokens_use("request", token, now, &t);
	if (r != ST_OK)
		return refuse(r);
	sqlite3_stmt *st = db_stmt("UPDATE access_request SET status = 'open' WHERE id = ? AND org_id = ? AND status = 'unconfirmed'");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, t.ref_id);
	sqlite3_bind_int64(st, 2, t.org_id);
	if ((s = db_step_done(st, "request confirm")) != ST_OK)
		return fail(s);
	if (sqlite3_changes(db_handle()) != 1)
		return refuse(ST_NOT_FOUND);
	struct mailstore_settings ms;
	char base[256], link[300], login[64] = "";
	if ((s = base_of(t.org_id, base_fallback, &ms, base, sizeof base)) != ST_OK)
		return fail(s);
	snprintf(link, sizeof link, "%s/admin/requests", base);
	st = db_stmt("SELECT r.login, o.name FROM access_request r JOIN org o ON o.id = r.org_id WHERE r.id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, t.ref_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(login, sizeof login, "%s", db_text(st, 0));
		snprintf(org_name, n, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	/* Every administrator with an address hears of it. */
	st = db_stmt("SELECT m.id, mm.email FROM member m JOIN member_mail mm ON mm.member_id = m.id AND mm.email <> ''"
	             " WHERE m.org_id = ? AND m.is_admin = 1 AND m.locked = 0");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, t.org_id);
	struct {
		int64_t id;
		char email[256];
	} admins[50];
	int na = 0;
	while (na < 50 && sqlite3_step(st) == SQLITE_ROW) {
		admins[na].id = sqlite3_column_int64(st, 0);
		snprintf(admins[na].email, sizeof admins[na].email, "%s", db_text(st, 1));
		na++;
	}
	sqlite3_reset(st);
	for (int i = 0; i < na; i++) {
		struct outbox_note note = {.org_id = t.org_id, .member_id = admins[i].id, .kind = "req_new",
		                           .recipient = admins[i].email, .link = link, .actor = login};
		if ((s = outbox_queue_note(&note, now)) != ST_OK)
			return fail(s);
	}
	s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

int requeststore_open_list(const struct actor *a, struct requeststore_row *out, int max)
{
	sqlite3_stmt *st = db_stmt("SELECT id, created_at, login, name, email FROM access_request"
	                           " WHERE org_id = ? AND status = 'open' ORDER BY id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a->org_id);
	int n = 0;
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(st, 0);
		out[n].created_at = sqlite3_column_int64(st, 1);
		snprintf(out[n].login, sizeof out[n].login, "%s", db_text(st, 2));
		snprintf(out[n].name, sizeof out[n].name, "%s", db_text(st, 3));
		snprintf(out[n].email, sizeof out[n].email, "%s", db_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	return n;
}

/* Loads open request id of the actor's organisation. */
static enum store_status load_open(const struct actor *a, int64_t id, struct requeststore_row *o)
{
	sqlite3_stmt *st = db_stmt("SELECT id, created_at, login, name, email FROM access_request"
	                           " WHERE id = ? AND org_id = ? AND status = 'open'");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->id = sqlite3_column_int64(st, 0);
		o->created_at = sqlite3_column_int64(st, 1);
		snprintf(o->login, sizeof o->login, "%s", db_text(st, 2));
		snprintf(o->name, sizeof o->name, "%s", db_text(st, 3));
		snprintf(o->email, sizeof o->email, "%s", db_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "request load");
}

static enum store_status decide(const struct actor *a, int64_t id, const char *status, int64_t member_id)
{
	sqlite3_stmt *st = db_stmt("UPDATE access_request SET status = ?, decided_at = ?, member_id = ? WHERE id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->now);
	if (member_id)
		sqlite3_bind_int64(st, 3, member_id);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, id);
	return db_step_done(st, "request decide");
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

enum store_status requeststore_accept(const struct actor *a, int64_t id, const char *base_fallback, int64_t *member_id)
{
	*member_id = 0;
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct requeststore_row q;
	enum store_status r = load_open(a, id, &q);
	if (r != ST_OK)
		return refuse(r);
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM member WHERE org_id = ? AND login = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, q.login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int dup = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return fail(db_result(rc, "request login check"));
	if (dup)
		return refuse(ST_DUPLICATE);
	/* The member as adminstore creates one (no password yet), with the requested name. */
	st = db_stmt("INSERT INTO member (org_id, login, descr, created_at) VALUES (?, ?, substr(?, 1, 200), ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, q.login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, q.name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a->now);
	if ((s = db_step_done(st, "request member")) != ST_OK)
		return fail(s);
	int64_t mid = sqlite3_last_insert_rowid(db_handle());
	st = db_stmt("INSERT INTO member_mail (member_id, org_id, email) VALUES (?, ?, ?)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, mid);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_text(st, 3, q.email, -1, SQLITE_STATIC);
	if ((s = db_step_done(st, "request member mail")) != ST_OK || (s = decide(a, id, "accepted", mid)) != ST_OK)
		return fail(s);
	struct mailstore_settings ms;
	char base[256], hex[TOKENS_HEX], link[600];
	if ((s = base_of(a->org_id, base_fallback, &ms, base, sizeof base)) != ST_OK)
		return fail(s);
	struct tokens_row t = {.kind = "reset", .org_id = a->org_id, .member_id = mid};
	if ((s = tokens_create(&t, REQUESTSTORE_CONFIRM_TTL, a->now, hex)) != ST_OK)
		return fail(s);
	snprintf(link, sizeof link, "%s/login/reset/new?token=%s", base, hex);
	struct outbox_note note = {.org_id = a->org_id, .member_id = mid, .kind = "req_ok", .recipient = q.email,
	                           .name = q.name, .link = link, .actor = q.login};
	if ((s = outbox_queue_note(&note, a->now)) != ST_OK)
		return fail(s);
	char text[200];
	snprintf(text, sizeof text, "member %lld %s created (access request %lld accepted)", (long long)mid, q.login,
	         (long long)id);
	r = log_commit(a, text);
	if (r == ST_OK)
		*member_id = mid;
	return r;
}

enum store_status requeststore_decline(const struct actor *a, int64_t id)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct requeststore_row q;
	enum store_status r = load_open(a, id, &q);
	if (r != ST_OK)
		return refuse(r);
	if ((s = decide(a, id, "declined", 0)) != ST_OK)
		return fail(s);
	struct outbox_note note = {.org_id = a->org_id, .kind = "req_no", .recipient = q.email, .name = q.name,
	                           .actor = q.login};
	if ((s = outbox_queue_note(&note, a->now)) != ST_OK)
		return fail(s);
	char text[200];
	snprintf(text, sizeof text, "access request %lld %s declined", (long long)id, q.login);
	return log_commit(a, text);
}
