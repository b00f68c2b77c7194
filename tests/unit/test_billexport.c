/* test_billexport: unit tests of billing exports (provider filter per record, records held by an export in the bin, the overview's orders, rows read as a cursor, sums) against a real temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/billexport.h"
#include "store/db.h"
#include "testdb.h"

#define H 3600LL
#define T0 1780000000LL
#define MS(s) ((s) * 1000LL)

/* Org 1 "Demo" books its own Golf (vehicle 1) and org 2's shared Zoe (vehicle 2, provided by "Other"). */
static const char fixture[] =
    "INSERT INTO org (id, name, storno_share_pct) VALUES (1, 'Demo', 50), (2, 'Other', 100);"
    "INSERT INTO member (id, org_id, login, descr, member_no) VALUES (1, 1, 'ADMIN', 'Anna Admin', '1000'),"
    " (2, 1, 'NEUMANN', 'Nina Neumann, 0171', '1002'), (10, 2, 'BERGER', '', '2001');"
    "INSERT INTO area (id, org_id, name) VALUES (1, 1, 'Mitte'), (2, 2, 'Bahnhof');"
    "INSERT INTO tariff (id, org_id, name, per_hour, max_24h, per_km) VALUES (1, 1, 'Basis', 400, 3000, 0),"
    " (2, 2, 'Other', 200, NULL, 0);"
    "INSERT INTO vehicle (id, org_id, area_id, name, tariff_id) VALUES (1, 1, 1, 'VW Golf', 1), (2, 2, 2, 'Zoe', 2);"
    "INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, created_by, created_at, changed_at) VALUES"
    " (1, 1, 2, 1779900000, 1779903600, '', 2, 1779800000, 1779800000),"
    " (1, 2, 2, 1779910000, 1779917200, '', 2, 1779800000, 1779800000),"
    " (1, 1, 2, 1779920000, 1779923600, '', 2, 1779800000, 1779800000);";

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
	return testdb_open("billexport", fixture) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static struct bx_created create(const char *title, const char *provider, bool mark)
{
	struct bx_export_in in = {.title = title, .teaser = "", .provider = provider, .start = T0 - 100 * H,
	                          .end = T0, .mark = mark};
	struct bx_created out;
	assert_int_equal(bx_create(1, 1, &in, MS(T0), &out), ST_OK);
	assert_true(sqlite3_get_autocommit(db_handle()));
	assert_true(out.id > 0);
	return out;
}

static void provider_filter_matches_each_record(void **state)
{
	struct bx_created all = create("Alle", "", false);
	assert_int_equal(all.nrows, 3);
	/* The shared Zoe is provided by its owner, whatever the case of the filter. */
	struct bx_created other = create("Fremd", "oTHER", false);
	assert_int_equal(other.nrows, 1);
	char q[160];
	snprintf(q, sizeof q, "SELECT count(*) FROM billing_export_row WHERE export_id = %lld AND provider = 'Other'"
	         " AND title = 'Zoe'", (long long)other.id);
	assert_int_equal(count(q), 1);
	struct bx_created own = create("Eigen", "Demo", false);
	assert_int_equal(own.nrows, 2);
	snprintf(q, sizeof q, "SELECT count(*) FROM billing_export_row WHERE export_id = %lld AND provider = 'Demo'",
	         (long long)own.id);
	assert_int_equal(count(q), 2);
	assert_int_equal(create("Niemand", "Dritte", false).nrows, 0);
	assert_int_equal(other.in_bin + own.in_bin, 0);
}

static void records_held_by_a_deleted_export_are_named(void **state)
{
	struct bx_created plain = create("Ohne Markierung", "", false); /* holds the records, takes none */
	assert_int_equal(plain.nrows, 3);
	struct bx_created a = create("A", "", true);
	assert_int_equal(a.nrows, 3);
	assert_int_equal(bx_delete(1, a.id, true, T0), ST_OK);
	struct bx_created b = create("B", "", true);
	assert_int_equal(b.nrows, 0);
	assert_int_equal(b.in_bin, 3);
	assert_int_equal(b.bin_export, a.id);
	/* With a provider filter only that provider's records count. */
	struct bx_created c = create("C", "Other", false);
	assert_int_equal(c.in_bin, 1);
	/* Restored, the export holds its records again: nothing is in the bin. */
	assert_int_equal(bx_delete(1, a.id, false, T0), ST_OK);
	struct bx_created d = create("D", "", false);
	assert_int_equal(d.nrows, 0);
	assert_int_equal(d.in_bin, 0);
	assert_int_equal(d.bin_export, 0);
}

struct seen {
	int n;
	char titles[8][16];
	int64_t deleted_at[8];
};

static void collect(void *ctx, const struct bx_export *e)
{
	struct seen *s = ctx;
	assert_true(s->n < 8);
	assert_true(strlen(e->title) < sizeof s->titles[0]);
	memcpy(s->titles[s->n], e->title, strlen(e->title) + 1);
	s->deleted_at[s->n++] = e->deleted_at;
}

