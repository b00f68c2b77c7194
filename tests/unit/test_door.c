/* test_door: unit tests for the request door's route matching ("#" ids, "*" segments, trailing slash). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/door.h"

static void literal(void **state)
{
	int64_t id = -1;
	assert_true(door_route_match("", "", &id));
	assert_true(door_route_match("", "/", &id));           /* the page root with a slash */
	assert_true(door_route_match("/areas", "/areas", &id));
	assert_true(door_route_match("/areas", "/areas/", &id));
	assert_false(door_route_match("/areas", "/areasx", &id));
	assert_false(door_route_match("/areas", "/area", &id));
	assert_false(door_route_match("/areas", "/areas//", &id));
	assert_false(door_route_match("/areas/new", "/areas", &id));
	assert_int_equal(id, -1);                                /* no "#": id untouched */
}

static void ids(void **state)
{
	int64_t id = 0;
	assert_true(door_route_match("/booking/#", "/booking/7618", &id));
	assert_int_equal(id, 7618);
	assert_true(door_route_match("/booking/#/edit", "/booking/5/edit", &id));
	assert_int_equal(id, 5);
	id = 0;
	assert_false(door_route_match("/booking/#", "/booking/0", &id));       /* ids start at 1 */
	assert_false(door_route_match("/booking/#", "/booking/01", &id));      /* no leading zero */
	assert_false(door_route_match("/booking/#", "/booking/-1", &id));
	assert_false(door_route_match("/booking/#", "/booking/1x", &id));
	assert_false(door_route_match("/booking/#", "/booking/", &id));
	assert_false(door_route_match("/booking/#", "/booking/1234567890123456", &id)); /* 16 digits */
	assert_true(door_route_match("/booking/#", "/booking/123456789012345", &id));   /* 15 digits */
	assert_int_equal(id, 123456789012345LL);
	assert_false(door_route_match("/booking/#/edit", "/booking/5/delete", &id));
}

static void any_segment(void **state)
{
	int64_t id = 0;
	const char *p = "/v1/billing/getBillings/usergroup/*/datalimit/*";
	assert_true(door_route_match(p, "/v1/billing/getBillings/usergroup/1/datalimit/10", &id));
	assert_true(door_route_match(p, "/v1/billing/getBillings/usergroup/x/datalimit/1.5", &id));
	assert_true(door_route_match(p, "/v1/billing/getBillings/usergroup/1/datalimit/10/", &id));
	assert_false(door_route_match(p, "/v1/billing/getBillings/usergroup//datalimit/10", &id));  /* empty */
	assert_false(door_route_match(p, "/v1/billing/getBillings/usergroup/1/datalimit/", &id));
	assert_false(door_route_match(p, "/v1/billing/getBillings/usergroup/1/2/datalimit/3", &id)); /* one segment only */
	assert_int_equal(id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal), cmocka_unit_test(ids), cmocka_unit_test(any_segment),
	};
	return cmocka_run_group_tests_name("door", tests, NULL, NULL);
}
