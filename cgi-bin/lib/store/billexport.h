/* billexport (bx_): billing exports ("Verrechnungsexport") — creating one from the unexported billing records of a period, listing and reading them, manual rows, row edits and deletions, deleting and restoring an export. */
#ifndef WB_BILLEXPORT_H
#define WB_BILLEXPORT_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sqlite3_stmt;

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_NOT_FOUND - no such export or row in the organisation (or in the bin / not in the bin)
 *   ST_BUSY - database locked: 503
 *   ST_ERROR */

/* A new export. start and end are UTC instants; records whose start lies in [start, end) are copied. */
struct bx_export_in {
	const char *title, *teaser, *provider;   /* title not empty; provider "" takes every provider */
	int64_t start, end;
	bool mark;                               /* mark the copied records exported: later exports leave them out */
};

/* What bx_create did. */
struct bx_created {
	int64_t id;          /* the new export */
	int nrows;           /* rows copied */
	int in_bin;          /* records of the period (and provider) not copied because they are marked
	                        exported by an export that is now in the bin: restoring it brings them back */
	int64_t bin_export;  /* the most recent such export (0 when in_bin is 0) */
};

/* A record's provider is the name of the organisation that owns its vehicle (a vehicle shared on
 * the market is provided by its master), else the organisation's own name.
 * In one immediate transaction: billing_update (now_ms), the export, one row per billing record of
 * org_id that is not marked exported, starts in the period and (with a provider filter) has that
 * provider (case-insensitive, ASCII letters), and the marks. A row copies the record: oe =
 * organisation number, first and last name from the member (billing_names), provider as above,
 * title = vehicle, start, end, price; discount 0. Reversals are copied too, so that a correction
 * reaches the accounting side. Fills *out. */
enum store_status bx_create(int64_t org_id, int64_t owner_id, const struct bx_export_in *in, int64_t now_ms,
                         struct bx_created *out);

/* One export as the overview and the edit page show it. Text is cut on a character boundary. */
struct bx_export {
	int64_t id, start, end, created_at, changed_at;
	int64_t deleted_at;   /* -1 when not in the bin */
	bool mark;
	int rows;             /* rows not marked deleted */
	char title[1024], teaser[8192], provider[1024], owner[64];   /* room for the forms' limits in characters */
};

/* Export id of org_id, from the bin when in_bin, else not from it. Returns ST_OK with *found set. */
enum store_status bx_load(int64_t org_id, int64_t id, bool in_bin, struct bx_export *out, bool *found);

/* Orders of the overview. */
enum bx_sort { BX_SORT_TITLE, BX_SORT_OWNER, BX_SORT_START, BX_SORT_END, BX_SORT_CREATED, BX_SORT_CHANGED, BX_NSORT };

/* Calls fn for each export of org_id not in the bin, ordered by sort (ascending, or descending when
 * desc; ties newest first); or, with bin, for at most 100 exports in the bin, latest deleted first
 * (sort and desc then ignored). Returns ST_OK or the failure. */
typedef void (*bx_export_fn)(void *ctx, const struct bx_export *e);
enum store_status bx_list(int64_t org_id, bool bin, enum bx_sort sort, bool desc, bx_export_fn fn, void *ctx);

/* The totals of an export's rows that are not marked deleted. */
struct bx_sums {
	int64_t count, price, discount;
};
enum store_status bx_sums(int64_t org_id, int64_t export_id, struct bx_sums *out);

/* One row of an export. Text pointers belong to the cursor and are valid until bx_next. */
struct bx_row {
	int64_t id, billing_id;   /* billing_id 0 for a manual row */
	const char *oe, *lastname, *firstname, *provider, *title;
	int64_t start, end, price, discount;
	bool deleted;
};

/* A streamed read of an export's rows. */
struct bx_cursor {
	struct sqlite3_stmt *st;
	int rc;
};

/* Starts the read of the rows of export_id of org_id (not in the bin) ordered by start: with
 * file, every row not marked deleted (the download); else a page of at most limit rows from
 * offset, marked ones included (the edit page). Steps to the first row, so that a locked database
 * is known before anything is sent. Returns ST_OK or the failure. */
enum store_status bx_open(struct bx_cursor *c, int64_t org_id, int64_t export_id, bool file, int limit, int offset);
bool bx_row(struct bx_cursor *c, struct bx_row *row);
void bx_next(struct bx_cursor *c);
/* Ends the read: ST_OK when every row was read, else the failure. */
enum store_status bx_close(struct bx_cursor *c);

/* One row with its export's title, for the row form. */
struct bx_row_rec {
	int64_t id, export_id, billing_id, start, end, price, discount;
	bool deleted;
	char export_title[1024], oe[512], lastname[1024], firstname[1024], provider[1024], title[1024];
};

/* Row row_id of an export of org_id that is not in the bin. Returns ST_OK with *found set. */
enum store_status bx_row_load(int64_t org_id, int64_t row_id, struct bx_row_rec *out, bool *found);

/* A manual row, or the new values of a row. Money in cents. */
struct bx_row_in {
	const char *oe, *lastname, *firstname, *provider, *title;
	int64_t start, end, price, discount;
};

/* Adds a manual row (billing_id NULL) to export_id of org_id (not deleted). *row_id may be NULL. */
enum store_status bx_row_add(int64_t org_id, int64_t export_id, const struct bx_row_in *in, int64_t now,
                          int64_t *row_id);

/* Changes row row_id of a (not deleted) export of org_id; *export_id is its export. */
enum store_status bx_row_update(int64_t org_id, int64_t row_id, const struct bx_row_in *in, int64_t now,
                             int64_t *export_id);

/* Marks a row deleted (it stays visible and is left out of the file), or with deleted false undoes that. */
enum store_status bx_row_delete(int64_t org_id, int64_t row_id, bool deleted, int64_t now, int64_t *export_id);

/* Moves an export to the bin (deleted true) or restores it from there. The marks of its records stay:
 * a deleted export can be restored, so its records are still taken. */
enum store_status bx_delete(int64_t org_id, int64_t export_id, bool deleted, int64_t now);

#endif
