/* test_input: unit tests for the request door's validators and input_read: required fields, character-counted limits, messages in the form. */
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
	hdf_set_value(R.hdf, "Lang.code", "test"); /* app_lang answers keys without language files */
	snprintf(R.org.tz, sizeof R.org.tz, "Europe/Berlin");
	return 0;
}

static int teardown(void **state)
{
	hdf_destroy(&R.hdf);
	return 0;
}

/* The validator's message for raw ("" when valid), with the value in *v. */
static const char *check(input_validator fn, const char *raw, struct input_val *v)
{
	memset(v, 0, sizeof *v);
	const char *m = fn(&R, raw, v);
	return m ? m : "";
}

static void ids_and_ints(void **state)
{
	struct input_val v;
	assert_string_equal(check(input_id, "1", &v), "");
	assert_int_equal(v.i, 1);
	assert_string_equal(check(input_id, "9007199254740992", &v), ""); /* 2^53 */
	assert_string_not_equal(check(input_id, "9007199254740993", &v), "");
	assert_string_not_equal(check(input_id, "0", &v), "");
	assert_string_not_equal(check(input_id, "-3", &v), "");
	assert_string_not_equal(check(input_id, "1e3", &v), "");
	assert_string_not_equal(check(input_id, " 5", &v), "");
	assert_string_equal(check(input_int, "-1000000000", &v), "");
	assert_int_equal(v.i, -1000000000);
	assert_string_not_equal(check(input_int, "1000000001", &v), "");
	assert_string_not_equal(check(input_int, "12abc", &v), "");
}

static void texts(void **state)
{
	struct input_val v;
	assert_string_equal(check(input_text, "Kurzurlaub – mit Hund 🚗", &v), "");
	assert_string_equal(v.s, "Kurzurlaub – mit Hund 🚗");
	assert_string_not_equal(check(input_text, "zwei\nZeilen", &v), "");
	assert_string_equal(check(input_textarea, "zwei\r\nZeilen", &v), "");
	assert_string_not_equal(check(input_text, "\xc3(", &v), "");      /* broken UTF-8 */
	assert_string_not_equal(check(input_text, "a\x7f", &v), "");
	assert_string_equal(check(input_login, "neumann", &v), "");
	assert_string_not_equal(check(input_login, "NEU MANN", &v), "");
	assert_string_not_equal(check(input_login, "MÜLLER", &v), "");
}

static void dates(void **state)
{
	struct input_val v;
	assert_string_equal(check(input_date, "2026-12-02", &v), "");
	assert_int_equal(v.i, 20261202);
	assert_string_not_equal(check(input_date, "2026-02-30", &v), "");
	assert_string_not_equal(check(input_date, "02.12.2026", &v), "");
	assert_string_equal(check(input_month, "2026-11", &v), "");
	assert_int_equal(v.i, 202611);
	assert_string_not_equal(check(input_month, "2026-13", &v), "");
	/* Local time of the organisation's zone: 10:00 in Berlin in winter is 09:00 UTC. */
	assert_string_equal(check(input_datetime, "2026-12-02T10:00", &v), "");
	assert_int_equal(v.i, 1796202000);
	assert_string_not_equal(check(input_datetime, "2026-12-02 10:00", &v), "");
	assert_string_not_equal(check(input_datetime, "2026-12-02T25:00", &v), "");
	/* The hour that does not exist on the spring DST day is refused. */
	assert_string_not_equal(check(input_datetime, "2026-03-29T02:30", &v), "");
}

static void flags(void **state)
{
	struct input_val v;
	assert_string_equal(check(input_bool, "on", &v), "");
	assert_int_equal(v.i, 1);
	assert_string_equal(check(input_bool, "0", &v), "");
	assert_int_equal(v.i, 0);
	assert_string_not_equal(check(input_bool, "yes please", &v), "");
	assert_string_equal(check(input_view, "day", &v), "");
	assert_int_equal(v.i, 1);
	assert_string_equal(check(input_view, "week", &v), "");
	assert_int_equal(v.i, 7);
	assert_string_not_equal(check(input_view, "month", &v), "");
}

static const struct input_field form[] = {
	{"purpose", input_text, false, 5},   /* five characters */
	{"vehicle", input_id, true, 20},
};

static void read_form(void **state)
{
	hdf_remove_tree(R.hdf, "Query");
	hdf_remove_tree(R.hdf, "Error");
	hdf_remove_tree(R.hdf, "Errors");
	hdf_set_value(R.hdf, "Query.purpose", "ÄÖÜäö");   /* five characters, ten bytes: within the limit */
	hdf_set_value(R.hdf, "Query.vehicle", "12");
	struct input_val v[2];
	assert_int_equal(input_read(&R, form, 2, v), 0);
	assert_true(v[0].ok && v[0].present);
	assert_int_equal(v[1].i, 12);
	assert_string_equal(hdf_get_value(R.hdf, "Form.purpose", ""), "ÄÖÜäö");

	hdf_set_value(R.hdf, "Query.purpose", "ÄÖÜäöü");  /* six */
	hdf_remove_tree(R.hdf, "Query.vehicle");
	assert_int_equal(input_read(&R, form, 2, v), 2);
	assert_false(v[0].ok);
	assert_false(v[1].ok);
	assert_string_equal(hdf_get_value(R.hdf, "Error.purpose", ""), "err.too_long");
	assert_string_equal(hdf_get_value(R.hdf, "Error.vehicle", ""), "err.required");
	/* The input is kept for the form, the message listed once per field. */
	assert_string_equal(hdf_get_value(R.hdf, "Form.purpose", ""), "ÄÖÜäöü");
	assert_non_null(hdf_get_obj(R.hdf, "Errors.1"));

	/* An optional field left empty is ok and not present. */
	hdf_remove_tree(R.hdf, "Error");
	hdf_remove_tree(R.hdf, "Errors");
	hdf_set_value(R.hdf, "Query.purpose", "");
	hdf_set_value(R.hdf, "Query.vehicle", "3");
	assert_int_equal(input_read(&R, form, 2, v), 0);
	assert_true(v[0].ok);
	assert_false(v[0].present);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ids_and_ints), cmocka_unit_test(texts), cmocka_unit_test(dates),
		cmocka_unit_test(flags),        cmocka_unit_test(read_form),
	};
	return cmocka_run_group_tests_name("input", tests, setup, teardown);
}
