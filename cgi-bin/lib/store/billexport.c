/* billexport (bx_): billing exports ("Verrechnungsexport") — creating one from the unexported billing records of a period, listing and reading them, manual rows, row edits and deletions, deleting and restoring an export. */
#include "store/billexport.h"

#include <assert.h>
#include <stdio.h>

#include "base/utf8.h"
#include "store/billing.h"
#include "store/db.h"

/* Commits when dbs is ST_OK, else rolls back; the db failure, else res. */
static enum store_status finish(int dbs, enum store_status res)
{
	assert(!sqlite3_get_autocommit(db_handle())); /* closes the transaction its caller began */
	if (dbs == ST_OK && res == ST_OK)
		dbs = db_commit();
	if (dbs != ST_OK || res != ST_OK)
		db_rollback();
	return dbs != ST_OK ? (enum store_status)dbs : res;
}

/* Copies the records of the period into export_id (bx_create's rule); inside bx_create's transaction. */
static int copy_records(int64_t org_id, int64_t export_id, const struct bx_export_in *in, int64_t now, int *nrows)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	sqlite3_stmt *sel = db_stmt(
	    "SELECT b.id, coalesce(m.descr, ''), coalesce(m.login, ''), coalesce(vo.name, o.name), coalesce(v.name, ''),"
	    " b.start, b.end, b.price FROM billing b JOIN org o ON o.id = b.org_id"
	    " LEFT JOIN member m ON m.id = b.member_id"
	    " LEFT JOIN vehicle v ON v.id = b.vehicle_id LEFT JOIN org vo ON vo.id = v.org_id"
	    " WHERE b.org_id = ? AND b.exported = 0 AND b.start >= ? AND b.start < ?"
	    " AND (? = '' OR lower(coalesce(vo.name, o.name)) = lower(?)) ORDER BY b.start, b.id");
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

/* The records of the period (and provider) that are marked exported only through exports in the bin:
 * a marking export in the bin holds them, and no marking export out of it does (an export made
 * without marking holds records without taking them). Inside bx_create's transaction. */
static int count_in_bin(int64_t org_id, const struct bx_export_in *in, struct bx_created *out)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	sqlite3_stmt *st = db_stmt(
	    "SELECT count(DISTINCT b.id), coalesce(max(e.id), 0) FROM billing b JOIN org o ON o.id = b.org_id"
	    " LEFT JOIN vehicle v ON v.id = b.vehicle_id LEFT JOIN org vo ON vo.id = v.org_id"
	    " JOIN billing_export_row x ON x.billing_id = b.id"
	    " JOIN billing_export e ON e.id = x.export_id AND e.org_id = b.org_id AND e.deleted_at IS NOT NULL"
	    "   AND e.mark = 1"
	    " WHERE b.org_id = ? AND b.exported = 1 AND b.start >= ? AND b.start < ?"
	    " AND (? = '' OR lower(coalesce(vo.name, o.name)) = lower(?))"
	    " AND NOT EXISTS (SELECT 1 FROM billing_export_row y JOIN billing_export f ON f.id = y.export_id"
	    "   WHERE y.billing_id = b.id AND f.deleted_at IS NULL AND f.mark = 1)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, in->start);
	sqlite3_bind_int64(st, 3, in->end);
	sqlite3_bind_text(st, 4, in->provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->provider, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->in_bin = sqlite3_column_int(st, 0);
		out->bin_export = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "export bin count");
}

enum store_status bx_create(int64_t org_id, int64_t owner_id, const struct bx_export_in *in, int64_t now_ms,
                         struct bx_created *out)
{
	assert(in->title && in->title[0] && in->title[0] != ' '); /* the page trims and refuses empty titles */
	*out = (struct bx_created){0};
	int64_t *id = &out->id;
	int *nrows = &out->nrows;
	int64_t now = now_ms / 1000;
	int dbs = db_begin();
	if (dbs != ST_OK)
		return dbs;
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
	if (dbs == ST_OK)
		dbs = count_in_bin(org_id, in, out);
	return finish(dbs, ST_OK);
}

/* The export of org_id that row_id belongs to, when that export is not deleted; 0 when none. */
static int row_export_of(int64_t org_id, int64_t row_id, int64_t *export_id)
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
	assert(!sqlite3_get_autocommit(db_handle())); /* part of the caller's write */
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
		return dbs;
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
		return dbs;
	bool found = false;
	dbs = row_export_of(org_id, row_id, export_id);
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
		return dbs;
	bool found = false;
	dbs = row_export_of(org_id, row_id, export_id);
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
		return dbs;
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

/* ---- Reads for the pages. */

/* Columns 0..11 of every export read: id, title, teaser, provider, start, end, mark, owner login,
 * created_at, changed_at, deleted_at (-1), rows not marked deleted. */
