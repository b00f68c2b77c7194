/* session: the session cookie and CSRF checks, password hashing and login throttling over store/sessionstore. */
#include "http/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "http/input.h"
#include "store/adminstore.h"
#include "store/sessionstore.h"

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
	struct sess_row row;
	bool found;
	enum store_status s = sess_find(hash, &row, &found);
	if (s != ST_OK || !found) {
		r->session_expired = true;
		return s;
	}
	int64_t idle = row.long_lived ? SESSION_LONG : SESSION_IDLE;
	if (row.locked || r->now >= row.expires_at || r->now - row.last_seen >= idle) {
		r->session_expired = true;
		sess_drop(hash);
		return ST_OK;
	}
	r->user = row.user;
	r->org = row.org;
	r->logged_in = true;
	if (r->now - row.last_seen >= 60)
		sess_touch(hash, r->now);
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
	enum store_status s = sess_insert(hash, member_id, csrf, r->now, life, long_lived);
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
	return sess_delete(hash);
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

enum session_throttle session_throttled(struct req *r, int64_t org_id, const char *login, int64_t *retry_after)
{
	int64_t since = r->now - throttle_window();
	int nlogin, naddr;
	int64_t first_login, first_addr;
	*retry_after = 0;
	/* A database failure counts nothing: the login itself then fails on the same database. */
	if (sess_failures(org_id, login, client_addr(r), since, &nlogin, &first_login, &naddr, &first_addr) != ST_OK)
		return THROTTLE_OK;
	if (nlogin >= THROTTLE_LOGIN_MAX) {
		*retry_after = first_login + throttle_window() - r->now;
		return THROTTLE_LOGIN;
	}
	if (naddr >= THROTTLE_ADDR_MAX) {
		*retry_after = first_addr + throttle_window() - r->now;
		return THROTTLE_ADDR;
	}
	return THROTTLE_OK;
}

void session_record_attempt(struct req *r, int64_t org_id, const char *login, int ok)
{
	(void)sess_attempt(r->now, org_id, login, client_addr(r), ok);
}

#define API_NAME_MAX 32

enum session_api session_api_auth(struct req *r, int64_t *retry_after)
{
	*retry_after = 0;
	/* The one header an API call authenticates with, declared like every other input. */
	static const struct input_field auth_header[] = {{"Authorization", input_text, false, 700}};
	struct input_val v;
	input_headers(r, auth_header, 1, &v);
	const char *h = v.ok && v.present ? v.s : NULL;
	if (!h || strncasecmp(h, "Basic ", 6) != 0)
		return v.present && !v.ok ? SESSION_API_BAD : SESSION_API_MISSING;
	const char *b64 = h + 6;
	while (*b64 == ' ')
		b64++;
	unsigned char raw[512];
	size_t rawlen = 0;
	if (strlen(b64) > 680 || sodium_base642bin(raw, sizeof raw - 1, b64, strlen(b64), NULL, &rawlen, NULL,
	                                           sodium_base64_VARIANT_ORIGINAL) != 0)
		return SESSION_API_BAD;
	raw[rawlen] = '\0';
	char *colon = memchr(raw, ':', rawlen);
	if (!colon || colon == (char *)raw || (size_t)(colon - (char *)raw) > API_NAME_MAX || memchr(raw, '\0', rawlen)) {
		sodium_memzero(raw, sizeof raw);
		return SESSION_API_BAD;
	}
	*colon = '\0';
	const char *token = colon + 1;
	/* Account names are upper-case; "API:" keeps their counters apart from members' logins, and no
	 * organisation is part of the key, so a changed usergroup in the path escapes nothing. */
	char key[API_NAME_MAX + 8], name[API_NAME_MAX + 1];
	size_t i;
	for (i = 0; raw[i]; i++)
		name[i] = (char)((raw[i] >= 'a' && raw[i] <= 'z') ? raw[i] - 32 : raw[i]);
	name[i] = '\0';
	snprintf(key, sizeof key, "API:%s", name);
	if (session_throttled(r, 0, key, retry_after) != THROTTLE_OK) {
		sodium_memzero(raw, sizeof raw);
		session_record_attempt(r, 0, key, 2);
		return SESSION_API_THROTTLED;
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, (const unsigned char *)token, strlen(token));
	sodium_memzero(raw, sizeof raw);
	int64_t account = 0, org = 0;
	if (adm_api_find(name, hash, &account, &org) != ST_OK)
		return SESSION_API_DB;
	session_record_attempt(r, 0, key, account != 0);
	if (!account)
		return SESSION_API_BAD;
	r->api_account = account;
	r->api_org = org;
	return SESSION_API_OK;
}
