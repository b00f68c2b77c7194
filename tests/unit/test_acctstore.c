/* test_acctstore: unit tests of the accounting store against a real temporary SQLite file — the claim and its lease (a second claim, a stale token, an expired lease, two processes at once), the outcome recorded only with the claim's token, undo, tenancy, the transfer plan, and the import of customers in one transaction. */
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

#include "store/acctstore.h"
#include "store/db.h"
#include "testdb.h"

/* Org 1 with two invoices (1: two tariffs and a net VAT; 2: a cancellation of 1); org 2 with one. */
static const char fixture[] =
    "INSERT INTO org (id, name) VALUES (1, 'Demo'), (2, 'Other');"
    "INSERT INTO member (id, org_id, login, descr, member_no, is_admin) VALUES (1, 1, 'ADMIN', 'Anna Admin', '1000', 1),"
    " (2, 1, 'NEUMANN', 'Nina Neumann, 0171', '1002', 0), (3, 1, 'MEIER', 'Michael Meier', '1003', 0),"
    " (10, 2, 'BERGER', '', '2001', 1);"
    "INSERT INTO inv_run (id, org_id, kind, t0, t1, period, created_at, created_by) VALUES"
    " (1, 1, 'issue', 0, 100, '2026-11', 1, 1), (2, 2, 'issue', 0, 100, '2026-11', 1, 10);"
    "INSERT INTO invoice (id, org_id, run_id, number, year, seq, cancels, member_no, member_id, name, address, t0, t1,"
    " period, inv_date, due_date, issued_at, vat_mode, vat_rate, net, vat, gross, org_name, org_address, iban) VALUES"
    " (1, 1, 1, '2026-0001', 2026, 1, NULL, '1002', 2, 'Nina Neumann', 'Nina Neumann\nLindenweg 5\n12345 Musterstadt',"
    "  0, 100, '2026-11', '2026-12-01', '2026-12-15', 1, 'net', 1900, 1000, 190, 1190, 'Demo', '', ''),"
    " (2, 1, 1, '2026-0002', 2026, 2, 1, '1002', 2, 'Nina Neumann', '', 0, 100, '2026-11', '2026-12-01', '2026-12-15', 1,"
    "  'net', 1900, -1000, -190, -1190, 'Demo', '', ''),"
    " (3, 2, 2, '2026-0001', 2026, 1, NULL, '2001', 10, 'Paul Berger', '', 0, 100, '2026-11', '2026-12-01',"
    "  '2026-12-15', 1, 'none', 0, 500, 0, 500, 'Other', '', '');"
    "INSERT INTO invoice_line (invoice_id, billing_id, booking_id, kind, start, end, vehicle, tariff, minutes, km,"
    " time_price, km_price, share_pct, amount) VALUES"
    " (1, 1, 1, 'normal', 0, 1, 'Golf', 'Basis', 60, 10, 300, 100, 100, 400),"
    " (1, 2, 2, 'normal', 0, 1, 'Golf', 'Basis', 60, 10, 100, 100, 100, 200),"
    " (1, 3, 3, 'normal', 0, 1, 'Bus', 'Gross', 60, 10, 400, 0, 100, 400),"
    " (2, 1, 1, 'normal', 0, 1, 'Golf', 'Basis', 60, 10, 0, 0, 100, -600),"
    " (2, 3, 3, 'normal', 0, 1, 'Bus', 'Gross', 60, 10, 0, 0, 100, -400),"
    " (3, 9, 9, 'normal', 0, 1, 'X', 'Basis', 60, 10, 0, 0, 100, 500);";

#define NOW 1780000000LL

