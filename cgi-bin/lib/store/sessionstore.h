/* sessionstore (sess_): sign-in data — the single owner of the tables session and login_attempt and
 * of member.pw_hash: sessions by token hash, login attempts for throttling, the organisations the
 * login form offers, and the one rule for what a password change does to sessions. */
#ifndef WB_SESSIONSTORE_H
#define WB_SESSIONSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define SESS_HASH_BYTES 32   /* SHA-256 of a session token: all the table keeps of it */

/* A stored session with its member and organisation. */
struct sess_row {
	struct user user;        /* csrf included */
	struct org org;
	int64_t last_seen, expires_at;
	bool long_lived, locked;
};

/* The session whose token hashes to hash (*found false when none). Results: ST_OK, ST_BUSY, ST_ERROR. */
enum store_status sess_find(const unsigned char hash[SESS_HASH_BYTES], struct sess_row *out, bool *found);

/* Sets last_seen of the session to now (best effort: a busy database only delays the idle clock). */
void sess_touch(const unsigned char hash[SESS_HASH_BYTES], int64_t now);

/* Deletes the session hash, in its own immediate transaction. */
enum store_status sess_delete(const unsigned char hash[SESS_HASH_BYTES]);

/* Deletes an expired or locked session outside a transaction (best effort: it is never accepted anyway). */
void sess_drop(const unsigned char hash[SESS_HASH_BYTES]);

/* In one immediate transaction: prunes every session expired at now, and stores a new one for
 * member_id with the csrf token, living life seconds. */
enum store_status sess_insert(const unsigned char hash[SESS_HASH_BYTES], int64_t member_id, const char *csrf,
                              int64_t now, int64_t life, bool long_lived);

/* Failed attempts since since: for (org_id, login) (org_id 0: none given) into *nlogin with the
 * first one's time *first_login, and for the address addr into *naddr and *first_addr. */
enum store_status sess_failures(int64_t org_id, const char *login, const char *addr, int64_t since, int *nlogin,
                                int64_t *first_login, int *naddr, int64_t *first_addr);

/* Records one attempt (ok: 1 success, 0 failure, 2 refused by throttling) in its own transaction. */
enum store_status sess_attempt(int64_t now, int64_t org_id, const char *login, const char *addr, int ok);

/* The organisations of the install by name, each passed to fn (id, name, language); *n their count. */
enum store_status sess_orgs(void (*fn)(void *ctx, int64_t id, const char *name, const char *lang), void *ctx, int *n);

/* The member login of org_id (*found false when none) with its password hash and lock. */
enum store_status sess_member_find(int64_t org_id, const char *login, int64_t *member_id, char *hash, size_t hsize,
                                   bool *locked, bool *found);

/* The password hash of member_id into hash ("" when none). */
enum store_status sess_member_hash(int64_t member_id, char *hash, size_t hsize);

/* THE rule for a new password, in the caller's immediate transaction (asserted): writes member_id's
 * hash and ends that member's sessions — all of them, except, when the actor sets their own
 * password (on the password page or in the member form), the session they are using
 * (a->session_csrf). So whoever knew the old password is signed out, whoever set the new one. */
enum store_status sess_password_write(const struct actor *a, int64_t member_id, const char *hash);

/* The member's own password change: sess_password_write in one immediate transaction. */
enum store_status sess_password_change(const struct actor *a, const char *hash);

/* Ends every session of member_id, in the caller's immediate transaction (asserted): a locked
 * member is signed out at once. */
enum store_status sess_end_all(int64_t member_id);

#endif
