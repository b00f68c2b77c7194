/* pagecache: a worker's small cache of rendered page fragments, each valid for one data generation. */
#include "http/pagecache.h"

#include <stdlib.h>
#include <string.h>

#define PAGECACHE_ENTRIES 32
#define PAGECACHE_KEY 160

static struct entry {
	char key[PAGECACHE_KEY];
	int64_t gen;
	uint64_t used;        /* tick of the last use, for LRU; 0: the entry holds nothing */
	char *html;           /* cap bytes, reused for a fragment of about that size */
	size_t len, cap;
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

const char *pagecache_get(const char *key, int64_t gen, size_t *len)
{
	for (int i = 0; i < PAGECACHE_ENTRIES; i++) {
		struct entry *e = &g_entries[i];
		if (!e->used)
			continue;
		if (e->gen != gen) {
			e->used = 0;   /* stale for everyone: the data it shows has changed */
			continue;
		}
		if (strcmp(e->key, key) == 0) {
			e->used = ++g_tick;
			*len = e->len;
			return e->html;
		}
	}
	return NULL;
}

void pagecache_put(const char *key, int64_t gen, const char *html, size_t len)
{
	if (strlen(key) >= PAGECACHE_KEY)
		return;
	struct entry *victim = &g_entries[0];
	for (int i = 0; i < PAGECACHE_ENTRIES; i++) {
		struct entry *e = &g_entries[i];
		if (!e->used || e->gen != gen || strcmp(e->key, key) == 0) {
			victim = e;
			break;
		}
		if (e->used < victim->used)
			victim = e;
	}
	victim->used = 0;
	if (!victim->html || victim->cap < len || victim->cap / 2 > len) {
		/* A buffer is kept only for a fragment of about its size: a slot that once held a big
		 * page does not keep its memory for small ones, nor does a small one creep upwards. */
		free(victim->html);
		victim->html = malloc(len ? len : 1);
		victim->cap = victim->html ? len : 0;
		if (!victim->html)
			return;
	}
	if (len)
		memcpy(victim->html, html, len);
	victim->len = len;
	victim->gen = gen;
	victim->used = ++g_tick;
	strcpy(victim->key, key);
}
