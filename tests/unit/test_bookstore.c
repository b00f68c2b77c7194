/* test_bookstore: unit tests of bookstore (create, change, delete, view) against a real temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/bookstore.h"
#include "store/calstore.h"
#include "store/trips.h"
#include "base/utf8.h"
#include "store/db.h"
#include "base/timeutil.h"
#include "testdb.h"

#define BERLIN "Europe/Berlin"
#define H 3600LL
#define M 60LL

/* Fixture ids. Org 1 "Demo" (24 h cancellation, 15 min grid), org 2 "Other". */
enum {
	ORG1 = 1, ORG2 = 2,
	ADMIN = 1, NEUMANN = 2, MEIER = 3, LOCKED = 4, ADMIN2 = 10,
	AREA1 = 1, AREA_HIDDEN = 2, AREA_ORG2 = 3,
	GOLF = 1, POLO = 2, HIDDEN_CAR = 3, ORG2_CAR = 4
};


static const char fixture[] =
    "INSERT INTO org (id, name, tz, cancel_hours, grid_minutes) VALUES"
    " (1, 'Demo', 'Europe/Berlin', 24, 15), (2, 'Other', 'Europe/Berlin', 24, 15);"
    "INSERT INTO member (id, org_id, login, descr, is_admin, locked) VALUES"
    " (1, 1, 'ADMIN', 'Anna Admin', 1, 0), (2, 1, 'NEUMANN', 'Nora Neumann', 0, 0),"
    " (3, 1, 'MEIER', 'Max Meier', 0, 0), (4, 1, 'LOCKED', '', 0, 1),"
    " (10, 2, 'ADMIN2', 'Zweiter Admin', 1, 0);"
    "INSERT INTO area (id, org_id, name, sort) VALUES"
    " (1, 1, 'Mitte', 1), (2, 1, 'Werkstatt', 95), (3, 2, 'Zweite', 1);"
    "INSERT INTO vehicle (id, org_id, area_id, name, descr, sort) VALUES"
    " (1, 1, 1, 'VW Golf', 'blau', 1), (2, 1, 1, 'Polo', '', 2),"
    " (3, 1, 2, 'Hidden car', '', 1), (4, 2, 3, 'Fremdwagen', '', 1);";

/* UTC of a Berlin wall-clock time. */
static int64_t berlin(int y, int mo, int d, int h, int mi, int s)
{
	struct tu_tm t = { .year = y, .mon = mo, .day = d, .hour = h, .min = mi, .sec = s };
	int64_t u = 0;
	assert_int_equal(tu_from_local(BERLIN, &t, &u), TU_OK);
	return u;
}

/* "Now" of every test: Monday 04.05.26 08:00:07 in Berlin (summer time). */
static int64_t now0(void)
{
	return berlin(2026, 5, 4, 8, 0, 7);
}

static struct actor actor(int64_t member, const char *login, bool admin, int64_t org)
{
	struct actor a = { .member_id = member, .org_id = org, .login = login, .is_admin = admin,
		           .tz = BERLIN, .cancel_hours = 24, .grid_minutes = 15, .now = now0() };
	return a;
}

static struct actor neumann(void) { return actor(NEUMANN, "NEUMANN", false, ORG1); }
static struct actor meier(void) { return actor(MEIER, "MEIER", false, ORG1); }
static struct actor admin(void) { return actor(ADMIN, "ADMIN", true, ORG1); }
static struct actor admin2(void) { return actor(ADMIN2, "ADMIN2", true, ORG2); }

static int64_t count(const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Text of the first column of the first row of sql with one integer parameter, copied into buf. */
static const char *text1(char *buf, size_t n, const char *sql, int64_t p)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, p);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	else
		snprintf(buf, n, "<no row>");
	sqlite3_finalize(st);
	return buf;
}

/* The idx-th action-log line (0 = oldest). */
static const char *log_line(char *buf, size_t n, int64_t idx)
{
	return text1(buf, n, "SELECT line FROM actionlog ORDER BY id LIMIT 1 OFFSET ?", idx);
}

static void assert_no_transaction(void)
{
	assert_true(sqlite3_get_autocommit(db_handle()));
}

/* A fresh database file per test: migrations applied by db_open, then the fixture. */
static int setup(void **state)
{
	if (testdb_open("bookstore", fixture) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	testdb_close();
	return 0;
}

/* Creates a booking and asserts success; returns its id. */
static int64_t make(const struct actor *a, int64_t vehicle, int64_t member, int64_t start, int64_t end,
                    const char *purpose)
{
	struct bookstore_input in = { .vehicle_id = vehicle, .member_id = member, .start = start, .end = end,
		                    .purpose = purpose };
	int64_t id = 0;
	enum bk_check span = BK_OK;
	struct bookstore_row conflict;
	assert_int_equal(bookstore_create(a, &in, &id, &span, &conflict), ST_OK);
	assert_int_equal(span, BK_OK);
	assert_true(id > 0);
	assert_no_transaction();
	return id;
}

/* ---- create */

static void create_writes_row_and_exact_create_line(void **state)
{
	struct actor a = neumann();
	int64_t s = berlin(2026, 5, 6, 10, 0, 0), e = berlin(2026, 5, 6, 12, 30, 0);
	int64_t id = make(&a, GOLF, 0, s, e, "Einkauf");
	assert_int_equal(count("SELECT count(*) FROM booking"), 1);
	char q[512];
	snprintf(q, sizeof q,
	         "SELECT count(*) FROM booking WHERE id = %lld AND org_id = 1 AND vehicle_id = 1 AND member_id = 2"
	         " AND start = %lld AND end = %lld AND purpose = 'Einkauf' AND status = 'active'"
	         " AND created_by = 2 AND created_at = %lld AND changed_at = %lld",
	         (long long)id, (long long)s, (long long)e, (long long)a.now, (long long)a.now);
	assert_int_equal(count(q), 1);
	char line[1100];
	char want[512];
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 NEUMANN: CREATE %lld VW-GOLF 06.05.26 10:00--06.05.26 12:30 NEUMANN,"
	         " created by NEUMANN at 04.05.26 08:00:07: Einkauf", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 0), want);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE org_id = 1 AND at = " "(SELECT created_at FROM booking)"), 1);
}

