/* session: login sessions in SQLite, CSRF tokens, password hashing and login throttling. */
#include "http/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "store/db.h"

#define TOKEN_BYTES 32

/* Throttling: failures allowed per window; the window can be shortened for tests. */
#define THROTTLE_LOGIN_MAX 5
#define THROTTLE_ADDR_MAX  20

static int64_t throttle_window(void)
{
	const char *w = getenv("WB_LOGIN_WINDOW");
	long n = w ? strtol(w, NULL, 10) : 0;
	return n > 0 ? n : 900;
}

void session_random_hex(char *out, size_t nbytes)
{
	unsigned char buf[64];
	if (nbytes > sizeof buf)
		nbytes = sizeof buf;
	randombytes_buf(buf, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, buf, nbytes);
}

/* A cookie value is a token when it is exactly 64 lower-case hex digits. */
static bool token_well_formed(const char *t)
{
	if (!t || strlen(t) != TOKEN_BYTES * 2)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* SHA-256 of the token's text: what the session table stores. */
static void token_hash(const char *token, unsigned char out[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

/* "Secure" is added when the request came over HTTPS. */
static const char *cookie_secure(struct req *r)
{
	const char *https = app_env(r, "HTTPS");
	return (https && (!strcasecmp(https, "on") || !strcmp(https, "1"))) ? "; Secure" : "";
}

/* The cookie path: the install's base path, so one install does not see another's cookies. */
static void cookie_path(struct req *r, char *buf, size_t n)
{
	app_base_path(r, buf, n);
	if (!buf[0])
		snprintf(buf, n, "/");
}

/* Sets a cookie with HttpOnly and SameSite=Lax, which ClearSilver's cgi_cookie_set cannot. */
static void set_cookie(struct req *r, const char *name, const char *value, int64_t max_age)
{
	char path[512], line[1024];
	cookie_path(r, path, sizeof path);
	if (max_age > 0)
		snprintf(line, sizeof line, "%s=%s; Path=%s; Max-Age=%lld; HttpOnly; SameSite=Lax%s",
		         name, value, path, (long long)max_age, cookie_secure(r));
	else if (max_age == 0)
		snprintf(line, sizeof line, "%s=%s; Path=%s; HttpOnly; SameSite=Lax%s",
		         name, value, path, cookie_secure(r));
	else
		snprintf(line, sizeof line, "%s=; Path=%s; Max-Age=0; HttpOnly; SameSite=Lax%s",
		         name, path, cookie_secure(r));
	app_header(r, "Set-Cookie", line);
}

/* Copies a column into a fixed buffer. */
static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	snprintf(dst, n, "%s", db_text(st, i));
}

int session_load(struct req *r)
{
	const char *token = hdf_get_value(r->hdf, "Cookie." SESSION_COOKIE, NULL);
	r->logged_in = false;
	if (!token)
		return ST_OK;
	if (!token_well_formed(token)) {
		r->session_expired = true;
		return ST_OK;
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	token_hash(token, hash);
	sqlite3_stmt *st = db_stmt(
	    "SELECT s.member_id, s.csrf, s.last_seen, s.expires_at, s.long_lived, m.login, m.descr,"
	    " m.is_admin, m.locked, o.id, o.name, o.tz, o.cancel_hours, o.grid_minutes, o.lang,"
	    " o.billing_period, m.is_operator"
	    " FROM session s JOIN member m ON m.id = s.member_id JOIN org o ON o.id = m.org_id"
	    " WHERE s.token_hash = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		r->session_expired = true;
		return rc == SQLITE_DONE ? ST_OK : db_result(rc, "session load");
	}
	int64_t last_seen = sqlite3_column_int64(st, 2);
	int64_t expires = sqlite3_column_int64(st, 3);
	bool long_lived = sqlite3_column_int(st, 4) != 0;
	bool locked = sqlite3_column_int(st, 8) != 0;
	int64_t idle = long_lived ? SESSION_LONG : SESSION_IDLE;
	if (locked || r->now >= expires || r->now - last_seen >= idle) {
		sqlite3_reset(st);
		r->session_expired = true;
		sqlite3_stmt *del = db_stmt("DELETE FROM session WHERE token_hash = ?");
		if (del) {
			sqlite3_bind_blob(del, 1, hash, sizeof hash, SQLITE_STATIC);
			sqlite3_step(del); /* best effort: an expired row is never accepted anyway */
			sqlite3_reset(del);
		}
		return ST_OK;
	}
	r->user.id = sqlite3_column_int64(st, 0);
	copy_col(r->user.csrf, sizeof r->user.csrf, st, 1);
	copy_col(r->user.login, sizeof r->user.login, st, 5);
	copy_col(r->user.descr, sizeof r->user.descr, st, 6);
	r->user.is_admin = sqlite3_column_int(st, 7) != 0;
	r->org.id = sqlite3_column_int64(st, 9);
	copy_col(r->org.name, sizeof r->org.name, st, 10);
	copy_col(r->org.tz, sizeof r->org.tz, st, 11);
	r->org.cancel_hours = sqlite3_column_int(st, 12);
	r->org.grid_minutes = sqlite3_column_int(st, 13);
	copy_col(r->org.lang, sizeof r->org.lang, st, 14);
	copy_col(r->org.billing_period, sizeof r->org.billing_period, st, 15);
	r->user.is_operator = sqlite3_column_int(st, 16) != 0;
	sqlite3_reset(st);
	r->logged_in = true;

	if (r->now - last_seen >= 60) {
		sqlite3_stmt *up = db_stmt("UPDATE session SET last_seen = ? WHERE token_hash = ?");
		if (up) {
			sqlite3_bind_int64(up, 1, r->now);
			sqlite3_bind_blob(up, 2, hash, sizeof hash, SQLITE_STATIC);
			sqlite3_step(up); /* a busy database only delays the idle clock */
			sqlite3_reset(up);
		}
	}
	return ST_OK;
}

int session_create(struct req *r, int64_t member_id, bool long_lived)
{
	char token[TOKEN_BYTES * 2 + 1], csrf[TOKEN_BYTES * 2 + 1];
	unsigned char hash[crypto_hash_sha256_BYTES];
	session_random_hex(token, TOKEN_BYTES);
	session_random_hex(csrf, TOKEN_BYTES);
	token_hash(token, hash);
	int64_t life = long_lived ? SESSION_LONG : SESSION_ABSOLUTE;

	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	/* Old sessions of anyone are pruned here, where a write happens anyway. */
	sqlite3_stmt *prune = db_stmt("DELETE FROM session WHERE expires_at <= ?");
	sqlite3_stmt *ins = db_stmt(
	    "INSERT INTO session (token_hash, member_id, csrf, created_at, last_seen, expires_at, long_lived)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!prune || !ins) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(prune, 1, r->now);
	int rc = sqlite3_step(prune);
	sqlite3_reset(prune);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_blob(ins, 1, hash, sizeof hash, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, member_id);
		sqlite3_bind_text(ins, 3, csrf, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, r->now);
		sqlite3_bind_int64(ins, 5, r->now);
		sqlite3_bind_int64(ins, 6, r->now + life);
		sqlite3_bind_int(ins, 7, long_lived);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
	}
	if (rc != SQLITE_DONE) {
		db_rollback();
		return db_result(rc, "session create");
	}
	s = db_commit();
	if (s != ST_OK)
		return s;
	set_cookie(r, SESSION_COOKIE, token, long_lived ? SESSION_LONG : 0);
	set_cookie(r, PRELOGIN_COOKIE, "", -1);
	return ST_OK;
}

int session_destroy(struct req *r)
{
	const char *token = hdf_get_value(r->hdf, "Cookie." SESSION_COOKIE, NULL);
	set_cookie(r, SESSION_COOKIE, "", -1);
	if (!token_well_formed(token))
		return ST_OK;
	unsigned char hash[crypto_hash_sha256_BYTES];
	token_hash(token, hash);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *del = db_stmt("DELETE FROM session WHERE token_hash = ?");
	if (!del) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_blob(del, 1, hash, sizeof hash, SQLITE_STATIC);
	int rc = sqlite3_step(del);
	sqlite3_reset(del);
	if (rc != SQLITE_DONE) {
		db_rollback();
		return db_result(rc, "session destroy");
	}
	return db_commit();
}

void session_prelogin_token(struct req *r, char *buf)
{
	const char *t = hdf_get_value(r->hdf, "Cookie." PRELOGIN_COOKIE, NULL);
	if (token_well_formed(t)) {
		memcpy(buf, t, TOKEN_BYTES * 2 + 1);
		return;
	}
	session_random_hex(buf, TOKEN_BYTES);
	set_cookie(r, PRELOGIN_COOKIE, buf, 0);
}

/* An Origin or Referer value names this server: its host equals the Host the server saw, and its
 * port (or the scheme's default) equals the server's port. Debian's nginx passes HTTP_HOST as $host,
 * without the port, so the port is compared with SERVER_PORT instead. */
static bool same_origin(struct req *r, const char *value)
{
	const char *host = app_env(r, "HTTP_HOST");
	const char *sport = app_env(r, "SERVER_PORT");
	if (!host || !*host)
		return false;
	const char *p = value;
	const char *defport;
	if (!strncmp(p, "http://", 7)) {
		p += 7;
		defport = "80";
	} else if (!strncmp(p, "https://", 8)) {
		p += 8;
		defport = "443";
	} else {
		return false;
	}
	bool tls = !strcmp(defport, "443");
	if (tls != (cookie_secure(r)[0] != '\0'))
		return false; /* another scheme is another origin */
	size_t olen = strcspn(p, ":/?#");            /* the Origin's host name */
	const char *oport = p[olen] == ':' ? p + olen + 1 : defport;
	size_t oplen = p[olen] == ':' ? strcspn(oport, "/?#") : strlen(defport);
	size_t hlen = strcspn(host, ":");
	if (olen != hlen || strncasecmp(p, host, hlen) != 0)
		return false;
	const char *want = host[hlen] == ':' ? host + hlen + 1 : sport;
	if (!want || !*want)
		return true; /* nothing to compare the port with */
	return strlen(want) == oplen && strncmp(want, oport, oplen) == 0;
}

bool session_csrf_ok(struct req *r)
{
	const char *origin = app_env(r, "HTTP_ORIGIN");
	const char *referer = app_env(r, "HTTP_REFERER");
	if (origin && *origin) {
		if (!same_origin(r, origin))
			return false;
	} else if (referer && *referer) {
		if (!same_origin(r, referer))
			return false;
	}
	/* A repeated csrf field is refused outright instead of picking one of its values. */
	HDF *field = hdf_get_obj(r->hdf, "Query.csrf");
	if (field && hdf_obj_child(field))
		return false;
	const char *sent = field ? hdf_obj_value(field) : NULL;
	const char *want = NULL;
	if (r->logged_in)
		want = r->user.csrf;
	else
		want = hdf_get_value(r->hdf, "Cookie." PRELOGIN_COOKIE, NULL);
	if (!sent || !want || !token_well_formed(want) || strlen(sent) != strlen(want))
		return false;
	return sodium_memcmp(sent, want, strlen(want)) == 0;
}

bool session_password_hash(const char *password, char *out, size_t n)
{
	if (n < crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool session_password_verify(const char *hash, const char *password)
{
	/* A missing hash still costs one verification, so that timing does not tell whether a
	 * login exists. The dummy is a valid argon2id string of the password "x". */
	static char dummy[crypto_pwhash_STRBYTES];
	if (!dummy[0] && !session_password_hash("x", dummy, sizeof dummy))
		return false;
	if (!hash || !*hash) {
		int spent = crypto_pwhash_str_verify(dummy, password, strlen(password));
		(void)spent;
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* The client address as the web server saw it. */
static const char *client_addr(struct req *r)
{
	const char *a = app_env(r, "REMOTE_ADDR");
	return a ? a : "";
}

enum throttle session_throttled(struct req *r, int64_t org_id, const char *login, int64_t *retry_after)
{
	int64_t since = r->now - throttle_window();
	*retry_after = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT count(*), min(at) FROM login_attempt"
	    " WHERE login = ? AND org_id IS ? AND at > ? AND ok = 0");
	if (st) {
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
		if (org_id > 0)
			sqlite3_bind_int64(st, 2, org_id);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_int64(st, 3, since);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) >= THROTTLE_LOGIN_MAX) {
			*retry_after = sqlite3_column_int64(st, 1) + throttle_window() - r->now;
			sqlite3_reset(st);
			return THROTTLE_LOGIN;
		}
		sqlite3_reset(st);
	}
	st = db_stmt("SELECT count(*), min(at) FROM login_attempt WHERE addr = ? AND at > ? AND ok = 0");
	if (st) {
		sqlite3_bind_text(st, 1, client_addr(r), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, since);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) >= THROTTLE_ADDR_MAX) {
			*retry_after = sqlite3_column_int64(st, 1) + throttle_window() - r->now;
			sqlite3_reset(st);
			return THROTTLE_ADDR;
		}
		sqlite3_reset(st);
	}
	return THROTTLE_OK;
}

void session_record_attempt(struct req *r, int64_t org_id, const char *login, int ok)
{
	if (db_begin() != ST_OK)
		return;
	sqlite3_stmt *st = db_stmt("INSERT INTO login_attempt (at, org_id, login, addr, ok) VALUES (?, ?, ?, ?, ?)");
	if (!st) {
		db_rollback();
		return;
	}
	sqlite3_bind_int64(st, 1, r->now);
	if (org_id > 0)
		sqlite3_bind_int64(st, 2, org_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, client_addr(r), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, ok);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_rollback();
		return;
	}
	db_commit();
}
