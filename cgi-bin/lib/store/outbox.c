/* outbox: mail queued in the transaction of its cause, claimed and delivered later by tools/wb-cron with back-off; reminders, trip-data requests and the cron lock. */
#include "store/outbox.h"

#include <assert.h>
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

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* The address of member_id when the organisation sends mail and the member has not switched
 * `off_col` off (off_col 0: account mail, never off). *addr "" when there is none. */
static enum store_status recipient_of(int64_t member_id, int which, char *addr, size_t n)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT mm.email, mm.off_booking, mm.off_reminder, mm.off_trip FROM member_mail mm"
	    " JOIN mail_settings ms ON ms.org_id = mm.org_id AND ms.transport <> 'none'"
	    " JOIN member m ON m.id = mm.member_id AND m.locked = 0"
	    " WHERE mm.member_id = ?");
	addr[0] = '\0';
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (which == 0 || sqlite3_column_int(st, which) == 0))
		copy(addr, n, db_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "recipient");
}

char *outbox_uid(char *buf, size_t n, int64_t booking_id, int64_t created_at, int64_t org_id)
{
	snprintf(buf, n, "wagenbuch-booking-%lld-%lld@%lld.wagenbuch", (long long)booking_id, (long long)created_at,
	         (long long)org_id);
	return buf;
}

/* Inserts one booking mail. */
static enum store_status queue_booking(const struct outbox_booking *b, int64_t member_id, const char *kind,
                                       const char *action, const char *actor, const char *addr, int seq,
                                       const char *tz, int64_t now)
{
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO outbox (org_id, member_id, kind, action, recipient, actor, booking_id, vehicle, start, end,"
	    " purpose, tz, seq, queued_at, next_at, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, b->org_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, addr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, actor ? actor : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, b->id);
	sqlite3_bind_text(st, 8, b->vehicle, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, b->start);
	sqlite3_bind_int64(st, 10, b->end);
	sqlite3_bind_text(st, 11, b->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, tz, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, seq);
	sqlite3_bind_int64(st, 14, now);
	sqlite3_bind_int64(st, 15, now);
	char uid[96];
	outbox_uid(uid, sizeof uid, b->id, b->created_at, b->org_id);
	sqlite3_bind_text(st, 16, uid, -1, SQLITE_TRANSIENT);
	return db_step_done(st, "outbox insert");
}

enum store_status outbox_booking_event(const struct outbox_booking *b, const char *action, const char *actor, int64_t now)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	assert(b && action && b->id > 0);
	bool cancel = strcmp(action, "DELETE") == 0 || strcmp(action, "STORNO") == 0;
	sqlite3_stmt *st = db_stmt("SELECT seq, member_id FROM booking_ics WHERE booking_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, b->id);
	int rc = sqlite3_step(st);
	int seq = 0;
	int64_t old_member = 0;
	if (strcmp(action, "CREATE") == 0) {
		seq = 0; /* a new booking (its number may be a deleted one's: the UID tells them apart) */
	} else if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int(st, 0) + 1;
		old_member = sqlite3_column_int64(st, 1);
	} else {
		seq = 1; /* a booking made before mail existed: its first calendar version was 0 */
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_result(rc, "booking_ics read");
	st = db_stmt(
	    "INSERT INTO booking_ics (booking_id, org_id, member_id, vehicle_id, vehicle, start, end, purpose, seq,"
	    " changed_at, cancelled_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
	    " ON CONFLICT (booking_id) DO UPDATE SET member_id = ?3, vehicle_id = ?4, vehicle = ?5, start = ?6,"
	    " end = ?7, purpose = ?8, seq = ?9, changed_at = ?10, cancelled_at = ?11, created_at = ?12");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, b->id);
	sqlite3_bind_int64(st, 2, b->org_id);
	sqlite3_bind_int64(st, 3, b->member_id);
	sqlite3_bind_int64(st, 4, b->vehicle_id);
	sqlite3_bind_text(st, 5, b->vehicle, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, b->start);
	sqlite3_bind_int64(st, 7, b->end);
	sqlite3_bind_text(st, 8, b->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, seq);
	sqlite3_bind_int64(st, 10, now);
	if (cancel)
		sqlite3_bind_int64(st, 11, now);
	else
		sqlite3_bind_null(st, 11);
	sqlite3_bind_int64(st, 12, b->created_at);
	int s = db_step_done(st, "booking_ics write");
	if (s != ST_OK)
		return s;
	const char *tz = b->owner_tz[0] ? b->owner_tz : "Europe/Berlin";
	char addr[256];
	if (old_member && old_member != b->member_id) {
		s = recipient_of(old_member, 1, addr, sizeof addr);
		if (s == ST_OK && addr[0])
			s = queue_booking(b, old_member, "booking", "REASSIGN", actor, addr, seq, tz, now);
		if (s != ST_OK)
			return s;
	}
	s = recipient_of(b->member_id, 1, addr, sizeof addr);
	if (s == ST_OK && addr[0])
		s = queue_booking(b, b->member_id, "booking", action, actor, addr, seq, tz, now);
	return s;
}