static void create_without_purpose_ends_after_created_at(void **state)
{
	struct actor a = admin();
	int64_t s = berlin(2026, 5, 7, 9, 15, 0), e = berlin(2026, 5, 7, 9, 45, 0);
	int64_t id = make(&a, POLO, MEIER, s, e, "");
	char line[1100], want[512];
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 ADMIN: CREATE %lld POLO 07.05.26 09:15--07.05.26 09:45 MEIER,"
	         " created by ADMIN at 04.05.26 08:00:07", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 0), want);
	/* The administrator booked for MEIER: member is MEIER, creator is ADMIN. */
	assert_int_equal(count("SELECT count(*) FROM booking WHERE member_id = 3 AND created_by = 1"), 1);
}

static void touching_bookings_do_not_conflict(void **state)
{
	struct actor a = neumann();
	int64_t t8 = berlin(2026, 5, 6, 8, 0, 0), t10 = berlin(2026, 5, 6, 10, 0, 0),
	        t12 = berlin(2026, 5, 6, 12, 0, 0);
	make(&a, GOLF, 0, t8, t10, "a");
	make(&a, GOLF, 0, t10, t12, "b");
	/* And one ending exactly where the first starts. */
	make(&a, GOLF, 0, t8 - 2 * H, t8, "c");
	assert_int_equal(count("SELECT count(*) FROM booking WHERE status = 'active'"), 3);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '% CREATE %'"), 3);
}

static void overlap_is_conflict_and_writes_nothing(void **state)
{
	struct actor n = neumann(), m = meier();
	int64_t t10 = berlin(2026, 5, 6, 10, 0, 0), t12 = berlin(2026, 5, 6, 12, 0, 0);
	int64_t first = make(&n, GOLF, 0, t10, t12, "Erste");
	int64_t cases[][2] = {
		{ t10, t12 },                 /* identical */
		{ t10 + 105 * M, t12 + H },   /* 11:45-13:00: last quarter hour */
		{ t10 - H, t10 + 15 * M },    /* 09:00-10:15: first quarter hour */
		{ t10 + 30 * M, t10 + 60 * M }, /* inside */
		{ t10 - H, t12 + H },         /* around */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bookstore_input in = { .vehicle_id = GOLF, .start = cases[i][0], .end = cases[i][1], .purpose = "x" };
		int64_t id = -1;
		enum bk_check span = BK_OK;
		struct bookstore_row c;
		memset(&c, 0, sizeof c);
		assert_int_equal(bookstore_create(&m, &in, &id, &span, &c), ST_CONFLICT);
		assert_int_equal(id, -1);
		assert_int_equal(c.id, first);
		assert_int_equal(c.start, t10);
		assert_int_equal(c.end, t12);
		assert_string_equal(c.member, "NEUMANN");
		assert_string_equal(c.member_descr, "Nora Neumann");
		assert_no_transaction();
	}
	assert_int_equal(count("SELECT count(*) FROM booking"), 1);
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 1);
	/* The same time on another vehicle is free. */
	make(&m, POLO, 0, t10, t12, "");
}

static void cancelled_booking_does_not_block(void **state)
{
	struct actor n = neumann(), m = meier();
	/* Within the cancellation period: deleting makes it STORNO, which must not block the car. */
	int64_t s = berlin(2026, 5, 4, 12, 0, 0), e = berlin(2026, 5, 4, 14, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, e, "");
	const char *action = NULL;
	assert_int_equal(bookstore_delete(&n, id, &action), ST_OK);
	assert_string_equal(action, "STORNO");
	make(&m, GOLF, 0, s, e, "");
	assert_int_equal(count("SELECT count(*) FROM booking WHERE status = 'active'"), 1);
	assert_int_equal(count("SELECT count(*) FROM booking WHERE status = 'storno'"), 1);
}

