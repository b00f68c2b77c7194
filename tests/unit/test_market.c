/* test_market: unit tests for the marketplace rules (release completeness, locked fields, distance, links) and the store's release, withdrawal and subscription rules against a real SQLite file. */
#include <math.h>
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
#include "rules/offer.h"
#include "store/marketstore.h"
#include "testdb.h"

/* ---- Pure rules. */

static struct offer complete_offer(void)
{
	struct offer o;
	memset(&o, 0, sizeof o);
	snprintf(o.name, sizeof o.name, "VW Golf");
	o.tariff_id = 2;
	snprintf(o.address, sizeof o.address, "Rathausplatz 2, Freiburg");
	o.has_coords = true;
	o.lat = 47.9959;
	o.lon = 7.8495;
	snprintf(o.vclass, sizeof o.vclass, "family");
	o.split_rate = 20;
	snprintf(o.conditions, sizeof o.conditions, "vollgetankt zurück");
	return o;
}

static void test_complete(void **state)
{
	struct offer o = complete_offer();
	assert_int_equal(offer_missing(&o), 0);
	o.split_rate = 0; /* 0 % is a rate */
	assert_int_equal(offer_missing(&o), 0);
	o.split_rate = 100;
	assert_int_equal(offer_missing(&o), 0);
}

static void test_every_missing_field_named(void **state)
{
	struct offer o;
	memset(&o, 0, sizeof o);
	o.split_rate = -1;
	unsigned m = offer_missing(&o);
	assert_int_equal(m, OFFER_MISS_ADDRESS | OFFER_MISS_COORDS | OFFER_MISS_CLASS | OFFER_MISS_TARIFF | OFFER_MISS_SPLIT | OFFER_MISS_CONDITIONS);
	/* Each bit has its own message. */
	for (int i = 0; i < OFFER_MISS_BITS; i++)
		for (int j = i + 1; j < OFFER_MISS_BITS; j++)
			assert_string_not_equal(offer_missing_key(i), offer_missing_key(j));
}

static void test_missing_single_fields(void **state)
{
	struct offer o = complete_offer();
	snprintf(o.address, sizeof o.address, "  \t ");
	assert_int_equal(offer_missing(&o), OFFER_MISS_ADDRESS);
	o = complete_offer();
	o.has_coords = false;
	assert_int_equal(offer_missing(&o), OFFER_MISS_COORDS);
	o = complete_offer();
	o.lat = 91;
	assert_int_equal(offer_missing(&o), OFFER_MISS_COORDS);
	o = complete_offer();
	snprintf(o.vclass, sizeof o.vclass, "rocket");
	assert_int_equal(offer_missing(&o), OFFER_MISS_CLASS);
	o = complete_offer();
	o.tariff_id = 0;
	assert_int_equal(offer_missing(&o), OFFER_MISS_TARIFF);
	o = complete_offer();
	o.split_rate = -1;
	assert_int_equal(offer_missing(&o), OFFER_MISS_SPLIT);
	o.split_rate = 101;
	assert_int_equal(offer_missing(&o), OFFER_MISS_SPLIT);
	o = complete_offer();
	o.conditions[0] = '\0';
	assert_int_equal(offer_missing(&o), OFFER_MISS_CONDITIONS);
}

static void test_link_mode(void **state)
{
	struct offer o = complete_offer();
	o.link_mode = true;
	o.split_rate = -1;   /* no rate needed in Link mode */
	assert_int_equal(offer_missing(&o), OFFER_MISS_LINK_URL);
	snprintf(o.link_url, sizeof o.link_url, "https://example.org/book?v=1");
	assert_int_equal(offer_missing(&o), 0);
	assert_true(offer_url_valid(o.link_url));
	assert_true(offer_url_valid("http://x.example"));
	assert_false(offer_url_valid("https://"));
	assert_false(offer_url_valid("javascript:alert(1)"));
	assert_false(offer_url_valid("ftp://example.org"));
	assert_false(offer_url_valid("https://exa mple.org"));
	assert_false(offer_url_valid("https://example.org/\"><script>"));
}

/* The one URL rule: the cases of the old save rule (rules/market.c) and of the old display rule
 * (calendar's link_ok), so that what is saved is what is shown. */
