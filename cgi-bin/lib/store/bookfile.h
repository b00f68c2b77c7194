/* bookfile (bf_): the rows of the booking file ("Buchungsdatei") — every billable booking version of a period, read from the current billing records in one streamed statement. */
#ifndef WB_BOOKFILE_H
#define WB_BOOKFILE_H

#include <stdbool.h>
#include <stdint.h>

struct sqlite3_stmt;

/* One row. Text pointers belong to the statement and are valid until bf_next. km and created_at
 * are -1 when unknown. kind is "normal", "storno" or "chgsto". */
struct bf_row {
	int64_t booking_id;
	const char *member_no, *login, *member_descr, *vehicle, *area;
	int64_t start, end, km;
	const char *kind, *purpose, *creator;
	int64_t created_at, price;
};

/* A read of one organisation's booking file. */
struct bf_cursor {
	struct sqlite3_stmt *st;
	int rc;          /* the last sqlite3_step result */
};

/* Starts the read of org_id's rows whose start lies in [t0, t1) (UTC), ordered by start: the current
 * (not reversed) billing records of kinds normal, storno and chgsto. Steps to the first row, so that
 * a locked or broken database is known before anything is sent. Returns ST_OK or the failure. The
 * caller has run billing_update so that the records are complete. */
int bf_open(struct bf_cursor *c, int64_t org_id, int64_t t0, int64_t t1);

/* Fills row with the current row; false when there is none left. */
bool bf_row(struct bf_cursor *c, struct bf_row *row);

/* Steps to the next row. */
void bf_next(struct bf_cursor *c);

/* Ends the read. Returns ST_OK when every row was read, else the failure. */
int bf_close(struct bf_cursor *c);

/* What the booking file leaves out: ended, active bookings of org_id (ended by now, UTC seconds)
 * whose vehicle's tariff has a km price and that still have no trip data, so that no billing
 * record exists for them yet (the rule of billing_update and trips_missing). *in_period counts
 * those whose start lies in [t0, t1), *total all of them. Returns ST_OK or the failure. */
int bf_missing_trips(int64_t org_id, int64_t now, int64_t t0, int64_t t1, int *in_period, int *total);

#endif