enum store_status outbox_queue_note(const struct outbox_note *n, int64_t now)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	assert(n && n->kind && n->recipient && n->recipient[0]);
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO outbox (org_id, member_id, kind, recipient, name, link, actor, queued_at, next_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, n->org_id);
	if (n->member_id)
		sqlite3_bind_int64(st, 2, n->member_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, n->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, n->recipient, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, n->name ? n->name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, n->link ? n->link : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, n->actor ? n->actor : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, now);
	sqlite3_bind_int64(st, 9, now);
	return db_step_done(st, "outbox note");
}

enum store_status outbox_claim(int64_t now, struct outbox_mail *out)
{
	memset(out, 0, sizeof *out);
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	sqlite3_stmt *st = db_stmt(
	    "SELECT o.id, o.org_id, coalesce(o.member_id, 0), coalesce(o.booking_id, 0), o.start, o.end, o.queued_at,"
	    " o.seq, o.attempts, o.kind, o.action, o.recipient, o.name, o.actor, o.vehicle, o.purpose, o.tz, o.link,"
	    " g.lang, g.name, o.uid FROM outbox o JOIN org g ON g.id = o.org_id"
	    " WHERE o.status = 'queued' AND o.next_at <= ? ORDER BY o.next_at, o.id LIMIT 1");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->org_id = sqlite3_column_int64(st, 1);
		out->member_id = sqlite3_column_int64(st, 2);
		out->booking_id = sqlite3_column_int64(st, 3);
		out->start = sqlite3_column_int64(st, 4);
		out->end = sqlite3_column_int64(st, 5);
		out->queued_at = sqlite3_column_int64(st, 6);
		out->seq = sqlite3_column_int(st, 7);
		out->attempts = sqlite3_column_int(st, 8) + 1;
		copy(out->kind, sizeof out->kind, db_text(st, 9));
		copy(out->action, sizeof out->action, db_text(st, 10));
		copy(out->recipient, sizeof out->recipient, db_text(st, 11));
		copy(out->name, sizeof out->name, db_text(st, 12));
		copy(out->actor, sizeof out->actor, db_text(st, 13));
		copy(out->vehicle, sizeof out->vehicle, db_text(st, 14));
		copy(out->purpose, sizeof out->purpose, db_text(st, 15));
		copy(out->tz, sizeof out->tz, db_text(st, 16));
		copy(out->link, sizeof out->link, db_text(st, 17));
		copy(out->lang, sizeof out->lang, db_text(st, 18));
		copy(out->org_name, sizeof out->org_name, db_text(st, 19));
		copy(out->uid, sizeof out->uid, db_text(st, 20));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		db_rollback();
		return ST_NOT_FOUND;
	}
	if (rc != SQLITE_ROW)
		return fail(db_result(rc, "outbox claim"));
	st = db_stmt("UPDATE outbox SET next_at = ?, attempts = attempts + 1 WHERE id = ?");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, now + OUTBOX_LEASE);
	sqlite3_bind_int64(st, 2, out->id);
	s = db_step_done(st, "outbox lease");
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status outbox_record(int64_t id, enum outbox_outcome o, const char *answer, const char *subject, int64_t now)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	sqlite3_stmt *st;
	if (o == OUTBOX_SENT) {
		st = db_stmt("UPDATE outbox SET status = 'sent', sent_at = ?1, answer = ?2, subject = ?3, link = ''"
		             " WHERE id = ?4");
	} else if (o == OUTBOX_REJECTED) {
		st = db_stmt("UPDATE outbox SET status = 'failed', answer = ?2, subject = ?3, link = '' WHERE id = ?4"
		             " AND ?1 IS NOT NULL");
	} else {
		/* back-off: 60 s doubling per attempt, at most an hour; after a day it is given up */
		st = db_stmt(
		    "UPDATE outbox SET answer = ?2, subject = ?3,"
		    " status = CASE WHEN ?1 - queued_at > 86400 THEN 'failed' ELSE 'queued' END,"
		    " link = CASE WHEN ?1 - queued_at > 86400 THEN '' ELSE link END,"
		    " next_at = ?1 + min(3600, 60 << min(attempts - 1, 6)) WHERE id = ?4");
	}
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, answer ? answer : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, subject ? subject : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	s = db_step_done(st, "outbox record");
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status outbox_resend(const struct actor *a, int64_t id)
{
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	sqlite3_stmt *st = db_stmt(
	    "UPDATE outbox SET status = 'queued', attempts = 0, queued_at = ?1, next_at = ?1, answer = ''"
	    " WHERE id = ?2 AND org_id = ?3 AND status IN ('failed', 'sent')"
	    " AND kind IN ('booking', 'reminder', 'trip', 'req_no')");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, a->now);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, a->org_id);
	s = db_step_done(st, "outbox resend");
	if (s != ST_OK)
		return fail(s);
	if (sqlite3_changes(db_handle()) == 0) {
		db_rollback();
		return ST_NOT_FOUND;
	}
	char text[64], line[AL_LINE_MAX];
	snprintf(text, sizeof text, "MAIL RESEND %lld", (long long)id);
	al_format_admin(line, a->tz, a->now, a->login, text);
	s = logbook_append(a->org_id, a->now, line);
	if (s == ST_OK)
		s = db_commit();
	return s == ST_OK ? ST_OK : fail(s);
}

