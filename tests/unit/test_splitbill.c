/* test_splitbill: unit tests of the split billing — rounding of the split fee, which bookings count, fees, rates and totals per subscriber — against a real temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/splitbill.h"
#include "base/timeutil.h"
#include "testdb.h"

#define BERLIN "Europe/Berlin"


/* Org 1 "Alpha" is the master (storno share 50 %) of vehicles 1 (10 EUR/h), 2 (3.33 EUR/h + 0.25 EUR/km)
 * and 3 (Link mode). "Beta CSO" (2) subscribed vehicle 1 twice (10 % until time 1000, then 15 %) and
 * vehicle 3 (Link: no rate); "Gamma CSO" (3) subscribed vehicles 1 and 2 at 33 %. */
static const char fixture[] =
    "INSERT INTO org (id, name, tz, storno_share_pct) VALUES (1, 'Alpha', 'Europe/Berlin', 50),"
    " (2, 'Beta CSO', 'Europe/Berlin', 100), (3, 'Gamma CSO', 'Europe/Berlin', 100);"
    "INSERT INTO member (id, org_id, login, member_no) VALUES (10, 1, 'ADMIN', '100'), (20, 2, 'BERT', 'B-7'),"
    " (30, 3, 'GINA', 'G-9');"
    "INSERT INTO area (id, org_id, name) VALUES (1, 1, 'A'), (2, 2, 'B'), (3, 3, 'G');"
    "INSERT INTO tariff (id, org_id, name, per_hour, max_24h, per_km) VALUES (1, 1, 'Std', 1000, NULL, 0),"
    " (2, 1, 'Km', 333, NULL, 25);"
    "INSERT INTO vehicle (id, org_id, area_id, name, tariff_id) VALUES (1, 1, 1, 'Bus', 1), (2, 1, 1, 'Kombi', 2),"
    " (3, 1, 1, 'Linkwagen', 1);"
    "INSERT INTO offer (vehicle_id, org_id, split_rate, link_mode, portal) VALUES (1, 1, 15, 0, 0), (2, 1, 33, 0, 0),"
    " (3, 1, NULL, 1, 0);"
    "INSERT INTO subscription (id, org_id, vehicle_id, local_name, area_id, split_rate, created_at, created_by, cancelled_at)"
    " VALUES (1, 2, 1, 'Alt', 2, 10, 0, 20, 1000), (2, 2, 1, 'Bus', 2, 15, 1000, 20, NULL),"
    " (3, 3, 1, 'Bus', 3, 33, 0, 30, NULL), (4, 3, 2, 'Kombi', 3, 33, 0, 30, NULL),"
    " (5, 2, 3, 'Link', 2, NULL, 0, 20, NULL);";

static int64_t berlin(int mo, int d, int h, int mi)
{
	struct tu_tm t = {.year = 2026, .mon = mo, .day = d, .hour = h, .min = mi};
	int64_t u = 0;
	assert_int_equal(tu_from_local(BERLIN, &t, &u), TU_OK);
	return u;
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

static void booking(int64_t id, int64_t org, int64_t vehicle, int64_t member, int64_t start, int64_t end,
                    const char *status, int64_t created_at)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, status, created_by, created_at,"
	         " changed_at) VALUES (%lld, %lld, %lld, %lld, %lld, %lld, '%s', %lld, %lld, %lld)",
	         (long long)id, (long long)org, (long long)vehicle, (long long)member, (long long)start, (long long)end,
	         status, (long long)member, (long long)created_at, (long long)created_at);
	exec(sql);
}