static void test_url_rule(void **state)
{
	/* Accepted by both old rules. */
	assert_true(offer_url_valid("https://example.org/book?car=3"));
	assert_true(offer_url_valid("http://x.example"));
	/* The old display rule took the scheme in any case; the save rule now does too. */
	assert_true(offer_url_valid("HTTPS://Example.org/"));
	assert_true(offer_url_valid("Http://example.org"));
	/* Refused by the old save rule. */
	assert_false(offer_url_valid("https://"));
	assert_false(offer_url_valid("http://"));
	assert_false(offer_url_valid("javascript:alert(1)"));
	assert_false(offer_url_valid("ftp://example.org"));
	assert_false(offer_url_valid("https://exa mple.org"));
	assert_false(offer_url_valid("https://example.org/\"><script>"));
	assert_false(offer_url_valid("https://example.org/<x>"));
	assert_false(offer_url_valid("https://example.org/\x7f"));
	assert_false(offer_url_valid("https://example.org/\tx"));
	assert_false(offer_url_valid(""));
	/* Refused by the old display rule only: saved, then silently not shown. Now refused on save. */
	assert_false(offer_url_valid("https:///example.org"));
	assert_false(offer_url_valid("http:///"));
	assert_false(offer_url_valid("https://example.org\\@evil.example/"));
	/* Length: at most OFFER_URL_MAX bytes (the old display rule allowed up to 1023). */
	char u[OFFER_URL_MAX + 2];
	memset(u, 'a', sizeof u);
	memcpy(u, "https://", 8);
	u[OFFER_URL_MAX] = '\0';
	assert_true(offer_url_valid(u));
	u[OFFER_URL_MAX] = 'a';
	u[OFFER_URL_MAX + 1] = '\0';
	assert_false(offer_url_valid(u));
}

static void test_locked_fields(void **state)
{
	struct offer a = complete_offer(), b = a;
	assert_int_equal(offer_locked_changes(&a, &b), 0);
	/* Offer data that may change while released. */
	snprintf(b.address, sizeof b.address, "anderswo");
	b.lat = 48;
	snprintf(b.conditions, sizeof b.conditions, "neu");
	snprintf(b.vclass, sizeof b.vclass, "van");
	assert_int_equal(offer_locked_changes(&a, &b), 0);
	b = a;
	snprintf(b.name, sizeof b.name, "VW golf");
	assert_int_equal(offer_locked_changes(&a, &b), OFFER_LOCK_NAME);
	b = a;
	b.tariff_id = 3;
	assert_int_equal(offer_locked_changes(&a, &b), OFFER_LOCK_TARIFF);
	b = a;
	b.split_rate = 21;
	assert_int_equal(offer_locked_changes(&a, &b), OFFER_LOCK_SPLIT);
	b = a;
	b.link_mode = true;
	assert_int_equal(offer_locked_changes(&a, &b), OFFER_LOCK_SPLIT);
	b.tariff_id = 0;
	snprintf(b.name, sizeof b.name, "X");
	assert_int_equal(offer_locked_changes(&a, &b), OFFER_LOCK_NAME | OFFER_LOCK_TARIFF | OFFER_LOCK_SPLIT);
	/* In Link mode the (unused) rate is no locked field. */
	a.link_mode = true;
	b = a;
	b.split_rate = 50;
	assert_int_equal(offer_locked_changes(&a, &b), 0);
	for (int i = 0; i < OFFER_LOCK_BITS; i++)
		assert_non_null(strstr(offer_lock_key(i), "mkt.lock."));
}

static void test_distance(void **state)
{
	/* Freiburg Rathausplatz -> Karlsruhe Marktplatz: about 120 km. */
	double d = offer_distance_km(47.99590, 7.84950, 49.00937, 8.40444);
	assert_true(d > 119.0 && d < 121.0);
	assert_true(fabs(offer_distance_km(1, 2, 1, 2)) < 1e-9);
	/* Symmetric. */
	assert_true(fabs(d - offer_distance_km(49.00937, 8.40444, 47.99590, 7.84950)) < 1e-9);
	/* One degree of latitude: 111.19 km with the mean radius. */
	assert_true(fabs(offer_distance_km(0, 0, 1, 0) - 111.195) < 0.01);
	/* Antipodes: half the circumference, without NaN from rounding. */
	double half = offer_distance_km(0, 0, 0, 180);
	assert_true(fabs(half - M_PI * 6371.0088) < 0.001);
	assert_true(fabs(offer_distance_km(90, 0, -90, 0) - half) < 0.001);
	/* Across the date line: short way round. */
	assert_true(offer_distance_km(0, 179.5, 0, -179.5) < 112);
	/* Berlin -> Munich, a known great-circle distance of about 504 km. */
	d = offer_distance_km(52.5200, 13.4050, 48.1351, 11.5820);
	assert_true(d > 500 && d < 508);
	assert_true(offer_coords_valid(-90, 180));
	assert_false(offer_coords_valid(NAN, 0));
	assert_false(offer_coords_valid(0, 180.01));
}