struct outbox_list {
	sqlite3_stmt *st;
};

struct outbox_list *outbox_list_open(int64_t org_id, int limit)
{
	struct outbox_list *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->st = db_stmt(
	    "SELECT id, queued_at, coalesce(sent_at, 0), next_at, attempts, kind, action, recipient, subject, status,"
	    " answer FROM outbox WHERE org_id = ? ORDER BY id DESC LIMIT ?");
	if (!l->st) {
		free(l);
		return NULL;
	}
	sqlite3_bind_int64(l->st, 1, org_id);
	sqlite3_bind_int(l->st, 2, limit);
	return l;
}

bool outbox_list_row(struct outbox_list *l, struct outbox_row *r)
{
	if (!l || sqlite3_step(l->st) != SQLITE_ROW)
		return false;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(l->st, 0);
	r->queued_at = sqlite3_column_int64(l->st, 1);
	r->sent_at = sqlite3_column_int64(l->st, 2);
	r->next_at = sqlite3_column_int64(l->st, 3);
	r->attempts = sqlite3_column_int(l->st, 4);
	copy(r->kind, sizeof r->kind, db_text(l->st, 5));
	copy(r->action, sizeof r->action, db_text(l->st, 6));
	copy(r->recipient, sizeof r->recipient, db_text(l->st, 7));
	copy(r->subject, sizeof r->subject, db_text(l->st, 8));
	copy(r->status, sizeof r->status, db_text(l->st, 9));
	copy(r->answer, sizeof r->answer, db_text(l->st, 10));
	return true;
}

void outbox_list_close(struct outbox_list *l)
{
	if (!l)
		return;
	sqlite3_reset(l->st);
	free(l);
}

enum store_status outbox_db_open(void)
{
	return db_open();
}

void outbox_db_close(void)
{
	db_close();
}

bool outbox_cron_lock(const char *holder, int64_t now, int ttl)
{
	if (db_begin() != ST_OK)
		return false;
	sqlite3_stmt *st = db_stmt("UPDATE cron_state SET holder = ?, locked_until = ? WHERE id = 1 AND locked_until < ?");
	if (!st) {
		db_rollback();
		return false;
	}
	sqlite3_bind_text(st, 1, holder, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now + ttl);
	sqlite3_bind_int64(st, 3, now);
	if (db_step_done(st, "cron lock") != ST_OK) {
		db_rollback();
		return false;
	}
	bool got = sqlite3_changes(db_handle()) == 1;
	if (db_commit() != ST_OK)
		return false;
	return got;
}

void outbox_cron_done(const char *holder, int64_t now)
{
	if (db_begin() != ST_OK)
		return;
	sqlite3_stmt *st = db_stmt("UPDATE cron_state SET locked_until = 0, last_run = ? WHERE id = 1 AND holder = ?");
	if (!st) {
		db_rollback();
		return;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, holder, -1, SQLITE_STATIC);
	if (db_step_done(st, "cron done") != ST_OK || db_commit() != ST_OK)
		db_rollback();
}

int64_t outbox_cron_last_run(void)
{
	sqlite3_stmt *st = db_stmt("SELECT last_run FROM cron_state WHERE id = 1");
	int64_t t = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return t;
}

/* Queues the mails of kind for every booking the candidate statement yields (columns: booking id,
 * org, member, vehicle name, start, end, purpose, tz, address, now, created_at), each guarded by mail_sent. */
