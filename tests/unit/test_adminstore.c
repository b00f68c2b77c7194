/* test_adminstore: unit tests for the master-data rules and the CSV import against a real SQLite file: tenancy, refusals, cascades, ADMIN lines, all-or-nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/adminstore.h"
#include "store/db.h"
#include "store/importstore.h"
#include "base/utf8.h"
#include "testdb.h"


static const char fixture[] =
    "INSERT INTO org (id, name) VALUES (1, 'Eins'), (2, 'Zwei');"
    "INSERT INTO member (id, org_id, login, is_admin, pw_hash) VALUES (1, 1, 'ADMIN', 1, 'x'), (2, 1, 'NEUMANN', 0, 'x'),"
    " (3, 2, 'ADMIN2', 1, 'x'), (4, 1, 'HELFER', 0, 'x');"
    "INSERT INTO area (id, org_id, name, sort) VALUES (1, 1, 'Innenstadt', 10), (2, 1, 'Leer', 20), (3, 2, 'Fremd', 10);"
    "INSERT INTO vehicle (id, org_id, area_id, name, descr) VALUES (1, 1, 1, 'VW Golf', 'blau'), (2, 1, 1, 'Fiat 500', ''),"
    " (3, 2, 3, 'Fremdwagen', '');"
    "INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, created_by, created_at, changed_at) VALUES"
    " (1, 1, 1, 2, 1000, 2000, 2, 0, 0), (2, 1, 1, 2, 3000, 4000, 2, 0, 0), (3, 1, 2, 2, 5000, 6000, 4, 0, 0);"
    "INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id, start, end, kind, replaced_at, replaced_by)"
    " VALUES (3, 1, 1, 2, 100, 200, 'CHGSTO', 0, 2);";

static const struct actor A1 = {.org_id = 1, .member_id = 1, .login = "ADMIN", .tz = "Europe/Berlin", .now = 1795428000};
static const struct actor A2 = {.org_id = 2, .member_id = 3, .login = "ADMIN2", .tz = "Europe/Berlin", .now = 1795428000};

static int setup(void **state)
{
	if (testdb_open("adminstore", fixture) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static int64_t num(const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db_handle(), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The newest action-log line from its action word on ("ADMIN ..."). */
