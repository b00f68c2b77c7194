/* logbook: appends finished action-log lines to the database, inside the caller's transaction. */
#ifndef WB_LOGBOOK_H
#define WB_LOGBOOK_H

#include <stdint.h>

/* Appends line to org_id's action log at time at. The caller holds a write transaction, so the
 * line is written exactly when the action it describes is. Returns 0 (ST_OK) or the db_status. */
int logbook_append(int64_t org_id, int64_t at, const char *line);

#endif
