/* mailstore: an organisation's mail settings and its members' addresses and mail preferences. */
#include "store/mailstore.h"

#include <stdio.h>
#include <string.h>

#include "rules/actionlog.h"
#include "store/db.h"
#include "store/logbook.h"
#include "store/outbox.h"
#include "store/tokens.h"

static enum store_status fail(int s)
{
	db_rollback();
	return s == ST_BUSY ? ST_BUSY : ST_ERROR;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

enum store_status mailstore_settings_load(int64_t org_id, struct mailstore_settings *o)
{
	memset(o, 0, sizeof *o);
	copy(o->transport, sizeof o->transport, "none");
	copy(o->smtp_security, sizeof o->smtp_security, "starttls");
	o->smtp_port = 587;
	o->reminder_minutes = 120;
	sqlite3_stmt *st = db_stmt(
	    "SELECT sender, transport, smtp_host, smtp_port, smtp_security, smtp_user, smtp_password, base_url,"
	    " reminder_minutes, requests_enabled FROM mail_settings WHERE org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy(o->sender, sizeof o->sender, db_text(st, 0));
		copy(o->transport, sizeof o->transport, db_text(st, 1));
		copy(o->smtp_host, sizeof o->smtp_host, db_text(st, 2));
		o->smtp_port = sqlite3_column_int(st, 3);
		copy(o->smtp_security, sizeof o->smtp_security, db_text(st, 4));
		copy(o->smtp_user, sizeof o->smtp_user, db_text(st, 5));
		copy(o->smtp_password, sizeof o->smtp_password, db_text(st, 6));
		o->has_password = o->smtp_password[0] != '\0';
		copy(o->base_url, sizeof o->base_url, db_text(st, 7));
		o->reminder_minutes = sqlite3_column_int(st, 8);
		o->requests_enabled = sqlite3_column_int(st, 9) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "mail settings");
}

/* Appends " name" to the ADMIN text when the values differ. */
static void diff(char *text, size_t n, const char *name, const char *a, const char *b)
{
	if (strcmp(a, b) != 0 && strlen(text) + strlen(name) + 2 < n) {
		strcat(text, " ");
		strcat(text, name);
	}
}

static void diff_i(char *text, size_t n, const char *name, int a, int b)
{
	diff(text, n, name, a == b ? "" : "x", "");
}

enum store_status mailstore_settings_save(const struct actor *a, const struct mailstore_settings *in,
                                          const char *sealed_password)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct mailstore_settings old;
	s = mailstore_settings_load(a->org_id, &old);
	if (s != ST_OK)
		return fail(s);
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO mail_settings (org_id, sender, transport, smtp_host, smtp_port, smtp_security, smtp_user,"
	    " smtp_password, base_url, reminder_minutes, requests_enabled)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
	    " ON CONFLICT (org_id) DO UPDATE SET sender = ?2, transport = ?3, smtp_host = ?4, smtp_port = ?5,"
	    " smtp_security = ?6, smtp_user = ?7, smtp_password = ?8, base_url = ?9, reminder_minutes = ?10,"
	    " requests_enabled = ?11");
	if (!st)
		return fail(ST_ERROR);
	const char *pw = sealed_password ? sealed_password : old.smtp_password;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, in->sender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->transport, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->smtp_host, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, in->smtp_port);
	sqlite3_bind_text(st, 6, in->smtp_security, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, in->smtp_user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, pw, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, in->base_url, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, in->reminder_minutes);
	sqlite3_bind_int(st, 11, in->requests_enabled ? 1 : 0);
	s = db_step_done(st, "mail settings save");
	if (s != ST_OK)
		return fail(s);
	char text[400] = "MAIL SETTINGS";
	diff(text, sizeof text, "sender", old.sender, in->sender);
	diff(text, sizeof text, "transport", old.transport, in->transport);
	diff(text, sizeof text, "host", old.smtp_host, in->smtp_host);
	diff_i(text, sizeof text, "port", old.smtp_port, in->smtp_port);
	diff(text, sizeof text, "security", old.smtp_security, in->smtp_security);
	diff(text, sizeof text, "user", old.smtp_user, in->smtp_user);
	if (sealed_password)
		diff(text, sizeof text, "password", "x", "");
	diff(text, sizeof text, "url", old.base_url, in->base_url);
	diff_i(text, sizeof text, "reminder", old.reminder_minutes, in->reminder_minutes);
	diff_i(text, sizeof text, "requests", old.requests_enabled, in->requests_enabled);
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, text);
	s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status mailstore_member_load(const struct actor *a, int64_t member_id, struct mailstore_member *o)
{
	memset(o, 0, sizeof *o);
	sqlite3_stmt *st = db_stmt(
	    "SELECT m.id, m.login, coalesce(mm.email, ''), coalesce(mm.pending_email, ''), coalesce(mm.off_booking, 0),"
	    " coalesce(mm.off_reminder, 0), coalesce(mm.off_trip, 0)"
	    " FROM member m LEFT JOIN member_mail mm ON mm.member_id = m.id WHERE m.id = ? AND m.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->member_id = sqlite3_column_int64(st, 0);
		copy(o->login, sizeof o->login, db_text(st, 1));
		copy(o->email, sizeof o->email, db_text(st, 2));
		copy(o->pending_email, sizeof o->pending_email, db_text(st, 3));
		o->off_booking = sqlite3_column_int(st, 4) != 0;
		o->off_reminder = sqlite3_column_int(st, 5) != 0;
		o->off_trip = sqlite3_column_int(st, 6) != 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ST_NOT_FOUND;
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "member mail");
}

