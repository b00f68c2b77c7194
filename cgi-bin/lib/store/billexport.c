/* billexport: billing exports ("Verrechnungsexport") — creating one from the unexported billing records of a period, manual rows, row edits and deletions, deleting and restoring an export. */
#include "store/billexport.h"

#include <stdio.h>

#include "store/billing.h"
#include "store/db.h"

static enum store_status bx_of(int dbs)
{
	return dbs == ST_OK ? ST_OK : dbs == ST_BUSY ? ST_BUSY : ST_ERROR;
}

/* Commits when dbs is ST_OK, else rolls back; the result as bx_result (res when not a db failure). */
static enum store_status finish(int dbs, enum store_status res)
{
	if (dbs == ST_OK && res == ST_OK)
		dbs = db_commit();
	if (dbs != ST_OK || res != ST_OK)
		db_rollback();
	return dbs != ST_OK ? bx_of(dbs) : res;
}

static int copy_records(int64_t org_id, int64_t export_id, const struct bx_export_in *in, int64_t now, int *nrows)
{
	sqlite3_stmt *sel = db_stmt(
	    "SELECT b.id, coalesce(m.descr, ''), coalesce(m.login, ''), o.name, coalesce(v.name, ''), b.start, b.end,"
	    " b.price FROM billing b JOIN org o ON o.id = b.org_id LEFT JOIN member m ON m.id = b.member_id"
	    " LEFT JOIN vehicle v ON v.id = b.vehicle_id"
	    " WHERE b.org_id = ? AND b.exported = 0 AND b.start >= ? AND b.start < ?"
	    " AND (? = '' OR lower(o.name) = lower(?)) ORDER BY b.start, b.id");
	sqlite3_stmt *ins = db_stmt(
	    "INSERT INTO billing_export_row (export_id, billing_id, oe, lastname, firstname, provider, title, start, end,"
	    " price, discount, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)");
	if (!sel || !ins)
		return ST_ERROR;
	sqlite3_bind_int64(sel, 1, org_id);
	sqlite3_bind_int64(sel, 2, in->start);
	sqlite3_bind_int64(sel, 3, in->end);
	sqlite3_bind_text(sel, 4, in->provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 5, in->provider, -1, SQLITE_STATIC);
	char oe[24], first[256], last[256];
	snprintf(oe, sizeof oe, "%lld", (long long)org_id);
	int rc, dbs = ST_OK;
	*nrows = 0;
	while (dbs == ST_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
		billing_names(db_text(sel, 1), db_text(sel, 2), first, sizeof first, last, sizeof last);
		sqlite3_bind_int64(ins, 1, export_id);
		sqlite3_bind_int64(ins, 2, sqlite3_column_int64(sel, 0));
		sqlite3_bind_text(ins, 3, oe, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, last, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, first, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, db_text(sel, 3), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 7, db_text(sel, 4), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 8, sqlite3_column_int64(sel, 5));
		sqlite3_bind_int64(ins, 9, sqlite3_column_int64(sel, 6));
		sqlite3_bind_int64(ins, 10, sqlite3_column_int64(sel, 7));
		sqlite3_bind_int64(ins, 11, now);
		dbs = db_step_done(ins, "export row copy");
		(*nrows)++;
	}
	if (dbs == ST_OK && rc != SQLITE_DONE)
		dbs = db_result(rc, "export records");
	sqlite3_reset(sel);
	return dbs;
}

