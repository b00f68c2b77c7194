/* conn: the database connection as the request door (http/door) sees it, without SQL or db.h. */
#ifndef WB_CONN_H
#define WB_CONN_H

#include "store/store.h"

/* Opens the process's database once (WAL, foreign keys, busy timeout) and applies pending
 * migrations: ST_OK, ST_BUSY or ST_ERROR. Later calls return at once. */
enum store_status conn_open(void);

/* Rolls back a transaction a handler left open (a handler that returned early). */
void conn_end_request(void);

/* Sets SQLite up for a process that serves one request (plain CGI), before the first open:
 * db_configure_short_lived. */
void conn_short_lived(void);

/* Closes the connection and finalises its statements. */
void conn_close(void);

#endif
