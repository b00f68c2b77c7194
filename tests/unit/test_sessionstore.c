/* test_sessionstore: unit tests for sessions, login attempts and the one rule of what a new password does to sessions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/sessionstore.h"
#include "testdb.h"

static const char *const FIXTURE =
    "INSERT INTO org (id, name) VALUES (1, 'Demo'), (2, 'Zweite');"
    "INSERT INTO member (id, org_id, login, pw_hash, is_admin, locked) VALUES"
    " (1, 1, 'ADMIN', 'h-admin', 1, 0), (2, 1, 'NEUMANN', 'h-neumann', 0, 0), (3, 1, 'GESPERRT', 'h3', 0, 1),"
    " (4, 2, 'NEUMANN', 'h-other', 0, 0);";

static int setup(void **state)
{
	return testdb_open("sessionstore", FIXTURE);
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

static void hash_of(int n, unsigned char h[SESS_HASH_BYTES])
{
	memset(h, 0, SESS_HASH_BYTES);
	h[0] = (unsigned char)n;
}

static int sessions_of(int64_t member)
{
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM session WHERE member_id = ?");
	sqlite3_bind_int64(st, 1, member);
	sqlite3_step(st);
	int n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

static void find_and_delete(void **state)
{
	unsigned char h[SESS_HASH_BYTES];
	hash_of(1, h);
	assert_int_equal(sess_insert(h, 2, "csrf-a", 1000, 3600, false), ST_OK);
	struct sess_row row;
	bool found = false;
	assert_int_equal(sess_find(h, &row, &found), ST_OK);
	assert_true(found);
	assert_int_equal(row.user.id, 2);
	assert_string_equal(row.user.login, "NEUMANN");
	assert_string_equal(row.user.csrf, "csrf-a");
	assert_int_equal(row.org.id, 1);
	assert_string_equal(row.org.tz, "Europe/Berlin");
	assert_int_equal(row.expires_at, 4600);
	assert_false(row.locked);
	sess_touch(h, 1500);
	assert_int_equal(sess_find(h, &row, &found), ST_OK);
	assert_int_equal(row.last_seen, 1500);
	assert_int_equal(sess_delete(h), ST_OK);
	assert_int_equal(sess_find(h, &row, &found), ST_OK);
	assert_false(found);
}

static void insert_prunes_expired(void **state)
{
	unsigned char a[SESS_HASH_BYTES], b[SESS_HASH_BYTES];
	hash_of(2, a);
	hash_of(3, b);
	assert_int_equal(sess_insert(a, 1, "old", 0, 100, false), ST_OK);
	assert_int_equal(sess_insert(b, 1, "new", 200, 100, false), ST_OK);   /* a expired at 100 */
	struct sess_row row;
	bool found = true;
	assert_int_equal(sess_find(a, &row, &found), ST_OK);
	assert_false(found);
	assert_int_equal(sess_find(b, &row, &found), ST_OK);
	assert_true(found);
	assert_int_equal(sess_delete(b), ST_OK);
}

static void locked_member(void **state)
{
	unsigned char h[SESS_HASH_BYTES];
	hash_of(4, h);
	assert_int_equal(sess_insert(h, 3, "x", 0, 3600, false), ST_OK);
	struct sess_row row;
	bool found;
	assert_int_equal(sess_find(h, &row, &found), ST_OK);
	assert_true(found && row.locked);   /* the door refuses it */
	sess_drop(h);
	assert_int_equal(sessions_of(3), 0);
}

