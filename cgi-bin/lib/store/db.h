/* db: the process's one SQLite connection, its cached prepared statements, write transactions and migrations. */
#ifndef WB_DB_H
#define WB_DB_H

#include "store/store.h"

#include <sqlite3.h>
#include <stdint.h>

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_BUSY - still locked after the busy timeout: answer 503 with Retry-After
 *   ST_ERROR - anything else: logged, answered 500 */

/* The journal-mode pragma $WB_JOURNAL asks for: "wal" (default, also when unset), or a rollback
 * journal, "delete" / "truncate" / "persist", for file systems without shared memory for WAL's
 * -shm file (NFS and some shared hosts); NULL for any other value. */
const char *db_journal_pragma(void);

/* Opens the database named by $WB_DB (default var/wagenbuch.db) once per process with
 * the journal mode of $WB_JOURNAL (WAL by default), synchronous=FULL, foreign_keys=ON and a busy timeout, then applies missing
 * migrations from $WB_SCHEMA (default schema/). Returns ST_OK, ST_BUSY when the file stayed locked
 * for the busy timeout, or ST_ERROR (reason on stderr). */
enum store_status db_open(void);

/* Sets SQLite up for a process that serves one request (plain CGI); call before any other db_
 * function. SQLite then keeps no memory statistics, reads the database through a memory map, and
 * allocates from an arena whose free does nothing (the process's exit frees it; when the 64 MiB
 * are used up, blocks come from malloc and are freed normally). */
void db_configure_short_lived(void);

/* The open connection; db_open must have succeeded. */
sqlite3 *db_handle(void);

/* Closes the connection and finalises every cached statement. */
void db_close(void);

/* Returns a prepared statement for sql, prepared once per process and cached by the
 * address of sql, which must therefore be a string literal (or otherwise live forever).
 * The statement is reset with its bindings cleared. NULL when sql fails to prepare
 * (a programming error: logged). */
sqlite3_stmt *db_stmt(const char *sql);

/* BEGIN IMMEDIATE: takes the write lock now, so that the checks that follow and the
 * writes they allow are one atomic unit. ST_BUSY when the lock could not be had. */
enum store_status db_begin(void);

/* COMMIT (ST_BUSY/ST_ERROR leave the transaction rolled back) and ROLLBACK (never fails
 * visibly; safe to call when no transaction is open). */
enum store_status db_commit(void);
void db_rollback(void);

/* Maps an sqlite3 result code to a db_status, logging unexpected errors with where. */
enum store_status db_result(int rc, const char *where);

/* Applies the migrations in dir whose number is above PRAGMA user_version, each in one
 * immediate transaction that also sets user_version. Returns ST_OK or ST_ERROR. */
enum store_status db_migrate(sqlite3 *db, const char *dir);

/* Called with each migration's file name after db_migrate committed it (NULL: nobody listens);
 * wagenbuch-admin migrate uses it to say which migrations it applied. Foreign keys are off while a
 * migration runs (table rebuilds, 008) and PRAGMA foreign_key_check must find nothing before it
 * commits. */
extern void (*db_migrate_hook)(const char *name);

/* The data generation counter (bumped by triggers on every change a calendar shows). */
int64_t db_generation(void);

/* Steps a statement that returns no rows (INSERT, UPDATE, DELETE) once and resets it: ST_OK when it
 * ran to completion, else the mapped failure (logged with where). */
enum store_status db_step_done(sqlite3_stmt *st, const char *where);

/* Text of column i of a stepped statement, never NULL. */
const char *db_text(sqlite3_stmt *st, int i);

#endif