static void test_vclass(void **state)
{
	assert_true(offer_vclass_valid("cargobike"));
	assert_true(offer_vclass_valid("ecar"));
	assert_false(offer_vclass_valid(""));
	assert_false(offer_vclass_valid("Family"));
}

/* ---- Store rules against a database. */


static const char fixture[] =
    "INSERT INTO org (id, name) VALUES (1, 'Eins'), (2, 'Zwei'), (3, 'Drei');"
    "INSERT INTO member (id, org_id, login, is_admin, pw_hash) VALUES (1, 1, 'ADMIN', 1, 'x'), (2, 2, 'ADMIN2', 1, 'x'),"
    " (3, 3, 'ADMIN3', 1, 'x');"
    "INSERT INTO area (id, org_id, name) VALUES (1, 1, 'A1'), (2, 2, 'A2'), (3, 3, 'A3');"
    "INSERT INTO tariff (id, org_id, name) VALUES (1, 1, 'T1'), (2, 1, 'T1b'), (3, 2, 'T2');"
    "INSERT INTO vehicle (id, org_id, area_id, name, tariff_id) VALUES (1, 1, 1, 'VW Golf', 1), (2, 1, 1, 'Fiat 500', NULL),"
    " (3, 2, 2, 'Lokal', 3);"
    "INSERT INTO minimarket (id, name) VALUES (1, 'Klein');"
    "INSERT INTO minimarket_org VALUES (1, 1), (1, 2);"
    "INSERT INTO offer (vehicle_id, org_id, address, lat, lon, vclass, split_rate, conditions, on_list) VALUES"
    " (1, 1, 'Platz 1', 48.0, 7.8, 'family', 20, 'Bedingungen', 1), (2, 1, 'Platz 2', NULL, NULL, 'small', NULL, '', 1);";

static const struct actor A1 = {.org_id = 1, .member_id = 1, .login = "ADMIN", .tz = "Europe/Berlin", .now = 1795428000};
static const struct actor A2 = {.org_id = 2, .member_id = 2, .login = "ADMIN2", .tz = "Europe/Berlin", .now = 1795428000};
static const struct actor A3 = {.org_id = 3, .member_id = 3, .login = "ADMIN3", .tz = "Europe/Berlin", .now = 1795428000};

