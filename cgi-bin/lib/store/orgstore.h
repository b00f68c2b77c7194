/* orgstore (orgst_): organisations as the installation's operator sees them: create with a first administrator, list, reset an administrator's password, mini-markets and portal operators. */
#ifndef WB_ORGSTORE_H
#define WB_ORGSTORE_H

#include "store/store.h"

#include <stdint.h>

/* Results (enum store_status): ST_OK; ST_BUSY, ST_ERROR as in db.h; ST_DUPLICATE a name already
 * taken; ST_NOT_FOUND no such organisation, member or mini-market; ST_FORBIDDEN the member is not
 * an administrator. Every write is one immediate transaction with its ADMIN line in the
 * organisation's action log, written as by `by` (e.g. "WAGENBUCH-ADMIN", "SETUP"). */

/* A new organisation. All strings UTF-8; login already upper-case and valid (tl_login_ok), tz a
 * known zone, lang "de" or "en", pw_hash an argon2id string; area the name of its first area
 * (the calendar needs one). */
struct orgst_new {
	const char *name;
	const char *tz;
	const char *lang;
	const char *login;
	const char *pw_hash;
	const char *area;
};

/* Number of organisations into *n. */
enum store_status orgst_count(int *n);

/* Creates the organisation, its first area and its administrator in one transaction; *org_id gets
 * the new id. ST_DUPLICATE when an organisation of that name exists (nothing written). */
enum store_status orgst_create(const struct orgst_new *in, const char *by, int64_t now, int64_t *org_id);

/* Creates the organisation only when none exists yet (the web set-up): ST_FORBIDDEN otherwise,
 * decided inside the same transaction, so two set-up requests cannot both succeed. */
enum store_status orgst_create_first(const struct orgst_new *in, int64_t now, int64_t *org_id);

/* One row of orgst_list (strings valid during the callback only). */
struct orgst_row {
	int64_t id;
	const char *name, *tz, *lang;
	int members, admins;
};
/* Calls fn for every organisation in id order; stops early when fn returns nonzero. */
enum store_status orgst_list(int (*fn)(const struct orgst_row *row, void *ctx), void *ctx);

/* The organisation whose id (in decimal) or exact name is key, into *org_id; ST_NOT_FOUND. */
enum store_status orgst_find(const char *key, int64_t *org_id);

/* Sets administrator login's (any case) password in org_id, unlocks the account and ends its
 * sessions. ST_NOT_FOUND: no such member; ST_FORBIDDEN: the member is no administrator. */
enum store_status orgst_reset_password(int64_t org_id, const char *login, const char *pw_hash,
                                       const char *by, int64_t now);

/* Mini-markets of the portal (the operator's commands of the former tools/wb-operator). */
enum store_status orgst_market_add(const char *name, int64_t *market_id);           /* ST_DUPLICATE */
enum store_status orgst_market_find(const char *key, int64_t *market_id);          /* id or name */
enum store_status orgst_market_addorg(int64_t market_id, int64_t org_id);           /* idempotent */
struct orgst_market { int64_t id; const char *name; const char *orgs; /* "1 Name, 2 Other" */ };
enum store_status orgst_market_list(int (*fn)(const struct orgst_market *m, void *ctx), void *ctx);

/* Makes member login (any case) of org_id a portal operator; ST_NOT_FOUND. */
enum store_status orgst_operator_grant(int64_t org_id, const char *login, const char *by, int64_t now);

#endif