static int setup(void **state)
{
	if (testdb_open("splitbill", fixture) != 0)
		return -1;
	/* April 2026 and around it; created at 2000 (through subscription 2) unless said otherwise. */
	booking(1, 2, 1, 20, berlin(4, 2, 10, 0), berlin(4, 2, 12, 30), "active", 2000);   /* 2500 * 15 % = 375 */
	booking(2, 2, 1, 20, berlin(4, 3, 10, 0), berlin(4, 3, 10, 15), "active", 2000);   /* 250 * 15 % = 37.5 -> 38 */
	booking(3, 3, 1, 30, berlin(4, 5, 9, 0), berlin(4, 5, 10, 45), "active", 2000);    /* 1750 * 33 % = 577.5 -> 578 */
	booking(4, 3, 2, 30, berlin(4, 6, 8, 0), berlin(4, 6, 9, 0), "active", 2000);      /* 333 + 10 km * 25 = 583 -> 192.39 -> 192 */
	exec("INSERT INTO trip (booking_id, org_id, vehicle_id, start, km_start, km_end, entered_by, entered_at)"
	     " SELECT 4, 3, 2, start, 100, 110, 30, 0 FROM booking WHERE id = 4");
	booking(5, 3, 2, 30, berlin(4, 7, 8, 0), berlin(4, 7, 9, 0), "active", 2000);      /* km tariff, no trip: not yet */
	booking(6, 2, 1, 20, berlin(4, 8, 10, 0), berlin(4, 8, 12, 0), "storno", 2000);    /* 2000 * 50 % = 1000 -> 150 */
	booking(7, 1, 1, 10, berlin(4, 10, 10, 0), berlin(4, 10, 12, 0), "active", 2000);  /* the master's own */
	booking(8, 2, 1, 20, berlin(5, 2, 10, 0), berlin(5, 2, 12, 0), "active", 2000);    /* May */
	booking(9, 2, 1, 20, berlin(4, 30, 23, 0), berlin(5, 1, 1, 0), "active", 2000);    /* starts in April: 2000 -> 300 */
	booking(10, 2, 1, 20, berlin(3, 31, 23, 30), berlin(4, 1, 1, 0), "active", 2000); /* starts in March */
	booking(11, 2, 3, 20, berlin(4, 11, 10, 0), berlin(4, 11, 12, 0), "active", 2000); /* Link mode: no rate */
	booking(12, 2, 1, 20, berlin(4, 12, 10, 0), berlin(4, 12, 12, 0), "deleted", 2000);
	booking(13, 2, 1, 20, berlin(4, 9, 10, 0), berlin(4, 9, 11, 0), "active", 500);    /* old subscription: 1000 * 10 % */
	booking(14, 2, 1, 20, berlin(5, 20, 10, 0), berlin(5, 20, 12, 0), "active", 2000);  /* not over at now */
	return 0;
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static struct splitbill_query april(void)
{
	struct splitbill_query q = {.master = 1, .from = berlin(4, 1, 0, 0), .to = berlin(5, 1, 0, 0), .now = berlin(5, 10, 12, 0)};
	return q;
}

/* ---- Rounding. */

static void split_rounds_half_up_in_cents(void **state)
{
	assert_int_equal(splitbill_split(0, 50), 0);
	assert_int_equal(splitbill_split(2500, 15), 375);
	assert_int_equal(splitbill_split(250, 15), 38);     /* 37.5 */
	assert_int_equal(splitbill_split(1750, 33), 578);   /* 577.5 */
	assert_int_equal(splitbill_split(583, 33), 192);    /* 192.39 */
	assert_int_equal(splitbill_split(1, 50), 1);        /* 0.5 */
	assert_int_equal(splitbill_split(1, 49), 0);        /* 0.49 */
	assert_int_equal(splitbill_split(3, 50), 2);        /* 1.5 */
	assert_int_equal(splitbill_split(199, 25), 50);     /* 49.75 */
	assert_int_equal(splitbill_split(202, 25), 51);     /* 50.5 */
	assert_int_equal(splitbill_split(12345, 100), 12345);
	assert_int_equal(splitbill_split(12345, 0), 0);
	assert_int_equal(splitbill_split(-250, 15), -38);   /* a reversal mirrors its record */
	assert_int_equal(splitbill_split(100, 150), 100);   /* clamped */
	assert_int_equal(splitbill_split(100, -5), 0);
	assert_int_equal(splitbill_split(10000000000LL, 33), 3300000000LL);
}

/* ---- Rows and totals. */

#define MAXROWS 32
struct collect {
	struct sbout_row rows[MAXROWS];
	int n;
	struct sbout_total t[4], all;
	int nt;
};

static int collect(void *ctx, const struct sbout_row *row)
{
	struct collect *c = ctx;
	if (c->n < MAXROWS)
		c->rows[c->n++] = *row;
	sbout_add(c->t, 4, &c->nt, &c->all, row);
	return 0;
}

static void run(const struct splitbill_query *q, struct collect *c)
{
	memset(c, 0, sizeof *c);
	assert_int_equal(splitbill_each(q, collect, c), ST_OK);
}

static void april_rows_fees_rates_and_totals(void **state)
{
	struct splitbill_query q = april();
	struct collect c;
	run(&q, &c);
	/* Grouped by subscriber name, then by start. */
	static const struct { int64_t id, fee; int rate; int64_t split; } want[] = {
		{1, 2500, 15, 375}, {2, 250, 15, 38}, {6, 1000, 15, 150}, {13, 1000, 10, 100}, {9, 2000, 15, 300},
		{3, 1750, 33, 578}, {4, 583, 33, 192},
	};
	assert_int_equal(c.n, 7);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(c.rows[i].booking_id, want[i].id);
		assert_int_equal(c.rows[i].fee, want[i].fee);
		assert_int_equal(c.rows[i].rate, want[i].rate);
		assert_int_equal(c.rows[i].split_fee, want[i].split);
	}
	assert_true(c.rows[2].storno);
	assert_string_equal(c.rows[0].subscriber_name, "Beta CSO");
	assert_string_equal(c.rows[0].member_no, "B-7");
	assert_string_equal(c.rows[0].login, "BERT");
	assert_string_equal(c.rows[0].vehicle, "Bus");
	assert_int_equal(c.rows[0].start, berlin(4, 2, 10, 0));
	assert_int_equal(c.rows[0].end, berlin(4, 2, 12, 30));
	assert_string_equal(c.rows[6].vehicle, "Kombi");

	assert_int_equal(c.nt, 2);
	assert_int_equal(c.t[0].subscriber, 2);
	assert_string_equal(c.t[0].subscriber_name, "Beta CSO");
	assert_int_equal(c.t[0].bookings, 5);
	assert_int_equal(c.t[0].fee, 6750);
	assert_int_equal(c.t[0].split_fee, 963);   /* sum of rounded rows, not the rounded sum */
	assert_int_equal(c.t[1].subscriber, 3);
	assert_int_equal(c.t[1].bookings, 2);
	assert_int_equal(c.t[1].fee, 2333);
	assert_int_equal(c.t[1].split_fee, 770);
	assert_int_equal(c.all.bookings, 7);
	assert_int_equal(c.all.fee, 9083);
	assert_int_equal(c.all.split_fee, 1733);
}