static void span_rules(void **state)
{
	struct actor n = neumann(), a = admin();
	int64_t t10 = berlin(2026, 5, 6, 10, 0, 0);
	struct {
		const struct actor *who;
		int64_t s, e;
		enum bk_check want;
	} cases[] = {
		{ &n, t10, t10, BK_END_NOT_AFTER_START },
		{ &n, t10, t10 - 15 * M, BK_END_NOT_AFTER_START },
		{ &n, t10 + 7 * M, t10 + H, BK_OFF_GRID },           /* 10:07 */
		{ &n, t10, t10 + H + 7 * M, BK_OFF_GRID },
		{ &n, t10 + 30, t10 + H, BK_OFF_GRID },              /* seconds */
		{ &n, berlin(2026, 5, 4, 7, 45, 0), berlin(2026, 5, 4, 9, 0, 0), BK_IN_PAST }, /* slot before now's */
		{ &n, t10, t10 + BK_MAX_SPAN + 15 * M, BK_TOO_LONG },
		{ &a, t10, t10 + BK_MAX_SPAN + 15 * M, BK_TOO_LONG },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bookstore_input in = { .vehicle_id = GOLF, .start = cases[i].s, .end = cases[i].e, .purpose = "" };
		int64_t id = 0;
		enum bk_check span = BK_OK;
		struct bookstore_row c;
		assert_int_equal(bookstore_create(cases[i].who, &in, &id, &span, &c), ST_SPAN);
		assert_int_equal(span, cases[i].want);
		assert_no_transaction();
	}
	assert_int_equal(count("SELECT count(*) FROM booking"), 0);
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 0);
	/* The current slot (08:00, now 08:00:07) is not past for a member; the past is fine for admins. */
	make(&n, GOLF, 0, berlin(2026, 5, 4, 8, 0, 0), berlin(2026, 5, 4, 9, 0, 0), "");
	make(&a, POLO, 0, berlin(2026, 5, 1, 8, 0, 0), berlin(2026, 5, 1, 9, 0, 0), "");
	/* A long blocking booking ("Dauerbuchung") by an administrator. */
	make(&a, POLO, 0, berlin(2026, 6, 1, 0, 0, 0), berlin(2027, 6, 1, 0, 0, 0), "Dauerbuchung");
	assert_int_equal(count("SELECT count(*) FROM booking"), 3);
}

static void vehicle_and_member_must_belong_to_the_org(void **state)
{
	struct actor n = neumann(), a = admin(), a2 = admin2();
	int64_t s = berlin(2026, 5, 6, 10, 0, 0), e = s + 2 * H;
	struct {
		const struct actor *who;
		int64_t vehicle, member;
		enum store_status want;
	} cases[] = {
		{ &n, 999, 0, ST_BAD_VEHICLE },         /* unknown */
		{ &n, ORG2_CAR, 0, ST_BAD_VEHICLE },    /* another organisation's */
		{ &a, ORG2_CAR, 0, ST_BAD_VEHICLE },
		{ &a2, GOLF, 0, ST_BAD_VEHICLE },
		{ &n, HIDDEN_CAR, 0, ST_BAD_VEHICLE },  /* hidden area: members cannot book it */
		{ &n, GOLF, MEIER, ST_BAD_MEMBER },     /* a member for someone else */
		{ &a, GOLF, ADMIN2, ST_BAD_MEMBER },    /* another organisation's member */
		{ &a, GOLF, 999, ST_BAD_MEMBER },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bookstore_input in = { .vehicle_id = cases[i].vehicle, .member_id = cases[i].member,
			                    .start = s, .end = e, .purpose = "" };
		int64_t id = 0;
		enum bk_check span = BK_OK;
		struct bookstore_row c;
		assert_int_equal(bookstore_create(cases[i].who, &in, &id, &span, &c), cases[i].want);
		assert_no_transaction();
	}
	assert_int_equal(count("SELECT count(*) FROM booking"), 0);
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 0);
	/* Administrators may book hidden vehicles; a member naming themselves is fine. */
	make(&a, HIDDEN_CAR, 0, s, e, "");
	make(&n, GOLF, NEUMANN, s, e, "");
}

/* ---- view, edit form, tenancy */

static void open_writes_view_and_edit_lines(void **state)
{
	struct actor n = neumann(), m = meier(), a = admin(), a2 = admin2();
	int64_t s = berlin(2026, 5, 6, 10, 0, 0), e = s + 2 * H;
	int64_t id = make(&n, GOLF, 0, s, e, "Fahrt");
	struct bookstore_row b;
	assert_int_equal(bookstore_open(&m, id, "VIEW", &b), ST_OK);
	assert_int_equal(b.id, id);
	assert_string_equal(b.vehicle, "VW Golf");
	assert_string_equal(b.member, "NEUMANN");
	assert_string_equal(b.status, "active");
	assert_int_equal(b.area_id, AREA1);
	char line[1100], want[512];
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 MEIER: VIEW %lld VW-GOLF 06.05.26 10:00--06.05.26 12:00 NEUMANN,"
	         " created by NEUMANN at 04.05.26 08:00:07: Fahrt", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 1), want);
	assert_no_transaction();

	/* Someone else's booking cannot be opened for editing by a member: no EDIT line. */
	assert_int_equal(bookstore_open(&m, id, "EDIT", &b), ST_FORBIDDEN);
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 2);
	assert_int_equal(bookstore_open(&n, id, "EDIT", &b), ST_OK);
	assert_int_equal(bookstore_open(&a, id, "EDIT", &b), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '% NEUMANN: EDIT %'"), 1);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '% ADMIN: EDIT %'"), 1);

	/* Another organisation sees nothing, and nothing is logged. */
	assert_int_equal(bookstore_open(&a2, id, "VIEW", &b), ST_NOT_FOUND);
	assert_int_equal(bookstore_load(&a2, id, &b), ST_NOT_FOUND);
	assert_int_equal(bookstore_open(&n, id + 100, "VIEW", &b), ST_NOT_FOUND);
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 4);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE org_id = 2"), 0);
}