static const char *last_line(char *buf, size_t n)
{
	sqlite3_stmt *st = NULL;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(db_handle(), "SELECT line FROM actionlog ORDER BY id DESC LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	const char *p = strstr(buf, ": ADMIN");
	return p ? p + 2 : buf;
}

static void areas(void **state)
{
	char buf[AL_LINE_MAX];
	int n = -1;
	assert_int_equal(adm_area_delete(&A1, 1, &n), ST_HAS_VEHICLES);
	assert_int_equal(n, 2);
	assert_int_equal(adm_area_delete(&A2, 1, &n), ST_NOT_FOUND);
	assert_int_equal(adm_area_delete(&A2, 3, &n), ST_HAS_VEHICLES);
	struct adm_area ar = {.name = "Neu", .sort = 95};
	assert_int_equal(adm_area_create(&A1, &ar), ST_OK);
	assert_string_equal(last_line(buf, sizeof buf), "ADMIN area 4 created: name \"Neu\", sort 95");
	ar.sort = 5;
	assert_int_equal(adm_area_update(&A2, &ar), ST_NOT_FOUND);
	assert_int_equal(adm_area_update(&A1, &ar), ST_OK);
	assert_string_equal(last_line(buf, sizeof buf), "ADMIN area 4 \"Neu\" changed: sort 95 -> 5");
	assert_int_equal(adm_area_delete(&A1, 4, &n), ST_OK);
	assert_int_equal(adm_area_delete(&A1, 2, &n), ST_OK);
	/* Only Innenstadt is left, and it has vehicles; an empty last area stays too. */
	sqlite3_exec(db_handle(), "DELETE FROM booking_version; DELETE FROM booking; DELETE FROM vehicle WHERE org_id = 1", NULL, NULL, NULL);
	assert_int_equal(adm_area_delete(&A1, 1, &n), ST_LAST_AREA);
	assert_true(sqlite3_get_autocommit(db_handle()));
}

static void vehicles(void **state)
{
	char buf[AL_LINE_MAX];
	struct adm_vehicle v = {.area_id = 1, .name = "vw golf", .descr = ""};
	assert_int_equal(adm_vehicle_create(&A1, &v), ST_DUPLICATE);
	v.area_id = 3;
	snprintf(v.name, sizeof v.name, "Polo");
	assert_int_equal(adm_vehicle_create(&A1, &v), ST_BAD_AREA);
	v.area_id = 2;
	assert_int_equal(adm_vehicle_create(&A1, &v), ST_OK);
	assert_string_equal(last_line(buf, sizeof buf), "ADMIN vehicle 4 created: name \"Polo\", descr \"\", area \"Leer\", sort 0");
	/* The same name in another organisation. */
	struct adm_vehicle w = {.area_id = 3, .name = "Polo"};
	assert_int_equal(adm_vehicle_create(&A2, &w), ST_OK);
	struct adm_vehicle x;
	assert_int_equal(adm_vehicle_load(&A2, 1, &x), ST_NOT_FOUND);
	int total = -1, period = -1, billed = -1;
	assert_int_equal(adm_vehicle_counts(&A1, 1, 0, 2500, &total, &period, &billed), ST_OK);
	assert_int_equal(total, 2);
	assert_int_equal(period, 1);
	assert_int_equal(billed, 0);
	int n = -1;
	assert_int_equal(adm_vehicle_delete(&A2, 1, &n, &billed), ST_NOT_FOUND);
	assert_int_equal(adm_vehicle_delete(&A1, 1, &n, &billed), ST_OK);
	assert_int_equal(n, 2);
	/* Its bookings go, and so does the earlier version of booking 3 that was on it. */
	assert_int_equal(num("SELECT count(*) FROM booking WHERE vehicle_id = 1"), 0);
	assert_int_equal(num("SELECT count(*) FROM booking_version"), 0);
	assert_int_equal(num("SELECT count(*) FROM booking WHERE id = 3"), 1);
	assert_string_equal(last_line(buf, sizeof buf), "ADMIN vehicle 1 \"VW Golf\" deleted with 2 bookings");
}

static void members(void **state)
{
	char buf[AL_LINE_MAX];
	int64_t id = 0;
	assert_int_equal(adm_member_create(&A1, "NEUMANN", &id), ST_DUPLICATE);
	assert_int_equal(adm_member_create(&A2, "NEUMANN", &id), ST_OK);
	assert_string_equal(last_line(buf, sizeof buf), "ADMIN member 5 NEUMANN created");
	struct adm_member m;
	assert_int_equal(adm_member_load(&A1, 1, &m), ST_OK);
	m.locked = true;
	assert_int_equal(adm_member_update(&A1, &m, NULL), ST_SELF);
	m.locked = false;
	m.is_admin = false;
	assert_int_equal(adm_member_update(&A1, &m, NULL), ST_SELF);
	int n = -1;
	int billed = -1;
	assert_int_equal(adm_member_delete(&A1, 1, &n, &billed), ST_SELF);
	/* HELFER entered booking 3 for NEUMANN: refused. */
	int own = -1, others = -1;
	assert_int_equal(adm_member_counts(&A1, 4, &own, &others, &billed), ST_OK);
	assert_int_equal(own, 0);
	assert_int_equal(others, 1);
	assert_int_equal(billed, 0);
	assert_int_equal(adm_member_delete(&A1, 4, &n, &billed), ST_IN_USE);
	assert_int_equal(n, 1);
	/* A password change is logged without the hash; sessions end. */
	assert_int_equal(adm_member_load(&A1, 2, &m), ST_OK);
	sqlite3_exec(db_handle(), "INSERT INTO session VALUES (x'01', 2, 'c', 0, 0, 9999999999, 0)", NULL, NULL, NULL);
	assert_int_equal(adm_member_update(&A1, &m, "$argon2id$secret"), ST_OK);
	assert_string_equal(last_line(buf, sizeof buf), "ADMIN member 2 NEUMANN changed: password set");
	assert_int_equal(num("SELECT count(*) FROM session WHERE member_id = 2"), 0);
	assert_int_equal(num("SELECT count(*) FROM actionlog WHERE line LIKE '%argon%'"), 0);
	assert_int_equal(adm_member_load(&A2, 2, &m), ST_NOT_FOUND);
	/* NEUMANN goes with their bookings (and booking 3's version). */
	assert_int_equal(adm_member_delete(&A1, 2, &n, &billed), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(num("SELECT count(*) FROM booking"), 0);
}

static void settings(void **state)
{
	char buf[AL_LINE_MAX];
	struct adm_settings s;
	assert_int_equal(adm_settings_load(&A1, &s), ST_OK);
	snprintf(s.name, sizeof s.name, "Zwei");
	assert_int_equal(adm_settings_update(&A1, &s), ST_DUPLICATE);
	snprintf(s.name, sizeof s.name, "Eins");
	s.grid_minutes = 30;
	assert_int_equal(adm_settings_update(&A1, &s), ST_OK);
	assert_string_equal(last_line(buf, sizeof buf), "ADMIN settings changed: grid_minutes 15 -> 30");
}

static void import_all_or_nothing(void **state)
{
	struct imp_check *c = malloc(sizeof *c);
	const char *ok = "name;descr;area;sort\nVW Golf;grün;Leer;1\nNeu;;innenstadt;2\nFiat 500;;Innenstadt;0\n";
	assert_int_equal(imp_check(&A1, IMP_VEHICLES, ok, strlen(ok), c), ST_OK);
	assert_int_equal(c->nnew, 1);
	assert_int_equal(c->nchanged, 1);
	assert_int_equal(c->nunchanged, 1);
	assert_string_equal(c->rows[0].changes, "descr \"blau\" -> \"grün\", area \"Innenstadt\" -> \"Leer\", sort 0 -> 1");
	imp_free(c);
	int64_t id = 0;
	assert_int_equal(imp_stage(&A1, IMP_VEHICLES, ok, strlen(ok), &id), ST_OK);
	assert_int_equal(imp_apply(&A2, id, c), ST_NOT_FOUND);
	imp_free(c);
	/* The second row's area disappears before the confirmation: nothing at all is written. */
	int64_t logs = num("SELECT count(*) FROM actionlog");
	sqlite3_exec(db_handle(), "UPDATE area SET name = 'Mitte' WHERE id = 1", NULL, NULL, NULL);
	assert_int_equal(imp_apply(&A1, id, c), ST_ROWS);
	imp_free(c);
	assert_int_equal(num("SELECT count(*) FROM vehicle WHERE name = 'Neu'"), 0);
	assert_int_equal(num("SELECT count(*) FROM vehicle WHERE descr = 'grün'"), 0);
	assert_int_equal(num("SELECT count(*) FROM actionlog"), logs);
	assert_int_equal(num("SELECT count(*) FROM import_upload"), 1);
	sqlite3_exec(db_handle(), "UPDATE area SET name = 'Innenstadt' WHERE id = 1", NULL, NULL, NULL);
	assert_int_equal(imp_apply(&A1, id, c), ST_OK);
	imp_free(c);
	assert_int_equal(num("SELECT count(*) FROM vehicle WHERE name = 'Neu' AND area_id = 1 AND sort = 2"), 1);
	assert_int_equal(num("SELECT count(*) FROM vehicle WHERE descr = 'grün' AND area_id = 2"), 1);
	assert_int_equal(num("SELECT count(*) FROM actionlog"), logs + 3);
	assert_int_equal(num("SELECT count(*) FROM import_upload"), 0);
	/* Errors, each with its line and column, sorted by line. */
	const char *bad = "login;descr;admin\nneumann;x;0\nJörg;y;0\nNEUMANN;z;1\nOK;a;kaputt\n";
	assert_int_equal(imp_check(&A1, IMP_MEMBERS, bad, strlen(bad), c), ST_ROWS);
	assert_int_equal(c->nerrors, 3);
	assert_int_equal(c->errors[0].line, 3);
	assert_string_equal(c->errors[0].column, "login");
	assert_string_equal(c->errors[0].arg, "JOERG");
	assert_int_equal(c->errors[1].line, 4);
	assert_string_equal(c->errors[1].key, "adm.imp.err.duplicate_login");
	assert_string_equal(c->errors[1].arg, "2");
	assert_int_equal(c->errors[2].line, 5);
	assert_string_equal(c->errors[2].column, "admin");
	imp_free(c);
	assert_int_equal(imp_check(&A1, IMP_MEMBERS, "", 0, c), ST_FILE);
	assert_int_equal(c->file_status, CSVF_EMPTY);
	imp_free(c);
	free(c);
	assert_true(sqlite3_get_autocommit(db_handle()));
}

/* The list cursors read only the actor's organisation, in the pages' order, and end cleanly. */
static void lists(void **state)
{
	struct adm_cursor c;
	struct adm_area_row ar;
	assert_int_equal(adm_areas_open(&c, &A1), ST_OK);
	assert_true(adm_areas_row(&c, &ar));
	assert_string_equal(ar.name, "Innenstadt");
	assert_int_equal(ar.vehicles, 2);
	assert_false(ar.hidden);
	adm_cursor_next(&c);
	assert_true(adm_areas_row(&c, &ar));
	assert_string_equal(ar.name, "Leer");
	assert_int_equal(ar.vehicles, 0);
	adm_cursor_next(&c);
	assert_false(adm_areas_row(&c, &ar));
	assert_int_equal(adm_cursor_close(&c), ST_OK);

	struct adm_vehicle_row v;
	int n = 0;
	assert_int_equal(adm_vehicles_open(&c, &A1, 0), ST_OK);
	for (; adm_vehicles_row(&c, &v); adm_cursor_next(&c), n++)
		assert_int_equal(v.area_id, 1);
	assert_int_equal(adm_cursor_close(&c), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(adm_vehicles_open(&c, &A1, 2), ST_OK);
	assert_false(adm_vehicles_row(&c, &v));
	assert_int_equal(adm_cursor_close(&c), ST_OK);
	assert_int_equal(adm_vehicles_open(&c, &A1, 3), ST_OK);   /* another organisation's area */
	assert_false(adm_vehicles_row(&c, &v));
	assert_int_equal(adm_cursor_close(&c), ST_OK);

	struct adm_member_row m;
	const char *logins[] = {"ADMIN", "HELFER", "NEUMANN"};
	n = 0;
	assert_int_equal(adm_members_open(&c, &A1), ST_OK);
	for (; adm_members_row(&c, &m); adm_cursor_next(&c), n++)
		assert_string_equal(m.login, logins[n]);
	assert_int_equal(adm_cursor_close(&c), ST_OK);
	assert_int_equal(n, 3);

	struct adm_tariff t = {.name = "Basis", .per_hour = 250, .max_24h = -1, .per_km = 30};
	assert_int_equal(adm_tariff_create(&A1, &t), ST_OK);
	struct adm_tariff_row tr;
	assert_int_equal(adm_tariffs_open(&c, &A1), ST_OK);
	assert_true(adm_tariffs_row(&c, &tr));
	assert_string_equal(tr.name, "Basis");
	assert_int_equal(tr.max_24h, -1);
	assert_int_equal(tr.per_km, 30);
	adm_cursor_next(&c);
	assert_false(adm_tariffs_row(&c, &tr));
	assert_int_equal(adm_cursor_close(&c), ST_OK);
	assert_int_equal(adm_tariffs_open(&c, &A2), ST_OK);
	assert_false(adm_tariffs_row(&c, &tr));
	assert_int_equal(adm_cursor_close(&c), ST_OK);

	int64_t id = 0;
	assert_int_equal(adm_api_create(&A1, "BUCH", "tok", &id), ST_OK);
	struct adm_api_account acc;
	assert_int_equal(adm_apis_open(&c, &A1), ST_OK);
	assert_true(adm_apis_row(&c, &acc));
	assert_string_equal(acc.name, "BUCH");
	assert_int_equal(acc.last_call_at, 0);
	adm_cursor_next(&c);
	assert_false(adm_apis_row(&c, &acc));
	assert_int_equal(adm_cursor_close(&c), ST_OK);
	assert_true(sqlite3_get_autocommit(db_handle()));
}

/* A booking whose billing record was retrieved (or exported) keeps its vehicle and member. */
static void billed_not_deleted(void **state)
{
	sqlite3_exec(db_handle(),
	             "INSERT INTO billing (org_id, booking_id, kind, vehicle_id, member_id, start, end, price, billing_date)"
	             " VALUES (1, 1, 'normal', 1, 2, 1000, 2000, 500, 1700000000);"
	             "INSERT INTO billing (org_id, booking_id, kind, vehicle_id, member_id, start, end, price, exported)"
	             " VALUES (1, 2, 'normal', 1, 2, 3000, 4000, 500, 1);"
	             "INSERT INTO billing (org_id, booking_id, kind, vehicle_id, member_id, start, end, price)"
	             " VALUES (1, 3, 'normal', 2, 2, 5000, 6000, 500);",
	             NULL, NULL, NULL);
	int total = -1, period = -1, billed = -1, n = -1;
	assert_int_equal(adm_vehicle_counts(&A1, 1, 0, 2500, &total, &period, &billed), ST_OK);
	assert_int_equal(billed, 2);
	int64_t logs = num("SELECT count(*) FROM actionlog");
	assert_int_equal(adm_vehicle_delete(&A1, 1, &n, &billed), ST_IN_USE);
	assert_int_equal(billed, 2);
	assert_int_equal(num("SELECT count(*) FROM booking WHERE vehicle_id = 1"), 2);
	assert_int_equal(num("SELECT count(*) FROM billing_dirty"), 3);   /* the fixture's inserts only */
	assert_int_equal(num("SELECT count(*) FROM actionlog"), logs);
	/* Vehicle 2's only record is not billed yet, but booking 3 has a version on vehicle 1. */
	assert_int_equal(adm_vehicle_counts(&A1, 2, 0, 1, &total, &period, &billed), ST_OK);
	assert_int_equal(billed, 0);
	int own = -1, others = -1;
	assert_int_equal(adm_member_counts(&A1, 2, &own, &others, &billed), ST_OK);
	assert_int_equal(billed, 2);
	assert_int_equal(adm_member_delete(&A1, 2, &n, &billed), ST_IN_USE);
	assert_int_equal(billed, 2);
	assert_int_equal(num("SELECT count(*) FROM member WHERE id = 2"), 1);
	assert_true(sqlite3_get_autocommit(db_handle()));
}

/* Market locks: a subscription's local name, an area that subscriptions use, a released tariff,
 * a released vehicle's name in the form and in the import. */
static void market_locks(void **state)
{
	sqlite3_exec(db_handle(),
	             "INSERT INTO subscription (org_id, vehicle_id, local_name, area_id, created_at, created_by)"
	             " VALUES (1, 3, 'Gastwagen', 2, 0, 1);"
	             "INSERT INTO tariff (id, org_id, name, per_hour, per_km) VALUES (7, 1, 'Markt', 300, 20);"
	             "UPDATE vehicle SET tariff_id = 7 WHERE id = 2;"
	             "INSERT INTO offer (vehicle_id, org_id, portal) VALUES (2, 1, 0);",
	             NULL, NULL, NULL);
	struct adm_vehicle v = {.area_id = 1, .name = "GASTWAGEN"};
	assert_int_equal(adm_vehicle_create(&A1, &v), ST_NAME_TAKEN);
	struct adm_vehicle w;
	assert_int_equal(adm_vehicle_load(&A1, 1, &w), ST_OK);
	snprintf(w.name, sizeof w.name, "Gastwagen");
	assert_int_equal(adm_vehicle_update(&A1, &w), ST_NAME_TAKEN);
	struct imp_check *ic = malloc(sizeof *ic);
	const char *sub = "name;area\ngastWAGEN;Leer\n";
	assert_int_equal(imp_check(&A1, IMP_VEHICLES, sub, strlen(sub), ic), ST_ROWS);
	assert_string_equal(ic->errors[0].key, "adm.imp.err.subscription_name");
	imp_free(ic);
	free(ic);
	int n = -1;
	assert_int_equal(adm_area_delete(&A1, 2, &n), ST_IN_USE);
	assert_int_equal(n, 1);
	assert_int_equal(num("SELECT count(*) FROM area WHERE id = 2"), 1);

	assert_int_equal(adm_tariff_released(&A1, 7, &n), ST_OK);
	assert_int_equal(n, 1);
	struct adm_tariff t;
	assert_int_equal(adm_tariff_load(&A1, 7, &t), ST_OK);
	t.per_hour = 1;
	assert_int_equal(adm_tariff_update(&A1, &t), ST_RELEASED_TARIFF);
	assert_int_equal(num("SELECT per_hour FROM tariff WHERE id = 7"), 300);
	t.per_hour = 300;
	snprintf(t.name, sizeof t.name, "Markttarif");
	assert_int_equal(adm_tariff_update(&A1, &t), ST_OK);   /* the name is no price */

	struct adm_vehicle f;
	assert_int_equal(adm_vehicle_load(&A1, 2, &f), ST_OK);
	snprintf(f.name, sizeof f.name, "FIAT 500");
	assert_int_equal(adm_vehicle_update(&A1, &f), ST_RELEASED_NAME);
	/* The import matches names ignoring case: the same change is refused there too. */
	struct imp_check *c = malloc(sizeof *c);
	const char *csv = "name;area\nFIAT 500;Innenstadt\n";
	assert_int_equal(imp_check(&A1, IMP_VEHICLES, csv, strlen(csv), c), ST_ROWS);
	assert_int_equal(c->nerrors, 1);
	assert_string_equal(c->errors[0].key, "adm.imp.err.released_name");
	imp_free(c);
	sqlite3_exec(db_handle(), "UPDATE offer SET portal = NULL WHERE vehicle_id = 2", NULL, NULL, NULL);
	assert_int_equal(imp_check(&A1, IMP_VEHICLES, csv, strlen(csv), c), ST_OK);
	assert_int_equal(c->nchanged, 1);
	imp_free(c);
	free(c);
	assert_true(sqlite3_get_autocommit(db_handle()));
}

/* Text cut into fixed-size fields stays valid UTF-8; limits count characters. */
static void utf8_cuts(void **state)
{
	char big[600] = "";
	for (int i = 0; i < 100; i++)
		strcat(big, "\xF0\x9F\x9A\x97");   /* 4-byte emoji, 400 bytes */
	struct adm_diff d;
	adm_diff_init(&d, "x");
	for (int i = 0; i < 5; i++)
		adm_diff_text(&d, "name", NULL, big);
	assert_true(utf8_valid(d.buf, strlen(d.buf)));
	assert_true(strlen(d.buf) < sizeof d.buf);
	struct imp_check *c = malloc(sizeof *c);
	/* 60 emoji (240 bytes) are 60 characters: within a name's limit of 60. */
	char csv[1200];
	char name[300] = "";
	for (int i = 0; i < 60; i++)
		strcat(name, "\xC3\xA4");
	snprintf(csv, sizeof csv, "name;area\n%s;Unbekannt%s\n", name, big);
	assert_int_equal(imp_check(&A1, IMP_VEHICLES, csv, strlen(csv), c), ST_ROWS);
	assert_int_equal(c->nerrors, 1);
	assert_string_equal(c->errors[0].key, "adm.imp.err.unknown_area");
	assert_true(utf8_valid(c->errors[0].arg, strlen(c->errors[0].arg)));
	imp_free(c);
	free(c);
	struct adm_settings s;
	assert_int_equal(adm_settings_load(&A1, &s), ST_OK);
	assert_false(s.has_coords);
	snprintf(s.address, sizeof s.address, "Hauptstraße 1, Berlin");
	s.has_coords = true;
	s.lat = 52.52;
	s.lon = 13.405;
	assert_int_equal(adm_settings_update(&A1, &s), ST_OK);
	struct adm_settings t;
	assert_int_equal(adm_settings_load(&A1, &t), ST_OK);
	assert_string_equal(t.address, "Hauptstraße 1, Berlin");
	assert_true(t.has_coords);
	assert_true(t.lat > 52.519 && t.lat < 52.521);
	assert_true(t.lon > 13.404 && t.lon < 13.406);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(areas, setup, teardown),
		cmocka_unit_test_setup_teardown(vehicles, setup, teardown),
		cmocka_unit_test_setup_teardown(members, setup, teardown),
		cmocka_unit_test_setup_teardown(settings, setup, teardown),
		cmocka_unit_test_setup_teardown(import_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(lists, setup, teardown),
		cmocka_unit_test_setup_teardown(billed_not_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(market_locks, setup, teardown),
		cmocka_unit_test_setup_teardown(utf8_cuts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