static void export_of(sqlite3_stmt *st, struct bx_export *e)
{
	e->id = sqlite3_column_int64(st, 0);
	utf8_copy(e->title, sizeof e->title, db_text(st, 1));
	utf8_copy(e->teaser, sizeof e->teaser, db_text(st, 2));
	utf8_copy(e->provider, sizeof e->provider, db_text(st, 3));
	e->start = sqlite3_column_int64(st, 4);
	e->end = sqlite3_column_int64(st, 5);
	e->mark = sqlite3_column_int(st, 6) != 0;
	utf8_copy(e->owner, sizeof e->owner, db_text(st, 7));
	e->created_at = sqlite3_column_int64(st, 8);
	e->changed_at = sqlite3_column_int64(st, 9);
	e->deleted_at = sqlite3_column_int64(st, 10);
	e->rows = sqlite3_column_int(st, 11);
}

enum store_status bx_load(int64_t org_id, int64_t id, bool in_bin, struct bx_export *out, bool *found)
{
	*found = false;
	sqlite3_stmt *st = db_stmt(
	    "SELECT e.id, e.title, e.teaser, e.provider, e.start, e.end, e.mark, coalesce(m.login, ''), e.created_at,"
	    " e.changed_at, coalesce(e.deleted_at, -1),"
	    " (SELECT count(*) FROM billing_export_row x WHERE x.export_id = e.id AND x.deleted = 0)"
	    " FROM billing_export e LEFT JOIN member m ON m.id = e.owner_id"
	    " WHERE e.id = ? AND e.org_id = ? AND (e.deleted_at IS NOT NULL) = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, org_id);
	sqlite3_bind_int(st, 3, in_bin);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		export_of(st, out);
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "export load");
}

enum store_status bx_list(int64_t org_id, bool bin, enum bx_sort sort, bool desc, bx_export_fn fn, void *ctx)
{
	assert(sort >= 0 && sort < BX_NSORT);
	/* One statement for every order: the overview holds an organisation's few exports, so choosing
	 * the sort key per row costs nothing, and the SQL stays one literal. */
	sqlite3_stmt *st = bin
	    ? db_stmt("SELECT e.id, e.title, e.teaser, e.provider, e.start, e.end, e.mark, coalesce(m.login, ''),"
	              " e.created_at, e.changed_at, e.deleted_at,"
	              " (SELECT count(*) FROM billing_export_row x WHERE x.export_id = e.id AND x.deleted = 0)"
	              " FROM billing_export e LEFT JOIN member m ON m.id = e.owner_id"
	              " WHERE e.org_id = ? AND e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC, e.id DESC LIMIT 100")
	    : db_stmt("SELECT e.id, e.title, e.teaser, e.provider, e.start, e.end, e.mark, coalesce(m.login, ''),"
	              " e.created_at, e.changed_at, -1,"
	              " (SELECT count(*) FROM billing_export_row x WHERE x.export_id = e.id AND x.deleted = 0)"
	              " FROM billing_export e LEFT JOIN member m ON m.id = e.owner_id"
	              " WHERE e.org_id = ?1 AND e.deleted_at IS NULL ORDER BY"
	              " CASE WHEN ?2 = 0 AND ?3 = 0 THEN e.title END COLLATE NOCASE ASC,"
	              " CASE WHEN ?2 = 0 AND ?3 = 1 THEN e.title END COLLATE NOCASE DESC,"
	              " CASE WHEN ?2 = 1 AND ?3 = 0 THEN m.login END ASC,"
	              " CASE WHEN ?2 = 1 AND ?3 = 1 THEN m.login END DESC,"
	              " CASE ?2 WHEN 2 THEN e.start WHEN 3 THEN e.end WHEN 4 THEN e.created_at WHEN 5 THEN e.changed_at END"
	              "   * (CASE WHEN ?3 = 1 THEN -1 ELSE 1 END) ASC,"
	              " e.id DESC");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	if (!bin) {
		sqlite3_bind_int(st, 2, (int)sort);
		sqlite3_bind_int(st, 3, desc);
	}
	struct bx_export e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		export_of(st, &e);
		fn(ctx, &e);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "export list");
}

enum store_status bx_sums(int64_t org_id, int64_t export_id, struct bx_sums *out)
{
	*out = (struct bx_sums){0};
	sqlite3_stmt *st = db_stmt(
	    "SELECT count(*), coalesce(sum(x.price), 0), coalesce(sum(x.discount), 0) FROM billing_export_row x"
	    " JOIN billing_export e ON e.id = x.export_id WHERE x.export_id = ? AND e.org_id = ? AND x.deleted = 0");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, export_id);
	sqlite3_bind_int64(st, 2, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->count = sqlite3_column_int64(st, 0);
		out->price = sqlite3_column_int64(st, 1);
		out->discount = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "export sums");
}