/* Writes the row of member_id (of the actor's organisation: checked by the caller). */
static enum store_status write_member(const struct actor *a, int64_t member_id, const char *email,
                                      bool ob, bool orem, bool otrip)
{
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO member_mail (member_id, org_id, email, off_booking, off_reminder, off_trip)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (member_id) DO UPDATE SET email = ?3, off_booking = ?4,"
	    " off_reminder = ?5, off_trip = ?6");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_text(st, 3, email, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, ob);
	sqlite3_bind_int(st, 5, orem);
	sqlite3_bind_int(st, 6, otrip);
	return db_step_done(st, "member mail save");
}

enum store_status mailstore_member_save(const struct actor *a, int64_t member_id, const struct mailstore_member *in)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct mailstore_member old;
	enum store_status r = mailstore_member_load(a, member_id, &old);
	if (r != ST_OK) {
		db_rollback();
		return r;
	}
	s = write_member(a, member_id, in->email, in->off_booking, in->off_reminder, in->off_trip);
	if (s != ST_OK)
		return fail(s);
	char text[200], line[AL_LINE_MAX];
	snprintf(text, sizeof text, "MEMBER %s MAIL%s", old.login, strcmp(old.email, in->email) ? " address" : "");
	al_format_admin(line, a->tz, a->now, a->login, text);
	s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status mailstore_prefs_save(const struct actor *a, bool ob, bool orem, bool otrip)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct mailstore_member old;
	enum store_status r = mailstore_member_load(a, a->member_id, &old);
	if (r != ST_OK) {
		db_rollback();
		return r;
	}
	s = write_member(a, a->member_id, old.email, ob, orem, otrip);
	if (s != ST_OK)
		return fail(s);
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, "MAIL PREFERENCES");
	s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status mailstore_email_request(const struct actor *a, const char *new_email, const char *base_fallback)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct mailstore_settings ms;
	struct mailstore_member old;
	if ((s = mailstore_settings_load(a->org_id, &ms)) != ST_OK)
		return fail(s);
	enum store_status r = mailstore_member_load(a, a->member_id, &old);
	if (r != ST_OK) {
		db_rollback();
		return r;
	}
	const char *base = ms.base_url[0] ? ms.base_url : (base_fallback ? base_fallback : "");
	if (!strcmp(ms.transport, "none") || !base[0]) {
		db_rollback();
		return ST_FORBIDDEN;
	}
	if ((s = write_member(a, a->member_id, old.email, old.off_booking, old.off_reminder, old.off_trip)) != ST_OK)
		return fail(s);
	sqlite3_stmt *st = db_stmt("UPDATE member_mail SET pending_email = ? WHERE member_id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_text(st, 1, new_email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->member_id);
	if ((s = db_step_done(st, "pending email")) != ST_OK || (s = tokens_revoke("email", a->org_id, a->member_id, 0)) != ST_OK)
		return fail(s);
	struct tokens_row t = {.kind = "email", .org_id = a->org_id, .member_id = a->member_id};
	snprintf(t.data, sizeof t.data, "%s", new_email);
	char hex[TOKENS_HEX], link[600];
	if ((s = tokens_create(&t, 86400, a->now, hex)) != ST_OK)
		return fail(s);
	snprintf(link, sizeof link, "%s/login/mail/confirm?token=%s", base, hex);
	struct outbox_note note = {.org_id = a->org_id, .member_id = a->member_id, .kind = "email",
	                           .recipient = new_email, .link = link, .actor = a->login};
	if ((s = outbox_queue_note(&note, a->now)) != ST_OK)
		return fail(s);
	char line[AL_LINE_MAX];
	al_format_admin(line, a->tz, a->now, a->login, "MAIL ADDRESS CHANGE REQUESTED");
	s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status mailstore_email_confirm(const char *token, int64_t now, char *email, size_t n)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	struct tokens_row t;
	enum store_status r = tokens_use("email", token, now, &t);
	if (r != ST_OK) {
		if (r == ST_NOT_FOUND) {
			db_rollback();
			return r;
		}
		return fail(r);
	}
	sqlite3_stmt *st = db_stmt("UPDATE member_mail SET email = pending_email, pending_email = ''"
	                           " WHERE member_id = ? AND org_id = ? AND pending_email = ? AND pending_email <> ''");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, t.member_id);
	sqlite3_bind_int64(st, 2, t.org_id);
	sqlite3_bind_text(st, 3, t.data, -1, SQLITE_STATIC);
	if ((s = db_step_done(st, "confirm email")) != ST_OK)
		return fail(s);
	if (sqlite3_changes(db_handle()) != 1) {
		db_rollback();
		return ST_NOT_FOUND;
	}
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
	al_format_admin(line, tz, now, login, "MAIL ADDRESS CONFIRMED");
	s = logbook_append(t.org_id, now, line);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		return fail(s);
	snprintf(email, n, "%s", t.data);
	return ST_OK;
}
