/* test_sealed: unit tests for sealed secrets (store/sealed): round trip, a fresh nonce each time, key file created 0600 once, wrong key and damaged text refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/sealed.h"

static char dir[64], key[128];

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/wb-sealed-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(key, sizeof key, "%s/wagenbuch.db", dir);
	setenv("WB_DB", key, 1);
	unsetenv("WB_SEALED_KEY");
	snprintf(key, sizeof key, "%s/sealed.key", dir);
	return 0;
}

static int teardown(void **state)
{
	unlink(key);
	char other[160];
	snprintf(other, sizeof other, "%s/other.key", dir);
	unlink(other);
	rmdir(dir);
	return 0;
}

static void round_trip(void **state)
{
	char s1[SEALED_MAX], s2[SEALED_MAX], out[600];
	assert_int_equal(access(key, F_OK), -1);
	assert_true(sealed_seal("Geheim-Passwort ä€", s1, sizeof s1));
	assert_string_equal(sealed_key_path(), key);
	struct stat st;
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(strncmp(s1, "s1:", 3), 0);
	assert_null(strstr(s1, "Geheim"));
	assert_true(sealed_seal("Geheim-Passwort ä€", s2, sizeof s2));
	assert_string_not_equal(s1, s2); /* a fresh nonce */
	assert_true(sealed_open(s1, out, sizeof out));
	assert_string_equal(out, "Geheim-Passwort ä€");
	assert_true(sealed_open(s2, out, sizeof out));
	assert_string_equal(out, "Geheim-Passwort ä€");
	assert_true(sealed_seal("", s2, sizeof s2));
	assert_true(sealed_open(s2, out, sizeof out));
	assert_string_equal(out, "");
	/* too small an output, damaged or foreign text */
	char tiny[4];
	assert_false(sealed_open(s1, tiny, sizeof tiny));
	assert_string_equal(tiny, "");
	char bad[SEALED_MAX];
	strcpy(bad, s1);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	assert_false(sealed_open(bad, out, sizeof out));
	assert_string_equal(out, "");
	assert_false(sealed_open("Geheim", out, sizeof out));
	assert_false(sealed_open("s1:!!!", out, sizeof out));
	char big[700];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_false(sealed_seal(big, s2, sizeof s2));
}

static void wrong_key(void **state)
{
	char s1[SEALED_MAX], out[600];
	assert_true(sealed_seal("abc", s1, sizeof s1));
	char other[160];
	snprintf(other, sizeof other, "%s/other.key", dir);
	setenv("WB_SEALED_KEY", other, 1);
	assert_false(sealed_open(s1, out, sizeof out));
	unsetenv("WB_SEALED_KEY");
	assert_true(sealed_open(s1, out, sizeof out));
	assert_string_equal(out, "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(wrong_key),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
