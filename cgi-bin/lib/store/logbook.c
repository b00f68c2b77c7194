/* logbook: appends finished action-log lines to the database, inside the caller's transaction. */
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
