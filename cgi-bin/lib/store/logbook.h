/* logbook: appends finished action-log lines to the database, inside the caller's transaction, and reads them back as a stream. */
#ifndef WB_LOGBOOK_H
#define WB_LOGBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sqlite3_stmt;

/* Appends line to org_id's action log at time at. The caller holds a write transaction, so the
 * line is written exactly when the action it describes is. Returns 0 (ST_OK) or the db_status. */
int logbook_append(int64_t org_id, int64_t at, const char *line);

/* A streamed read of action-log lines. */
struct logbook_cursor {
	struct sqlite3_stmt *st;
	int rc;
};

/* Starts the read of org_id's lines written at [t0, t1) (UTC seconds), in time order. Steps to the
 * first line, so that a locked or broken database is known before anything is sent. Returns ST_OK
 * or the failure. */
int logbook_open(struct logbook_cursor *c, int64_t org_id, int64_t t0, int64_t t1);

/* The current line (*line valid until logbook_next, *len bytes, no newline); false when none is left. */
bool logbook_line(struct logbook_cursor *c, const char **line, size_t *len);

/* Steps to the next line. */
void logbook_next(struct logbook_cursor *c);

/* Ends the read: ST_OK when every line was read (or the caller stopped early), else the failure. */
int logbook_close(struct logbook_cursor *c);

#endif