static struct actor admin(int64_t now)
{
	return (struct actor){.org_id = 1, .member_id = 1, .login = "ADMIN", .is_admin = true, .tz = "Europe/Berlin", .now = now};
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

static int setup(void **state)
{
	return testdb_open("acctstore", fixture);
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static void claim_lease_and_outcome(void **state)
{
	struct actor a = admin(NOW);
	int64_t tok = 0, tok2 = 0;
	assert_int_equal(acct_xfer_claim(&a, 1, false, 180, &tok), ST_OK);
	assert_true(tok > 0);
	assert_int_equal(acct_xfer_claim(&a, 1, false, 180, &tok2), ST_CONFLICT);
	assert_int_equal(acct_xfer_claim(&a, 1, true, 180, &tok2), ST_CONFLICT);
	/* A stale token records nothing. */
	assert_int_equal(acct_xfer_finish(&a, 1, tok + 1, false, true, 7, "R1", "", ""), ST_CONFLICT);
	assert_int_equal(count("SELECT count(*) FROM acct_transfer WHERE invoice_id = 1 AND state = 'pending'"), 1);
	assert_int_equal(acct_xfer_finish(&a, 1, tok, false, true, 7, "R1", "", ""), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM acct_transfer WHERE state = 'done' AND tryton_number = 'R1' AND tryton_id = 7"), 1);
	assert_int_equal(acct_xfer_finish(&a, 1, tok, false, true, 8, "R2", "", ""), ST_CONFLICT); /* once only */
	assert_int_equal(acct_xfer_claim(&a, 1, false, 180, &tok2), ST_ALREADY);
	/* A failed undo leaves it done with the reason; a second undo succeeds. */
	assert_int_equal(acct_xfer_claim(&a, 1, true, 180, &tok2), ST_OK);
	assert_int_equal(acct_xfer_finish(&a, 1, tok2, true, false, 0, "", "unreachable", "http://x"), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM acct_transfer WHERE state = 'done' AND error_op = 'undo' AND error_kind = 'unreachable'"), 1);
	assert_int_equal(acct_xfer_claim(&a, 1, true, 180, &tok2), ST_OK);
	assert_int_equal(acct_xfer_finish(&a, 1, tok2, true, true, 9, "R9", "", ""), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM acct_transfer WHERE state = 'undone' AND undo_number = 'R9' AND tryton_number = 'R1'"), 1);
	assert_int_equal(acct_xfer_claim(&a, 1, true, 180, &tok2), ST_ALREADY);
	assert_int_equal(acct_xfer_claim(&a, 1, false, 180, &tok2), ST_ALREADY);
	/* Every claim and outcome wrote an ADMIN line. */
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%accounting transfer started: invoice 2026-0001'"), 1);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%accounting undo: invoice 2026-0001 failed: unreachable http://x'"), 1);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%accounting undo: invoice 2026-0001 ok, credit note R9 (id 9)'"), 1);
}

static void expired_lease_is_taken_over(void **state)
{
	struct actor a = admin(NOW);
	int64_t tok = 0, tok2 = 0;
	assert_int_equal(acct_xfer_claim(&a, 1, false, 180, &tok), ST_OK);
	struct actor later = admin(NOW + 180);
	struct acct_xplan *p = malloc(sizeof *p);
	assert_int_equal(acct_xfer_plan(&later, 1, 6, p), ST_OK);
	assert_string_equal(p->state, "failed");
	assert_string_equal(p->error_kind, "interrupted");
	free(p);
	assert_int_equal(acct_xfer_claim(&later, 1, false, 180, &tok2), ST_OK);
	assert_int_equal(acct_xfer_finish(&later, 1, tok, false, true, 1, "OLD", "", ""), ST_CONFLICT);
	assert_int_equal(acct_xfer_finish(&later, 1, tok2, false, true, 1, "NEW", "", ""), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM acct_transfer WHERE tryton_number = 'NEW'"), 1);
}

static void other_organisation_sees_nothing(void **state)
{
	struct actor b = {.org_id = 2, .member_id = 10, .login = "BERGER", .is_admin = true, .tz = "Europe/Berlin", .now = NOW};
	int64_t tok;
	struct acct_xplan *p = malloc(sizeof *p);
	assert_int_equal(acct_xfer_plan(&b, 1, 6, p), ST_NOT_FOUND);
	free(p);
	assert_int_equal(acct_xfer_claim(&b, 1, false, 180, &tok), ST_NOT_FOUND);
	assert_int_equal(acct_xfer_finish(&b, 1, 1, false, true, 1, "X", "", ""), ST_CONFLICT);
	assert_int_equal(count("SELECT count(*) FROM acct_transfer"), 0);
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 0);
}

static void plan_lines_accounts_and_vat(void **state)
{
	struct actor a = admin(NOW);
	assert_int_equal(acct_revenue_save(&a, "Gross", 42), ST_OK);
	struct acct_xplan *p = malloc(sizeof *p);
	assert_int_equal(acct_xfer_plan(&a, 1, 6, p), ST_OK);
	assert_string_equal(p->state, "open");
	assert_string_equal(p->street, "Lindenweg 5");
	assert_string_equal(p->postal_code, "12345");
	assert_string_equal(p->city, "Musterstadt");
	assert_int_equal(p->nlines, 3);
	assert_string_equal(p->lines[0].text, "Carsharing 2026-11, Tarif Basis");
	assert_int_equal(p->lines[0].cents, 600);
	assert_int_equal(p->lines[0].account, 6);
	assert_false(p->lines[0].mapped);
	assert_int_equal(p->lines[1].cents, 400);
	assert_int_equal(p->lines[1].account, 42);
	assert_true(p->lines[1].mapped);
	assert_int_equal(p->lines[2].cents, 190); /* the VAT: the lines add up to the gross */
	/* The cancellation: negative lines and VAT, its original named. */
	assert_int_equal(acct_xfer_plan(&a, 2, 6, p), ST_OK);
	assert_string_equal(p->cancels_number, "2026-0001");
	int64_t sum = 0;
	for (int i = 0; i < p->nlines; i++)
		sum += p->lines[i].cents;
	assert_int_equal(sum, -1190);
	free(p);
}

static void concurrent_claims_one_wins(void **state)
{
	db_close();
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			if (db_open() != ST_OK)
				_exit(3);
			struct actor a = admin(NOW);
			int64_t tok;
			enum store_status s = acct_xfer_claim(&a, 1, false, 180, &tok);
			db_close();
			_exit(s == ST_OK ? 0 : s == ST_CONFLICT ? 1 : 2);
		}
	}
	int codes[2];
	for (int k = 0; k < 2; k++) {
		int st;
		assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
		assert_true(WIFEXITED(st));
		codes[k] = WEXITSTATUS(st);
	}
	assert_int_equal(codes[0] + codes[1], 1); /* one 0 (claimed), one 1 (conflict) */
	assert_int_equal(db_open(), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM acct_transfer WHERE state = 'pending'"), 1);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%transfer started%'"), 1);
}