enum store_status bx_create(int64_t org_id, int64_t owner_id, const struct bx_export_in *in, int64_t now_ms,
                         int64_t *id, int *nrows)
{
	int64_t now = now_ms / 1000;
	int dbs = db_begin();
	if (dbs != ST_OK)
		return bx_of(dbs);
	dbs = billing_update(org_id, now_ms, NULL);
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO billing_export (org_id, title, teaser, provider, start, end, mark, owner_id, created_at, changed_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (dbs == ST_OK && !st)
		dbs = ST_ERROR;
	if (dbs == ST_OK) {
		sqlite3_bind_int64(st, 1, org_id);
		sqlite3_bind_text(st, 2, in->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, in->teaser, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, in->provider, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, in->start);
		sqlite3_bind_int64(st, 6, in->end);
		sqlite3_bind_int(st, 7, in->mark);
		sqlite3_bind_int64(st, 8, owner_id);
		sqlite3_bind_int64(st, 9, now);
		sqlite3_bind_int64(st, 10, now);
		dbs = db_step_done(st, "export insert");
		*id = sqlite3_last_insert_rowid(db_handle());
	}
	if (dbs == ST_OK)
		dbs = copy_records(org_id, *id, in, now, nrows);
	/* Marked in one statement after the copy, not while reading the index on exported. */
	if (dbs == ST_OK && in->mark) {
		st = db_stmt("UPDATE billing SET exported = 1 WHERE org_id = ? AND id IN"
		             " (SELECT billing_id FROM billing_export_row WHERE export_id = ? AND billing_id IS NOT NULL)");
		if (!st)
			dbs = ST_ERROR;
		else {
			sqlite3_bind_int64(st, 1, org_id);
			sqlite3_bind_int64(st, 2, *id);
			dbs = db_step_done(st, "export mark");
		}
	}
	return finish(dbs, ST_OK);
}

/* The export of org_id that row_id belongs to, when that export is not deleted; 0 when none. */
static int row_export(int64_t org_id, int64_t row_id, int64_t *export_id)
{
	*export_id = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT e.id FROM billing_export_row r JOIN billing_export e ON e.id = r.export_id"
	    " WHERE r.id = ? AND e.org_id = ? AND e.deleted_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, row_id);
	sqlite3_bind_int64(st, 2, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*export_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "export row owner");
}

/* Sets changed_at of an export of org_id that is (deleted = false) or is not in the bin; *found set. */
static int touch_export(int64_t org_id, int64_t export_id, int64_t now, bool *found)
{
	sqlite3_stmt *st = db_stmt("UPDATE billing_export SET changed_at = ? WHERE id = ? AND org_id = ? AND deleted_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, export_id);
	sqlite3_bind_int64(st, 3, org_id);
	int dbs = db_step_done(st, "export touch");
	*found = dbs == ST_OK && sqlite3_changes(db_handle()) == 1;
	return dbs;
}

static void bind_row(sqlite3_stmt *st, const struct bx_row_in *in, int64_t now)
{
	sqlite3_bind_text(st, 1, in->oe, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->lastname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->firstname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, in->start);
	sqlite3_bind_int64(st, 7, in->end);
	sqlite3_bind_int64(st, 8, in->price);
	sqlite3_bind_int64(st, 9, in->discount);
	sqlite3_bind_int64(st, 10, now);
}

enum store_status bx_row_add(int64_t org_id, int64_t export_id, const struct bx_row_in *in, int64_t now,
                          int64_t *row_id)
{
	int dbs = db_begin();
	if (dbs != ST_OK)
		return bx_of(dbs);
	bool found = false;
	dbs = touch_export(org_id, export_id, now, &found);
	if (dbs != ST_OK || !found)
		return finish(dbs, ST_NOT_FOUND);
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO billing_export_row (oe, lastname, firstname, provider, title, start, end, price, discount,"
	    " changed_at, export_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return finish(ST_ERROR, ST_OK);
	bind_row(st, in, now);
	sqlite3_bind_int64(st, 11, export_id);
	dbs = db_step_done(st, "export row add");
	if (dbs == ST_OK && row_id)
		*row_id = sqlite3_last_insert_rowid(db_handle());
	return finish(dbs, ST_OK);
}

enum store_status bx_row_update(int64_t org_id, int64_t row_id, const struct bx_row_in *in, int64_t now,
                             int64_t *export_id)
{
	int dbs = db_begin();
	if (dbs != ST_OK)
		return bx_of(dbs);
	bool found = false;
	dbs = row_export(org_id, row_id, export_id);
	if (dbs == ST_OK && *export_id)
		dbs = touch_export(org_id, *export_id, now, &found);
	if (dbs != ST_OK || !found)
		return finish(dbs, ST_NOT_FOUND);
	sqlite3_stmt *st = db_stmt(
	    "UPDATE billing_export_row SET oe = ?, lastname = ?, firstname = ?, provider = ?, title = ?, start = ?,"
	    " end = ?, price = ?, discount = ?, changed_at = ? WHERE id = ?");
	if (!st)
		return finish(ST_ERROR, ST_OK);
	bind_row(st, in, now);
	sqlite3_bind_int64(st, 11, row_id);
	return finish(db_step_done(st, "export row update"), ST_OK);
}

enum store_status bx_row_delete(int64_t org_id, int64_t row_id, bool deleted, int64_t now, int64_t *export_id)
{
	int dbs = db_begin();
	if (dbs != ST_OK)
		return bx_of(dbs);
	bool found = false;
	dbs = row_export(org_id, row_id, export_id);
	if (dbs == ST_OK && *export_id)
		dbs = touch_export(org_id, *export_id, now, &found);
	if (dbs != ST_OK || !found)
		return finish(dbs, ST_NOT_FOUND);
	sqlite3_stmt *st = db_stmt("UPDATE billing_export_row SET deleted = ?, changed_at = ? WHERE id = ?");
	if (!st)
		return finish(ST_ERROR, ST_OK);
	sqlite3_bind_int(st, 1, deleted);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, row_id);
	return finish(db_step_done(st, "export row delete"), ST_OK);
}

enum store_status bx_delete(int64_t org_id, int64_t export_id, bool deleted, int64_t now)
{
	int dbs = db_begin();
	if (dbs != ST_OK)
		return bx_of(dbs);
	sqlite3_stmt *st = deleted
	    ? db_stmt("UPDATE billing_export SET deleted_at = ? WHERE id = ? AND org_id = ? AND deleted_at IS NULL")
	    : db_stmt("UPDATE billing_export SET deleted_at = NULL, changed_at = ? WHERE id = ? AND org_id = ?"
	              " AND deleted_at IS NOT NULL");
	if (!st)
		return finish(ST_ERROR, ST_OK);
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, export_id);
	sqlite3_bind_int64(st, 3, org_id);
	dbs = db_step_done(st, "export delete");
	bool found = dbs == ST_OK && sqlite3_changes(db_handle()) == 1;
	return finish(dbs, found ? ST_OK : ST_NOT_FOUND);
}