static void overview_orders_and_bin(void **state)
{
	struct bx_created b = create("beta", "", false), a = create("Alpha", "", false), c = create("Gamma", "", false);
	struct seen s = {0};
	assert_int_equal(bx_list(1, false, BX_SORT_TITLE, false, collect, &s), ST_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.titles[0], "Alpha");   /* case-insensitive */
	assert_string_equal(s.titles[1], "beta");
	assert_string_equal(s.titles[2], "Gamma");
	memset(&s, 0, sizeof s);
	assert_int_equal(bx_list(1, false, BX_SORT_TITLE, true, collect, &s), ST_OK);
	assert_string_equal(s.titles[0], "Gamma");
	/* Equal creation times: the newest id first, in both directions of a time column. */
	memset(&s, 0, sizeof s);
	assert_int_equal(bx_list(1, false, BX_SORT_CREATED, true, collect, &s), ST_OK);
	assert_string_equal(s.titles[0], "Gamma");
	assert_int_equal(bx_delete(1, a.id, true, T0 + 5), ST_OK);
	memset(&s, 0, sizeof s);
	assert_int_equal(bx_list(1, false, BX_SORT_START, false, collect, &s), ST_OK);
	assert_int_equal(s.n, 2);
	memset(&s, 0, sizeof s);
	assert_int_equal(bx_list(1, true, BX_SORT_TITLE, false, collect, &s), ST_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.titles[0], "Alpha");
	assert_int_equal(s.deleted_at[0], T0 + 5);
	/* Another organisation sees none of them; load keeps bin and overview apart. */
	memset(&s, 0, sizeof s);
	assert_int_equal(bx_list(2, false, BX_SORT_TITLE, false, collect, &s), ST_OK);
	assert_int_equal(s.n, 0);
	struct bx_export x;
	bool found = true;
	assert_int_equal(bx_load(1, a.id, false, &x, &found), ST_OK);
	assert_false(found);
	assert_int_equal(bx_load(1, a.id, true, &x, &found), ST_OK);
	assert_true(found);
	assert_int_equal(bx_load(2, b.id, false, &x, &found), ST_OK);
	assert_false(found);
	assert_int_equal(bx_load(1, c.id, false, &x, &found), ST_OK);
	assert_true(found);
	assert_string_equal(x.title, "Gamma");
	assert_string_equal(x.owner, "ADMIN");
	assert_int_equal(x.rows, 3);
	assert_int_equal(x.deleted_at, -1);
}

static void rows_stream_and_sums(void **state)
{
	struct bx_created e = create("E", "", false);
	struct bx_row_in manual = {.oe = "1", .lastname = "Meier", .firstname = "Max", .provider = "Demo",
	                           .title = "Korrektur", .start = T0 - 50 * H, .end = T0 - 49 * H, .price = -500,
	                           .discount = 100};
	int64_t row_id = 0;
	assert_int_equal(bx_row_add(1, e.id, &manual, T0, &row_id), ST_OK);
	int64_t exp_id = 0;
	assert_int_equal(bx_row_delete(1, row_id, true, T0, &exp_id), ST_OK);
	assert_int_equal(exp_id, e.id);
	/* The file leaves the marked row out; the page shows it. */
	struct bx_cursor c;
	struct bx_row r;
	int n = 0, deleted = 0;
	assert_int_equal(bx_open(&c, 1, e.id, true, 0, 0), ST_OK);
	for (; bx_row(&c, &r); bx_next(&c))
		n++;
	assert_int_equal(bx_close(&c), ST_OK);
	assert_int_equal(n, 3);
	n = 0;
	assert_int_equal(bx_open(&c, 1, e.id, false, 10, 0), ST_OK);
	for (; bx_row(&c, &r); bx_next(&c)) {
		n++;
		deleted += r.deleted;
		if (r.id == row_id)
			assert_int_equal(r.billing_id, 0);
		else
			assert_true(r.billing_id > 0);
	}
	assert_int_equal(bx_close(&c), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(deleted, 1);
	/* A page of two from offset 3: one row. Another organisation: none. */
	n = 0;
	assert_int_equal(bx_open(&c, 1, e.id, false, 2, 3), ST_OK);
	for (; bx_row(&c, &r); bx_next(&c))
		n++;
	assert_int_equal(bx_close(&c), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(bx_open(&c, 2, e.id, true, 0, 0), ST_OK);
	assert_false(bx_row(&c, &r));
	assert_int_equal(bx_close(&c), ST_OK);
	struct bx_sums s;
	assert_int_equal(bx_sums(1, e.id, &s), ST_OK);
	assert_int_equal(s.count, 3);
	assert_int_equal(s.price, count("SELECT sum(price) FROM billing"));
	assert_int_equal(s.discount, 0);
	struct bx_row_rec rec;
	bool found = false;
	assert_int_equal(bx_row_load(1, row_id, &rec, &found), ST_OK);
	assert_true(found);
	assert_string_equal(rec.title, "Korrektur");
	assert_string_equal(rec.export_title, "E");
	assert_true(rec.deleted);
	assert_int_equal(bx_row_load(2, row_id, &rec, &found), ST_OK);
	assert_false(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(provider_filter_matches_each_record, setup, teardown),
		cmocka_unit_test_setup_teardown(records_held_by_a_deleted_export_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(overview_orders_and_bin, setup, teardown),
		cmocka_unit_test_setup_teardown(rows_stream_and_sums, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
