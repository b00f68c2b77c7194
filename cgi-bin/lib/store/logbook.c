/* logbook: appends finished action-log lines to the database, inside the caller's transaction, and reads them back as a stream. */
#include "store/logbook.h"

#include <assert.h>

#include "store/db.h"

int logbook_append(int64_t org_id, int64_t at, const char *line)
{
	assert(!sqlite3_get_autocommit(db_handle())); /* only ever inside the action's transaction */
	sqlite3_stmt *st = db_stmt("INSERT INTO actionlog (org_id, at, line) VALUES (?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, line, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return db_result(rc, "actionlog append");
}

int logbook_open(struct logbook_cursor *c, int64_t org_id, int64_t t0, int64_t t1)
{
	c->rc = SQLITE_DONE;
	c->st = db_stmt("SELECT line FROM actionlog WHERE org_id = ? AND at >= ? AND at < ? ORDER BY at, id");
	if (!c->st)
		return ST_ERROR;
	sqlite3_bind_int64(c->st, 1, org_id);
	sqlite3_bind_int64(c->st, 2, t0);
	sqlite3_bind_int64(c->st, 3, t1);
	c->rc = sqlite3_step(c->st);
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE) {
		sqlite3_reset(c->st);
		c->st = NULL;
		return db_result(c->rc, "log stream");
	}
	return ST_OK;
}

bool logbook_line(struct logbook_cursor *c, const char **line, size_t *len)
{
	if (!c->st || c->rc != SQLITE_ROW)
		return false;
	*line = db_text(c->st, 0);
	*len = (size_t)sqlite3_column_bytes(c->st, 0);
	return true;
}

void logbook_next(struct logbook_cursor *c)
{
	if (c->st && c->rc == SQLITE_ROW)
		c->rc = sqlite3_step(c->st);
}

int logbook_close(struct logbook_cursor *c)
{
	if (!c->st)
		return c->rc == SQLITE_DONE ? ST_OK : ST_ERROR;
	int rc = c->rc;
	sqlite3_reset(c->st);
	c->st = NULL;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? ST_OK : db_result(rc, "log stream");
}
