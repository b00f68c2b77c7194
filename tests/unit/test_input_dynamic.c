/* test_input_dynamic: unit tests for declared repeated ("org[]") and prefixed ("pick_*") fields of http/input: validated values only, errors per value, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/app.h"
#include "http/input.h"

static struct req R;

static int setup(void **state)
{
	memset(&R, 0, sizeof R);
	assert_int_equal(hdf_init(&R.hdf), STATUS_OK);
	/* A language marker, so that app_lang answers keys without loading language files. */
	hdf_set_value(R.hdf, "Lang.code", "test");
	hdf_set_value(R.hdf, "Form.x", "");
	hdf_set_value(R.hdf, "Errors.x", "");
	hdf_remove_tree(R.hdf, "Form.x");
	hdf_remove_tree(R.hdf, "Errors.x");
	snprintf(R.org.tz, sizeof R.org.tz, "Europe/Berlin");
	return 0;
}

static int teardown(void **state)
{
	hdf_destroy(&R.hdf);
	return 0;
}

static void q(const char *name, const char *value)
{
	char path[128];
	snprintf(path, sizeof path, "Query.%s", name);
	hdf_set_value(R.hdf, path, value);
}

static int errors(void)
{
	int n = 0;
	for (HDF *c = hdf_obj_child(hdf_get_obj(R.hdf, "Errors")); c; c = hdf_obj_next(c))
		n++;
	return n;
}

static const struct input_field fields[] = {
	{"pick_*", input_bool, false, 5},
	{"org[]", input_id, false, 15},
	{"name_*", input_text, false, 10},
};

static void test_prefix_yields_valid_ids_only(void **state)
{
	q("pick_3", "1");
	q("pick_12", "on");
	q("pick_x", "1");        /* not an id: not this field */
	q("pick_007", "1");      /* leading zeros: not an id */
	q("pick_0", "1");        /* 0 is no id */
	q("pick_5", "maybe");    /* invalid value: an error of its own */
	q("pick_9", "");         /* sent empty: skipped */
	q("picky", "1");
	struct input_val v[1];
	assert_int_equal(input_read(&R, fields, 1, v), 1);
	assert_false(v[0].ok);
	assert_int_equal(v[0].i, 3);   /* three values sent non-empty: 3, 12, 5 */
	assert_non_null(hdf_get_value(R.hdf, "Error.pick_5", NULL));
	assert_null(hdf_get_value(R.hdf, "Error.pick_3", NULL));
	assert_string_equal(hdf_get_value(R.hdf, "Form.pick_5", ""), "maybe");
	struct input_iter it;
	struct input_item item;
	int64_t seen[8];
	int n = 0;
	input_each(&R, &fields[0], &it);
	while (input_next(&it, &item)) {
		assert_true(item.v.ok);
		assert_int_equal(item.v.i, 1);
		seen[n++] = item.id;
	}
	assert_int_equal(n, 2);
	assert_true((seen[0] == 3 && seen[1] == 12) || (seen[0] == 12 && seen[1] == 3));
}

static void test_prefix_lookup(void **state)
{
	q("name_4", "Golf");
	q("name_5", "far too long a name");
	q("name_6", "");
	struct input_val v;
	input_prefixed(&R, &fields[2], 4, &v);
	assert_true(v.sent && v.present && v.ok);
	assert_string_equal(v.s, "Golf");
	input_prefixed(&R, &fields[2], 5, &v);
	assert_true(v.sent);
	assert_false(v.ok);
	input_prefixed(&R, &fields[2], 6, &v);
	assert_true(v.sent);
	assert_false(v.present);
	input_prefixed(&R, &fields[2], 7, &v);
	assert_false(v.sent);
	assert_false(v.present);
	/* The prefixed error names the one field. */
	struct input_val all[3];
	assert_int_equal(input_read(&R, fields, 3, all), 1);
	assert_non_null(hdf_get_value(R.hdf, "Error.name_5", NULL));
	assert_int_equal(errors(), 1);
}

static void test_repeated_field(void **state)
{
	q("org", "4");
	q("org.0", "4");
	q("org.1", "7");
	q("org.2", "");
	struct input_val v[2];
	assert_int_equal(input_read(&R, fields, 2, v), 0);
	assert_true(v[1].ok);
	assert_int_equal(v[1].i, 2);
	struct input_iter it;
	struct input_item item;
	input_each(&R, &fields[1], &it);
	assert_true(input_next(&it, &item));
	assert_int_equal(item.v.i, 4);
	assert_true(input_next(&it, &item));
	assert_int_equal(item.v.i, 7);
	assert_false(input_next(&it, &item));
	assert_false(input_next(&it, &item));
}

static void test_repeated_single_and_invalid(void **state)
{
	q("org", "9");
	struct input_val v[2];
	assert_int_equal(input_read(&R, fields, 2, v), 0);
	struct input_iter it;
	struct input_item item;
	input_each(&R, &fields[1], &it);
	assert_true(input_next(&it, &item));
	assert_int_equal(item.v.i, 9);
	assert_false(input_next(&it, &item));

	q("org", "1");
	q("org.0", "1");
	q("org.1", "x");
	assert_int_equal(input_read(&R, fields, 2, v), 1);
	assert_false(v[1].ok);
	assert_non_null(hdf_get_value(R.hdf, "Error.org", NULL));
	/* The iterator hands out the valid value only. */
	input_each(&R, &fields[1], &it);
	assert_true(input_next(&it, &item));
	assert_int_equal(item.v.i, 1);
	assert_false(input_next(&it, &item));
}

static void test_required_and_limits(void **state)
{
	static const struct input_field req_pick = {"pick_*", input_bool, true, 5};
	struct input_val v;
	assert_int_equal(input_read(&R, &req_pick, 1, &v), 1);
	assert_false(v.ok);
	assert_non_null(hdf_get_value(R.hdf, "Error.pick_", NULL));
	/* More values than INPUT_MAX_ITEMS are refused. */
	char name[32];
	for (int i = 1; i <= INPUT_MAX_ITEMS + 1; i++) {
		snprintf(name, sizeof name, "pick_%d", i);
		q(name, "1");
	}
	assert_true(input_read(&R, &req_pick, 1, &v) >= 1);
	assert_false(v.ok);
}

static void test_one_value_sent_flag(void **state)
{
	static const struct input_field one[] = {{"tariff", input_id, false, 20}, {"mode", input_text, false, 5}};
	q("tariff", "");
	struct input_val v[2];
	assert_int_equal(input_read(&R, one, 2, v), 0);
	assert_true(v[0].sent);
	assert_false(v[0].present);
	assert_true(v[0].ok);
	assert_false(v[1].sent);
	/* A plain name is not a prefix: mode_1 does not count as mode. */
	q("mode_1", "x");
	assert_int_equal(input_read(&R, one, 2, v), 0);
	assert_false(v[1].sent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prefix_yields_valid_ids_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefix_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_single_and_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_value_sent_flag, setup, teardown),
	};
	return cmocka_run_group_tests_name("input_dynamic", tests, NULL, NULL) ? 1 : 0;
}
