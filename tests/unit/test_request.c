/* test_request: unit tests for the request door's limits on urlencoded fields, checked before ClearSilver sees a byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/request.h"

static int check(const char *s, int *count)
{
	*count = 0;
	return request_check_urlencoded(s, strlen(s), count);
}

static void accepted(void **state)
{
	int n;
	assert_int_equal(check("", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(check("a=1&b=2", &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(check("purpose=Kurzurlaub%20mit%20Hund&start=2026-12-02T10%3A00", &n), 0);
	assert_int_equal(check("name_12=VW&pick_12=1", &n), 0);  /* prefixed dynamic names */
	assert_int_equal(check("x=", &n), 0);                    /* an empty value */
}

static void refused_names(void **state)
{
	int n;
	assert_int_equal(check("id.0=x", &n), 400);      /* '.' would become an HDF path */
	assert_int_equal(check("id%2E0=x", &n), 400);    /* also when encoded */
	assert_int_equal(check("=x", &n), 400);          /* no name */
	assert_int_equal(check("a b=x", &n), 400);
	char longname[RQ_MAX_NAME + 8];
	memset(longname, 'a', RQ_MAX_NAME + 1);
	strcpy(longname + RQ_MAX_NAME + 1, "=1");
	assert_int_equal(check(longname, &n), 400);
	longname[RQ_MAX_NAME] = '\0';
	strcat(longname, "=1");
	assert_int_equal(check(longname, &n), 0);         /* exactly RQ_MAX_NAME is fine */
}

static void refused_values(void **state)
{
	int n;
	assert_int_equal(check("login=NEUMANN%00DROP", &n), 400);  /* an encoded NUL cuts values short */
	size_t big = RQ_MAX_VALUE + 16;
	char *s = malloc(big + 8);
	memcpy(s, "v=", 2);
	memset(s + 2, 'x', RQ_MAX_VALUE + 1);
	s[2 + RQ_MAX_VALUE + 1] = '\0';
	assert_int_equal(check(s, &n), 413);   /* too large, as a body over its limit */
	s[2 + RQ_MAX_VALUE] = '\0';
	assert_int_equal(check(s, &n), 0);
	free(s);
}

static void field_count(void **state)
{
	/* RQ_MAX_FIELDS fields pass, one more is 413: repeated names cost ClearSilver quadratic time. */
	size_t cap = (RQ_MAX_FIELDS + 1) * 4 + 1;
	char *s = calloc(1, cap);
	for (int i = 0; i < RQ_MAX_FIELDS; i++)
		strcat(s, i ? "&a=1" : "a=1");
	int n;
	assert_int_equal(check(s, &n), 0);
	assert_int_equal(n, RQ_MAX_FIELDS);
	strcat(s, "&a=1");
	assert_int_equal(check(s, &n), 413);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted), cmocka_unit_test(refused_names), cmocka_unit_test(refused_values),
		cmocka_unit_test(field_count),
	};
	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
