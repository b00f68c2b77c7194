/* pagecache: a worker's small cache of rendered page fragments, each valid for one data generation. */
#include "pagecache.h"

#include <stdlib.h>
#include <string.h>

#define PAGECACHE_ENTRIES 32
#define PAGECACHE_KEY 160

static struct entry {
	char key[PAGECACHE_KEY];
	int64_t gen;
	uint64_t used;        /* tick of the last use, for LRU */
	char *html;
} g_entries[PAGECACHE_ENTRIES];
static uint64_t g_tick;

bool pagecache_enabled(void)
{
	static int on = -1;
	if (on < 0) {
		const char *e = getenv("WB_RENDER_CACHE");
		on = !(e && strcmp(e, "0") == 0);
	}
	return on;
}

const char *pagecache_get(const char *key, int64_t gen)
{
	for (int i = 0; i < PAGECACHE_ENTRIES; i++) {
		struct entry *e = &g_entries[i];
		if (!e->html)
			continue;
		if (e->gen != gen) {
			/* Stale for everyone: the data it shows has changed. */
			free(e->html);
			e->html = NULL;
			continue;
		}
		if (strcmp(e->key, key) == 0) {
			e->used = ++g_tick;
			return e->html;
		}
	}
	return NULL;
}

void pagecache_put(const char *key, int64_t gen, const char *html)
{
	if (strlen(key) >= PAGECACHE_KEY)
		return;
	struct entry *victim = &g_entries[0];
	for (int i = 0; i < PAGECACHE_ENTRIES; i++) {
		struct entry *e = &g_entries[i];
		if (!e->html || strcmp(e->key, key) == 0) {
			victim = e;
			break;
		}
		if (e->used < victim->used)
			victim = e;
	}
	char *copy = strdup(html);
	if (!copy)
		return;
	free(victim->html);
	victim->html = copy;
	victim->gen = gen;
	victim->used = ++g_tick;
	strcpy(victim->key, key);
}
