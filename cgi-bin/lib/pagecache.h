/* pagecache: a worker's small cache of rendered page fragments, each valid for one data generation. */
#ifndef WB_PAGECACHE_H
#define WB_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The cache is on unless $WB_RENDER_CACHE is "0" (benchmarks measure rendering from scratch so). */
bool pagecache_enabled(void);

/* The fragment stored under key for generation gen, or NULL. The pointer stays valid until the
 * next pagecache_put. */
const char *pagecache_get(const char *key, int64_t gen);

/* Stores a copy of html under key for generation gen, replacing the least recently used entry.
 * Entries of older generations are dropped as they are met. */
void pagecache_put(const char *key, int64_t gen, const char *html);

#endif
