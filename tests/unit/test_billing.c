/* test_billing: unit tests of billing records (creation, storno share, CHGSTO, corrections, reversals, retrieval) against a real temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/utf8.h"
#include "store/billing.h"
#include "store/bookfile.h"
#include "store/db.h"
#include "store/trips.h"
#include "testdb.h"

#define H 3600LL
#define T0 1780000000LL          /* "now" of the tests, UTC seconds */
#define MS(s) ((s) * 1000LL)


/* Org 1 (storno share 50 %), org 2. Tariffs: 1 "Basis" 4.00/h, cap 30.00, no km; 2 "Km" 2.00/h, 0.30/km.
 * Vehicles: 1 Golf (Basis), 2 Zoe (Km), 3 no tariff, 4 org 2 (Basis of org 2). */
static const char fixture[] =
    "INSERT INTO org (id, name, storno_share_pct) VALUES (1, 'Demo', 50), (2, 'Other', 100);"
    "INSERT INTO member (id, org_id, login, descr, member_no) VALUES (1, 1, 'ADMIN', 'Anna Admin', '1000'),"
    " (2, 1, 'NEUMANN', 'Nina Neumann, 0171', '1002'), (10, 2, 'BERGER', '', '2001');"
    "INSERT INTO area (id, org_id, name) VALUES (1, 1, 'Mitte'), (2, 2, 'Bahnhof');"
    "INSERT INTO tariff (id, org_id, name, per_hour, max_24h, per_km) VALUES (1, 1, 'Basis', 400, 3000, 0),"
    " (2, 1, 'Km', 200, NULL, 30), (3, 2, 'Basis', 400, 3000, 0);"
    "INSERT INTO vehicle (id, org_id, area_id, name, tariff_id) VALUES (1, 1, 1, 'VW Golf', 1), (2, 1, 1, 'Zoe', 2),"
    " (3, 1, 1, 'Ohne', NULL), (4, 2, 2, 'Fremd', 3);";

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

/* Inserts a booking of org 1 (status active) and returns its id. */
static int64_t booking(int64_t vehicle, int64_t start, int64_t end)
{
	char q[512];
	snprintf(q, sizeof q,
	         "INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, created_by, created_at, changed_at)"
	         " VALUES (%d, %lld, %d, %lld, %lld, 'Zweck', %d, %lld, %lld)",
	         vehicle == 4 ? 2 : 1, (long long)vehicle, vehicle == 4 ? 10 : 2, (long long)start, (long long)end,
	         vehicle == 4 ? 10 : 2, (long long)(start - 86400), (long long)(start - 86400));
	exec(q);
	return sqlite3_last_insert_rowid(db_handle());
}

static void trip(int64_t booking_id, int64_t km0, int64_t km1)
{
	char q[512];
	snprintf(q, sizeof q,
	         "INSERT INTO trip (booking_id, org_id, vehicle_id, start, km_start, km_end, entered_by, entered_at)"
	         " SELECT id, org_id, vehicle_id, start, %lld, %lld, member_id, %lld FROM booking WHERE id = %lld"
	         " ON CONFLICT (booking_id) DO UPDATE SET km_start = excluded.km_start, km_end = excluded.km_end",
	         (long long)km0, (long long)km1, (long long)T0, (long long)booking_id);
	exec(q);
}

static struct billing_counts run(int64_t now_ms)
{
	struct billing_counts c;
	assert_int_equal(billing_update_tx(1, now_ms, &c), ST_OK);
	assert_true(sqlite3_get_autocommit(db_handle()));
	return c;
}

static int64_t price_of(int64_t booking_id, const char *kind)
{
	char q[256];
	snprintf(q, sizeof q, "SELECT coalesce(sum(price), -999) FROM billing WHERE booking_id = %lld AND kind = '%s'",
	         (long long)booking_id, kind);
	return count(q);
}