enum store_status bx_open(struct bx_cursor *c, int64_t org_id, int64_t export_id, bool file, int limit, int offset)
{
	c->rc = SQLITE_DONE;
	c->st = file
	    ? db_stmt("SELECT x.id, coalesce(x.billing_id, 0), x.oe, x.lastname, x.firstname, x.provider, x.title, x.start,"
	              " x.end, x.price, x.discount, x.deleted FROM billing_export_row x"
	              " JOIN billing_export e ON e.id = x.export_id AND e.org_id = ? AND e.deleted_at IS NULL"
	              " WHERE x.export_id = ? AND x.deleted = 0 ORDER BY x.start, x.id")
	    : db_stmt("SELECT x.id, coalesce(x.billing_id, 0), x.oe, x.lastname, x.firstname, x.provider, x.title, x.start,"
	              " x.end, x.price, x.discount, x.deleted FROM billing_export_row x"
	              " JOIN billing_export e ON e.id = x.export_id AND e.org_id = ? AND e.deleted_at IS NULL"
	              " WHERE x.export_id = ? ORDER BY x.start, x.id LIMIT ? OFFSET ?");
	if (!c->st)
		return ST_ERROR;
	sqlite3_bind_int64(c->st, 1, org_id);
	sqlite3_bind_int64(c->st, 2, export_id);
	if (!file) {
		sqlite3_bind_int(c->st, 3, limit);
		sqlite3_bind_int(c->st, 4, offset);
	}
	c->rc = sqlite3_step(c->st);
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE) {
		sqlite3_reset(c->st);
		c->st = NULL;
		return db_result(c->rc, "export rows");
	}
	return ST_OK;
}

bool bx_row(struct bx_cursor *c, struct bx_row *row)
{
	if (!c->st || c->rc != SQLITE_ROW)
		return false;
	sqlite3_stmt *st = c->st;
	row->id = sqlite3_column_int64(st, 0);
	row->billing_id = sqlite3_column_int64(st, 1);
	row->oe = db_text(st, 2);
	row->lastname = db_text(st, 3);
	row->firstname = db_text(st, 4);
	row->provider = db_text(st, 5);
	row->title = db_text(st, 6);
	row->start = sqlite3_column_int64(st, 7);
	row->end = sqlite3_column_int64(st, 8);
	row->price = sqlite3_column_int64(st, 9);
	row->discount = sqlite3_column_int64(st, 10);
	row->deleted = sqlite3_column_int(st, 11) != 0;
	return true;
}

void bx_next(struct bx_cursor *c)
{
	if (c->st && c->rc == SQLITE_ROW)
		c->rc = sqlite3_step(c->st);
}

enum store_status bx_close(struct bx_cursor *c)
{
	if (!c->st)
		return c->rc == SQLITE_DONE ? ST_OK : ST_ERROR;
	int rc = c->rc;
	sqlite3_reset(c->st);
	c->st = NULL;
	/* A caller that stops early (SQLITE_ROW) has read what it wanted. */
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? ST_OK : db_result(rc, "export rows");
}

enum store_status bx_row_load(int64_t org_id, int64_t row_id, struct bx_row_rec *out, bool *found)
{
	*found = false;
	sqlite3_stmt *st = db_stmt(
	    "SELECT x.id, x.export_id, e.title, coalesce(x.billing_id, 0), x.oe, x.lastname, x.firstname, x.provider,"
	    " x.title, x.start, x.end, x.price, x.discount, x.deleted FROM billing_export_row x"
	    " JOIN billing_export e ON e.id = x.export_id WHERE x.id = ? AND e.org_id = ? AND e.deleted_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, row_id);
	sqlite3_bind_int64(st, 2, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->export_id = sqlite3_column_int64(st, 1);
		utf8_copy(out->export_title, sizeof out->export_title, db_text(st, 2));
		out->billing_id = sqlite3_column_int64(st, 3);
		utf8_copy(out->oe, sizeof out->oe, db_text(st, 4));
		utf8_copy(out->lastname, sizeof out->lastname, db_text(st, 5));
		utf8_copy(out->firstname, sizeof out->firstname, db_text(st, 6));
		utf8_copy(out->provider, sizeof out->provider, db_text(st, 7));
		utf8_copy(out->title, sizeof out->title, db_text(st, 8));
		out->start = sqlite3_column_int64(st, 9);
		out->end = sqlite3_column_int64(st, 10);
		out->price = sqlite3_column_int64(st, 11);
		out->discount = sqlite3_column_int64(st, 12);
		out->deleted = sqlite3_column_int(st, 13) != 0;
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "export row load");
}
