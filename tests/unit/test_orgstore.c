/* test_orgstore: unit tests for organisations created by the operator or the set-up, and for ids never reused after a delete (migration 008). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/orgstore.h"
#include "testdb.h"

static int setup(void **state)
{
	return testdb_open("orgstore", "SELECT 1");
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static long long q1(const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db_handle(), sql, -1, &st, NULL), SQLITE_OK);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static void create_first_then_closed(void **state)
{
	struct orgst_new in = {"Nord", "Europe/Berlin", "de", "CHEF", "$argon2id$x", "Standort"};
	int64_t id = 0, id2 = 0;
	int n = -1;
	assert_int_equal(orgst_count(&n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(orgst_create_first(&in, 1700000000, &id), ST_OK);
	assert_true(id > 0);
	assert_int_equal(q1("SELECT count(*) FROM member WHERE is_admin = 1 AND login = 'CHEF'"), 1);
	assert_int_equal(q1("SELECT count(*) FROM area"), 1);
	assert_int_equal(q1("SELECT count(*) FROM actionlog WHERE line LIKE '%SETUP: ADMIN organisation%'"), 1);
	struct orgst_new other = {"Süd", "Europe/Berlin", "de", "CHEF", "$argon2id$x", "Standort"};
	assert_int_equal(orgst_create_first(&other, 1700000000, &id2), ST_FORBIDDEN);
	assert_int_equal(orgst_create(&in, "T", 1700000000, &id2), ST_DUPLICATE);
	assert_int_equal(q1("SELECT count(*) FROM org"), 1);
	assert_int_equal(orgst_create(&other, "T", 1700000000, &id2), ST_OK);
	assert_int_equal(orgst_find("Süd", &id), ST_OK);
	assert_int_equal(id, id2);
	assert_int_equal(orgst_find("Ost", &id), ST_NOT_FOUND);
}

static void reset_password_rules(void **state)
{
	int64_t org;
	assert_int_equal(orgst_find("Nord", &org), ST_OK);
	assert_int_equal(orgst_reset_password(org, "chef", "$argon2id$new", "T", 1700000001), ST_OK);
	assert_int_equal(q1("SELECT count(*) FROM member WHERE pw_hash = '$argon2id$new'"), 1);
	assert_int_equal(orgst_reset_password(org, "NIEMAND", "$argon2id$n", "T", 1700000001), ST_NOT_FOUND);
	assert_int_equal(sqlite3_exec(db_handle(), "INSERT INTO member (org_id, login) SELECT id, 'PLAIN' FROM org WHERE name = 'Nord'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(orgst_reset_password(org, "plain", "$argon2id$n", "T", 1700000001), ST_FORBIDDEN);
	assert_int_equal(q1("SELECT count(*) FROM member WHERE pw_hash = '$argon2id$n'"), 0);
}

static void ids_never_reused(void **state)
{
	/* The newest member is deleted; the next one gets a new id (SQLite without AUTOINCREMENT would
	 * hand out the same id again). */
	long long last = q1("SELECT max(id) FROM member");
	assert_int_equal(sqlite3_exec(db_handle(), "DELETE FROM member WHERE login = 'PLAIN'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db_handle(), "INSERT INTO member (org_id, login) SELECT id, 'NEU' FROM org WHERE name = 'Nord'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(q1("SELECT id FROM member WHERE login = 'NEU'"), last + 1);
	/* The same for organisations. */
	long long lastorg = q1("SELECT max(id) FROM org");
	assert_int_equal(sqlite3_exec(db_handle(), "DELETE FROM actionlog WHERE org_id = (SELECT max(id) FROM org);"
	                             "DELETE FROM member WHERE org_id = (SELECT max(id) FROM org);"
	                             "DELETE FROM area WHERE org_id = (SELECT max(id) FROM org);"
	                             "DELETE FROM org WHERE id = (SELECT max(id) FROM org)", NULL, NULL, NULL), SQLITE_OK);
	struct orgst_new in = {"West", "Europe/Berlin", "en", "BOSS", "$argon2id$x", "Location"};
	int64_t id = 0;
	assert_int_equal(orgst_create(&in, "T", 1700000002, &id), ST_OK);
	assert_int_equal(id, lastorg + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_first_then_closed),
		cmocka_unit_test(reset_password_rules),
		cmocka_unit_test(ids_never_reused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
