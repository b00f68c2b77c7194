/* billexport: billing exports ("Verrechnungsexport") — creating one from the unexported billing records of a period, manual rows, row edits and deletions, deleting and restoring an export. */
#ifndef WB_BILLEXPORT_H
#define WB_BILLEXPORT_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_NOT_FOUND - no such export or row in the organisation (or in the bin / not in the bin)
 *   ST_BUSY - database locked: 503
 *   ST_ERROR */

/* A new export. start and end are UTC instants; records whose start lies in [start, end) are copied. */
struct bx_export_in {
	const char *title, *teaser, *provider;   /* provider "" takes every provider */
	int64_t start, end;
	bool mark;                               /* mark the copied records exported: later exports leave them out */
};

/* In one immediate transaction: billing_update (now_ms), the export, one row per billing record of
 * org_id that is not marked exported, starts in the period and (with a provider filter) has that
 * provider (case-insensitive), and the marks. A row copies the record: oe = organisation number,
 * first and last name from the member (billing_names), provider = organisation name (as the API's
 * provider), title = vehicle, start, end, price; discount 0. Reversals are copied too, so that a
 * correction reaches the accounting side. *id is the export, *nrows the number of rows. */
enum store_status bx_create(int64_t org_id, int64_t owner_id, const struct bx_export_in *in, int64_t now_ms,
                         int64_t *id, int *nrows);

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
