/* outbox: mail queued in the transaction of its cause, claimed and delivered later by tools/wb-cron with back-off; reminders, trip-data requests and the cron lock. */
#ifndef WB_OUTBOX_H
#define WB_OUTBOX_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


#define OUTBOX_GIVE_UP   86400  /* seconds after queueing a mail that keeps failing is given up */
#define OUTBOX_LEASE     300    /* a claimed mail is not claimed again for this long */
#define OUTBOX_CRON_LATE 600    /* the admin page warns when cron last ran longer ago */

/* Results (enum store_status): ST_OK; ST_NOT_FOUND (no such mail of the organisation); ST_BUSY;
 * ST_ERROR. */

/* Queues the booking mail for b's member (CREATE, CHANGE, DELETE or STORNO, done by actor at now)
 * and advances the booking's calendar SEQUENCE (booking_ics), also when no mail is sent (no
 * address, switched off, organisation without mail). When a CHANGE gave the booking to another
 * member, the previous member gets a cancellation (action REASSIGN). The caller holds the write
 * transaction of the booking change (asserted), so the mail exists exactly when the change does. */
/* The booking a mail is about, as bookstore hands it over (a copy of what the mail shows). */
struct outbox_booking {
	int64_t id, org_id, member_id, vehicle_id, start, end, created_at;
	char vehicle[128];
	char purpose[1024];
	char owner_tz[64];    /* times in the vehicle owner's zone */
};

enum store_status outbox_booking_event(const struct outbox_booking *b, const char *action, const char *actor, int64_t now);

/* The stable calendar UID of a booking, the same in mails and feeds; created_at keeps a booking
 * apart from an earlier, deleted one that had the same number. */
char *outbox_uid(char *buf, size_t n, int64_t booking_id, int64_t created_at, int64_t org_id);

/* A mail to queue that is not about a booking (password reset, address confirmation, access
 * requests). kind names the text the sender composes; link the URL it carries (cleared once sent). */
struct outbox_note {
	int64_t org_id, member_id;
	const char *kind, *recipient, *name, *link, *actor;
};

/* Queues n inside the caller's write transaction (asserted). */
enum store_status outbox_queue_note(const struct outbox_note *n, int64_t now);

/* One claimed mail with everything the sender composes it from. */
struct outbox_mail {
	int64_t id, org_id, member_id, booking_id, start, end, queued_at;
	int seq, attempts;
	char kind[16], action[16], recipient[256], name[256], actor[64];
	char vehicle[128], purpose[1024], tz[64], link[600];
	char lang[3], org_name[128], uid[96];
};

/* Claims the next mail due at now (queued, next_at <= now) in one transaction: its next attempt is
 * moved OUTBOX_LEASE ahead and attempts counted, so a concurrent sender skips it. ST_OK with *out,
 * ST_NOT_FOUND when nothing is due. */
enum store_status outbox_claim(int64_t now, struct outbox_mail *out);

/* How a delivery ended. */
enum outbox_outcome { OUTBOX_SENT, OUTBOX_RETRY, OUTBOX_REJECTED };

/* Records the delivery of mail id: SENT marks it sent (and clears its link); RETRY schedules the
 * next attempt after a back-off doubling from one minute up to an hour, or marks it failed when it
 * was queued more than OUTBOX_GIVE_UP ago; REJECTED marks it failed. answer is the relay's answer
 * (kept for the administrators), subject the composed subject. */
enum store_status outbox_record(int64_t id, enum outbox_outcome o, const char *answer, const char *subject, int64_t now);

/* The administrator's resend of a failed or sent mail of the actor's organisation: queued again
 * now, with a fresh day before it is given up, and an ADMIN line. ST_NOT_FOUND for another
 * organisation's or an unknown mail, and for mails whose one-time link was cleared once they were
 * sent or given up (reset, address and request mails: the person asks for a new link instead). */
enum store_status outbox_resend(const struct actor *a, int64_t id);

/* A row of the administrators' outbox list. */
struct outbox_row {
	int64_t id, queued_at, sent_at, next_at;
	int attempts;
	char kind[16], action[16], recipient[256], subject[512], status[8], answer[512];
};

/* The organisation's newest mails, newest first, at most limit. Cursor in the bf_* shape. */
struct outbox_list;
struct outbox_list *outbox_list_open(int64_t org_id, int limit);
bool outbox_list_row(struct outbox_list *l, struct outbox_row *out);
void outbox_list_close(struct outbox_list *l);

/* The background command's database connection (store/db.c: opened and migrated once; closed at
 * the end), so that the command needs no SQL of its own. */
enum store_status outbox_db_open(void);
void outbox_db_close(void);

/* Takes the cron lock for holder (unique per run) until now + ttl: true when no other run holds
 * an unexpired lock. outbox_cron_done releases it and records now as the last run. */
bool outbox_cron_lock(const char *holder, int64_t now, int ttl);
void outbox_cron_done(const char *holder, int64_t now);

/* When the cron command last finished a run (0: never). */
int64_t outbox_cron_last_run(void);

/* Queues the reminders due at now: active bookings starting within the organisation's lead time
 * (mail_settings.reminder_minutes, default 120, 0 off) whose member has an address and has not
 * switched reminders off. Each (booking, start) gets at most one reminder ever (mail_sent), so a
 * second or a concurrent run queues nothing twice. *queued counts the new mails. */
enum store_status outbox_queue_reminders(int64_t now, int *queued);

/* Queues the trip-data requests: active bookings that ended within the last 3 days on a vehicle
 * whose tariff charges per km, without odometer readings yet; once per booking. */
enum store_status outbox_queue_trip_requests(int64_t now, int *queued);

#endif