/* ---- delete */

static void delete_before_period_removes_the_row(void **state)
{
	struct actor n = neumann();
	/* Starts 25 h 59 min 53 s after now: before the 24 h period. */
	int64_t s = berlin(2026, 5, 5, 10, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + 2 * H, "weg");
	const char *action = NULL;
	assert_int_equal(bookstore_delete(&n, id, &action), ST_OK);
	assert_string_equal(action, "DELETE");
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM booking"), 0);
	char line[1100], want[512];
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 NEUMANN: DELETE %lld VW-GOLF 05.05.26 10:00--05.05.26 12:00 NEUMANN,"
	         " created by NEUMANN at 04.05.26 08:00:07: weg", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 1), want);
	struct bookstore_row b;
	assert_int_equal(bookstore_load(&n, id, &b), ST_NOT_FOUND);
	assert_int_equal(bookstore_delete(&n, id, &action), ST_NOT_FOUND);
	assert_no_transaction();
}

static void delete_at_period_boundary(void **state)
{
	struct actor n = neumann();
	/* A start exactly 24 h after now is within the period (now >= start - 24 h). */
	int64_t s = berlin(2026, 5, 5, 8, 15, 0);
	int64_t id = make(&n, GOLF, 0, s, s + H, "");
	n.now = s - 24 * H;
	const char *action = NULL;
	assert_int_equal(bookstore_delete(&n, id, &action), ST_OK);
	assert_string_equal(action, "STORNO");
	/* One second earlier it would have been a DELETE. */
	int64_t id2 = make(&n, POLO, 0, s, s + H, "");
	n.now = s - 24 * H - 1;
	assert_int_equal(bookstore_delete(&n, id2, &action), ST_OK);
	assert_string_equal(action, "DELETE");
	assert_int_equal(count("SELECT count(*) FROM booking"), 1);
}

static void delete_within_period_is_storno(void **state)
{
	struct actor n = neumann();
	int64_t s = berlin(2026, 5, 5, 8, 0, 0); /* 23 h 59 min 53 s after now */
	int64_t id = make(&n, GOLF, 0, s, s + 2 * H, "");
	const char *action = NULL;
	assert_int_equal(bookstore_delete(&n, id, &action), ST_OK);
	assert_string_equal(action, "STORNO");
	char buf[64];
	assert_string_equal(text1(buf, sizeof buf, "SELECT status FROM booking WHERE id = ?", id), "storno");
	char line[1100], want[512];
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 NEUMANN: STORNO %lld VW-GOLF 05.05.26 08:00--05.05.26 10:00 NEUMANN,"
	         " created by NEUMANN at 04.05.26 08:00:07", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 1), want);
	/* A second cancellation is refused and writes nothing. */
	assert_int_equal(bookstore_delete(&n, id, &action), ST_NOT_ACTIVE);
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 2);
	/* Neither can it be changed or opened for editing. */
	struct bookstore_input in = { .vehicle_id = GOLF, .start = s, .end = s + H, .purpose = "" };
	enum bk_check span = BK_OK;
	struct bookstore_row c;
	assert_int_equal(bookstore_change(&n, id, &in, &span, &c), ST_NOT_ACTIVE);
	assert_int_equal(bookstore_open(&n, id, "EDIT", &c), ST_NOT_ACTIVE);
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 2);
}

static void members_touch_only_their_own_bookings(void **state)
{
	struct actor n = neumann(), m = meier(), a = admin(), a2 = admin2();
	int64_t s = berlin(2026, 5, 8, 10, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + 2 * H, "");
	const char *action = NULL;
	assert_int_equal(bookstore_delete(&m, id, &action), ST_FORBIDDEN);
	struct bookstore_input in = { .vehicle_id = GOLF, .start = s, .end = s + H, .purpose = "" };
	enum bk_check span = BK_OK;
	struct bookstore_row c;
	assert_int_equal(bookstore_change(&m, id, &in, &span, &c), ST_FORBIDDEN);
	assert_int_equal(bookstore_change(&a2, id, &in, &span, &c), ST_NOT_FOUND);
	assert_int_equal(bookstore_delete(&a2, id, &action), ST_NOT_FOUND);
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM booking WHERE status = 'active' AND end - start = 7200"), 1);
	assert_int_equal(count("SELECT count(*) FROM booking_version"), 0);
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 1);
	/* The administrator of the organisation may. */
	assert_int_equal(bookstore_delete(&a, id, &action), ST_OK);
	assert_string_equal(action, "DELETE");
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '% ADMIN: DELETE %'"), 1);
}