static void password_rule(void **state)
{
	unsigned char h1[SESS_HASH_BYTES], h2[SESS_HASH_BYTES], h3[SESS_HASH_BYTES];
	hash_of(10, h1);
	hash_of(11, h2);
	hash_of(12, h3);
	/* NEUMANN has two sessions, the administrator one. */
	assert_int_equal(sess_insert(h1, 2, "neu-1", 0, 9999, false), ST_OK);
	assert_int_equal(sess_insert(h2, 2, "neu-2", 0, 9999, false), ST_OK);
	assert_int_equal(sess_insert(h3, 1, "adm-1", 0, 9999, false), ST_OK);

	/* Own change: the session in use stays, the other ends. */
	struct actor self = {.member_id = 2, .org_id = 1, .login = "NEUMANN", .session_csrf = "neu-1", .now = 10};
	assert_int_equal(sess_password_change(&self, "h-new"), ST_OK);
	assert_int_equal(sessions_of(2), 1);
	struct sess_row row;
	bool found;
	assert_int_equal(sess_find(h1, &row, &found), ST_OK);
	assert_true(found);
	char hash[64];
	assert_int_equal(sess_member_hash(2, hash, sizeof hash), ST_OK);
	assert_string_equal(hash, "h-new");

	/* An administrator sets NEUMANN's password: every session of NEUMANN ends, the admin's stays. */
	struct actor adm = {.member_id = 1, .org_id = 1, .login = "ADMIN", .is_admin = true, .session_csrf = "adm-1", .now = 11};
	assert_int_equal(db_begin(), ST_OK);
	assert_int_equal(sess_password_write(&adm, 2, "h-admin-set"), ST_OK);
	assert_int_equal(db_commit(), ST_OK);
	assert_int_equal(sessions_of(2), 0);
	assert_int_equal(sessions_of(1), 1);

	/* Without a session of its own (a command, a test), an actor's own change ends all. */
	struct actor bare = {.member_id = 1, .org_id = 1, .login = "ADMIN", .now = 12};
	assert_int_equal(sess_password_change(&bare, "h-admin-2"), ST_OK);
	assert_int_equal(sessions_of(1), 0);
	/* The other organisation's NEUMANN is untouched. */
	assert_int_equal(sess_member_hash(4, hash, sizeof hash), ST_OK);
	assert_string_equal(hash, "h-other");
}

static void member_lookup(void **state)
{
	int64_t id;
	char hash[64];
	bool locked, found;
	assert_int_equal(sess_member_find(2, "NEUMANN", &id, hash, sizeof hash, &locked, &found), ST_OK);
	assert_true(found);
	assert_int_equal(id, 4);
	assert_int_equal(sess_member_find(1, "NIEMAND", &id, hash, sizeof hash, &locked, &found), ST_OK);
	assert_false(found);
	assert_int_equal(id, 0);
	assert_string_equal(hash, "");
}

static void attempts(void **state)
{
	for (int i = 0; i < 3; i++)
		assert_int_equal(sess_attempt(100 + i, 1, "HUBER", "10.0.0.1", 0), ST_OK);
	assert_int_equal(sess_attempt(103, 1, "HUBER", "10.0.0.1", 1), ST_OK);  /* a success counts nothing */
	assert_int_equal(sess_attempt(104, 0, "API:X", "10.0.0.1", 0), ST_OK);  /* no organisation */
	int nl, na;
	int64_t fl, fa;
	assert_int_equal(sess_failures(1, "HUBER", "10.0.0.1", 0, &nl, &fl, &na, &fa), ST_OK);
	assert_int_equal(nl, 3);
	assert_int_equal(fl, 100);
	assert_int_equal(na, 4);
	assert_int_equal(sess_failures(1, "HUBER", "10.0.0.2", 101, &nl, &fl, &na, &fa), ST_OK);
	assert_int_equal(nl, 1);   /* only after 101 */
	assert_int_equal(na, 0);
	assert_int_equal(sess_failures(0, "API:X", "x", 0, &nl, &fl, &na, &fa), ST_OK);
	assert_int_equal(nl, 1);   /* org 0 matches the attempts stored without one */
	assert_int_equal(sess_failures(1, "API:X", "x", 0, &nl, &fl, &na, &fa), ST_OK);
	assert_int_equal(nl, 0);
}

static void count_orgs(void *ctx, int64_t id, const char *name, const char *lang)
{
	char *names = ctx;
	strcat(names, name);
	strcat(names, ";");
}

static void orgs(void **state)
{
	char names[64] = "";
	int n = 0;
	assert_int_equal(sess_orgs(count_orgs, names, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(names, "Demo;Zweite;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_and_delete), cmocka_unit_test(insert_prunes_expired), cmocka_unit_test(locked_member),
		cmocka_unit_test(password_rule),   cmocka_unit_test(member_lookup),         cmocka_unit_test(attempts),
		cmocka_unit_test(orgs),
	};
	return cmocka_run_group_tests_name("sessionstore", tests, setup, teardown);
}