static void import_plan_and_apply(void **state)
{
	struct actor a = admin(NOW);
	const struct acct_party_in p[] = {
	    {11, "1002", "Nina Neumann"}, {12, "1003", "Michael Meyer"}, {13, "7001", "Jörg D'hondt"},
	    {14, "7002", "A"}, {15, "7002", "B"}, {16, "7003", "!!!"}, {17, "7004", "Admin"},
	};
	const int n = (int)(sizeof p / sizeof p[0]);
	struct acct_imp_item items[7];
	assert_int_equal(acct_import_plan(&a, p, n, items), ST_OK);
	assert_int_equal(items[0].kind, ACCT_IMP_LINK);   /* "Nina Neumann, 0171" starts with the name */
	assert_int_equal(items[1].kind, ACCT_IMP_CHANGE);
	assert_string_equal(items[1].old_descr, "Michael Meier");
	assert_int_equal(items[2].kind, ACCT_IMP_CREATE);
	assert_string_equal(items[2].login, "JOERG-DHONDT");
	assert_int_equal(items[3].kind, ACCT_IMP_DUP_CODE);
	assert_int_equal(items[4].kind, ACCT_IMP_DUP_CODE);
	assert_int_equal(items[5].kind, ACCT_IMP_NO_LOGIN);
	assert_int_equal(items[6].kind, ACCT_IMP_LOGIN_TAKEN);
	assert_int_equal(count("SELECT count(*) FROM member"), 4);
	int counts[7];
	assert_int_equal(acct_import_apply(&a, p, n, counts), ST_OK);
	assert_int_equal(counts[ACCT_IMP_CREATE], 1);
	assert_int_equal(counts[ACCT_IMP_DUP_CODE], 2);
	assert_int_equal(count("SELECT count(*) FROM member WHERE login = 'JOERG-DHONDT' AND member_no = '7001' AND pw_hash = '' AND org_id = 1"), 1);
	assert_int_equal(count("SELECT count(*) FROM member WHERE member_no IN ('7002', '7003', '7004')"), 0);
	assert_int_equal(count("SELECT count(*) FROM member WHERE id = 3 AND descr = 'Michael Meyer'"), 1);
	assert_int_equal(count("SELECT count(*) FROM member WHERE id = 2 AND descr = 'Nina Neumann, 0171'"), 1);
	assert_int_equal(count("SELECT count(*) FROM acct_party"), 3);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '%accounting import: 1 created, 1 linked, 1 changed, 0 unchanged, 4 conflicts'"), 1);
	/* Again: nothing left to do for the imported ones. */
	assert_int_equal(acct_import_plan(&a, p, 3, items), ST_OK);
	assert_int_equal(items[0].kind, ACCT_IMP_SAME);
	assert_int_equal(items[1].kind, ACCT_IMP_SAME);
	assert_int_equal(items[2].kind, ACCT_IMP_SAME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(claim_lease_and_outcome, setup, teardown),
	    cmocka_unit_test_setup_teardown(expired_lease_is_taken_over, setup, teardown),
	    cmocka_unit_test_setup_teardown(other_organisation_sees_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(plan_lines_accounts_and_vat, setup, teardown),
	    cmocka_unit_test_setup_teardown(concurrent_claims_one_wins, setup, teardown),
	    cmocka_unit_test_setup_teardown(import_plan_and_apply, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
