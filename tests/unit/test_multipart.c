/* test_multipart: the multipart/form-data parser, including boundaries of different lengths in turn. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/multipart.h"

/* Builds a body with a csrf field and a file part using boundary b. */
static size_t make_body(char *buf, size_t n, const char *b, const char *file)
{
	return (size_t)snprintf(buf, n,
	    "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\n"
	    "Content-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n", b, b, file, b);
}

static void parses_fields_and_files_with_alternating_boundaries(void **state)
{
	/* Chromium, Firefox and curl use boundaries of different lengths; ClearSilver's parser
	 * caches the length in a static, so parse them in turn in one process. */
	const char *bounds[] = {"----WebKitFormBoundary7MA4YWxkTrZu0gW",
	                        "---------------------------9051914041544843365972754266",
	                        "------------------------d74496d66958873e", "x"};
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < 4; i++) {
			char body[1024];
			struct multipart_part parts[8];
			size_t len = make_body(body, sizeof body, bounds[i], "login;descr\r\nA;\"x\r\ny\"\r\n");
			int n = multipart_parse(body, len, bounds[i], parts, 8);
			assert_int_equal(n, 2);
			assert_string_equal(parts[0].name, "csrf");
			assert_int_equal(parts[0].len, 3);
			assert_memory_equal(parts[0].data, "abc", 3);
			assert_string_equal(parts[1].name, "file");
			assert_string_equal(parts[1].filename, "m.csv");
			assert_string_equal(parts[1].ctype, "text/csv");
			assert_int_equal(parts[1].len, strlen("login;descr\r\nA;\"x\r\ny\"\r\n"));
		}
	}
}

static void file_containing_boundary_prefix_is_kept_whole(void **state)
{
	char body[512];
	struct multipart_part parts[4];
	size_t len = make_body(body, sizeof body, "abc", "--ab\r\n--abd\r\n");
	assert_int_equal(multipart_parse(body, len, "abc", parts, 4), 2);
	assert_int_equal(parts[1].len, strlen("--ab\r\n--abd\r\n"));
}

static void rejects_malformed_bodies(void **state)
{
	struct multipart_part parts[4];
	const char *no_close = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue";
	assert_int_equal(multipart_parse(no_close, strlen(no_close), "b", parts, 4), -1);
	const char *no_headers_end = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nvalue\r\n--b--";
	assert_int_equal(multipart_parse(no_headers_end, strlen(no_headers_end), "b", parts, 4), -1);
	const char *dotted = "--b\r\nContent-Disposition: form-data; name=\"a.b\"\r\n\r\nv\r\n--b--";
	assert_int_equal(multipart_parse(dotted, strlen(dotted), "b", parts, 4), -1);
	const char *no_name = "--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--";
	assert_int_equal(multipart_parse(no_name, strlen(no_name), "b", parts, 4), -1);
	assert_int_equal(multipart_parse("", 0, "b", parts, 4), -1);
	/* 64 characters are the limit; a longer name is refused, never cut to fit. */
	char body[512];
	char name65[66];
	memset(name65, 'a', 65);
	name65[65] = '\0';
	size_t len = (size_t)snprintf(body, sizeof body,
	                              "--b\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\nv\r\n--b--", name65);
	assert_int_equal(multipart_parse(body, len, "b", parts, 4), -1);
	len = (size_t)snprintf(body, sizeof body,
	                       "--b\r\nContent-Disposition: form-data; name=\"%.64s\"\r\n\r\nv\r\n--b--", name65);
	assert_int_equal(multipart_parse(body, len, "b", parts, 4), 1);
	assert_int_equal(strlen(parts[0].name), 64);
}

static void refuses_too_many_parts(void **state)
{
	char body[4096] = "";
	size_t len = 0;
	for (int i = 0; i < 5; i++)
		len += (size_t)snprintf(body + len, sizeof body - len,
		                        "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
	len += (size_t)snprintf(body + len, sizeof body - len, "--b--\r\n");
	struct multipart_part parts[4];
	assert_int_equal(multipart_parse(body, len, "b", parts, 4), -2);
	struct multipart_part more[8];
	assert_int_equal(multipart_parse(body, len, "b", more, 8), 5);
}

static void extracts_boundary_parameter(void **state)
{
	char b[80];
	assert_int_equal(multipart_boundary("multipart/form-data; boundary=----abc", b, sizeof b), 0);
	assert_string_equal(b, "----abc");
	assert_int_equal(multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"q r\"", b, sizeof b), 0);
	assert_string_equal(b, "q r");
	assert_int_equal(multipart_boundary("multipart/form-data", b, sizeof b), -1);
	assert_int_equal(multipart_boundary("multipart/form-data; xboundary=abc", b, sizeof b), -1);
	assert_int_equal(multipart_boundary("multipart/form-data; boundary=", b, sizeof b), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_fields_and_files_with_alternating_boundaries),
		cmocka_unit_test(file_containing_boundary_prefix_is_kept_whole),
		cmocka_unit_test(rejects_malformed_bodies),
		cmocka_unit_test(refuses_too_many_parts),
		cmocka_unit_test(extracts_boundary_parameter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
