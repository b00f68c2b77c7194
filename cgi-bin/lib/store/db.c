/* db: the process's one SQLite connection, its cached prepared statements, write transactions and migrations. */
#include "store/db.h"

#include <assert.h>
#include <dirent.h>
#include <sys/mman.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DB_BUSY_TIMEOUT_MS 5000
#define DB_STMT_CACHE 256

static sqlite3 *g_db;

static struct {
	const char *sql;
	sqlite3_stmt *st;
} g_cache[DB_STMT_CACHE];
static int g_ncache;

/* Logs an SQLite failure to stderr (the web server's error log); never shown to users. */
static void db_log(const char *where, int rc)
{
	fprintf(stderr, "wagenbuch db: %s: %s (%d)\n", where,
	        g_db ? sqlite3_errmsg(g_db) : sqlite3_errstr(rc), rc);
}

enum store_status db_result(int rc, const char *where)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return ST_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ST_BUSY;
	default:
		db_log(where, rc);
		return ST_ERROR;
	}
}

/* Executes a fixed piece of SQL (pragmas, transaction control, migrations). */
static int db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK && msg)
		fprintf(stderr, "wagenbuch db: exec: %s\n", msg);
	sqlite3_free(msg);
	return rc;
}

/* Reads a whole migration file; NULL on failure. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0) {
		fclose(f);
		return NULL;
	}
	long n = ftell(f);
	rewind(f);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

/* A migration file name "NNN_name.sql" gives NNN; anything else gives -1. */
static int migration_number(const char *name)
{
	size_t len = strlen(name);
	if (len < 9 || strcmp(name + len - 4, ".sql") != 0 || name[3] != '_')
		return -1;
	for (int i = 0; i < 3; i++)
		if (name[i] < '0' || name[i] > '9')
			return -1;
	return (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
}

void (*db_migrate_hook)(const char *name);

/* Rows that break a foreign key (PRAGMA foreign_key_check), each logged; -1 when the check fails. */
static int foreign_key_violations(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(stderr, "wagenbuch db: foreign key violation in %s row %lld (-> %s)\n",
		        (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
		        (const char *)sqlite3_column_text(st, 2));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

enum store_status db_migrate(sqlite3 *db, const char *dir)
{
	char path[4096];
	for (;;) {
		sqlite3_stmt *st;
		int version = 0;
		if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
			return ST_ERROR;
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);

		/* Find the lowest migration above the current version. */
		DIR *d = opendir(dir);
		if (!d) {
			fprintf(stderr, "wagenbuch db: cannot read schema directory %s\n", dir);
			return ST_ERROR;
		}
		int next = -1;
		char next_name[256] = "";
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			int n = migration_number(e->d_name);
			if (n > version && (next < 0 || n < next) && strlen(e->d_name) < sizeof next_name) {
				next = n;
				strcpy(next_name, e->d_name);
			}
		}
		closedir(d);
		if (next < 0)
			return ST_OK;

		snprintf(path, sizeof path, "%s/%s", dir, next_name);
		char *sql = read_file(path);
		if (!sql) {
			fprintf(stderr, "wagenbuch db: cannot read %s\n", path);
			return ST_ERROR;
		}
		/* SQLite's procedure for table rebuilds (008): foreign keys off while the migration runs,
		 * since a DROP TABLE would otherwise delete or cascade into the rows that point at it, and
		 * PRAGMA foreign_key_check before the commit instead. The pragma is a no-op inside a
		 * transaction, so it is set here; every connection had it ON (db_open). */
		db_exec(db, "PRAGMA foreign_keys=OFF");
		if (db_exec(db, "BEGIN IMMEDIATE") != SQLITE_OK) {
			db_exec(db, "PRAGMA foreign_keys=ON");
			free(sql);
			return ST_ERROR;
		}
		/* Another process may have migrated while we waited for the lock. */
		int now_version = -1;
		if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				now_version = sqlite3_column_int(st, 0);
			sqlite3_finalize(st);
		}
		int rc = SQLITE_OK;
		if (now_version == version) {
			char setv[64];
			snprintf(setv, sizeof setv, "PRAGMA user_version = %d", next);
			rc = db_exec(db, sql);
			if (rc == SQLITE_OK)
				rc = db_exec(db, setv);
			if (rc == SQLITE_OK && foreign_key_violations(db) != 0)
				rc = SQLITE_CONSTRAINT;
		}
		free(sql);
		if (rc != SQLITE_OK || db_exec(db, "COMMIT") != SQLITE_OK) {
			db_exec(db, "ROLLBACK");
			db_exec(db, "PRAGMA foreign_keys=ON");
			fprintf(stderr, "wagenbuch db: migration %s failed\n", next_name);
			return ST_ERROR;
		}
		db_exec(db, "PRAGMA foreign_keys=ON");
		if (db_migrate_hook)
			db_migrate_hook(next_name);
	}
}

