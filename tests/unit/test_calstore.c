/* test_calstore: unit tests of calstore (areas, the streamed grid cursor with own and shared vehicles, the booking form's choices) against a real temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "store/calstore.h"
#include "store/db.h"
#include "testdb.h"

/* Org 1 owns the Golf (1) and the Polo (2) in area 1 and releases both (the Polo in Link mode);
 * org 2 has its own Fremdwagen (4) in area 3 and subscribed both into it, the Polo invisible to
 * members first. A window of one day: [T0, T0 + 86400). */
#define T0 1800000000LL
#define H 3600LL

static const char fixture[] =
    "INSERT INTO org (id, name) VALUES (1, 'Demo'), (2, 'Other');"
    "INSERT INTO member (id, org_id, login, descr, is_admin, locked) VALUES"
    " (1, 1, 'ADMIN', 'Anna', 1, 0), (2, 1, 'NEUMANN', 'Nora', 0, 0), (10, 2, 'ADMIN2', 'Zweiter', 1, 0),"
    " (11, 2, 'BERGER', 'Paul', 0, 0);"
    "INSERT INTO area (id, org_id, name, sort) VALUES (1, 1, 'Mitte', 1), (2, 1, 'Werkstatt', 95),"
    " (3, 2, 'Zweite', 1), (4, 2, 'Archiv', 99);"
    "INSERT INTO vehicle (id, org_id, area_id, name, descr, sort) VALUES"
    " (1, 1, 1, 'VW Golf', 'blau', 1), (2, 1, 1, 'Polo', '', 2), (3, 1, 2, 'Hidden car', '', 1),"
    " (4, 2, 3, 'Fremdwagen', '', 1);"
    "INSERT INTO offer (vehicle_id, org_id, link_mode, link_url, portal, released_at, released_by) VALUES"
    " (1, 1, 0, '', 0, 1, 1), (2, 1, 1, 'https://demo.example/polo', 0, 1, 1);"
    "INSERT INTO subscription (id, org_id, vehicle_id, local_name, local_descr, area_id, visible, created_at, created_by) VALUES"
    " (1, 2, 1, 'A-Golf', 'geteilt', 3, 1, 1, 10), (2, 2, 2, 'B-Polo', '', 3, 0, 1, 10);";