static void ended_booking_cannot_be_changed_by_member(void **state)
{
	struct actor a = admin(), n = neumann();
	int64_t s = berlin(2026, 5, 3, 10, 0, 0);
	int64_t id = make(&a, GOLF, NEUMANN, s, s + 2 * H, "");
	const char *action = NULL;
	assert_int_equal(bookstore_delete(&n, id, &action), ST_ENDED);
	struct bookstore_row b;
	assert_int_equal(bookstore_open(&n, id, "EDIT", &b), ST_ENDED);
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM booking WHERE status = 'active'"), 1);
	/* Viewing is still allowed. */
	assert_int_equal(bookstore_open(&n, id, "VIEW", &b), ST_OK);
}

/* ---- change */

static void change_before_period_is_chgdel_and_keeps_id(void **state)
{
	struct actor n = neumann();
	int64_t s = berlin(2026, 5, 8, 10, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + 2 * H, "alt");
	struct bookstore_input in = { .vehicle_id = POLO, .start = s + H, .end = s + 4 * H, .purpose = "neu" };
	enum bk_check span = BK_OK;
	struct bookstore_row c;
	assert_int_equal(bookstore_change(&n, id, &in, &span, &c), ST_OK);
	assert_no_transaction();
	char q[512];
	snprintf(q, sizeof q,
	         "SELECT count(*) FROM booking WHERE id = %lld AND vehicle_id = 2 AND start = %lld AND end = %lld"
	         " AND purpose = 'neu' AND status = 'active' AND member_id = 2",
	         (long long)id, (long long)(s + H), (long long)(s + 4 * H));
	assert_int_equal(count(q), 1);
	assert_int_equal(count("SELECT count(*) FROM booking"), 1);
	snprintf(q, sizeof q,
	         "SELECT count(*) FROM booking_version WHERE booking_id = %lld AND kind = 'CHGDEL' AND vehicle_id = 1"
	         " AND start = %lld AND end = %lld AND purpose = 'alt' AND replaced_by = 2",
	         (long long)id, (long long)s, (long long)(s + 2 * H));
	assert_int_equal(count(q), 1);
	char line[1100], want[512];
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 NEUMANN: CHGDEL %lld VW-GOLF 08.05.26 10:00--08.05.26 12:00 NEUMANN,"
	         " created by NEUMANN at 04.05.26 08:00:07: alt", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 1), want);
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 NEUMANN: CHANGE %lld POLO 08.05.26 11:00--08.05.26 14:00 NEUMANN,"
	         " created by NEUMANN at 04.05.26 08:00:07: neu", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 2), want);
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 3);
}

