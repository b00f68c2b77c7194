/* tokens: one-time links and feed tokens — 32 random bytes given out as hex, stored only as SHA-256, single use or revocable, with an expiry. */
#ifndef WB_TOKENS_H
#define WB_TOKENS_H

#include "store/store.h"

#include <stdint.h>

#define TOKENS_HEX 65  /* 64 hex characters and NUL */

/* What a token stands for. kind: "reset", "email", "request", "feed", "vfeed". */
struct tokens_row {
	char kind[12];
	int64_t org_id, member_id, vehicle_id, ref_id, created_at, expires_at, used_at;
	char data[300];
};

/* Creates a token of t->kind for t's org/member/vehicle/ref/data, valid for ttl seconds from now
 * (ttl 0: until revoked), inside the caller's write transaction (asserted). Writes the secret as
 * hex into hex (TOKENS_HEX bytes); only its hash is stored. */
enum store_status tokens_create(const struct tokens_row *t, int ttl, int64_t now, char *hex);

/* Looks a token up without using it: ST_OK with *out when hex is a token of kind, unused and not
 * expired at now; ST_NOT_FOUND for anything else (malformed, unknown, used, expired). */
enum store_status tokens_find(const char *kind, const char *hex, int64_t now, struct tokens_row *out);

/* Uses a single-use token inside the caller's write transaction (asserted): as tokens_find, and
 * marks it used, so that a second use (even a concurrent one) is ST_NOT_FOUND. */
enum store_status tokens_use(const char *kind, const char *hex, int64_t now, struct tokens_row *out);

/* Removes member_id's (vehicle_id's, when member_id is 0) tokens of kind, inside the caller's write
 * transaction (asserted): a revoked feed or an older reset link stops working. */
enum store_status tokens_revoke(const char *kind, int64_t org_id, int64_t member_id, int64_t vehicle_id);

/* Deletes tokens that expired or were used more than a day before now, unconfirmed access requests
 * older than a day and reset attempts older than a day, in one transaction. *n counts the tokens. */
enum store_status tokens_expire(int64_t now, int *n);

#endif
