/* test_pagecache: unit tests for the worker's cache of rendered fragments (pagecache.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/pagecache.h"

/* A fragment comes back byte for byte (NULs included) for its key and generation only. */
static void get_and_put(void **state)
{
	size_t len = 0;
	assert_null(pagecache_get("a", 1, &len));
	pagecache_put("a", 1, "x\0y", 3);
	const char *p = pagecache_get("a", 1, &len);
	assert_non_null(p);
	assert_int_equal(len, 3);
	assert_memory_equal(p, "x\0y", 3);
	assert_null(pagecache_get("b", 1, &len));
	pagecache_put("a", 1, "second", 6);      /* same key: replaced */
	p = pagecache_get("a", 1, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(p, "second", 6);
	pagecache_put("empty", 1, NULL, 0);
	assert_non_null(pagecache_get("empty", 1, &len));
	assert_int_equal(len, 0);
}

/* A new data generation makes every older fragment invisible. */
static void generation_invalidates(void **state)
{
	size_t len;
	pagecache_put("g", 5, "old", 3);
	assert_null(pagecache_get("g", 6, &len));
	assert_null(pagecache_get("g", 5, &len));   /* dropped when met under the new generation */
}

/* With more keys than entries, the least recently used goes first; a key at the size limit is
 * not stored. */
static void least_recently_used_goes(void **state)
{
	char key[32], big[300];
	size_t len;
	for (int i = 0; i < 32; i++) {
		snprintf(key, sizeof key, "k%d", i);
		pagecache_put(key, 9, key, strlen(key));
	}
	assert_non_null(pagecache_get("k0", 9, &len));   /* k0 is now recent, k1 the oldest */
	pagecache_put("k32", 9, "k32", 3);
	assert_null(pagecache_get("k1", 9, &len));
	assert_non_null(pagecache_get("k0", 9, &len));
	assert_non_null(pagecache_get("k32", 9, &len));
	memset(big, 'k', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	pagecache_put(big, 9, "v", 1);
	assert_null(pagecache_get(big, 9, &len));
	/* Fragments of very different sizes through the same entries keep their contents. */
	char *huge = malloc(1 << 20);
	assert_non_null(huge);
	memset(huge, 'h', 1 << 20);
	pagecache_put("k0", 9, huge, 1 << 20);
	pagecache_put("k0", 9, "tiny", 4);
	const char *p = pagecache_get("k0", 9, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(p, "tiny", 4);
	free(huge);
}

/* Shared (plain CGI): what one process stores, the next one finds; another generation, another
 * key in the same bucket file or a damaged file is a miss, never someone else's fragment. Runs
 * last: sharing cannot be switched off again. */
static void shared_between_processes(void **state)
{
	char dir[] = "/tmp/wb-pagecache-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sub[64];
	snprintf(sub, sizeof sub, "%s/cache", dir);
	pagecache_share(sub); /* creates the directory */
	size_t len;
	assert_null(pagecache_get("week|1", 5, &len));
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pagecache_put("week|1", 5, "<tr>a</tr>", 10);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	const char *p = pagecache_get("week|1", 5, &len);
	assert_non_null(p);
	assert_int_equal(len, 10);
	assert_memory_equal(p, "<tr>a</tr>", 10);
	assert_null(pagecache_get("week|1", 6, &len));   /* the data changed since */
	/* More keys than bucket files: each get is a miss or exactly its own fragment. */
	char key[32], val[32];
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "k%d", i);
		snprintf(val, sizeof val, "v%d", i);
		pagecache_put(key, 7, val, strlen(val));
	}
	int hits = 0;
	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "k%d", i);
		snprintf(val, sizeof val, "v%d", i);
		p = pagecache_get(key, 7, &len);
		if (p) {
			hits++;
			assert_int_equal(len, strlen(val));
			assert_memory_equal(p, val, len);
		}
	}
	assert_true(hits >= 1 && hits <= 64);
	assert_non_null(pagecache_get("k199", 7, &len)); /* the last one stored in its bucket */
	/* A damaged (truncated) file is a miss. */
	char cmd[200];
	snprintf(cmd, sizeof cmd, "for f in %s/*; do truncate -s 20 \"$f\"; done", sub);
	assert_int_equal(system(cmd), 0);
	assert_null(pagecache_get("k199", 7, &len));
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	/* Without its directory the cache only misses. */
	pagecache_put("k1", 7, "v1", 2);
	assert_null(pagecache_get("k1", 7, &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(get_and_put),
		cmocka_unit_test(generation_invalidates),
		cmocka_unit_test(least_recently_used_goes),
		cmocka_unit_test(shared_between_processes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