static void filters_by_vehicle_subscriber_and_period(void **state)
{
	struct splitbill_query q = april();
	struct collect c;
	q.vehicle = 2;
	run(&q, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.rows[0].booking_id, 4);

	q = april();
	q.subscriber = 3;
	run(&q, &c);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.all.split_fee, 770);

	q = april();
	q.subscriber = 3;
	q.vehicle = 1;
	run(&q, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.rows[0].booking_id, 3);

	/* May: the ended booking 8; 14 is not over yet. */
	q = april();
	q.from = berlin(5, 1, 0, 0);
	q.to = berlin(6, 1, 0, 0);
	run(&q, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.rows[0].booking_id, 8);
	q.now = berlin(5, 21, 0, 0);
	run(&q, &c);
	assert_int_equal(c.n, 2);

	/* Another organisation as master sees nothing of Alpha's vehicles. */
	q = april();
	q.master = 2;
	run(&q, &c);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.nt, 0);
	assert_int_equal(c.all.bookings, 0);
}

static void trip_data_makes_a_km_booking_billable(void **state)
{
	exec("INSERT INTO trip (booking_id, org_id, vehicle_id, start, km_start, km_end, entered_by, entered_at)"
	     " SELECT 5, 3, 2, start, 110, 150, 30, 0 FROM booking WHERE id = 5");
	struct splitbill_query q = april();
	q.subscriber = 3;
	struct collect c;
	run(&q, &c);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.rows[2].booking_id, 5);
	assert_int_equal(c.rows[2].fee, 333 + 40 * 25);
	assert_int_equal(c.rows[2].split_fee, 440);  /* 1333 * 33 % = 439.89 */
}

