/* testdb: a fresh temporary SQLite database for one unit test, with the project's migrations applied by db_open and a fixture loaded; and its removal. */
#ifndef WB_TESTDB_H
#define WB_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/db.h"

static char testdb_dir[128], testdb_path[192];

/* Creates /tmp/wb-<name>-XXXXXX/test.db, points WB_DB at it (and WB_SCHEMA at the repository's
 * schema/ when unset), opens it and runs fixture. Returns 0, or -1 with the reason on stderr. */
static int testdb_open(const char *name, const char *fixture)
{
	snprintf(testdb_dir, sizeof testdb_dir, "/tmp/wb-%s-XXXXXX", name);
	if (!mkdtemp(testdb_dir))
		return -1;
	snprintf(testdb_path, sizeof testdb_path, "%s/test.db", testdb_dir);
	setenv("WB_DB", testdb_path, 1);
	const char *schema = getenv("WB_SCHEMA");
	if (!schema || !*schema || access(schema, R_OK) != 0) {
		if (access("schema/001_init.sql", R_OK) == 0)
			setenv("WB_SCHEMA", "schema", 1);
		else if (access("../../schema/001_init.sql", R_OK) == 0)
			setenv("WB_SCHEMA", "../../schema", 1);
		else
			return -1;
	}
	if (db_open() != ST_OK)
		return -1;
	char *err = NULL;
	if (sqlite3_exec(db_handle(), fixture, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fixture: %s\n", err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Closes the database and removes its files and directory. */
static void testdb_close(void)
{
	char p[224];
	db_close();
	unlink(testdb_path);
	snprintf(p, sizeof p, "%s-wal", testdb_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", testdb_path);
	unlink(p);
	rmdir(testdb_dir);
}

#endif