static int setup(void **state)
{
	return testdb_open("calstore", fixture) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static void exec(const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db_handle(), sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", sql, err);
	sqlite3_free(err);
	assert_int_equal(rc, SQLITE_OK);
}

/* A booking row written directly (calstore only reads). */
static void booking(int id, int org, int vehicle, int member, int64_t start, int64_t end, const char *status,
                    const char *purpose)
{
	char q[512];
	snprintf(q, sizeof q,
	         "INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, purpose, status, created_by,"
	         " created_at, changed_at) VALUES (%d, %d, %d, %d, %lld, %lld, '%s', '%s', %d, 1, 1)",
	         id, org, vehicle, member, (long long)start, (long long)end, purpose, status, member);
	exec(q);
}

/* The grid of area as org sees it, as one line: "V<id>[s|L] " per vehicle (s shared, L Link
 * mode), "b<id>:<purpose>/<org name> " per booking. */
static void grid_read(int64_t org, int64_t area, char *out, size_t size)
{
	struct cal_grid g;
	struct cal_row row;
	out[0] = '\0';
	assert_int_equal(cal_open(&g, org, area, T0, T0 + 24 * H), ST_OK);
	enum cal_step st;
	while ((st = cal_next(&g, &row)) != CAL_END) {
		char one[128];
		if (st == CAL_VEHICLE)
			snprintf(one, sizeof one, "V%lld%s%s ", (long long)row.v.id, row.v.own ? "" : "s",
			         row.v.link_mode ? "L" : "");
		else
			snprintf(one, sizeof one, "b%lld:%s/%s ", (long long)row.b.id, row.b.purpose, row.b.org_name);
		strncat(out, one, size - strlen(out) - 1);
	}
	assert_int_equal(cal_close(&g), ST_OK);
}

static void grid_streams_own_then_shared_rows(void **state)
{
	booking(1, 1, 1, 2, T0 + 9 * H, T0 + 10 * H, "active", "g1");
	booking(2, 2, 1, 11, T0 + 12 * H, T0 + 13 * H, "active", "g2");
	booking(3, 1, 1, 2, T0 - 2 * H, T0 + H, "active", "g0");         /* reaches into the window */
	booking(4, 1, 1, 2, T0 + 30 * H, T0 + 31 * H, "active", "gx");   /* after it */
	booking(5, 1, 2, 2, T0 + 5 * H, T0 + 6 * H, "storno", "ps");     /* cancelled */
	booking(6, 1, 2, 2, T0 + 7 * H, T0 + 8 * H, "active", "p1");
	booking(7, 2, 4, 11, T0 + 7 * H, T0 + 8 * H, "active", "f1");
	char seen[512];
	/* The owner: its two vehicles, each with its bookings by start; the subscriber's named. */
	grid_read(1, 1, seen, sizeof seen);
	assert_string_equal(seen, "V1 b3:g0/ b1:g1/ b2:g2/Other V2 b6:p1/ ");
	/* The subscriber: its own vehicle, then the shared Golf (the invisible Polo not). */
	grid_read(2, 3, seen, sizeof seen);
	assert_string_equal(seen, "V4 b7:f1/ V1s b3:g0/Demo b1:g1/Demo b2:g2/ ");
	/* Visible now, the Polo follows in Link mode, by local name. */
	exec("UPDATE subscription SET visible = 1 WHERE id = 2");
	grid_read(2, 3, seen, sizeof seen);
	assert_string_equal(seen, "V4 b7:f1/ V1s b3:g0/Demo b1:g1/Demo b2:g2/ V2sL b6:p1/Demo ");
	/* A withdrawn offer or an ended subscription takes the row away. */
	exec("UPDATE offer SET portal = NULL WHERE vehicle_id = 2; UPDATE subscription SET cancelled_at = 5 WHERE id = 1");
	grid_read(2, 3, seen, sizeof seen);
	assert_string_equal(seen, "V4 b7:f1/ ");
	/* Another organisation's area: nothing. */
	grid_read(2, 1, seen, sizeof seen);
	assert_string_equal(seen, "");
}

static void grid_cursor_may_end_early(void **state)
{
	booking(1, 1, 1, 2, T0 + 9 * H, T0 + 10 * H, "active", "g1");
	struct cal_grid g;
	struct cal_row row;
	assert_int_equal(cal_open(&g, 1, 1, T0, T0 + 24 * H), ST_OK);
	assert_int_equal(cal_next(&g, &row), CAL_VEHICLE);
	assert_int_equal(cal_close(&g), ST_OK);
	/* The statements are reset: a second read starts from the beginning. */
	char seen[256];
	grid_read(1, 1, seen, sizeof seen);
	assert_string_equal(seen, "V1 b1:g1/ V2 ");
}

struct names {
	char s[512];
};

static void add_area(void *ctx, const struct cal_area *a)
{
	struct names *n = ctx;
	strncat(n->s, a->name, sizeof n->s - strlen(n->s) - 2);
	strcat(n->s, " ");
}

static void add_choice(void *ctx, const struct cal_choice *c)
{
	struct names *n = ctx;
	char one[128];
	snprintf(one, sizeof one, "%s:%s%s ", c->area, c->name, c->hidden ? "(h)" : "");
	strncat(n->s, one, sizeof n->s - strlen(n->s) - 1);
}

static void add_member(void *ctx, const struct cal_member *m)
{
	struct names *n = ctx;
	strncat(n->s, m->login, sizeof n->s - strlen(n->s) - 2);
	strcat(n->s, " ");
}

static void areas_and_choices(void **state)
{
	struct names n = {""};
	assert_int_equal(cal_areas(1, add_area, &n), ST_OK);
	assert_string_equal(n.s, "Mitte ");
	struct cal_area a;
	assert_int_equal(cal_area_get(1, 2, &a), ST_OK);
	assert_true(a.hidden);
	assert_string_equal(a.name, "Werkstatt");
	assert_int_equal(cal_area_get(1, 3, &a), ST_NOT_FOUND);   /* another organisation's */

	/* Members of org 2: the own vehicle and the visible shared Golf, never the Link-mode Polo. */
	n.s[0] = '\0';
	assert_int_equal(cal_vehicle_choices(2, false, add_choice, &n), ST_OK);
	assert_string_equal(n.s, "Zweite:Fremdwagen Zweite:A-Golf ");
	exec("UPDATE subscription SET visible = 0 WHERE id = 1");
	n.s[0] = '\0';
	assert_int_equal(cal_vehicle_choices(2, false, add_choice, &n), ST_OK);
	assert_string_equal(n.s, "Zweite:Fremdwagen ");
	/* Administrators see the invisible one, marked hidden; org 1's admin its hidden area. */
	n.s[0] = '\0';
	assert_int_equal(cal_vehicle_choices(2, true, add_choice, &n), ST_OK);
	assert_string_equal(n.s, "Zweite:Fremdwagen Zweite:A-Golf(h) ");
	n.s[0] = '\0';
	assert_int_equal(cal_vehicle_choices(1, true, add_choice, &n), ST_OK);
	assert_string_equal(n.s, "Mitte:VW Golf Mitte:Polo Werkstatt:Hidden car(h) ");
	n.s[0] = '\0';
	assert_int_equal(cal_member_choices(2, add_member, &n), ST_OK);
	assert_string_equal(n.s, "ADMIN2 BERGER ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(grid_streams_own_then_shared_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(grid_cursor_may_end_early, setup, teardown),
		cmocka_unit_test_setup_teardown(areas_and_choices, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
