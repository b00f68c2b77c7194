/* maint: the database file as the operator handles it: online backup, checked restore, integrity check, migrations, running workers, the one-time set-up token. */
#include "store/maint.h"

#include "store/db.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAINT_BUSY_MS 10000

const char *maint_db_path(void)
{
	const char *p = getenv("WB_DB");
	return p && *p ? p : "var/wagenbuch.db";
}

const char *maint_schema_dir(void)
{
	const char *p = getenv("WB_SCHEMA");
	return p && *p ? p : "schema";
}

int maint_schema_latest(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int best = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		size_t len = strlen(n);
		if (len < 9 || strcmp(n + len - 4, ".sql") != 0 || n[3] != '_' ||
		    n[0] < '0' || n[0] > '9' || n[1] < '0' || n[1] > '9' || n[2] < '0' || n[2] > '9')
			continue;
		int v = (n[0] - '0') * 100 + (n[1] - '0') * 10 + (n[2] - '0');
		if (v > best)
			best = v;
	}
	closedir(d);
	return best;
}

static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* One integer from a statement prepared on another connection than db_open's (so db_stmt cannot
 * cache it; the SQL is still a literal at each call); def when it returns nothing. Finalises st. */
static long long one_int(sqlite3_stmt *st, long long def)
{
	if (!st)
		return def;
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : def;
	sqlite3_finalize(st);
	return v;
}

/* Prepares a literal on connection c; NULL on failure (e.g. SQLITE_NOTADB). */
static sqlite3_stmt *prep(sqlite3 *c, const char *literal)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c, literal, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}
#define MAINT_PREP(c, lit) prep((c), "" lit)

enum store_status maint_check_file(const char *path, const char *schema_dir, struct maint_report *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->integrity, sizeof r->integrity, "not checked");
	r->latest = maint_schema_latest(schema_dir);
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return ST_NOT_FOUND;
	r->db_bytes = sb.st_size;
	char wal[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", path);
	r->wal_bytes = file_size(wal);
	sqlite3 *c = NULL;
	if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(c);
		return ST_FILE;
	}
	sqlite3_busy_timeout(c, MAINT_BUSY_MS);
	/* A file that is not a database fails on the first read (SQLITE_NOTADB). */
	long long tables = one_int(MAINT_PREP(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('org', 'member', 'booking', 'actionlog')"), -1);
	r->version = (int)one_int(MAINT_PREP(c, "PRAGMA user_version"), 0);
	if (tables != 4 || r->version <= 0) {
		sqlite3_close(c);
		return ST_FILE;
	}
	r->wagenbuch = true;
	r->orgs = (int)one_int(MAINT_PREP(c, "SELECT count(*) FROM org"), 0);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c, "PRAGMA integrity_check(20)", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(r->integrity, sizeof r->integrity, "%s", (const char *)sqlite3_column_text(st, 0));
		else
			snprintf(r->integrity, sizeof r->integrity, "%s", sqlite3_errmsg(c));
		sqlite3_finalize(st);
	} else {
		snprintf(r->integrity, sizeof r->integrity, "%s", sqlite3_errmsg(c));
	}
	r->fk_violations = 0;
	if (sqlite3_prepare_v2(c, "PRAGMA foreign_key_check", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			r->fk_violations++;
		sqlite3_finalize(st);
	} else {
		r->fk_violations = -1;
	}
	sqlite3_close(c);
	return ST_OK;
}

bool maint_report_ok(const struct maint_report *r)
{
	return r->wagenbuch && strcmp(r->integrity, "ok") == 0 && r->fk_violations == 0 && r->version == r->latest;
}

/* Runs a backup from (src, "main") to (dst, "main") in one step, waiting out locks. */
static enum store_status copy_db(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return db_result(sqlite3_errcode(dst), "backup init");
	int rc, waited = 0;
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		if (waited >= MAINT_BUSY_MS)
			break;
		sqlite3_sleep(10);
		waited += 10;
	}
	int fin = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ST_BUSY : db_result(rc, "backup step");
	return fin == SQLITE_OK ? ST_OK : db_result(fin, "backup finish");
}

