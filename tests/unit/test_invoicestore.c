/* test_invoicestore: unit tests of the invoice store against a real temporary SQLite file — issuing per member number, refusals with nothing written, cancellation invoices, correction lines, immutability, and gap-free numbering under two concurrently issuing processes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/timeutil.h"
#include "store/billing.h"
#include "store/db.h"
#include "store/invoicestore.h"
#include "testdb.h"

#define H 3600LL
#define TZ "Europe/Berlin"

/* Org 1: members 2 NEUMANN and 3 NINA share member number 1002; 4 OHNE has none; 5 MEIER 1003.
 * Tariff Basis 4.00/h, no cap, no km. Org 2 with its own member and vehicle. */
static const char fixture[] =
    "INSERT INTO org (id, name, storno_share_pct) VALUES (1, 'Demo', 50), (2, 'Other', 100);"
    "INSERT INTO member (id, org_id, login, descr, member_no, is_admin) VALUES (1, 1, 'ADMIN', 'Anna Admin', '1000', 1),"
    " (2, 1, 'NEUMANN', 'Nina Neumann, 0171', '1002', 0), (3, 1, 'NINA', 'Nina Neumann', '1002', 0),"
    " (4, 1, 'OHNE', 'Otto Ohne', '', 0), (5, 1, 'MEIER', 'Michael Meier', '1003', 0), (10, 2, 'BERGER', '', '2001', 0);"
    "INSERT INTO area (id, org_id, name) VALUES (1, 1, 'Mitte'), (2, 2, 'Bahnhof');"
    "INSERT INTO tariff (id, org_id, name, per_hour, max_24h, per_km) VALUES (1, 1, 'Basis', 400, NULL, 0),"
    " (3, 2, 'Basis', 400, NULL, 0);"
    "INSERT INTO vehicle (id, org_id, area_id, name, tariff_id) VALUES (1, 1, 1, 'VW Golf', 1), (4, 2, 2, 'Fremd', 3);";

static const char settings_sql[] =
    "INSERT INTO inv_settings (org_id, address, iban, vat_mode, vat_rate) VALUES"
    " (1, 'Demo e.V.\nHauptstr. 1\n12345 Stadt', 'DE02120300000000202051', 'net', 1900);";

static struct actor admin(void)
{
	/* 15.01.2026 12:00 UTC: invoices of 2025 periods are dated 2026. */
	return (struct actor){.org_id = 1, .member_id = 1, .login = "ADMIN", .is_admin = true, .tz = TZ, .now = 1768478400};
}

static void exec(const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db_handle(), sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, err);
		sqlite3_free(err);
		fail();
	}
}

