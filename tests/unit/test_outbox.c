/* test_outbox: unit tests for the outbox (store/outbox) on a real SQLite database: queueing in the caller's transaction, SEQUENCE, claim leases, back-off, giving up, resend, reminders once, the cron lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testdb.h"
#include "store/outbox.h"

#define NOW 1800000000

static const char FIXTURE[] =
    "INSERT INTO org (id, name) VALUES (1, 'Org A'), (2, 'Org B');"
    "INSERT INTO member (id, org_id, login) VALUES (1, 1, 'ADMIN'), (2, 1, 'NEUMANN'), (3, 1, 'MEIER'), (4, 2, 'B');"
    "INSERT INTO area (id, org_id, name) VALUES (1, 1, 'A');"
    "INSERT INTO vehicle (id, org_id, area_id, name) VALUES (1, 1, 1, 'VW Golf');"
    "INSERT INTO mail_settings (org_id, sender, transport, smtp_host) VALUES (1, 's@example.org', 'smtp', 'localhost');"
    "INSERT INTO member_mail (member_id, org_id, email) VALUES (2, 1, 'nina@example.org'), (3, 1, 'm@example.org');";

static int setup(void **state)
{
	return testdb_open("outbox", FIXTURE);
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static int count(const char *sql)
{
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_prepare_v2(db_handle(), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void exec(const char *sql)
{
	assert_int_equal(sqlite3_exec(db_handle(), sql, NULL, NULL, NULL), SQLITE_OK);
}

static struct outbox_booking row(int64_t id, int64_t member, int64_t start)
{
	struct outbox_booking b;
	memset(&b, 0, sizeof b);
	b.id = id;
	b.org_id = 1;
	b.member_id = member;
	b.vehicle_id = 1;
	b.start = start;
	b.end = start + 3600;
	b.created_at = NOW - 100;
	snprintf(b.vehicle, sizeof b.vehicle, "VW Golf");
	snprintf(b.owner_tz, sizeof b.owner_tz, "Europe/Berlin");
	return b;
}

static void queue_sequence_and_reassign(void **state)
{
	struct outbox_booking b = row(10, 2, NOW + 86400);
	assert_int_equal(db_begin(), ST_OK);
	assert_int_equal(outbox_booking_event(&b, "CREATE", "ADMIN", NOW), ST_OK);
	db_rollback();
	assert_int_equal(count("SELECT count(*) FROM outbox"), 0); /* nothing outlives its transaction */

	assert_int_equal(db_begin(), ST_OK);
	assert_int_equal(outbox_booking_event(&b, "CREATE", "ADMIN", NOW), ST_OK);
	assert_int_equal(db_commit(), ST_OK);
	b.member_id = 3; /* given to MEIER */
	assert_int_equal(db_begin(), ST_OK);
	assert_int_equal(outbox_booking_event(&b, "CHANGE", "ADMIN", NOW + 1), ST_OK);
	assert_int_equal(outbox_booking_event(&b, "DELETE", "ADMIN", NOW + 2), ST_OK);
	assert_int_equal(db_commit(), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE recipient = 'nina@example.org'"), 2);
	assert_int_equal(count("SELECT seq FROM outbox WHERE action = 'REASSIGN' AND recipient = 'nina@example.org'"), 1);
	assert_int_equal(count("SELECT seq FROM outbox WHERE action = 'DELETE' AND recipient = 'm@example.org'"), 2);
	assert_int_equal(count("SELECT count(*) FROM booking_ics WHERE booking_id = 10 AND cancelled_at IS NOT NULL"), 1);
	assert_int_equal(count("SELECT count(DISTINCT uid) FROM outbox WHERE booking_id = 10"), 1);
	/* a booking with the same number created anew starts at SEQUENCE 0 again, with another UID */
	b.created_at = NOW + 50;
	assert_int_equal(db_begin(), ST_OK);
	assert_int_equal(outbox_booking_event(&b, "CREATE", "ADMIN", NOW + 50), ST_OK);
	assert_int_equal(db_commit(), ST_OK);
	assert_int_equal(count("SELECT seq FROM booking_ics WHERE booking_id = 10"), 0);
	assert_int_equal(count("SELECT count(DISTINCT uid) FROM outbox WHERE booking_id = 10"), 2);
	/* no address, or switched off: the SEQUENCE still rises, no mail */
	exec("UPDATE member_mail SET off_booking = 1 WHERE member_id = 3");
	int before = count("SELECT count(*) FROM outbox");
	assert_int_equal(db_begin(), ST_OK);
	assert_int_equal(outbox_booking_event(&b, "CHANGE", "ADMIN", NOW + 60), ST_OK);
	assert_int_equal(db_commit(), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM outbox"), before);
	assert_int_equal(count("SELECT seq FROM booking_ics WHERE booking_id = 10"), 1);
	exec("UPDATE member_mail SET off_booking = 0 WHERE member_id = 3");
	exec("DELETE FROM outbox");
}

static void claim_backoff_give_up_resend(void **state)
{
	struct outbox_booking b = row(20, 2, NOW + 86400);
	assert_int_equal(db_begin(), ST_OK);
	assert_int_equal(outbox_booking_event(&b, "CREATE", "ADMIN", NOW), ST_OK);
	assert_int_equal(db_commit(), ST_OK);
	struct outbox_mail m;
	assert_int_equal(outbox_claim(NOW - 1, &m), ST_NOT_FOUND); /* not yet due */
	assert_int_equal(outbox_claim(NOW, &m), ST_OK);
	assert_string_equal(m.recipient, "nina@example.org");
	assert_string_equal(m.action, "CREATE");
	assert_string_equal(m.org_name, "Org A");
	assert_int_equal(m.attempts, 1);
	int64_t id = m.id;
	assert_int_equal(outbox_claim(NOW, &m), ST_NOT_FOUND); /* leased */
	assert_int_equal(outbox_record(id, OUTBOX_RETRY, "421 try later", "S", NOW), ST_OK);
	assert_int_equal(count("SELECT next_at - 1800000000 FROM outbox"), 60);
	assert_int_equal(outbox_claim(NOW + 60, &m), ST_OK);
	assert_int_equal(outbox_record(id, OUTBOX_RETRY, "421 try later", "S", NOW + 60), ST_OK);
	assert_int_equal(count("SELECT next_at - 1800000060 FROM outbox"), 120); /* doubled */
	exec("UPDATE outbox SET attempts = 20");
	assert_int_equal(outbox_record(id, OUTBOX_RETRY, "421", "S", NOW + 100), ST_OK);
	assert_int_equal(count("SELECT next_at - 1800000100 FROM outbox"), 3600); /* at most an hour */
	assert_int_equal(outbox_record(id, OUTBOX_RETRY, "421 still", "S", NOW + 86401), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE status = 'failed' AND answer = '421 still'"), 1);
	/* resend by an administrator of the organisation only */
	struct actor other = {.member_id = 4, .org_id = 2, .login = "B", .is_admin = true, .tz = "Europe/Berlin", .now = NOW};
	assert_int_equal(outbox_resend(&other, id), ST_NOT_FOUND);
	struct actor a = {.member_id = 1, .org_id = 1, .login = "ADMIN", .is_admin = true, .tz = "Europe/Berlin", .now = NOW + 90000};
	assert_int_equal(outbox_resend(&a, id), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts = 0"), 1);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%ADMIN MAIL RESEND%'"), 1);
	assert_int_equal(outbox_resend(&a, id), ST_NOT_FOUND); /* already queued */
	assert_int_equal(outbox_claim(NOW + 90000, &m), ST_OK);
	assert_int_equal(outbox_record(id, OUTBOX_SENT, "250 ok", "S", NOW + 90000), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE status = 'sent' AND sent_at IS NOT NULL"), 1);
	/* a permanent refusal is given up at once */
	assert_int_equal(db_begin(), ST_OK);
	struct outbox_note n = {.org_id = 1, .member_id = 2, .kind = "reset", .recipient = "nina@example.org", .link = "https://x/y"};
	assert_int_equal(outbox_queue_note(&n, NOW + 90001), ST_OK);
	assert_int_equal(db_commit(), ST_OK);
	assert_int_equal(outbox_claim(NOW + 90001, &m), ST_OK);
	assert_string_equal(m.link, "https://x/y");
	assert_int_equal(outbox_record(m.id, OUTBOX_REJECTED, "550 no such user", "S", NOW + 90001), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM outbox WHERE kind = 'reset' AND status = 'failed' AND link = ''"), 1);
	assert_int_equal(outbox_resend(&a, m.id), ST_NOT_FOUND); /* its link is gone: no resend */
	exec("DELETE FROM outbox");
}

static void reminders_once(void **state)
{
	exec("INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, created_by, created_at, changed_at)"
	     " VALUES (30, 1, 1, 2, 1800001800, 1800005400, 1, 1799990000, 1799990000),"
	     "        (31, 1, 1, 2, 1800009000, 1800012600, 1, 1799990000, 1799990000),"
	     "        (32, 1, 1, 4, 1800003600, 1800004000, 4, 1799990000, 1799990000)");
	int n = -1;
	assert_int_equal(outbox_queue_reminders(NOW, &n), ST_OK);
	assert_int_equal(n, 1); /* 30 starts in 30 minutes; 31 in 2.5 h is too far; 32 has no address */
	assert_int_equal(outbox_queue_reminders(NOW + 60, &n), ST_OK);
	assert_int_equal(n, 0);
	/* moved to another start: a new reminder is due */
	exec("UPDATE booking SET start = 1800002700 WHERE id = 30");
	assert_int_equal(outbox_queue_reminders(NOW + 120, &n), ST_OK);
	assert_int_equal(n, 1);
	/* the organisation's lead time decides */
	exec("UPDATE mail_settings SET reminder_minutes = 180");
	assert_int_equal(outbox_queue_reminders(NOW + 120, &n), ST_OK);
	assert_int_equal(n, 1);
	exec("UPDATE mail_settings SET reminder_minutes = 120");
	/* off per member */
	exec("DELETE FROM mail_sent; UPDATE member_mail SET off_reminder = 1 WHERE member_id = 2");
	assert_int_equal(outbox_queue_reminders(NOW + 120, &n), ST_OK);
	assert_int_equal(n, 0);
	exec("UPDATE member_mail SET off_reminder = 0; DELETE FROM booking; DELETE FROM outbox; DELETE FROM mail_sent");
}

static void trip_requests(void **state)
{
	exec("INSERT INTO tariff (id, org_id, name, per_km) VALUES (1, 1, 'km', 30);"
	     "INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, created_by, created_at, changed_at)"
	     " VALUES (40, 1, 1, 2, 1799990000, 1799999000, 1, 1799980000, 1799980000)");
	int n = -1;
	assert_int_equal(outbox_queue_trip_requests(NOW, &n), ST_OK);
	assert_int_equal(n, 0); /* the vehicle has no km tariff */
	exec("UPDATE vehicle SET tariff_id = 1");
	assert_int_equal(outbox_queue_trip_requests(NOW, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(outbox_queue_trip_requests(NOW + 60, &n), ST_OK);
	assert_int_equal(n, 0);
	exec("DELETE FROM booking; DELETE FROM outbox; DELETE FROM mail_sent; UPDATE vehicle SET tariff_id = NULL");
}

static void cron_lock(void **state)
{
	assert_true(outbox_cron_lock("A", NOW, 300));
	assert_false(outbox_cron_lock("B", NOW + 10, 300));
	outbox_cron_done("B", NOW + 20); /* not B's lock: nothing changes */
	assert_false(outbox_cron_lock("B", NOW + 30, 300));
	outbox_cron_done("A", NOW + 40);
	assert_int_equal(outbox_cron_last_run(), NOW + 40);
	assert_true(outbox_cron_lock("B", NOW + 50, 300));
	/* a crashed holder's lock expires */
	assert_true(outbox_cron_lock("C", NOW + 400, 300));
	outbox_cron_done("C", NOW + 401);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(queue_sequence_and_reassign),
		cmocka_unit_test(claim_backoff_give_up_resend),
		cmocka_unit_test(reminders_once),
		cmocka_unit_test(trip_requests),
		cmocka_unit_test(cron_lock),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
