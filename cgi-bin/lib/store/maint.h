/* maint: the database file as the operator handles it: online backup, checked restore, integrity check, migrations, running workers, the one-time set-up token. */
#ifndef WB_MAINT_H
#define WB_MAINT_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Results: ST_OK; ST_NOT_FOUND the file does not exist; ST_FILE not an SQLite database or not a
 * Wagenbuch one (no org/booking/actionlog tables, user_version 0); ST_RANGE a schema version newer
 * than this build knows; ST_FORBIDDEN the target cannot be written; ST_BUSY; ST_ERROR. Except for
 * maint_migrate, these open their own connections (never db_open's), so they work on any file. */

/* The database path of this process: $WB_DB or var/wagenbuch.db (as db_open); the schema dir:
 * $WB_SCHEMA or schema. */
const char *maint_db_path(void);
const char *maint_schema_dir(void);

/* Highest migration number NNN of dir's NNN_*.sql files; -1 when dir cannot be read. */
int maint_schema_latest(const char *dir);

/* What `check` reports about a database file. */
struct maint_report {
	bool wagenbuch;            /* an SQLite file with Wagenbuch's tables */
	char integrity[200];       /* "ok" or the first problem PRAGMA integrity_check names */
	int fk_violations;         /* rows PRAGMA foreign_key_check lists */
	int version;               /* PRAGMA user_version */
	int latest;                /* highest migration in the schema dir */
	long long db_bytes, wal_bytes; /* size of the file and of its -wal file (0 when absent) */
	int orgs;                  /* organisations */
};

/* Fills r for the database file path (opened read-only). ST_OK when it could be examined (r then
 * says what is wrong, see maint_report_ok), ST_NOT_FOUND, ST_FILE (r->wagenbuch false). */
enum store_status maint_check_file(const char *path, const char *schema_dir, struct maint_report *r);

/* True when r describes a sound database: integrity ok, no foreign key violations, version == latest. */
bool maint_report_ok(const struct maint_report *r);

/* Copies the live database db_path to dest with SQLite's online backup API while other processes
 * keep reading and writing: one read transaction, so dest is the state of one moment (every commit
 * acknowledged before the call is in it). dest is written as dest.tmp-PID beside it and renamed into
 * place, so a failed backup leaves nothing. ST_FORBIDDEN when dest's directory is not writable or
 * dest exists (unless overwrite). */
enum store_status maint_backup(const char *db_path, const char *dest, bool overwrite);

/* Replaces the contents of db_path with src's (online backup API, one write transaction, so a
 * reader never sees half of it). The caller has checked src with maint_check_file. */
enum store_status maint_restore(const char *db_path, const char *src);

/* Other processes (never this one) that have db_path open, as far as /proc lets this user see:
 * their pids into pids (at most max), the count as the result. */
int maint_workers(const char *db_path, pid_t *pids, int max);

/* Opens (creating when missing) the database of this process with db_open, applying pending
 * migrations; fn is called with each applied migration's file name. *applied gets their number. */
enum store_status maint_migrate(void (*fn)(const char *name), int *applied);

/* Closes the connection maint_migrate (db_open) opened, with its statements; safe when none is open. */
void maint_close(void);

/* The set-up token file beside the database: "<db_path>.setup-token", mode 0600. */
void maint_token_path(char *buf, size_t n);

/* A set-up token is valid for this many days after its file was written. */
#define MAINT_TOKEN_DAYS 7

/* Creates the token file with 32 random bytes (hex) when it does not exist or has expired (then it
 * is replaced); ST_OK when a valid one exists afterwards. The caller decides that set-up is still
 * open (no organisation). */
enum store_status maint_token_ensure(void);

/* True when given equals the token in the file (constant time); false when there is no file or it
 * is older than MAINT_TOKEN_DAYS. */
bool maint_token_matches(const char *given);

/* Removes the token file (after set-up): it is single use. */
void maint_token_remove(void);

#endif