static int64_t count(const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A booking of member m in org 1 on local day d of month mon 2025, from 10:00 for hours h. */
static int64_t booking(int m, int mon, int d, int h)
{
	int64_t s = tu_day_start(TZ, 2025, mon, d) + 10 * H;
	char q[512];
	snprintf(q, sizeof q,
	         "INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, created_by, created_at, changed_at)"
	         " VALUES (1, 1, %d, %lld, %lld, 'Zweck', %d, %lld, %lld)",
	         m, (long long)s, (long long)(s + h * H), m, (long long)(s - 86400), (long long)(s - 86400));
	exec(q);
	return sqlite3_last_insert_rowid(db_handle());
}

static struct invst_period month(int mon)
{
	struct invst_period p;
	p.t0 = tu_day_start(TZ, 2025, mon, 1);
	p.t1 = mon == 12 ? tu_day_start(TZ, 2026, 1, 1) : tu_day_start(TZ, 2025, mon + 1, 1);
	snprintf(p.name, sizeof p.name, "2025-%02d", mon);
	return p;
}

static int setup(void **state)
{
	return testdb_open("invoicestore", fixture);
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static void issue_one_invoice_per_member_number(void **state)
{
	exec(settings_sql);
	booking(2, 3, 3, 2);  /* NEUMANN 8.00 */
	booking(3, 3, 10, 3); /* NINA, same member number: 12.00 */
	booking(5, 3, 12, 1); /* MEIER 4.00 */
	booking(5, 4, 2, 1);  /* April: not in March */
	struct actor a = admin();
	struct invst_period p = month(3);
	struct invst_preview pv;
	assert_int_equal(invst_preview(&a, &p, &pv), ST_OK);
	assert_int_equal(pv.n, 2);
	assert_string_equal(pv.m[0].member_no, "1002");
	assert_int_equal(pv.m[0].bookings, 2);
	assert_int_equal(pv.m[0].amount, 2000);
	assert_int_equal(pv.m[0].minutes, 300);
	assert_true(pv.m[0].no_address);
	assert_non_null(strstr(pv.m[0].logins, "NINA"));
	assert_int_equal(pv.total, 2400);
	assert_int_equal(pv.missing, 0);
	invst_preview_free(&pv);

	int64_t run;
	int n;
	unsigned miss;
	assert_int_equal(invst_issue(&a, &p, &run, &n, &miss), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(count("SELECT count(*) FROM invoice"), 2);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE number = '2026-0001' AND member_no = '1002'"
	                       " AND net = 2000 AND vat = 380 AND gross = 2380 AND due_date = '2026-01-29'"),
	                 1);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE number = '2026-0002' AND member_no = '1003'"), 1);
	assert_int_equal(count("SELECT count(*) FROM invoice_line"), 3);
	assert_int_equal(count("SELECT count(*) FROM inv_mark"), 3);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%ADMIN: ADMIN Rechnungslauf%2 Rechnungen 2026-0001 bis 2026-0002%'"), 1);

	/* The same period again: refused, nothing written; the records are not invoiced twice. */
	assert_int_equal(invst_issue(&a, &p, &run, &n, &miss), ST_CONFLICT);
	assert_int_equal(count("SELECT count(*) FROM invoice"), 2);
	assert_int_equal(count("SELECT last FROM inv_seq"), 2);

	/* Issued invoices are immutable. */
	assert_int_not_equal(sqlite3_exec(db_handle(), "UPDATE invoice SET gross = 0", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db_handle(), "DELETE FROM invoice_line", NULL, NULL, NULL), SQLITE_OK);

	/* Members see their own invoice, not another member's; other organisations see none. */
	struct invst_invoice inv;
	struct actor nina = {.org_id = 1, .member_id = 3, .login = "NINA", .tz = TZ, .now = a.now};
	int64_t id1 = count("SELECT id FROM invoice WHERE number = '2026-0001'");
	int64_t id2 = count("SELECT id FROM invoice WHERE number = '2026-0002'");
	assert_int_equal(invst_invoice_load(&nina, id1, &inv), ST_OK);
	assert_int_equal(inv.nlines, 2);
	assert_string_equal(inv.name, "Nina Neumann");
	invst_invoice_free(&inv);
	assert_int_equal(invst_invoice_load(&nina, id2, &inv), ST_FORBIDDEN);
	struct actor other = {.org_id = 2, .member_id = 10, .login = "BERGER", .is_admin = true, .tz = TZ, .now = a.now};
	assert_int_equal(invst_invoice_load(&other, id1, &inv), ST_NOT_FOUND);
}

static void refusals_write_nothing(void **state)
{
	struct actor a = admin();
	int64_t run;
	int n;
	unsigned miss;
	booking(2, 5, 5, 2);
	struct invst_period p = month(5);
	assert_int_equal(invst_issue(&a, &p, &run, &n, &miss), ST_INCOMPLETE);
	assert_int_equal(miss, INVST_MISS_ADDRESS | INVST_MISS_IBAN);
	exec(settings_sql);
	exec("UPDATE inv_settings SET number_format = '{YYYY}'");
	assert_int_equal(invst_issue(&a, &p, &run, &n, &miss), ST_INCOMPLETE);
	assert_int_equal(miss, INVST_MISS_FORMAT);
	exec("UPDATE inv_settings SET number_format = 'RE-{YY}-{NNN}'");
	struct invst_period empty = month(6);
	assert_int_equal(invst_issue(&a, &empty, &run, &n, &miss), ST_NOT_FOUND);
	booking(4, 5, 6, 1); /* OHNE has no member number */
	assert_int_equal(invst_issue(&a, &p, &run, &n, &miss), ST_BAD_MEMBER);
	assert_int_equal(count("SELECT count(*) FROM invoice"), 0);
	assert_int_equal(count("SELECT count(*) FROM inv_run"), 0);
	assert_int_equal(count("SELECT count(*) FROM inv_seq"), 0);
	assert_int_equal(count("SELECT count(*) FROM inv_mark"), 0);
	struct invst_preview pv;
	assert_int_equal(invst_preview(&a, &p, &pv), ST_OK);
	assert_int_equal(pv.no_member_no, 1);
	invst_preview_free(&pv);
	exec("UPDATE member SET member_no = '1004' WHERE id = 4");
	assert_int_equal(invst_issue(&a, &p, &run, &n, &miss), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE number = 'RE-26-001'"), 1);
}

/* A format without year runs on across years; a format changed back to an earlier one whose next
 * number is taken is refused (409), nothing written. */
static void numbers_across_years(void **state)
{
	exec(settings_sql);
	exec("UPDATE inv_settings SET number_format = 'R{NNN}'");
	struct actor a = admin();
	int64_t run;
	int n;
	unsigned miss;
	booking(2, 1, 5, 1);
	booking(2, 2, 5, 1);
	booking(2, 3, 5, 1);
	struct invst_period p1 = month(1), p2 = month(2), p3 = month(3);
	assert_int_equal(invst_issue(&a, &p1, &run, &n, &miss), ST_OK);
	a.now += 365 * 86400; /* a year later */
	assert_int_equal(invst_issue(&a, &p2, &run, &n, &miss), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE number IN ('R001', 'R002')"), 2);
	exec("UPDATE inv_settings SET number_format = '{YYYY}-{NNNN}'");
	assert_int_equal(invst_issue(&a, &p3, &run, &n, &miss), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE number = '2027-0001'"), 1);
	/* Back to R{NNN} after resetting its sequence (a restored backup, say): R001 is taken. */
	exec("UPDATE inv_settings SET number_format = 'R{NNN}'");
	exec("DELETE FROM inv_seq WHERE year = 0");
	booking(2, 4, 5, 1);
	struct invst_period p4 = month(4);
	assert_int_equal(invst_issue(&a, &p4, &run, &n, &miss), ST_DUPLICATE);
	assert_int_equal(count("SELECT count(*) FROM invoice"), 3);
	assert_int_equal(count("SELECT count(*) FROM inv_seq WHERE year = 0"), 0);
}

static void cancellation_and_reinvoicing(void **state)
{
	exec(settings_sql);
	struct actor a = admin();
	int64_t run, cid;
	int n;
	unsigned miss;
	booking(2, 7, 7, 2);
	struct invst_period p7 = month(7), p8 = month(8);
	assert_int_equal(invst_issue(&a, &p7, &run, &n, &miss), ST_OK);
	int64_t id = count("SELECT id FROM invoice");
	assert_int_equal(invst_cancel(&a, id, &cid), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE number = '2026-0002' AND cancels IS NOT NULL"
	                       " AND gross = -952 AND vat = -152"),
	                 1);
	assert_int_equal(count("SELECT sum(amount) FROM invoice_line"), 0);
	assert_int_equal(count("SELECT count(*) FROM inv_mark"), 0);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%Stornorechnung 2026-0002 zu Rechnung 2026-0001'"), 1);
	int64_t storno = cid;
	assert_int_equal(invst_cancel(&a, id, &cid), ST_ALREADY);
	assert_int_equal(invst_cancel(&a, storno, &cid), ST_ALREADY);
	assert_int_equal(invst_cancel(&a, 9999, &cid), ST_NOT_FOUND);
	struct actor other = {.org_id = 2, .member_id = 10, .login = "BERGER", .is_admin = true, .tz = TZ, .now = a.now};
	assert_int_equal(invst_cancel(&other, id, &cid), ST_NOT_FOUND);
	/* The released record goes into the next run, with an August booking. */
	booking(2, 8, 8, 1);
	assert_int_equal(invst_issue(&a, &p8, &run, &n, &miss), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
	                       " WHERE i.number = '2026-0003'"),
	                 2);
	assert_int_equal(count("SELECT net FROM invoice WHERE number = '2026-0003'"), 1200);
}

static void changed_booking_is_a_correction_line(void **state)
{
	exec(settings_sql);
	struct actor a = admin();
	int64_t run;
	int n;
	unsigned miss;
	int64_t b1 = booking(2, 9, 9, 2);   /* 8.00 */
	int64_t b2 = booking(5, 9, 10, 3);  /* 12.00 */
	struct invst_period p9 = month(9), p10 = month(10);
	assert_int_equal(invst_issue(&a, &p9, &run, &n, &miss), ST_OK);
	/* b1 is corrected in place (never retrieved): 2 h -> 3 h; b2 was retrieved by the API, so its
	 * change is a reversal and a new record: 3 h -> 1 h. */
	char q[256];
	exec("UPDATE billing SET billing_date = 1 WHERE booking_id IN (SELECT id FROM booking WHERE member_id = 5)");
	snprintf(q, sizeof q, "UPDATE booking SET end = end + 3600 WHERE id = %lld", (long long)b1);
	exec(q);
	snprintf(q, sizeof q, "UPDATE booking SET end = end - 7200 WHERE id = %lld", (long long)b2);
	exec(q);
	assert_int_equal(billing_update_tx(1, tu_now_ms(), NULL), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM billing WHERE kind = 'reversal'"), 1);
	struct invst_preview pv;
	assert_int_equal(invst_preview(&a, &p10, &pv), ST_OK);
	assert_int_equal(pv.n, 2);
	assert_int_equal(pv.m[0].corrections, 1);
	assert_int_equal(pv.m[0].amount, 400);
	assert_int_equal(pv.m[1].corrections, 1);
	assert_int_equal(pv.m[1].bookings, 1);
	assert_int_equal(pv.m[1].amount, -800);
	invst_preview_free(&pv);
	assert_int_equal(invst_issue(&a, &p10, &run, &n, &miss), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM invoice_line WHERE correction > 0"), 2);
	assert_int_equal(count("SELECT net FROM invoice WHERE number = '2026-0003'"), 400);
	assert_int_equal(count("SELECT net FROM invoice WHERE number = '2026-0004'"), -800);
	/* Nothing left to correct. */
	assert_int_equal(invst_preview(&a, &(struct invst_period){.t0 = p10.t1, .t1 = p10.t1 + 86400, .name = "x"}, &pv), ST_OK);
	assert_int_equal(pv.n, 0);
	invst_preview_free(&pv);
	/* The September invoices are corrected by the October ones: they cannot be cancelled first. */
	int64_t sep = count("SELECT id FROM invoice WHERE number = '2026-0001'");
	int64_t oct = count("SELECT id FROM invoice WHERE number = '2026-0003'");
	int64_t cid;
	assert_int_equal(invst_cancel(&a, sep, &cid), ST_IN_USE);
	assert_int_equal(invst_cancel(&a, oct, &cid), ST_OK);
	/* The in-place correction's mark is back on the September invoice with its amount. */
	snprintf(q, sizeof q, "SELECT invoice_id * 100000 + amount FROM inv_mark WHERE billing_id IN"
	         " (SELECT id FROM billing WHERE booking_id = %lld)", (long long)b1);
	assert_int_equal(count(q), sep * 100000 + 800);
	assert_int_equal(invst_cancel(&a, sep, &cid), ST_OK);
	/* Both of NEUMANN's invoices cancelled: b1's record comes back with its corrected amount; MEIER's
	 * invoices stand, so nothing of b2 is pending. */
	assert_int_equal(invst_preview(&a, &p10, &pv), ST_OK);
	assert_int_equal(pv.n, 1);
	assert_int_equal(pv.total, 1200);
	invst_preview_free(&pv);
}

/* Two processes issue the months of 2025 concurrently (odd and even months), each run in its own
 * transaction: the numbers of the year are 1..24 without gap or duplicate. */
static void concurrent_issuing_is_gap_free(void **state)
{
	exec(settings_sql);
	for (int m = 1; m <= 12; m++) {
		booking(2, m, 15, 1);
		booking(5, m, 16, 1);
	}
	db_close();
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		assert_true(kids[k] >= 0);
		if (kids[k] == 0) {
			if (db_open() != ST_OK)
				_exit(2);
			struct actor a = admin();
			for (int m = 1 + k; m <= 12; m += 2) {
				struct invst_period p = month(m);
				int64_t run;
				int n;
				unsigned miss;
				int s;
				while ((s = invst_issue(&a, &p, &run, &n, &miss)) == ST_BUSY)
					usleep(1000);
				if (s != ST_OK || n != 2)
					_exit(3);
			}
			db_close();
			_exit(0);
		}
	}
	for (int k = 0; k < 2; k++) {
		int st = 0;
		assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_int_equal(db_open(), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM invoice"), 24);
	assert_int_equal(count("SELECT count(DISTINCT number) FROM invoice"), 24);
	assert_int_equal(count("SELECT min(seq) FROM invoice"), 1);
	assert_int_equal(count("SELECT max(seq) FROM invoice"), 24);
	assert_int_equal(count("SELECT last FROM inv_seq WHERE org_id = 1 AND year = 2026"), 24);
	assert_int_equal(count("SELECT count(*) FROM inv_run"), 12);
	assert_int_equal(count("SELECT count(*) FROM inv_mark"), 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(issue_one_invoice_per_member_number, setup, teardown),
	    cmocka_unit_test_setup_teardown(refusals_write_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(numbers_across_years, setup, teardown),
	    cmocka_unit_test_setup_teardown(cancellation_and_reinvoicing, setup, teardown),
	    cmocka_unit_test_setup_teardown(changed_booking_is_a_correction_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(concurrent_issuing_is_gap_free, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
