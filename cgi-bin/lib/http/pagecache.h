/* pagecache: a small cache of rendered page fragments, each valid for one data generation: a worker's own, or files plain CGI processes share. */
#ifndef WB_PAGECACHE_H
#define WB_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Makes the cache shared between processes: from now on pagecache_get and pagecache_put keep the
 * fragments as files in dir (created 0700 if missing; one file per hash bucket of the key, each
 * holding one generation, key and fragment, replaced atomically by rename), so that the next plain
 * CGI process, which lives for one request, can hit what an earlier one rendered. Any file error
 * only makes a miss. dir must stay valid for the process. */
void pagecache_share(const char *dir);

/* The cache is on unless $WB_RENDER_CACHE is "0" (benchmarks measure rendering from scratch so). */
bool pagecache_enabled(void);

/* The fragment stored under key for generation gen, or NULL; its length in *len. The pointer
 * stays valid until the next pagecache_put (shared: until the next pagecache_get or put). */
const char *pagecache_get(const char *key, int64_t gen, size_t *len);

/* Stores a copy of the len bytes at html under key for generation gen, in the place of an entry
 * of an older generation or else of the least recently used one. The replaced entry's buffer is
 * reused when the fragment is of about its size (no allocation, no fresh pages), and otherwise
 * freed, so that the cache's memory follows what it holds. */
void pagecache_put(const char *key, int64_t gen, const char *html, size_t len);

#endif
