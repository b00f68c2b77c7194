/* pagecache: a small cache of rendered page fragments, each valid for one data generation: a worker's own, or files plain CGI processes share. */
#include "http/pagecache.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

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

/* ---- Shared mode (plain CGI): one file per bucket of the key's hash. */

#define PAGECACHE_BUCKETS 64

static const char *g_dir;      /* NULL: the cache is the process's own (g_entries) */
static void *g_map;            /* the file mapped by the last shared get */
static size_t g_map_len;

/* A bucket file: this header, the key's bytes, then the fragment's. */
struct file_head {
	char magic[8];
	int64_t gen;
	uint64_t key_len, len;
};
static const char PAGECACHE_MAGIC[8] = "wbpc01\n";

void pagecache_share(const char *dir)
{
	g_dir = dir;
	mkdir(dir, 0700); /* best effort: an existing directory, or a miss later */
}

static void unmap_last(void)
{
	if (g_map)
		munmap(g_map, g_map_len);
	g_map = NULL;
	g_map_len = 0;
}

/* dir/<bucket of key> into path; false when it does not fit. */
static bool bucket_path(char *path, size_t size, const char *key)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	int n = snprintf(path, size, "%s/%02u", g_dir, (unsigned)(h % PAGECACHE_BUCKETS));
	return n > 0 && (size_t)n < size;
}

static const char *shared_get(const char *key, int64_t gen, size_t *len)
{
	char path[4096];
	unmap_last();
	if (!bucket_path(path, sizeof path, key))
		return NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat sb;
	void *m = MAP_FAILED;
	if (fstat(fd, &sb) == 0 && (size_t)sb.st_size >= sizeof(struct file_head))
		/* Populated: the pages are in the page cache already, one call maps them all. */
		m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return NULL;
	g_map = m;
	g_map_len = (size_t)sb.st_size;
	const struct file_head *fh = m;
	size_t klen = strlen(key);
	if (memcmp(fh->magic, PAGECACHE_MAGIC, sizeof fh->magic) != 0 || fh->gen != gen || fh->key_len != klen ||
	    fh->len != g_map_len - sizeof *fh - klen || memcmp((const char *)(fh + 1), key, klen) != 0) {
		unmap_last();
		return NULL;
	}
	*len = (size_t)fh->len;
	return (const char *)(fh + 1) + klen;
}

static void shared_put(const char *key, int64_t gen, const char *html, size_t len)
{
	char path[4096], tmp[4096];
	unmap_last();
	if (!bucket_path(path, sizeof path, key))
		return;
	int n = snprintf(tmp, sizeof tmp, "%s/.tmp-%ld", g_dir, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp)
		return;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	struct file_head fh = {.gen = gen, .key_len = strlen(key), .len = len};
	memcpy(fh.magic, PAGECACHE_MAGIC, sizeof fh.magic);
	struct iovec iov[3] = {{&fh, sizeof fh}, {(void *)key, fh.key_len}, {(void *)html, len}};
	size_t want = sizeof fh + fh.key_len + len;
	ssize_t w = writev(fd, iov, 3);
	/* Readers see the old file or the whole new one, never a part (rename is atomic). */
	if (close(fd) != 0 || w < 0 || (size_t)w != want || rename(tmp, path) != 0)
		unlink(tmp);
}

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
	if (g_dir)
		return shared_get(key, gen, len);
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
	if (g_dir) {
		shared_put(key, gen, html, len);
		return;
	}
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