static int stop_after_two(void *ctx, const struct sbout_row *row)
{
	int *n = ctx;
	return ++*n == 2 ? 42 : 0;
}

static void a_callback_can_stop_the_walk(void **state)
{
	struct splitbill_query q = april();
	int n = 0;
	assert_int_equal(splitbill_each(&q, stop_after_two, &n), 42);
	assert_int_equal(n, 2);
	/* The statement was reset: a second walk works. */
	n = 0;
	assert_int_equal(splitbill_each(&q, stop_after_two, &n), 42);
}

static void totals_beyond_capacity_count_in_the_grand_total(void **state)
{
	struct sbout_total t[1], all;
	memset(&all, 0, sizeof all);
	int n = 0;
	struct sbout_row a = {.subscriber = 2, .fee = 100, .split_fee = 10};
	struct sbout_row b = {.subscriber = 3, .fee = 200, .split_fee = 20};
	sbout_add(t, 1, &n, &all, &a);
	sbout_add(t, 1, &n, &all, &a);
	sbout_add(t, 1, &n, &all, &b);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].bookings, 2);
	assert_int_equal(t[0].fee, 200);
	assert_int_equal(all.bookings, 3);
	assert_int_equal(all.fee, 400);
	assert_int_equal(all.split_fee, 40);
}

/* A booking shortened inside the master's cancellation period keeps its cut-off time billable as
 * a CHGSTO version: the split counts it, as the subscriber bills it to its member. */
static void changed_storno_versions_count(void **state)
{
	booking(15, 2, 1, 20, berlin(4, 14, 10, 0), berlin(4, 14, 11, 0), "active", 2000);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id, start, end, purpose, kind,"
	         " replaced_at, replaced_by) VALUES (15, 2, 1, 20, %lld, %lld, '', 'CHGSTO', 2500, 20)",
	         (long long)berlin(4, 14, 10, 0), (long long)berlin(4, 14, 14, 0));
	exec(sql);
	struct splitbill_query q = april();
	q.subscriber = 2;
	struct collect c;
	run(&q, &c);
	const struct sbout_row *row = NULL;
	for (int i = 0; i < c.n; i++)
		if (c.rows[i].booking_id == 15)
			row = &c.rows[i];
	assert_non_null(row);
	/* 1 h booked: 1000; the 3 h given up at the 50 % storno share: 1500. */
	assert_int_equal(row->fee, 1000 + 1500);
	assert_int_equal(row->split_fee, 375);  /* 2500 * 15 % */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_rounds_half_up_in_cents),
		cmocka_unit_test(totals_beyond_capacity_count_in_the_grand_total),
		cmocka_unit_test_setup_teardown(april_rows_fees_rates_and_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(filters_by_vehicle_subscriber_and_period, setup, teardown),
		cmocka_unit_test_setup_teardown(trip_data_makes_a_km_booking_billable, setup, teardown),
		cmocka_unit_test_setup_teardown(a_callback_can_stop_the_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(changed_storno_versions_count, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