static int setup(void **state)
{
	if (testdb_open("billing", fixture) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static void completed_booking_gets_exactly_one_record(void **state)
{
	int64_t b = booking(1, T0 - 5 * H, T0 - 2 * H);    /* 3 h at 4.00 */
	struct billing_counts c = run(MS(T0));
	assert_int_equal(c.created, 1);
	assert_int_equal(price_of(b, "normal"), 1200);
	assert_int_equal(count("SELECT count(*) FROM billing"), 1);
	c = run(MS(T0) + 5000);
	assert_int_equal(c.created + c.reversed + c.updated, 0);
	assert_int_equal(count("SELECT count(*) FROM billing"), 1);
	assert_int_equal(count("SELECT count(*) FROM billing_dirty"), 0);
	/* The snapshot of what was billed. */
	assert_int_equal(count("SELECT count(*) FROM billing WHERE vehicle_id = 1 AND member_id = 2 AND km IS NULL"
	                       " AND tariff_name = 'Basis' AND purpose = 'Zweck' AND billing_date IS NULL AND org_id = 1"), 1);
}

static void running_booking_is_billed_once_it_ends(void **state)
{
	int64_t b = booking(1, T0 - H, T0 + H);
	assert_int_equal(run(MS(T0)).created, 0);
	assert_int_equal(run(MS(T0 + H)).created, 1);
	assert_int_equal(price_of(b, "normal"), 800);
}

static void km_tariff_waits_for_trip_data(void **state)
{
	int64_t b = booking(2, T0 - 10 * H, T0 - 4 * H);   /* 6 h at 2.00, no cap */
	assert_int_equal(run(MS(T0)).created, 0);
	trip(b, 1000, 1123);
	assert_int_equal(run(MS(T0) + 1).created, 1);
	assert_int_equal(price_of(b, "normal"), 1200 + 123 * 30);
	assert_int_equal(count("SELECT km FROM billing"), 123);
}

static void vehicle_without_tariff_bills_zero(void **state)
{
	int64_t b = booking(3, T0 - 5 * H, T0 - 2 * H);
	assert_int_equal(run(MS(T0)).created, 1);
	assert_int_equal(price_of(b, "normal"), 0);
}

static void storno_costs_the_share(void **state)
{
	int64_t b = booking(1, T0 + 2 * H, T0 + 4 * H);    /* cancelled in the period: 2 h, 50 % */
	exec("UPDATE booking SET status = 'storno'");
	assert_int_equal(run(MS(T0)).created, 1);
	assert_int_equal(price_of(b, "storno"), 400);
	assert_int_equal(run(MS(T0 + 5 * H)).created, 0);   /* its end passing bills nothing more */
	assert_int_equal(count("SELECT count(*) FROM billing"), 1);
}

static void chgsto_version_billed_for_uncovered_time(void **state)
{
	/* Booked 10-14, shortened to 10-12 within the period: the version is CHGSTO. */
	int64_t b = booking(1, T0 - 6 * H, T0 - 2 * H);
	char q[512];
	snprintf(q, sizeof q,
	         "INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id, start, end, kind, replaced_at,"
	         " replaced_by) VALUES (%lld, 1, 1, 2, %lld, %lld, 'CHGSTO', %lld, 2);"
	         "UPDATE booking SET end = %lld WHERE id = %lld",
	         (long long)b, (long long)(T0 - 6 * H), (long long)(T0 - 2 * H), (long long)(T0 - 7 * H),
	         (long long)(T0 - 4 * H), (long long)b);
	exec(q);
	struct billing_counts c = run(MS(T0));
	assert_int_equal(c.created, 2);
	assert_int_equal(price_of(b, "normal"), 800);     /* 2 h */
	assert_int_equal(price_of(b, "chgsto"), 400);     /* 2 h uncovered at 50 % */
	assert_int_equal(count("SELECT count(*) FROM billing WHERE kind = 'chgsto' AND version_id IS NOT NULL"), 1);
	assert_int_equal(run(MS(T0) + 10).created, 0);
}

static void correction_before_retrieval_edits_in_place(void **state)
{
	int64_t b = booking(1, T0 - 5 * H, T0 - 2 * H);
	run(MS(T0));
	int64_t id = count("SELECT id FROM billing");
	char q[128];
	snprintf(q, sizeof q, "UPDATE booking SET end = %lld", (long long)(T0 - H));
	exec(q);
	struct billing_counts c = run(MS(T0) + 100);
	assert_int_equal(c.updated, 1);
	assert_int_equal(c.reversed, 0);
	assert_int_equal(count("SELECT count(*) FROM billing"), 1);
	assert_int_equal(count("SELECT id FROM billing"), id);
	assert_int_equal(price_of(b, "normal"), 1600);
}

static void correction_after_retrieval_adds_reversal_and_new_record(void **state)
{
	int64_t b = booking(2, T0 - 10 * H, T0 - 4 * H);
	trip(b, 1000, 1100);
	run(MS(T0));
	int64_t first = count("SELECT id FROM billing");
	exec("UPDATE billing SET billing_date = 1");
	trip(b, 1000, 1200);                                /* the member corrects the reading */
	struct billing_counts c = run(MS(T0) + 1);
	assert_int_equal(c.reversed, 1);
	assert_int_equal(c.created, 1);
	assert_int_equal(count("SELECT count(*) FROM billing"), 3);
	/* The original stays untouched; the reversal names it and negates it; the new one has the new price. */
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM billing WHERE id = %lld AND price = %d AND billing_date = 1",
	         (long long)first, 1200 + 3000);
	assert_int_equal(count(q), 1);
	snprintf(q, sizeof q, "SELECT price FROM billing WHERE kind = 'reversal' AND reverses = %lld", (long long)first);
	assert_int_equal(count(q), -(1200 + 3000));
	assert_int_equal(count("SELECT sum(price) FROM billing"), 1200 + 6000);
	assert_int_equal(count("SELECT count(*) FROM billing WHERE billing_date IS NULL"), 2);
	/* Ids increase: original < reversal < new record. */
	assert_int_equal(count("SELECT count(*) FROM billing r, billing n WHERE r.kind = 'reversal' AND n.kind = 'normal'"
	                       " AND n.billing_date IS NULL AND r.id > r.reverses AND n.id > r.id"), 1);
	/* A second correction reverses only the current record. */
	exec("UPDATE billing SET billing_date = 2 WHERE billing_date IS NULL");
	trip(b, 1000, 1050);
	c = run(MS(T0) + 2);
	assert_int_equal(c.reversed, 1);
	assert_int_equal(count("SELECT sum(price) FROM billing"), 1200 + 1500);
}

static void exported_record_is_never_edited(void **state)
{
	int64_t b = booking(1, T0 - 5 * H, T0 - 2 * H);
	run(MS(T0));
	exec("UPDATE billing SET exported = 1");
	char q[128];
	snprintf(q, sizeof q, "UPDATE booking SET start = %lld", (long long)(T0 - 4 * H));
	exec(q);
	struct billing_counts c = run(MS(T0) + 1);
	assert_int_equal(c.reversed, 1);
	assert_int_equal(c.updated, 0);
	assert_int_equal(price_of(b, "normal"), 1200 + 800);
	assert_int_equal(price_of(b, "reversal"), -1200);
}

static void no_longer_billable_is_reversed(void **state)
{
	int64_t b = booking(1, T0 - 5 * H, T0 - 2 * H);
	run(MS(T0));
	exec("UPDATE billing SET billing_date = 1");
	char q[128];
	snprintf(q, sizeof q, "UPDATE booking SET end = %lld", (long long)(T0 + 5 * H));  /* running again */
	exec(q);
	struct billing_counts c = run(MS(T0) + 1);
	assert_int_equal(c.reversed, 1);
	assert_int_equal(c.created, 0);
	assert_int_equal(count("SELECT sum(price) FROM billing"), 0);
	assert_int_equal(price_of(b, "reversal"), -1200);
	/* An administrator's STORNO of a completed, retrieved booking: reversal plus storno record. */
	c = run(MS(T0 + 5 * H));
	assert_int_equal(c.created, 1);
	exec("UPDATE billing SET billing_date = 1 WHERE billing_date IS NULL");
	exec("UPDATE booking SET status = 'storno'");
	c = run(MS(T0 + 5 * H) + 1);
	assert_int_equal(c.reversed, 1);
	assert_int_equal(c.created, 1);
	assert_int_equal(price_of(b, "storno"), 1500);  /* 10 h = 4000, capped 3000, 50 % */
}

static void tariff_change_alone_corrects_nothing(void **state)
{
	booking(1, T0 - 5 * H, T0 - 2 * H);
	run(MS(T0));
	exec("UPDATE tariff SET per_hour = 999");
	exec("UPDATE booking SET purpose = 'anders'");
	struct billing_counts c = run(MS(T0) + 1);
	assert_int_equal(c.created + c.reversed + c.updated, 0);
	assert_int_equal(count("SELECT price FROM billing"), 1200);
}

static void ids_unique_and_increasing_within_one_ms(void **state)
{
	for (int i = 0; i < 5; i++)
		booking(1, T0 - 10 * H + i * H, T0 - 9 * H + i * H);
	run(MS(T0));
	assert_int_equal(count("SELECT count(DISTINCT id) FROM billing"), 5);
	assert_int_equal(count("SELECT min(id) FROM billing"), MS(T0));
	assert_int_equal(count("SELECT max(id) FROM billing"), MS(T0) + 4);
	/* A clock behind the highest id still gives a higher one. */
	booking(1, T0 - 20 * H, T0 - 19 * H);
	run(MS(T0) - 60000);
	assert_int_equal(count("SELECT max(id) FROM billing"), MS(T0) + 5);
	int64_t id;
	assert_int_equal(db_begin(), ST_OK); /* billing_next_id asserts the caller's write transaction */
	assert_int_equal(billing_next_id(MS(T0) + 1000, &id), ST_OK);
	db_rollback();
	assert_int_equal(id, MS(T0) + 1000);
}

static void other_orgs_are_separate(void **state)
{
	booking(4, T0 - 5 * H, T0 - 2 * H);
	booking(1, T0 - 5 * H, T0 - 2 * H);
	run(MS(T0));
	assert_int_equal(count("SELECT count(*) FROM billing"), 1);
	assert_int_equal(count("SELECT count(*) FROM billing_dirty WHERE org_id = 2"), 1);
	assert_int_equal(billing_update_tx(2, MS(T0), NULL), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM billing WHERE org_id = 2 AND vehicle_id = 4"), 1);
	int64_t ids[10];
	int n;
	struct billing_query q = { .org_id = 1, .limit = 10, .start = -1, .end = INT64_MAX, .now_ms = MS(T0) };
	assert_int_equal(billing_retrieve(&q, ids, &n), ST_OK);
	assert_int_equal(n, 1);
	struct billing_record r;
	bool found;
	assert_int_equal(billing_load(2, ids[0], &r, &found), ST_OK);
	assert_false(found);
	assert_int_equal(billing_load(1, ids[0], &r, &found), ST_OK);
	assert_true(found);
	assert_string_equal(r.vehicle, "VW Golf");
	assert_string_equal(r.area, "Mitte");
	assert_string_equal(r.login, "NEUMANN");
	assert_string_equal(r.member_no, "1002");
	assert_string_equal(r.org_name, "Demo");
	assert_string_equal(r.kind, "normal");
	assert_int_equal(r.billing_date, -1);
	assert_int_equal(r.km, -1);
}

static void retrieve_pages_marks_and_windows(void **state)
{
	for (int i = 0; i < 7; i++)
		booking(1, T0 - 30 * H + i * H, T0 - 29 * H + i * H);
	int64_t ids[10], more[10];
	int n, m;
	struct billing_query q = { .org_id = 1, .limit = 3, .mark = true, .start = -1, .end = INT64_MAX, .now_ms = MS(T0) };
	assert_int_equal(billing_retrieve(&q, ids, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_true(sqlite3_get_autocommit(db_handle()));
	assert_int_equal(count("SELECT count(*) FROM billing"), 7);
	assert_int_equal(ids[0], MS(T0));
	assert_true(ids[0] < ids[1] && ids[1] < ids[2]);
	assert_int_equal(count("SELECT count(*) FROM billing WHERE billing_date IS NOT NULL"), 3);
	q.now_ms += 10;
	assert_int_equal(billing_retrieve(&q, more, &m), ST_OK);
	assert_int_equal(m, 3);
	assert_true(more[0] > ids[2]);
	q.now_ms += 10;
	assert_int_equal(billing_retrieve(&q, more, &m), ST_OK);
	assert_int_equal(m, 1);
	assert_int_equal(billing_retrieve(&q, more, &m), ST_OK);
	assert_int_equal(m, 0);
	/* The correction case: already retrieved records in a window, without marking. */
	struct billing_query w = { .org_id = 1, .limit = 10, .include_retrieved = true, .start = ids[0], .end = ids[2] + 1,
		               .now_ms = MS(T0) + 100 };
	assert_int_equal(billing_retrieve(&w, more, &m), ST_OK);
	assert_int_equal(m, 2);
	assert_int_equal(more[0], ids[1]);
	assert_int_equal(more[1], ids[2]);
	/* The first retrieval date stays. */
	w.mark = true;
	assert_int_equal(billing_retrieve(&w, more, &m), ST_OK);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT billing_date FROM billing WHERE id = %lld", (long long)ids[1]);
	assert_int_equal(count(sql), MS(T0));
	/* Without include_retrieved nothing is left. */
	w.include_retrieved = false;
	w.start = -1;
	w.end = INT64_MAX;
	assert_int_equal(billing_retrieve(&w, more, &m), ST_OK);
	assert_int_equal(m, 0);
	w.limit = 0;
	assert_int_equal(billing_retrieve(&w, more, &m), ST_ERROR);
	w.limit = BIL_MAX_LIMIT + 1;
	assert_int_equal(billing_retrieve(&w, more, &m), ST_ERROR);
}

static void names_from_description(void **state)
{
	char f[64], l[64];
	billing_names("Nina Neumann, 0171 2345678", "NEUMANN", f, sizeof f, l, sizeof l);
	assert_string_equal(f, "Nina");
	assert_string_equal(l, "Neumann");
	billing_names("Anna Maria von Berg", "X", f, sizeof f, l, sizeof l);
	assert_string_equal(f, "Anna Maria von");
	assert_string_equal(l, "Berg");
	billing_names("Meier", "MEIER", f, sizeof f, l, sizeof l);
	assert_string_equal(f, "");
	assert_string_equal(l, "Meier");
	billing_names("", "BERGER", f, sizeof f, l, sizeof l);
	assert_string_equal(f, "");
	assert_string_equal(l, "BERGER");
	billing_names("  , 030", "HUBER", f, sizeof f, l, sizeof l);
	assert_string_equal(l, "HUBER");
}

/* A vehicle description of 27 emoji (108 bytes, within the form's 30 characters) comes back whole;
 * a longer one is cut on a character boundary, never inside one (the API's XML stays valid). */
static void record_text_is_whole_characters(void **state)
{
	char descr[256] = "", q[512];
	for (int i = 0; i < 27; i++)
		strcat(descr, "\xF0\x9F\x9A\x97"); /* U+1F697 automobile */
	snprintf(q, sizeof q, "UPDATE vehicle SET descr = '%s' WHERE id = 1", descr);
	exec(q);
	booking(1, T0 - 5 * H, T0 - 2 * H);
	run(MS(T0));
	int64_t id = count("SELECT id FROM billing");
	struct billing_record rec;
	bool found = false;
	assert_int_equal(billing_load(1, id, &rec, &found), ST_OK);
	assert_true(found);
	assert_string_equal(rec.vehicle_descr, descr);
	assert_string_equal(rec.provider, "Demo");
	/* A member description of 100 emoji (400 bytes; the database sets no limit) is more than the
	 * record's buffer holds: cut, but on a character boundary. */
	char big[512] = "", q2[640];
	for (int i = 0; i < 100; i++)
		strcat(big, "\xF0\x9F\x9A\x97");
	snprintf(q2, sizeof q2, "UPDATE member SET descr = '%s' WHERE id = 2", big);
	exec(q2);
	assert_int_equal(billing_load(1, id, &rec, &found), ST_OK);
	assert_true(utf8_valid(rec.member_descr, strlen(rec.member_descr)));
	assert_int_equal(strlen(rec.member_descr) % 4, 0);
	assert_int_equal(strlen(rec.member_descr), sizeof rec.member_descr - 4);
	/* Names split into small buffers keep whole characters too. */
	char f[8], l[8];
	billing_names("\xC3\x84\xC3\x84\xC3\x84\xC3\x84 \xC3\x96\xC3\x96\xC3\x96\xC3\x96\xC3\x96", "X", f, sizeof f, l, sizeof l);
	assert_string_equal(f, "\xC3\x84\xC3\x84\xC3\x84");
	assert_string_equal(l, "\xC3\x96\xC3\x96\xC3\x96");
}

/* billing_update states that it runs inside the caller's transaction: outside one it is a bug. */
static bool aborts(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr); /* the assertion's message is expected */
		fn();
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void update_outside(void)
{
	billing_update(1, MS(T0), NULL);
}

static void next_id_outside(void)
{
	int64_t id;
	billing_next_id(MS(T0), &id);
}

static void update_requires_a_transaction(void **state)
{
	booking(1, T0 - 5 * H, T0 - 2 * H);
	assert_true(aborts(update_outside));
	assert_true(aborts(next_id_outside));
	assert_int_equal(count("SELECT count(*) FROM billing"), 0);
	run(MS(T0)); /* inside one it works */
	assert_int_equal(count("SELECT count(*) FROM billing"), 1);
}


/* ---- trip data (trips.c) */

static struct actor member2(void)
{
	struct actor a = { .member_id = 2, .org_id = 1, .login = "NEUMANN", .is_admin = false, .tz = "Europe/Berlin",
		           .cancel_hours = 24, .grid_minutes = 15, .now = T0 };
	return a;
}

static void count_missing(void *ctx, const struct bookstore_row *b)
{
	(*(int *)ctx)++;
	assert_string_equal(b->vehicle, "Zoe");
}

static void trip_entry_rules(void **state)
{
	struct actor a = member2();
	int64_t b1 = booking(2, T0 - 30 * H, T0 - 28 * H);
	int64_t b2 = booking(2, T0 - 10 * H, T0 - 8 * H);
	int64_t future = booking(2, T0 + 10 * H, T0 + 12 * H);
	int64_t last = 0;
	int missing = 0;
	assert_int_equal(trips_missing(1, T0, 10, count_missing, &missing), ST_OK);
	assert_int_equal(missing, 2);
	/* The booking file's count of what it leaves out follows the same rule (ended, active, km price,
	 * no trip); in_period counts by start: only b1 starts in [T0-40h, T0-20h). */
	int in_period = -1, total = -1;
	assert_int_equal(bf_missing_trips(1, T0, T0 - 40 * H, T0 - 20 * H, &in_period, &total), ST_OK);
	assert_int_equal(total, 2);
	assert_int_equal(in_period, 1);
	assert_int_equal(bf_missing_trips(2, T0, 0, T0, &in_period, &total), ST_OK);
	assert_int_equal(total, 0);
	assert_int_equal(trips_save(&a, b1, 500, 620, &last), ST_OK);
	assert_true(sqlite3_get_autocommit(db_handle()));
	assert_int_equal(trips_save(&a, b2, 630, 600, &last), ST_END_BELOW_START);
	assert_int_equal(trips_save(&a, b2, 100, 610, &last), ST_BELOW_LAST);
	assert_int_equal(last, 620);
	assert_int_equal(trips_save(&a, b2, 620, 620, &last), ST_OK);
	assert_int_equal(trips_save(&a, future, 620, 700, &last), ST_NOT_ENDED);
	assert_int_equal(trips_save(&a, b2, -1, 700, &last), ST_RANGE);
	assert_int_equal(trips_save(&a, 9999, 1, 2, &last), ST_NOT_FOUND);
	/* Someone else's booking: members no, administrators yes. */
	exec("UPDATE booking SET member_id = 1 WHERE id = 1");
	assert_int_equal(trips_save(&a, b1, 500, 630, &last), ST_FORBIDDEN);
	a.is_admin = true;
	a.member_id = 1;
	assert_int_equal(trips_save(&a, b1, 500, 610, &last), ST_OK);
	exec("UPDATE booking SET status = 'storno' WHERE id = 3");
	assert_int_equal(trips_save(&a, future, 1, 2, &last), ST_NOT_ACTIVE);
	missing = 0;
	assert_int_equal(trips_missing(1, T0, 10, count_missing, &missing), ST_OK);
	assert_int_equal(missing, 0);
	/* Both ended bookings now bill, with their km. */
	run(MS(T0));
	assert_int_equal(price_of(b1, "normal"), 400 + 110 * 30);
	assert_int_equal(price_of(b2, "normal"), 400);
	struct trips_info t;
	assert_int_equal(bf_missing_trips(1, T0, T0 - 40 * H, T0 - 20 * H, &in_period, &total), ST_OK);
	assert_int_equal(total, 0);
	assert_int_equal(in_period, 0);
	assert_int_equal(trips_load(&a, b2, &t), ST_OK);
	assert_true(t.present);
	assert_int_equal(t.km_end, 620);
	assert_int_equal(t.last, 610);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(completed_booking_gets_exactly_one_record, setup, teardown),
		cmocka_unit_test_setup_teardown(running_booking_is_billed_once_it_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(km_tariff_waits_for_trip_data, setup, teardown),
		cmocka_unit_test_setup_teardown(vehicle_without_tariff_bills_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(storno_costs_the_share, setup, teardown),
		cmocka_unit_test_setup_teardown(chgsto_version_billed_for_uncovered_time, setup, teardown),
		cmocka_unit_test_setup_teardown(correction_before_retrieval_edits_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(correction_after_retrieval_adds_reversal_and_new_record, setup, teardown),
		cmocka_unit_test_setup_teardown(exported_record_is_never_edited, setup, teardown),
		cmocka_unit_test_setup_teardown(no_longer_billable_is_reversed, setup, teardown),
		cmocka_unit_test_setup_teardown(tariff_change_alone_corrects_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(ids_unique_and_increasing_within_one_ms, setup, teardown),
		cmocka_unit_test_setup_teardown(other_orgs_are_separate, setup, teardown),
		cmocka_unit_test_setup_teardown(retrieve_pages_marks_and_windows, setup, teardown),
		cmocka_unit_test(names_from_description),
		cmocka_unit_test_setup_teardown(record_text_is_whole_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(update_requires_a_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(trip_entry_rules, setup, teardown),
	};
	return cmocka_run_group_tests_name("billing", tests, NULL, NULL);
}