static int setup(void **state)
{
	if (testdb_open("market", fixture) != 0)
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

static void last_line(int64_t org, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT line FROM actionlog WHERE org_id = %lld ORDER BY id DESC LIMIT 1", (long long)org);
	if (sqlite3_prepare_v2(db_handle(), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void test_release_and_withdraw(void **state)
{
	unsigned missing = 0;
	char line[1024];
	/* Incomplete: refused, every missing field named, nothing written. */
	assert_int_equal(mks_release(&A1, 2, 0, &missing), ST_INCOMPLETE);
	assert_int_equal(missing, OFFER_MISS_COORDS | OFFER_MISS_TARIFF | OFFER_MISS_SPLIT | OFFER_MISS_CONDITIONS);
	assert_int_equal(num("SELECT count(*) FROM offer_event"), 0);
	/* Another organisation's vehicle, a mini-market the organisation is not in. */
	assert_int_equal(mks_release(&A2, 1, 0, &missing), ST_NOT_FOUND);
	assert_int_equal(mks_release(&A3, 1, 1, &missing), ST_NOT_FOUND);
	/* Complete: released in the mini-market, off the release list, event and log line. */
	assert_int_equal(mks_release(&A1, 1, 1, &missing), ST_OK);
	assert_int_equal(num("SELECT portal FROM offer WHERE vehicle_id = 1"), 1);
	assert_int_equal(num("SELECT on_list FROM offer WHERE vehicle_id = 1"), 0);
	assert_int_equal(num("SELECT count(*) FROM offer_event WHERE vehicle_id = 1 AND what = 'release' AND portal = 1"), 1);
	last_line(1, line, sizeof line);
	assert_non_null(strstr(line, " ADMIN: ADMIN market: vehicle 1 \"VW Golf\" released in mini-market 1 \"Klein\""));
	assert_true(mks_vehicle_released(1));
	assert_false(mks_vehicle_released(2));
	/* One portal at a time. */
	assert_int_equal(mks_release(&A1, 1, 0, &missing), ST_RELEASED);
	/* Locked while released: tariff and rate refused, conditions allowed. */
	struct mks_vehicle v;
	assert_int_equal(mks_vehicle_load(&A1, 1, &v), ST_OK);
	struct offer o = v.o;
	unsigned locked = 0;
	o.tariff_id = 2;
	o.split_rate = 25;
	assert_int_equal(mks_offer_save(&A1, 1, &o, &locked), ST_LOCKED);
	assert_int_equal(locked, OFFER_LOCK_TARIFF | OFFER_LOCK_SPLIT);
	assert_int_equal(num("SELECT tariff_id FROM vehicle WHERE id = 1"), 1);
	o = v.o;
	snprintf(o.conditions, sizeof o.conditions, "Neue Bedingungen");
	assert_int_equal(mks_offer_save(&A1, 1, &o, &locked), ST_OK);
	/* Withdraw: event, log line, subscriptions end. */
	struct mks_sub_in in = {.vehicle_id = 1, .local_name = "Golf", .area_id = 2, .visible = true, .expect_rate = 20};
	int64_t sid;
	assert_int_equal(mks_subscribe(&A2, &in, &sid), ST_OK);
	int ended = 0, bookings = 0;
	assert_int_equal(mks_withdraw(&A1, 1, &ended, &bookings), ST_OK);
	assert_int_equal(ended, 1);
	assert_int_equal(num("SELECT count(*) FROM subscription WHERE cancelled_at IS NULL"), 0);
	assert_int_equal(num("SELECT count(*) FROM offer_event WHERE vehicle_id = 1 AND what = 'withdraw' AND portal = 1"), 1);
	last_line(1, line, sizeof line);
	assert_non_null(strstr(line, "market: vehicle 1 \"VW Golf\" withdrawn from mini-market 1 \"Klein\", subscriptions ended"));
	assert_int_equal(mks_withdraw(&A1, 1, &ended, &bookings), ST_NOT_RELEASED);
	/* Unlocked again. */
	o = v.o;
	o.tariff_id = 2;
	assert_int_equal(mks_offer_save(&A1, 1, &o, &locked), ST_OK);
	assert_int_equal(num("SELECT tariff_id FROM vehicle WHERE id = 1"), 2);
	/* A foreign tariff is refused. */
	o.tariff_id = 3;
	assert_int_equal(mks_offer_save(&A1, 1, &o, &locked), ST_BAD_TARIFF);
}

static void test_subscribe_rules(void **state)
{
	unsigned missing;
	assert_int_equal(mks_release(&A1, 1, 0, &missing), ST_OK);
	int64_t id;
	struct mks_sub_in in = {.vehicle_id = 1, .local_name = "lokal", .area_id = 2, .visible = true, .expect_rate = -2};
	/* Name of an own vehicle (case-insensitive), own vehicle, foreign area, changed rate. */
	assert_int_equal(mks_subscribe(&A2, &in, &id), ST_NAME_TAKEN);
	in.local_name = "Golf";
	assert_int_equal(mks_subscribe(&A1, &in, &id), ST_OWN);
	in.area_id = 1;
	assert_int_equal(mks_subscribe(&A2, &in, &id), ST_BAD_AREA);
	in.area_id = 2;
	in.expect_rate = 19;
	assert_int_equal(mks_subscribe(&A2, &in, &id), ST_RATE_CHANGED);
	in.expect_rate = 20;
	assert_int_equal(mks_watch(&A2, 1, true), ST_OK);
	assert_int_equal(mks_subscribe(&A2, &in, &id), ST_OK);
	assert_int_equal(num("SELECT split_rate FROM subscription WHERE cancelled_at IS NULL"), 20);
	assert_int_equal(num("SELECT count(*) FROM watch"), 0);
	assert_int_equal(mks_subscribe(&A2, &in, &id), ST_ALREADY);
	/* Not visible: a vehicle released in a mini-market the organisation is not in. */
	int ended, bookings;
	assert_int_equal(mks_withdraw(&A1, 1, &ended, &bookings), ST_OK);
	assert_int_equal(mks_release(&A1, 1, 1, &missing), ST_OK);
	in.local_name = "Golf 2";
	assert_int_equal(mks_subscribe(&A3, &in, &id), ST_NOT_RELEASED);
	assert_int_equal(mks_watch(&A3, 1, true), ST_NOT_FOUND);
	/* Cancel frees the name; another organisation's subscription is not found. */
	assert_int_equal(mks_subscribe(&A2, &in, &id), ST_OK);
	assert_int_equal(mks_cancel(&A3, id, &bookings), ST_NOT_FOUND);
	assert_int_equal(mks_sub_update(&A2, id, "kurz", false), ST_OK);
	assert_int_equal(num("SELECT visible FROM subscription WHERE cancelled_at IS NULL"), 0);
	assert_int_equal(mks_cancel(&A2, id, &bookings), ST_OK);
	assert_int_equal(mks_cancel(&A2, id, &bookings), ST_NOT_FOUND);
}

struct found_sub { int64_t id; int future; };

static int sub_future(void *ctx, const struct mks_sub_row *row)
{
	struct found_sub *f = ctx;
	if (row->id == f->id)
		f->future = row->future;
	return 0;
}

static void exec(const char *sql)
{
	assert_int_equal(sqlite3_exec(db_handle(), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* Future bookings of subscribers: announced, then cancelled with the subscription or the release,
 * each with a DELETE line in both logs; past, running and the owner's own bookings stay. */
static void test_future_bookings_cancelled(void **state)
{
	unsigned missing = 0;
	assert_int_equal(mks_release(&A1, 1, 0, &missing), ST_OK);
	struct mks_sub_in in = {.vehicle_id = 1, .local_name = "Golf Zwei", .area_id = 2, .visible = true, .expect_rate = 20};
	int64_t sid;
	assert_int_equal(mks_subscribe(&A2, &in, &sid), ST_OK);
	in.local_name = "Golf Drei";
	in.area_id = 3;
	exec("INSERT INTO minimarket_org VALUES (1, 3)");
	int64_t sid3;
	assert_int_equal(mks_subscribe(&A3, &in, &sid3), ST_OK);
	char sql[1024];
	int64_t now = A1.now;
	snprintf(sql, sizeof sql,
	         "INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, purpose, created_by, created_at, changed_at) VALUES"
	         " (10, 2, 1, 2, %lld, %lld, 'Umzug', 2, %lld, %lld),"      /* future, org 2 */
	         " (11, 2, 1, 2, %lld, %lld, '', 2, %lld, %lld),"           /* running, org 2 */
	         " (12, 2, 1, 2, %lld, %lld, '', 2, %lld, %lld),"           /* past, org 2 */
	         " (13, 1, 1, 1, %lld, %lld, '', 1, %lld, %lld),"           /* future, the owner's own */
	         " (14, 3, 1, 3, %lld, %lld, '', 3, %lld, %lld),"           /* future, org 3 */
	         " (15, 2, 1, 2, %lld, %lld, '', 2, %lld, %lld)",           /* future, org 2, with a billable version */
	         (long long)(now + 86400), (long long)(now + 90000), (long long)now, (long long)now,
	         (long long)(now - 3600), (long long)(now + 3600), (long long)now, (long long)now,
	         (long long)(now - 90000), (long long)(now - 86400), (long long)now, (long long)now,
	         (long long)(now + 86400 * 2), (long long)(now + 86400 * 2 + 3600), (long long)now, (long long)now,
	         (long long)(now + 86400 * 3), (long long)(now + 86400 * 3 + 3600), (long long)now, (long long)now,
	         (long long)(now + 86400 * 4), (long long)(now + 86400 * 4 + 3600), (long long)now, (long long)now);
	exec(sql);
	snprintf(sql, sizeof sql,
	         "INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id, start, end, kind, replaced_at, replaced_by)"
	         " VALUES (15, 2, 1, 2, %lld, %lld, 'CHGSTO', %lld, 2)", (long long)(now + 100), (long long)(now + 200), (long long)now);
	exec(sql);
	/* Announced: org 2's subscription would cancel 10 and 15; a withdrawal 10, 14 and 15. */
	int affected = -1;
	assert_int_equal(mks_withdraw_affected(&A1, 1, &affected), ST_OK);
	assert_int_equal(affected, 3);
	assert_int_equal(mks_withdraw_affected(&A2, 1, &affected), ST_OK);
	assert_int_equal(affected, 0);   /* not org 2's vehicle */
	struct found_sub f = {sid, -1};
	assert_int_equal(mks_subs_each(&A2, sub_future, &f), ST_OK);
	assert_int_equal(f.future, 2);
	/* Ending org 2's subscription cancels exactly those two. */
	int bookings = -1;
	assert_int_equal(mks_cancel(&A2, sid, &bookings), ST_OK);
	assert_int_equal(bookings, 2);
	assert_int_equal(num("SELECT count(*) FROM booking WHERE id = 10"), 0);
	assert_int_equal(num("SELECT status = 'deleted' FROM booking WHERE id = 15"), 1);
	assert_int_equal(num("SELECT count(*) FROM booking WHERE id IN (11, 12, 13, 14) AND status = 'active'"), 4);
	assert_int_equal(num("SELECT count(*) FROM actionlog WHERE org_id = 2 AND line LIKE '%ADMIN2: DELETE 10 GOLF-ZWEI %: Umzug'"), 1);
	assert_int_equal(num("SELECT count(*) FROM actionlog WHERE org_id = 1 AND line LIKE '%ADMIN2: DELETE 10 VW-GOLF %: Umzug'"), 1);
	assert_int_equal(num("SELECT count(*) FROM actionlog WHERE org_id = 2 AND line LIKE '%: ADMIN market: subscription % cancelled, 2 future bookings cancelled'"), 1);
	/* Withdrawing cancels org 3's future booking; the owner's own stays. */
	int ended = 0;
	assert_int_equal(mks_withdraw(&A1, 1, &ended, &bookings), ST_OK);
	assert_int_equal(ended, 1);
	assert_int_equal(bookings, 1);
	assert_int_equal(num("SELECT count(*) FROM booking WHERE id = 14"), 0);
	assert_int_equal(num("SELECT count(*) FROM booking WHERE id = 13 AND status = 'active'"), 1);
	assert_int_equal(num("SELECT count(*) FROM actionlog WHERE org_id = 3 AND line LIKE '%ADMIN: DELETE 14 GOLF-DREI %'"), 1);
	char line[1024];
	last_line(1, line, sizeof line);
	assert_non_null(strstr(line, "withdrawn from main market, subscriptions ended, 1 future booking of subscribers cancelled"));
}

/* The reads the pages show: rows in order, filters applied, other organisations' rows absent. */
static int count_named(void *ctx, const struct mks_named *row)
{
	(*(int *)ctx)++;
	return 0;
}

static int collect_offer(void *ctx, const struct mks_offer_row *row)
{
	int64_t *ids = ctx;
	for (int i = 0; i < 8; i++)
		if (!ids[i]) {
			ids[i] = row->id;
			break;
		}
	return 0;
}

static void test_reads(void **state)
{
	unsigned missing = 0;
	assert_int_equal(mks_release(&A1, 1, 0, &missing), ST_OK);
	int n = 0;
	assert_int_equal(mks_areas_each(1, count_named, &n), ST_OK);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(mks_tariffs_each(1, count_named, &n), ST_OK);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(mks_portals_each(3, count_named, &n), ST_OK);
	assert_int_equal(n, 0);
	n = 0;
	assert_int_equal(mks_portals_each(2, count_named, &n), ST_OK);
	assert_int_equal(n, 1);
	/* The market of org 2 shows vehicle 1; the own filter decides for org 1. */
	int64_t ids[8] = {0};
	struct mks_filter f = {.portal = 0};
	assert_int_equal(mks_market_each(&A2, &f, collect_offer, ids), ST_OK);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 0);
	memset(ids, 0, sizeof ids);
	assert_int_equal(mks_market_each(&A1, &f, collect_offer, ids), ST_OK);
	assert_int_equal(ids[0], 0);
	f.own = true;
	f.q = "golf";
	assert_int_equal(mks_market_each(&A1, &f, collect_offer, ids), ST_OK);
	assert_int_equal(ids[0], 1);
	/* An organisation filter and a free-time filter that a booking blocks. */
	memset(ids, 0, sizeof ids);
	int64_t orgs[] = {2};
	f.orgs = orgs;
	f.n_orgs = 1;
	assert_int_equal(mks_market_each(&A1, &f, collect_offer, ids), ST_OK);
	assert_int_equal(ids[0], 0);
	f.orgs = NULL;
	exec("INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, created_by, created_at, changed_at)"
	     " VALUES (20, 1, 1, 1, 1000, 2000, 1, 0, 0)");
	int64_t busy[][2] = {{1500, 1600}}, idle[][2] = {{3000, 4000}};
	f.free = (const int64_t (*)[2])busy;
	f.n_free = 1;
	assert_int_equal(mks_market_each(&A1, &f, collect_offer, ids), ST_OK);
	assert_int_equal(ids[0], 0);
	f.free = (const int64_t (*)[2])idle;
	assert_int_equal(mks_market_each(&A1, &f, collect_offer, ids), ST_OK);
	assert_int_equal(ids[0], 1);
	/* Detail: visible to org 2, not to org 3 after a move into the mini-market. */
	struct mks_detail d;
	assert_int_equal(mks_detail_load(&A2, 1, &d), ST_OK);
	assert_string_equal(d.v.name, "VW Golf");
	assert_string_equal(d.tariff, "T1");
	assert_int_equal(mks_detail_load(&A2, 2, &d), ST_NOT_FOUND);
	/* Mini-markets: create (duplicate refused), add (twice refused, unknown refused), each line logged. */
	assert_int_equal(mks_minimarket_create(&A1, "Neu"), ST_OK);
	assert_int_equal(mks_minimarket_create(&A1, "Neu"), ST_DUPLICATE);
	int64_t mid = num("SELECT id FROM minimarket WHERE name = 'Neu'");
	assert_int_equal(mks_minimarket_add(&A1, mid, 3), ST_OK);
	assert_int_equal(mks_minimarket_add(&A1, mid, 3), ST_ALREADY);
	assert_int_equal(mks_minimarket_add(&A1, mid, 99), ST_NOT_FOUND);
	assert_int_equal(mks_minimarket_add(&A1, 99, 3), ST_NOT_FOUND);
	assert_int_equal(num("SELECT count(*) FROM actionlog WHERE org_id = 1 AND line LIKE '%ADMIN market operator:%'"), 2);
	/* Watchlist and release list writes carry their log lines; a write that changes nothing none. */
	char line[1024];
	assert_int_equal(mks_watch(&A2, 1, true), ST_OK);
	last_line(2, line, sizeof line);
	assert_non_null(strstr(line, "ADMIN2: ADMIN market: vehicle 1 \"VW Golf\" put on the watchlist"));
	assert_int_equal(mks_watch(&A2, 1, false), ST_OK);
	last_line(2, line, sizeof line);
	assert_non_null(strstr(line, "ADMIN2: ADMIN market: vehicle 1 taken off the watchlist"));
	int64_t lines = num("SELECT count(*) FROM actionlog");
	assert_int_equal(mks_watch(&A2, 1, false), ST_OK);
	assert_int_equal(mks_set_list(&A1, 2, true), ST_OK);   /* already on the list */
	assert_int_equal(num("SELECT count(*) FROM actionlog"), lines);
	assert_int_equal(mks_set_list(&A1, 2, false), ST_OK);
	last_line(1, line, sizeof line);
	assert_non_null(strstr(line, "ADMIN: ADMIN market: vehicle 2 \"Fiat 500\" taken off the release list"));
}

/* Removing a member of a mini-market ends what it had there, in one transaction with one line. */
static void test_minimarket_remove(void **state)
{
	unsigned missing = 0;
	assert_int_equal(mks_release(&A1, 1, 1, &missing), ST_OK);
	struct mks_sub_in in = {.vehicle_id = 1, .local_name = "Golf", .area_id = 2, .visible = true, .expect_rate = 20};
	int64_t sid;
	assert_int_equal(mks_subscribe(&A2, &in, &sid), ST_OK);
	int withdrawn = -1, ended = -1, bookings = -1;
	/* The subscriber leaves: its subscription there ends, the release stays. */
	assert_int_equal(mks_minimarket_remove(&A1, 1, 2, &withdrawn, &ended, &bookings), ST_OK);
	assert_int_equal(withdrawn, 0);
	assert_int_equal(ended, 1);
	assert_int_equal(bookings, 0);
	assert_int_equal(num("SELECT count(*) FROM subscription WHERE id = 1 AND cancelled_at IS NULL"), 0);
	assert_int_equal(num("SELECT portal FROM offer WHERE vehicle_id = 1"), 1);
	assert_false(mks_portal(2, 1, NULL, 0));
	char line[1024];
	last_line(1, line, sizeof line);
	assert_non_null(strstr(line, "market operator: organisation 2 \"Zwei\" removed from mini-market 1 \"Klein\": 0 releases withdrawn,"
	                             " 1 subscriptions ended, 0 future bookings cancelled"));
	/* The owner leaves: its release there is withdrawn, with an event. */
	assert_int_equal(mks_minimarket_remove(&A1, 1, 1, &withdrawn, &ended, &bookings), ST_OK);
	assert_int_equal(withdrawn, 1);
	assert_int_equal(num("SELECT portal IS NULL FROM offer WHERE vehicle_id = 1"), 1);
	assert_int_equal(num("SELECT count(*) FROM offer_event WHERE vehicle_id = 1 AND what = 'withdraw' AND portal = 1"), 1);
	/* Not a member (any more): refused, nothing written. */
	int64_t lines = num("SELECT count(*) FROM actionlog");
	assert_int_equal(mks_minimarket_remove(&A1, 1, 1, &withdrawn, &ended, &bookings), ST_NOT_FOUND);
	assert_int_equal(mks_minimarket_remove(&A1, 9, 1, &withdrawn, &ended, &bookings), ST_NOT_FOUND);
	assert_int_equal(num("SELECT count(*) FROM actionlog"), lines);
}

static void test_bulk_release(void **state)
{
	int64_t ids[] = {1, 2, 3}, portals0[] = {0, 0, 0};
	enum store_status res[3];
	unsigned missing[3];
	int released;
	assert_int_equal(mks_release_many(&A1, ids, portals0, 3, res, missing, &released), ST_OK);
	assert_int_equal(released, 1);
	assert_int_equal(res[0], ST_OK);
	assert_int_equal(res[1], ST_INCOMPLETE);
	assert_int_equal(missing[1], OFFER_MISS_COORDS | OFFER_MISS_TARIFF | OFFER_MISS_SPLIT | OFFER_MISS_CONDITIONS);
	assert_int_equal(res[2], ST_NOT_FOUND);
	assert_int_equal(num("SELECT count(*) FROM offer WHERE portal = 0"), 1);
	/* Not on the list any more. */
	int ended, bookings;
	assert_int_equal(mks_withdraw(&A1, 1, &ended, &bookings), ST_OK);
	assert_int_equal(mks_release_many(&A1, ids, portals0, 1, res, missing, &released), ST_OK);
	assert_int_equal(res[0], ST_NOT_LISTED);
	assert_int_equal(released, 0);
	/* A portal per vehicle: a mini-market the organisation is in, or not. */
	assert_int_equal(mks_set_list(&A1, 1, true), ST_OK);
	int64_t p99[] = {99}, p1[] = {1};
	assert_int_equal(mks_release_many(&A1, ids, p99, 1, res, missing, &released), ST_OK);
	assert_int_equal(res[0], ST_NOT_FOUND);
	assert_int_equal(released, 0);
	assert_int_equal(mks_release_many(&A1, ids, p1, 1, res, missing, &released), ST_OK);
	assert_int_equal(res[0], ST_OK);
	assert_int_equal(num("SELECT portal FROM offer WHERE vehicle_id = 1"), 1);
}

int main(void)
{
	const struct CMUnitTest rules[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_every_missing_field_named),
		cmocka_unit_test(test_missing_single_fields),
		cmocka_unit_test(test_link_mode),
		cmocka_unit_test(test_url_rule),
		cmocka_unit_test(test_locked_fields),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_vclass),
	};
	const struct CMUnitTest store[] = {
		cmocka_unit_test_setup_teardown(test_release_and_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscribe_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_future_bookings_cancelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimarket_remove, setup, teardown),
	};
	int failed = cmocka_run_group_tests_name("market rules", rules, NULL, NULL);
	failed += cmocka_run_group_tests_name("market store", store, NULL, NULL);
	return failed ? 1 : 0;
}
