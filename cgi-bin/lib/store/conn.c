/* conn: the database connection as the request door sees it — open, end of request, read mapping, close — over store/db. */
#include "store/conn.h"

#include <sqlite3.h>

#include "store/db.h"

enum store_status conn_open(void)
{
	return db_open();
}

void conn_end_request(void)
{
	db_rollback();
}

void conn_short_lived(void)
{
	db_configure_short_lived();
}

void conn_close(void)
{
	db_close();
}