/* The connection's busy handler: waits for a lock in short steps (1 ms at first, never more than
 * 10 ms) and gives up after DB_BUSY_TIMEOUT_MS in all. sqlite3_busy_timeout's steps grow to
 * 100 ms, so a writer queued behind commits of a few milliseconds often slept 25-100 ms for
 * nothing (a write p99 of 400-700 ms in the benchmark with 8 writers). */
static int db_busy_wait(void *ctx, int tries)
{
	static struct timespec start;
	struct timespec now;
	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (tries == 0)
		start = now;
	long long waited = (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000;
	if (waited >= DB_BUSY_TIMEOUT_MS)
		return 0;
	static const int step_ms[] = {1, 1, 1, 1, 2, 2, 2, 4, 4, 8};
	int ms = tries < (int)(sizeof step_ms / sizeof step_ms[0]) ? step_ms[tries] : 10;
	sqlite3_sleep(ms);
	return 1;
}

const char *db_journal_pragma(void)
{
	const char *j = getenv("WB_JOURNAL");
	if (!j || !*j || !strcasecmp(j, "wal"))
		return "PRAGMA journal_mode=WAL";
	if (!strcasecmp(j, "delete"))
		return "PRAGMA journal_mode=DELETE";
	if (!strcasecmp(j, "truncate"))
		return "PRAGMA journal_mode=TRUNCATE";
	if (!strcasecmp(j, "persist"))
		return "PRAGMA journal_mode=PERSIST";
	return NULL;
}

/* SQLite's allocator in a plain CGI process: a bump arena whose free does nothing. A process
 * lives for one request, and a third of a cached calendar request's instructions were SQLite's
 * malloc, free and their statistics (mostly the schema: allocated when it is parsed, freed at
 * close). Blocks carry their size in front; when the arena is used up, blocks come from malloc
 * and are freed normally, so a long request (an export) only stops saving. */
#define DB_ARENA_SIZE ((size_t)64 << 20)
#define DB_ARENA_HEAD 16 /* keeps the blocks 16-byte aligned */
static char *g_arena, *g_arena_top, *g_arena_last;

static bool in_arena(const void *p)
{
	return g_arena && (const char *)p >= g_arena && (const char *)p < g_arena + DB_ARENA_SIZE;
}

static int arena_roundup(int n)
{
	return (n + 15) & ~15;
}

static void *arena_malloc(int n)
{
	size_t size = (size_t)arena_roundup(n > 0 ? n : 1);
	char *p;
	if ((size_t)(g_arena + DB_ARENA_SIZE - g_arena_top) >= size + DB_ARENA_HEAD) {
		p = g_arena_top;
		g_arena_top += size + DB_ARENA_HEAD;
	} else {
		p = malloc(size + DB_ARENA_HEAD);
		if (!p)
			return NULL;
	}
	memcpy(p, &size, sizeof size);
	g_arena_last = p + DB_ARENA_HEAD;
	return p + DB_ARENA_HEAD;
}

static int arena_size(void *p)
{
	size_t size;
	memcpy(&size, (char *)p - DB_ARENA_HEAD, sizeof size);
	return (int)size;
}

static void arena_free(void *p)
{
	if (p && !in_arena(p))
		free((char *)p - DB_ARENA_HEAD);
}

static void *arena_realloc(void *p, int n)
{
	size_t old = (size_t)arena_size(p), size = (size_t)arena_roundup(n > 0 ? n : 1);
	if (size <= old)
		return p;
	/* The newest arena block grows in place (SQLite's string and array builders do this). */
	if (p == g_arena_last && in_arena(p) && (size_t)(g_arena + DB_ARENA_SIZE - (char *)p) >= size) {
		g_arena_top = (char *)p + size;
		memcpy((char *)p - DB_ARENA_HEAD, &size, sizeof size);
		return p;
	}
	void *q = arena_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	arena_free(p);
	return q;
}

static int arena_init(void *ctx)
{
	(void)ctx;
	return SQLITE_OK;
}

static void arena_shutdown(void *ctx)
{
	(void)ctx;
}

void db_configure_short_lived(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* Pages are read through a memory map instead of being copied into fresh heap pages. */
	sqlite3_config(SQLITE_CONFIG_MMAP_SIZE, (sqlite3_int64)1 << 30, (sqlite3_int64)1 << 30);
	static const sqlite3_mem_methods methods = {arena_malloc, arena_free, arena_realloc, arena_size,
	                                            arena_roundup, arena_init, arena_shutdown, NULL};
	void *m = mmap(NULL, DB_ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK) {
		munmap(m, DB_ARENA_SIZE);
		return;
	}
	g_arena = g_arena_top = m;
	/* What a cached calendar request allocates (570 kB; 750 kB on a miss), populated by one call
	 * (best effort, Linux >= 5.14). Populating is not free either: 576 kB here and 512 kB of heap
	 * took 2.65 ms of task-clock per request against 3.18 ms with 768 kB and 1 MiB (perf stat,
	 * 6 x 200 runs interleaved, load 6.6). */
	madvise(m, (size_t)576 << 10, MADV_POPULATE_WRITE);
}

enum store_status db_open(void)
{
	if (g_db)
		return ST_OK;
	const char *path = getenv("WB_DB");
	const char *schema = getenv("WB_SCHEMA");
	if (!path || !*path)
		path = "var/wagenbuch.db";
	if (!schema || !*schema)
		schema = "schema";
	/* NOMUTEX: a worker has one thread, so the connection's mutex only costs time (~7% of a
	 * calendar render). */
	int rc = sqlite3_open_v2(path, &g_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_log("open", rc);
		sqlite3_close(g_db);
		g_db = NULL;
		return ST_ERROR;
	}
	sqlite3_busy_handler(g_db, db_busy_wait, NULL);
	const char *journal = db_journal_pragma();
	if (!journal) {
		fprintf(stderr, "wagenbuch db: WB_JOURNAL must be wal, delete, truncate or persist\n");
		db_close();
		return ST_ERROR;
	}
	/* Switching the journal mode can fail with SQLITE_BUSY without waiting for the busy timeout
	 * while another process opens the same file; wait for it here, up to the same timeout. */
	int rc2 = SQLITE_BUSY;
	for (int waited = 0; waited < DB_BUSY_TIMEOUT_MS && (rc2 & 0xff) == SQLITE_BUSY; waited += 20) {
		rc2 = sqlite3_exec(g_db, journal, NULL, NULL, NULL);
		if ((rc2 & 0xff) == SQLITE_BUSY)
			sqlite3_sleep(20);
	}
	if (rc2 != SQLITE_OK) {
		enum store_status s = db_result(rc2, "journal mode");
		db_close();
		return s == ST_BUSY ? ST_BUSY : ST_ERROR;
	}
	if (db_exec(g_db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY") != SQLITE_OK ||
	    db_migrate(g_db, schema) != ST_OK) {
		db_close();
		return ST_ERROR;
	}
	return ST_OK;
}

sqlite3 *db_handle(void)
{
	assert(g_db != NULL);
	return g_db;
}

void db_close(void)
{
	for (int i = 0; i < g_ncache; i++)
		sqlite3_finalize(g_cache[i].st);
	g_ncache = 0;
	if (g_db)
		sqlite3_close(g_db);
	g_db = NULL;
}

sqlite3_stmt *db_stmt(const char *sql)
{
	assert(g_db != NULL);
	for (int i = 0; i < g_ncache; i++) {
		if (g_cache[i].sql == sql) {
			sqlite3_reset(g_cache[i].st);
			sqlite3_clear_bindings(g_cache[i].st);
			return g_cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(g_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_log(sql, rc);
		return NULL;
	}
	if (g_ncache < DB_STMT_CACHE) {
		g_cache[g_ncache].sql = sql;
		g_cache[g_ncache].st = st;
		g_ncache++;
	} else {
		/* The cache is sized for every statement the code has; running out is a bug. */
		assert(!"statement cache full");
	}
	return st;
}

enum store_status db_begin(void)
{
	sqlite3_stmt *st = db_stmt("BEGIN IMMEDIATE");
	if (!st)
		return ST_ERROR;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return db_result(rc, "begin");
}

enum store_status db_commit(void)
{
	sqlite3_stmt *st = db_stmt("COMMIT");
	if (!st)
		return ST_ERROR;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	enum store_status s = db_result(rc, "commit");
	if (s != ST_OK)
		db_rollback();
	return s;
}

void db_rollback(void)
{
	if (g_db && !sqlite3_get_autocommit(g_db))
		db_exec(g_db, "ROLLBACK");
}

int64_t db_generation(void)
{
	sqlite3_stmt *st = db_stmt("SELECT n FROM generation WHERE id = 1");
	int64_t n = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

const char *db_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

enum store_status db_step_done(sqlite3_stmt *st, const char *where)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, where);
}