enum store_status maint_backup(const char *db_path, const char *dest, bool overwrite)
{
	struct stat sb;
	if (stat(db_path, &sb) != 0)
		return ST_NOT_FOUND;
	if (!overwrite && stat(dest, &sb) == 0)
		return ST_FORBIDDEN;
	char tmp[PATH_MAX];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", dest, (long)getpid()) >= sizeof tmp)
		return ST_FORBIDDEN;
	/* Created by us with 0600: the backup holds password hashes. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return ST_FORBIDDEN;
	close(fd);
	sqlite3 *src = NULL, *dst = NULL;
	enum store_status s = ST_ERROR;
	if (sqlite3_open_v2(db_path, &src, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(src, MAINT_BUSY_MS);
		s = copy_db(dst, src);
		/* The copy is a self-contained file: no -wal beside it. */
		if (s == ST_OK && sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) /* a literal */
			s = ST_ERROR;
	}
	sqlite3_close(src);
	if (sqlite3_close(dst) != SQLITE_OK)
		s = ST_ERROR;
	if (s == ST_OK) {
		fd = open(tmp, O_RDONLY);
		if (fd < 0 || fsync(fd) != 0)
			s = ST_ERROR;
		if (fd >= 0)
			close(fd);
	}
	if (s == ST_OK && rename(tmp, dest) != 0)
		s = ST_FORBIDDEN;
	if (s != ST_OK)
		unlink(tmp);
	return s;
}

enum store_status maint_restore(const char *db_path, const char *src_path)
{
	sqlite3 *src = NULL, *dst = NULL;
	enum store_status s = ST_ERROR;
	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_open_v2(db_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(dst, MAINT_BUSY_MS);
		s = copy_db(dst, src);
		/* The restored file keeps the live database's journal mode (WAL unless configured). */
	}
	sqlite3_close(src);
	sqlite3_close(dst);
	return s;
}

int maint_workers(const char *db_path, pid_t *pids, int max)
{
	char want[PATH_MAX];
	if (!realpath(db_path, want))
		return 0;
	DIR *proc = opendir("/proc");
	if (!proc)
		return 0;
	int n = 0;
	pid_t self = getpid();
	struct dirent *e;
	while ((e = readdir(proc)) != NULL) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0 || pid == self)
			continue;
		char fdir[64];
		snprintf(fdir, sizeof fdir, "/proc/%ld/fd", pid);
		DIR *fds = opendir(fdir);
		if (!fds)
			continue;
		struct dirent *f;
		while ((f = readdir(fds)) != NULL) {
			char link[360], target[PATH_MAX];
			if (f->d_name[0] == '.')
				continue;
			snprintf(link, sizeof link, "%s/%s", fdir, f->d_name);
			ssize_t len = readlink(link, target, sizeof target - 1);
			if (len <= 0)
				continue;
			target[len] = '\0';
			if (strcmp(target, want) == 0) {
				if (n < max)
					pids[n] = (pid_t)pid;
				n++;
				break;
			}
		}
		closedir(fds);
	}
	closedir(proc);
	return n;
}

static void (*g_migrate_fn)(const char *name);
static int g_migrated;

/* db_migrate_hook while maint_migrate runs: counts and forwards. */
static void on_migrated(const char *name)
{
	g_migrated++;
	if (g_migrate_fn)
		g_migrate_fn(name);
}

enum store_status maint_migrate(void (*fn)(const char *name), int *applied)
{
	g_migrate_fn = fn;
	g_migrated = 0;
	db_migrate_hook = on_migrated;
	enum store_status s = db_open();
	db_migrate_hook = NULL;
	*applied = g_migrated;
	return s;
}

void maint_close(void)
{
	db_close();
}

void maint_token_path(char *buf, size_t n)
{
	snprintf(buf, n, "%s.setup-token", maint_db_path());
}

/* True when the token file at path is older than MAINT_TOKEN_DAYS (or unreadable). */
static bool token_expired(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return true;
	return time(NULL) - sb.st_mtime > (time_t)MAINT_TOKEN_DAYS * 86400;
}

enum store_status maint_token_ensure(void)
{
	char path[PATH_MAX];
	maint_token_path(path, sizeof path);
	/* An expired token is replaced: whoever saw the old one cannot use it any more. */
	if (access(path, F_OK) == 0 && token_expired(path))
		unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return errno == EEXIST ? ST_OK : ST_FORBIDDEN;
	unsigned char raw[32];
	char hex[sizeof raw * 2 + 2];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	strcat(hex, "\n");
	size_t len = strlen(hex);
	bool ok = write(fd, hex, len) == (ssize_t)len && fsync(fd) == 0;
	close(fd);
	if (!ok) {
		unlink(path);
		return ST_ERROR;
	}
	return ST_OK;
}

bool maint_token_matches(const char *given)
{
	char path[PATH_MAX];
	maint_token_path(path, sizeof path);
	if (token_expired(path))
		return false;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	char buf[128];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	/* Surrounding blanks of a pasted token do not count. */
	while (*given == ' ' || *given == '\t')
		given++;
	size_t g = strlen(given);
	while (g > 0 && (given[g - 1] == ' ' || given[g - 1] == '\t' || given[g - 1] == '\n' || given[g - 1] == '\r'))
		g--;
	if (n != 64 || g != 64)
		return false;
	return sodium_memcmp(buf, given, 64) == 0;
}

void maint_token_remove(void)
{
	char path[PATH_MAX];
	maint_token_path(path, sizeof path);
	unlink(path);
}