static enum store_status queue_due(sqlite3_stmt *cand, const char *kind, int *queued)
{
	sqlite3_stmt *mark = db_stmt("INSERT OR IGNORE INTO mail_sent (booking_id, kind, start) VALUES (?, ?, ?)");
	if (!mark)
		return ST_ERROR;
	int rc;
	enum store_status s = ST_OK;
	int64_t now = 0;
	while (s == ST_OK && (rc = sqlite3_step(cand)) == SQLITE_ROW) {
		struct outbox_booking b;
		memset(&b, 0, sizeof b);
		b.id = sqlite3_column_int64(cand, 0);
		b.org_id = sqlite3_column_int64(cand, 1);
		b.member_id = sqlite3_column_int64(cand, 2);
		copy(b.vehicle, sizeof b.vehicle, db_text(cand, 3));
		b.start = sqlite3_column_int64(cand, 4);
		b.end = sqlite3_column_int64(cand, 5);
		copy(b.purpose, sizeof b.purpose, db_text(cand, 6));
		copy(b.owner_tz, sizeof b.owner_tz, db_text(cand, 7));
		char addr[256];
		copy(addr, sizeof addr, db_text(cand, 8));
		now = sqlite3_column_int64(cand, 9);
		b.created_at = sqlite3_column_int64(cand, 10);
		sqlite3_bind_int64(mark, 1, b.id);
		sqlite3_bind_text(mark, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(mark, 3, b.start);
		s = db_step_done(mark, "mail_sent");
		if (s == ST_OK && sqlite3_changes(db_handle()) == 1) {
			s = queue_booking(&b, b.member_id, kind, "", "", addr, 0, b.owner_tz, now);
			if (s == ST_OK)
				(*queued)++;
		}
	}
	sqlite3_reset(cand);
	if (s == ST_OK && rc != SQLITE_DONE)
		s = db_result(rc, "due mails");
	return s;
}

enum store_status outbox_queue_reminders(int64_t now, int *queued)
{
	*queued = 0;
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, b.org_id, b.member_id, coalesce(sub.local_name, v.name), b.start, b.end, b.purpose, vo.tz,"
	    " mm.email, ?1, b.created_at FROM mail_settings ms"
	    " JOIN booking b ON b.org_id = ms.org_id AND b.status = 'active'"
	    "  AND b.start > ?1 AND b.start <= ?1 + ms.reminder_minutes * 60"
	    " JOIN member_mail mm ON mm.member_id = b.member_id AND mm.email <> '' AND mm.off_reminder = 0"
	    " JOIN member m ON m.id = b.member_id AND m.locked = 0"
	    " JOIN vehicle v ON v.id = b.vehicle_id JOIN org vo ON vo.id = v.org_id"
	    " LEFT JOIN subscription sub ON sub.org_id = b.org_id AND sub.vehicle_id = b.vehicle_id"
	    "  AND sub.cancelled_at IS NULL AND v.org_id <> b.org_id"
	    " WHERE ms.transport <> 'none' AND ms.reminder_minutes > 0"
	    "  AND NOT EXISTS (SELECT 1 FROM mail_sent x WHERE x.booking_id = b.id AND x.kind = 'reminder'"
	    "  AND x.start = b.start)");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, now);
	s = queue_due(st, "reminder", queued);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		*queued = 0;
	return s == ST_OK ? ST_OK : fail(s);
}

enum store_status outbox_queue_trip_requests(int64_t now, int *queued)
{
	*queued = 0;
	int s = db_begin();
	if (s != ST_OK)
		return fail(s);
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, b.org_id, b.member_id, coalesce(sub.local_name, v.name), b.start, b.end, b.purpose, vo.tz,"
	    " mm.email, ?1, b.created_at FROM mail_settings ms"
	    " JOIN booking b ON b.org_id = ms.org_id AND b.status = 'active'"
	    "  AND b.end <= ?1 AND b.end > ?1 - 3 * 86400"
	    " JOIN member_mail mm ON mm.member_id = b.member_id AND mm.email <> '' AND mm.off_trip = 0"
	    " JOIN member m ON m.id = b.member_id AND m.locked = 0"
	    " JOIN vehicle v ON v.id = b.vehicle_id JOIN org vo ON vo.id = v.org_id"
	    " JOIN tariff t ON t.id = v.tariff_id AND t.per_km > 0"
	    " LEFT JOIN subscription sub ON sub.org_id = b.org_id AND sub.vehicle_id = b.vehicle_id"
	    "  AND sub.cancelled_at IS NULL AND v.org_id <> b.org_id"
	    " WHERE ms.transport <> 'none' AND NOT EXISTS (SELECT 1 FROM trip tr WHERE tr.booking_id = b.id)"
	    "  AND NOT EXISTS (SELECT 1 FROM mail_sent x WHERE x.booking_id = b.id AND x.kind = 'trip')");
	if (!st)
		return fail(ST_ERROR);
	sqlite3_bind_int64(st, 1, now);
	s = queue_due(st, "trip", queued);
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		*queued = 0;
	return s == ST_OK ? ST_OK : fail(s);
}
