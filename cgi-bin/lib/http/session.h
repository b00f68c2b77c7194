/* session: login sessions in SQLite, CSRF tokens, password hashing and login throttling. */
#ifndef WB_SESSION_H
#define WB_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include "http/app.h"

#define SESSION_COOKIE      "wb_session"
#define PRELOGIN_COOKIE     "wb_pre"       /* CSRF token of the login form, before any session */
#define SESSION_IDLE        (2 * 3600)     /* seconds without a request */
#define SESSION_ABSOLUTE    (12 * 3600)
#define SESSION_LONG        (30 * 24 * 3600) /* "stay logged in": idle and absolute */
#define PASSWORD_MIN        8

/* Loads the session named by the request's cookie into r->user and r->org. Expired, idle,
 * locked or unknown sessions leave r->logged_in false (r->session_expired set when a cookie
 * was sent). Refreshes last_seen at most once a minute. Returns DB status 0 (ST_OK) or the failure. */
int session_load(struct req *r);

/* Creates a session for member_id (a verified login) and sets its cookie. Long sessions last
 * SESSION_LONG. The caller holds no transaction. Returns ST_OK or the db_status failure. */
int session_create(struct req *r, int64_t member_id, bool long_lived);

/* Deletes the request's session row and expires the cookie. */
int session_destroy(struct req *r);

/* The login form's CSRF token: the PRELOGIN_COOKIE value, set anew when missing or malformed.
 * Written to buf (65 bytes). */
void session_prelogin_token(struct req *r, char *buf);

/* Checks a POST: the csrf field equals the session's token (or, without a session, the
 * prelogin cookie), and Origin (or else Referer), when sent, names this host. */
bool session_csrf_ok(struct req *r);

/* argon2id via libsodium. session_password_hash writes a crypto_pwhash_STRBYTES string. */
bool session_password_hash(const char *password, char *out, size_t n);
bool session_password_verify(const char *hash, const char *password);

/* Login throttling. Failures in the last window per (org, login) and per client address. */
enum session_throttle { THROTTLE_OK = 0, THROTTLE_LOGIN, THROTTLE_ADDR };
enum session_throttle session_throttled(struct req *r, int64_t org_id, const char *login, int64_t *retry_after);

/* Records one login attempt (ok: 1 success, 0 failure, 2 refused by throttling). */
void session_record_attempt(struct req *r, int64_t org_id, const char *login, int ok);

/* HTTP Basic credentials of an API account (route flag NEEDS_API_ACCOUNT): name (upper-cased) and
 * token, throttled per account name whatever organisation the path names, each attempt recorded.
 * On SESSION_API_OK r->api_account and r->api_org are set; *retry_after with SESSION_API_THROTTLED. */
enum session_api { SESSION_API_OK = 0, SESSION_API_MISSING, SESSION_API_BAD, SESSION_API_THROTTLED, SESSION_API_DB };
enum session_api session_api_auth(struct req *r, int64_t *retry_after);

/* Random bytes as lower-case hex: 2*nbytes characters plus NUL into out. */
void session_random_hex(char *out, size_t nbytes);

#endif
