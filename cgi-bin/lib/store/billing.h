/* billing: billing records — creating the missing ones (with corrections as reversals), retrieving them for the API, loading one for output. */
#ifndef WB_BILLING_H
#define WB_BILLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one billing_update run did. */
struct billing_counts {
	int created;     /* new records (first records and the new record of a correction) */
	int reversed;    /* reversal records */
	int updated;     /* corrections made in place (record neither retrieved nor exported) */
};

/* Creates the missing billing records of org_id at now_ms (UTC milliseconds), inside the
 * caller's immediate transaction:
 * - every completed booking (status active, ended, and with trip data when its vehicle's
 *   tariff has a km price) has one current 'normal' record;
 * - every STORNO booking one 'storno' record, every CHGSTO version one 'chgsto' record;
 * - when the data a current record was computed from (vehicle, member, start, end, km, kind)
 *   changed, the record is corrected: in place while it is neither retrieved nor exported,
 *   otherwise by a 'reversal' record (negated price) and a new record; a record whose source is
 *   no longer billable gets a reversal. A tariff change alone corrects nothing.
 * Bookings are found by their end since the last run (billing_scan) and by the billing_dirty
 * queue the schema's triggers fill. c may be NULL. Returns ST_OK or the db_status failure. */
int billing_update(int64_t org_id, int64_t now_ms, struct billing_counts *c);

/* (billing_update asserts that the caller holds a transaction.) */

/* billing_update in its own immediate transaction (db_begin .. db_commit). */
int billing_update_tx(int64_t org_id, int64_t now_ms, struct billing_counts *c);

/* The next billingId at now_ms: max(now_ms, highest id + 1). The caller holds the write
 * transaction in which the id is used. Returns ST_OK or the failure. */
int billing_next_id(int64_t now_ms, int64_t *id);

/* An API read. start/end are exclusive bounds on billingId (use -1 and INT64_MAX for none). */
struct billing_query {
	int64_t org_id;
	int limit;               /* 1..BIL_MAX_LIMIT */
	bool include_retrieved;  /* also records with a billing_date */
	bool mark;               /* set billing_date = now_ms on the returned records that have none */
	int64_t start, end;
	int64_t now_ms;
};
#define BIL_MAX_LIMIT 10000

/* In one immediate transaction: billing_update, then the ids of at most q->limit records of the
 * organisation in billingId order (unretrieved only unless include_retrieved), marking them
 * retrieved when q->mark, so that concurrent marking callers never get the same record.
 * ids must hold q->limit entries; *n is their count. Returns ST_OK or the failure (rolled back). */
int billing_retrieve(const struct billing_query *q, int64_t *ids, int *n);

/* One record with the current names of what it refers to. km and billing_date are -1 when NULL.
 * Every text is copied whole when it fits the form's limit and otherwise cut on a character
 * boundary (utf8_copy), so that output built from it is valid UTF-8. provider is the name of the
 * organisation that owns the vehicle (the master of a shared vehicle), else org_name. */
struct billing_record {
	int64_t id, org_id, booking_id, version_id, reverses, vehicle_id, member_id;
	int64_t start, end, km, price, billing_date;
	bool exported;
	char kind[12];
	char org_name[128], lang[4], area[128], vehicle[128], vehicle_descr[128], provider[128];
	char login[64], member_descr[256], member_no[64], tariff[128], purpose[1024];
};

/* Loads record id of org_id. Returns ST_OK with *found set, or the failure. */
int billing_load(int64_t org_id, int64_t id, struct billing_record *out, bool *found);

/* Splits a member description such as "Nina Neumann, 0171 2345678" into first and last name:
 * the part before the first comma, last word = last name, the words before = first name.
 * Without a description, login is the last name. */
void billing_names(const char *descr, const char *login, char *first, size_t nf, char *last, size_t nl);

#endif