static void shortening_within_period_is_chgsto(void **state)
{
	struct actor n = neumann();
	int64_t s = berlin(2026, 5, 4, 12, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + 4 * H, "");
	struct bookstore_input in = { .vehicle_id = GOLF, .start = s, .end = s + 2 * H, .purpose = "" };
	enum bk_check span = BK_OK;
	struct bookstore_row c;
	assert_int_equal(bookstore_change(&n, id, &in, &span, &c), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM booking_version WHERE kind = 'CHGSTO'"), 1);
	char line[1100], want[512];
	snprintf(want, sizeof want,
	         "04.05.26 08:00:07 NEUMANN: CHGSTO %lld VW-GOLF 04.05.26 12:00--04.05.26 16:00 NEUMANN,"
	         " created by NEUMANN at 04.05.26 08:00:07", (long long)id);
	assert_string_equal(log_line(line, sizeof line, 1), want);
	/* Extending within the period gives up nothing: CHGDEL. */
	in.end = s + 6 * H;
	assert_int_equal(bookstore_change(&n, id, &in, &span, &c), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM booking_version WHERE kind = 'CHGDEL'"), 1);
	assert_int_equal(count("SELECT count(*) FROM actionlog WHERE line LIKE '% CHANGE %'"), 2);
	/* Moving to another vehicle within the period gives up the whole old span: CHGSTO. */
	in.vehicle_id = POLO;
	assert_int_equal(bookstore_change(&n, id, &in, &span, &c), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM booking_version WHERE kind = 'CHGSTO'"), 2);
	assert_int_equal(count("SELECT count(*) FROM booking"), 1);
}

static void delete_after_chgsto_keeps_row_as_deleted(void **state)
{
	struct actor n = neumann();
	int64_t s = berlin(2026, 5, 4, 12, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + 2 * H, "");
	/* Moved out of the period: the old version is billable (CHGSTO). */
	int64_t s2 = berlin(2026, 5, 10, 12, 0, 0);
	struct bookstore_input in = { .vehicle_id = GOLF, .start = s2, .end = s2 + 2 * H, .purpose = "" };
	enum bk_check span = BK_OK;
	struct bookstore_row c;
	assert_int_equal(bookstore_change(&n, id, &in, &span, &c), ST_OK);
	assert_int_equal(count("SELECT count(*) FROM booking_version WHERE kind = 'CHGSTO'"), 1);
	const char *action = NULL;
	assert_int_equal(bookstore_delete(&n, id, &action), ST_OK);
	assert_string_equal(action, "DELETE");
	char buf[64];
	assert_string_equal(text1(buf, sizeof buf, "SELECT status FROM booking WHERE id = ?", id), "deleted");
	assert_int_equal(count("SELECT count(*) FROM booking_version"), 1);
	/* A deleted booking is gone for everyone, and does not block. */
	struct bookstore_row b;
	assert_int_equal(bookstore_load(&n, id, &b), ST_NOT_FOUND);
	make(&n, GOLF, 0, s2, s2 + 2 * H, "");
}

static void change_rejections_write_nothing(void **state)
{
	struct actor n = neumann(), m = meier();
	int64_t s = berlin(2026, 5, 8, 10, 0, 0);
	int64_t mine = make(&n, GOLF, 0, s, s + 2 * H, "");
	int64_t other = make(&m, GOLF, 0, s + 2 * H, s + 4 * H, "");
	(void)other;
	struct bookstore_input in = { .vehicle_id = GOLF, .start = s, .end = s + 3 * H, .purpose = "" };
	enum bk_check span = BK_OK;
	struct bookstore_row c;
	memset(&c, 0, sizeof c);
	assert_int_equal(bookstore_change(&n, mine, &in, &span, &c), ST_CONFLICT);
	assert_int_equal(c.id, other);
	in.end = s + 7 * M;
	assert_int_equal(bookstore_change(&n, mine, &in, &span, &c), ST_SPAN);
	assert_int_equal(span, BK_OFF_GRID);
	in.end = s + H;
	in.vehicle_id = ORG2_CAR;
	assert_int_equal(bookstore_change(&n, mine, &in, &span, &c), ST_BAD_VEHICLE);
	in.vehicle_id = GOLF;
	in.member_id = MEIER;
	assert_int_equal(bookstore_change(&n, mine, &in, &span, &c), ST_BAD_MEMBER);
	/* Moving a booking into the past is refused for members. */
	in.member_id = 0;
	in.start = berlin(2026, 5, 4, 6, 0, 0);
	in.end = berlin(2026, 5, 4, 7, 0, 0);
	assert_int_equal(bookstore_change(&n, mine, &in, &span, &c), ST_SPAN);
	assert_int_equal(span, BK_IN_PAST);
	assert_no_transaction();
	assert_int_equal(count("SELECT count(*) FROM booking_version"), 0);
	assert_int_equal(count("SELECT count(*) FROM actionlog"), 2);
	char q[512];
	snprintf(q, sizeof q, "SELECT count(*) FROM booking WHERE id = %lld AND start = %lld AND end = %lld",
	         (long long)mine, (long long)s, (long long)(s + 2 * H));
	assert_int_equal(count(q), 1);
	/* Overlapping its own old span is not a conflict. */
	in.start = s + H;
	in.end = s + 2 * H;
	assert_int_equal(bookstore_change(&n, mine, &in, &span, &c), ST_OK);
}

static void running_booking_may_keep_its_past_start(void **state)
{
	struct actor a = admin(), n = neumann();
	int64_t s = berlin(2026, 5, 4, 7, 0, 0); /* started an hour ago */
	int64_t id = make(&a, GOLF, NEUMANN, s, s + 3 * H, "");
	struct bookstore_input in = { .vehicle_id = GOLF, .start = s, .end = s + 2 * H, .purpose = "" };
	enum bk_check span = BK_OK;
	struct bookstore_row c;
	assert_int_equal(bookstore_change(&n, id, &in, &span, &c), ST_OK);
	/* Shortening a running booking is within the period: CHGSTO. */
	assert_int_equal(count("SELECT count(*) FROM booking_version WHERE kind = 'CHGSTO'"), 1);
}

/* ---- One rule for the page and the action (#11). */

/* For every kind of booking and actor, what bookstore_may_change tells the page is what the
 * change and delete do; and the delete's STORNO/DELETE is bookstore_delete_action's answer. */
static void page_rules_are_the_action_rules(void **state)
{
	struct actor n = neumann(), m = meier(), ad = admin();
	int64_t coming = berlin(2026, 5, 4, 12, 0, 0);  /* within the 24 h period: STORNO */
	int64_t later = berlin(2026, 5, 20, 10, 0, 0);  /* before it: DELETE */
	struct actor ended_admin = ad;
	struct { const struct actor *maker, *actor; int64_t start; bool ended; } cases[] = {
		{ &n, &n, coming, false }, { &n, &n, later, false }, { &n, &m, later, false },
		{ &n, &ad, coming, false }, { &n, &ad, later, false }, { &n, &n, later, true },
		{ &n, &ended_admin, later, true },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct actor who = *cases[i].actor;
		int64_t id = make(cases[i].maker, GOLF, 0, cases[i].start, cases[i].start + H, "");
		if (cases[i].ended)
			who.now = cases[i].start + 2 * H;   /* the booking is over for this actor */
		struct bookstore_row b;
		assert_int_equal(bookstore_load(&who, id, &b), ST_OK);
		enum bk_may may = bookstore_may_change(&who, &b);
		const char *predicted = bookstore_delete_action(&b, who.now);
		const char *action = NULL;
		enum store_status r = bookstore_delete(&who, id, &action);
		assert_no_transaction();
		assert_int_equal(r == ST_OK, may == BK_MAY);
		if (r == ST_OK)
			assert_string_equal(action, predicted);
		else
			assert_int_equal(r, may == BK_MAY_NOT_ENDED ? ST_ENDED : ST_FORBIDDEN);
		/* Another run cancels what is left, so the next case has the vehicle free. */
		struct actor cleaner = ad;
		cleaner.now = who.now;
		bookstore_delete(&cleaner, id, &action);
	}
	/* Already cancelled: nobody may, and the action agrees. */
	int64_t id = make(&n, GOLF, 0, coming, coming + H, "");
	const char *action;
	assert_int_equal(bookstore_delete(&n, id, &action), ST_OK);
	assert_string_equal(action, "STORNO");
	struct bookstore_row b;
	assert_int_equal(bookstore_load(&ad, id, &b), ST_OK);
	assert_int_equal(bookstore_may_change(&ad, &b), BK_MAY_NOT_ACTIVE);
	assert_int_equal(bookstore_delete(&ad, id, &action), ST_NOT_ACTIVE);
}

/* "created by X at T" is who created or last changed the version, and when (#16). */
static void log_names_the_last_change(void **state)
{
	struct actor n = neumann(), ad = admin();
	int64_t s = berlin(2026, 5, 20, 10, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + H, "");
	ad.now += 3600;   /* 09:00:07 */
	struct bookstore_input in = { .vehicle_id = GOLF, .member_id = NEUMANN, .start = s, .end = s + 2 * H, .purpose = "" };
	enum bk_check span;
	struct bookstore_row conflict;
	assert_int_equal(bookstore_change(&ad, id, &in, &span, &conflict), ST_OK);
	char line[1100];
	/* CREATE, then the old version (NEUMANN's at 08:00:07), then the new one (ADMIN's at 09:00:07). */
	assert_non_null(strstr(log_line(line, sizeof line, 1), "CHGDEL"));
	assert_non_null(strstr(line, "created by NEUMANN at 04.05.26 08:00:07"));
	assert_non_null(strstr(log_line(line, sizeof line, 2), "CHANGE"));
	assert_non_null(strstr(line, "created by ADMIN at 04.05.26 09:00:07"));
	struct bookstore_row b;
	n.now += 7200;
	assert_int_equal(bookstore_open(&n, id, "VIEW", &b), ST_OK);
	assert_string_equal(b.changer, "ADMIN");
	assert_int_equal(b.changed_at, ad.now);
	assert_string_equal(b.creator, "NEUMANN");   /* the creator stays known */
	assert_non_null(strstr(log_line(line, sizeof line, 3), "VIEW"));
	assert_non_null(strstr(line, "created by ADMIN at 04.05.26 09:00:07"));
}

/* Text longer than its buffer is cut on a character boundary; a 30-character description fits. */
static void copies_cut_on_characters(void **state)
{
	struct actor n = neumann();
	/* 30 emoji (120 bytes) fit whole; 200 are cut, but never inside a character. */
	char descr[1024] = "";
	for (int i = 0; i < 30; i++)
		strcat(descr, "\xF0\x9F\x9A\x97");
	char q[1200];
	snprintf(q, sizeof q, "UPDATE vehicle SET descr = '%s' WHERE id = 1", descr);
	assert_int_equal(sqlite3_exec(db_handle(), q, NULL, NULL, NULL), SQLITE_OK);
	int64_t s = berlin(2026, 5, 20, 10, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + H, "");
	struct bookstore_row b;
	assert_int_equal(bookstore_load(&n, id, &b), ST_OK);
	assert_string_equal(b.vehicle_descr, descr);
	/* A member description (no length limit in the schema) longer than its 256 bytes. */
	descr[0] = '\0';
	for (int i = 0; i < 120; i++)
		strcat(descr, i % 3 ? "\xC3\xA4" : "\xF0\x9F\x9A\x97");
	snprintf(q, sizeof q, "UPDATE member SET descr = 'x%s' WHERE id = 2", descr);
	assert_int_equal(sqlite3_exec(db_handle(), q, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(bookstore_load(&n, id, &b), ST_OK);
	assert_true(utf8_valid(b.member_descr, strlen(b.member_descr)));
	assert_true(strlen(b.member_descr) > sizeof b.member_descr - 5);
	assert_memory_equal(b.member_descr + 1, descr, strlen(b.member_descr) - 1);
}

/* ---- calstore: the grid cursor. */

struct grid_seen {
	char log[512];
};

static void grid_read(int64_t org, int64_t area, int64_t t0, int64_t t1, char *out, size_t size)
{
	struct cal_grid g;
	struct cal_row row;
	out[0] = '\0';
	assert_int_equal(cal_open(&g, org, area, t0, t1), ST_OK);
	enum cal_step st;
	while ((st = cal_next(&g, &row)) != CAL_END) {
		char one[64];
		if (st == CAL_VEHICLE)
			snprintf(one, sizeof one, "V%lld%s ", (long long)row.v.id, row.v.own ? "" : "s");
		else
			snprintf(one, sizeof one, "b%lld:%s ", (long long)row.b.vehicle_id, row.b.purpose);
		strncat(out, one, size - strlen(out) - 1);
	}
	assert_int_equal(cal_close(&g), ST_OK);
}

static void grid_cursor_streams_rows_in_order(void **state)
{
	struct actor n = neumann(), ad = admin();
	int64_t d = berlin(2026, 5, 11, 0, 0, 0);   /* the week of Monday 11.05. */
	make(&n, POLO, 0, d + 10 * H, d + 11 * H, "p1");
	make(&n, GOLF, 0, d + 9 * H, d + 10 * H, "g1");
	make(&n, GOLF, 0, d + 30 * H, d + 31 * H, "g2");
	make(&n, GOLF, 0, d - 2 * H, d + H, "g0");                 /* reaches into the window */
	make(&n, GOLF, 0, d + 8 * 24 * H, d + 8 * 24 * H + H, "gx"); /* after it */
	int64_t gone = make(&n, POLO, 0, d + 12 * H, d + 13 * H, "p2");
	const char *action;
	assert_int_equal(bookstore_delete(&ad, gone, &action), ST_OK);
	char seen[512];
	grid_read(ORG1, AREA1, d, d + 7 * 24 * H, seen, sizeof seen);
	assert_string_equal(seen, "V1 b1:g0 b1:g1 b1:g2 V2 b2:p1 ");
	/* Another organisation's area shows nothing of ours; an empty window part neither. */
	grid_read(ORG2, AREA1, d, d + 7 * 24 * H, seen, sizeof seen);
	assert_string_equal(seen, "");
	grid_read(ORG1, AREA1, d + 20 * 24 * H, d + 21 * 24 * H, seen, sizeof seen);
	assert_string_equal(seen, "V1 V2 ");
	/* Areas: the hidden one is not listed but can be loaded; another organisation's cannot. */
	struct cal_area a;
	assert_int_equal(cal_area_get(ORG1, AREA_HIDDEN, &a), ST_OK);
	assert_true(a.hidden);
	assert_int_equal(cal_area_get(ORG1, AREA_ORG2, &a), ST_NOT_FOUND);
}

/* The trip button the page shows (trips_may_enter) is what trips_save allows. */
static void trip_rule_is_the_save_rule(void **state)
{
	struct actor n = neumann(), m = meier(), ad = admin();
	int64_t s = berlin(2026, 5, 5, 10, 0, 0);
	int64_t id = make(&n, GOLF, 0, s, s + H, "");
	struct actor later[] = { n, m, ad };
	for (int ended = 0; ended < 2; ended++) {
		for (size_t i = 0; i < 3; i++) {
			struct actor who = later[i];
			who.now = ended ? s + 2 * H : s - H;
			struct bookstore_row b;
			assert_int_equal(bookstore_load(&who, id, &b), ST_OK);
			enum store_status may = trips_may_enter(&who, &b);
			int64_t last;
			enum store_status saved = trips_save(&who, id, 100, 150 + (int64_t)i, &last);
			assert_no_transaction();
			assert_int_equal(saved, may);
			assert_int_equal(may, !ended ? (i == 1 ? ST_FORBIDDEN : ST_NOT_ENDED) : (i == 1 ? ST_FORBIDDEN : ST_OK));
		}
	}
	/* Cancelled: not active, for the administrator too. */
	int64_t s2 = berlin(2026, 5, 4, 12, 0, 0);   /* within the period: kept as storno */
	int64_t id2 = make(&n, POLO, 0, s2, s2 + H, "");
	const char *action;
	assert_int_equal(bookstore_delete(&n, id2, &action), ST_OK);
	assert_string_equal(action, "STORNO");
	ad.now = s2 + 2 * H;
	struct bookstore_row b;
	assert_int_equal(bookstore_load(&ad, id2, &b), ST_OK);
	assert_int_equal(trips_may_enter(&ad, &b), ST_NOT_ACTIVE);
	int64_t last;
	assert_int_equal(trips_save(&ad, id2, 1, 2, &last), ST_NOT_ACTIVE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create_writes_row_and_exact_create_line, setup, teardown),
		cmocka_unit_test_setup_teardown(create_without_purpose_ends_after_created_at, setup, teardown),
		cmocka_unit_test_setup_teardown(touching_bookings_do_not_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(overlap_is_conflict_and_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(cancelled_booking_does_not_block, setup, teardown),
		cmocka_unit_test_setup_teardown(span_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(vehicle_and_member_must_belong_to_the_org, setup, teardown),
		cmocka_unit_test_setup_teardown(open_writes_view_and_edit_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_before_period_removes_the_row, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_at_period_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_within_period_is_storno, setup, teardown),
		cmocka_unit_test_setup_teardown(members_touch_only_their_own_bookings, setup, teardown),
		cmocka_unit_test_setup_teardown(ended_booking_cannot_be_changed_by_member, setup, teardown),
		cmocka_unit_test_setup_teardown(change_before_period_is_chgdel_and_keeps_id, setup, teardown),
		cmocka_unit_test_setup_teardown(shortening_within_period_is_chgsto, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_after_chgsto_keeps_row_as_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(change_rejections_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(running_booking_may_keep_its_past_start, setup, teardown),
		cmocka_unit_test_setup_teardown(page_rules_are_the_action_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(trip_rule_is_the_save_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(log_names_the_last_change, setup, teardown),
		cmocka_unit_test_setup_teardown(copies_cut_on_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(grid_cursor_streams_rows_in_order, setup, teardown),
	};
	return cmocka_run_group_tests_name("bookstore", tests, NULL, NULL);
}
