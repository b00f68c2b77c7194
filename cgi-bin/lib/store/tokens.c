/* tokens: one-time links and feed tokens — 32 random bytes given out as hex, stored only as SHA-256, single use or revocable, with an expiry. */
#include "store/tokens.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store/db.h"

static bool hash_of(const char *hex, unsigned char out[crypto_hash_sha256_BYTES])
{
	unsigned char raw[32];
	size_t len = 0;
	if (!hex || strlen(hex) != 64)
		return false;
	for (const char *p = hex; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	if (sodium_hex2bin(raw, sizeof raw, hex, 64, NULL, &len, NULL) != 0 || len != 32)
		return false;
	crypto_hash_sha256(out, raw, sizeof raw);
	return true;
}

enum store_status tokens_create(const struct tokens_row *t, int ttl, int64_t now, char *hex)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	assert(t && t->kind[0] && t->org_id > 0 && ttl >= 0);
	if (sodium_init() < 0)
		return ST_ERROR;
	unsigned char raw[32], h[crypto_hash_sha256_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, TOKENS_HEX, raw, sizeof raw);
	crypto_hash_sha256(h, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO token (hash, kind, org_id, member_id, vehicle_id, ref_id, data, created_at, expires_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, t->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, t->org_id);
	if (t->member_id)
		sqlite3_bind_int64(st, 4, t->member_id);
	else
		sqlite3_bind_null(st, 4);
	if (t->vehicle_id)
		sqlite3_bind_int64(st, 5, t->vehicle_id);
	else
		sqlite3_bind_null(st, 5);
	if (t->ref_id)
		sqlite3_bind_int64(st, 6, t->ref_id);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_text(st, 7, t->data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, now);
	if (ttl)
		sqlite3_bind_int64(st, 9, now + ttl);
	else
		sqlite3_bind_null(st, 9);
	return db_step_done(st, "token insert");
}

static enum store_status find(const unsigned char *h, const char *kind, int64_t now, struct tokens_row *o)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT kind, org_id, coalesce(member_id, 0), coalesce(vehicle_id, 0), coalesce(ref_id, 0), created_at,"
	    " coalesce(expires_at, 0), data FROM token WHERE hash = ? AND kind = ? AND used_at IS NULL"
	    " AND (expires_at IS NULL OR expires_at > ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_blob(st, 1, h, crypto_hash_sha256_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(o->kind, sizeof o->kind, "%s", db_text(st, 0));
		o->org_id = sqlite3_column_int64(st, 1);
		o->member_id = sqlite3_column_int64(st, 2);
		o->vehicle_id = sqlite3_column_int64(st, 3);
		o->ref_id = sqlite3_column_int64(st, 4);
		o->created_at = sqlite3_column_int64(st, 5);
		o->expires_at = sqlite3_column_int64(st, 6);
		snprintf(o->data, sizeof o->data, "%s", db_text(st, 7));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ST_NOT_FOUND;
	return rc == SQLITE_ROW ? ST_OK : db_result(rc, "token find");
}

enum store_status tokens_find(const char *kind, const char *hex, int64_t now, struct tokens_row *out)
{
	memset(out, 0, sizeof *out);
	unsigned char h[crypto_hash_sha256_BYTES];
	if (!hash_of(hex, h))
		return ST_NOT_FOUND;
	return find(h, kind, now, out);
}

enum store_status tokens_use(const char *kind, const char *hex, int64_t now, struct tokens_row *out)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	memset(out, 0, sizeof *out);
	unsigned char h[crypto_hash_sha256_BYTES];
	if (!hash_of(hex, h))
		return ST_NOT_FOUND;
	enum store_status r = find(h, kind, now, out);
	if (r != ST_OK)
		return r;
	sqlite3_stmt *st = db_stmt("UPDATE token SET used_at = ? WHERE hash = ? AND used_at IS NULL");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_blob(st, 2, h, sizeof h, SQLITE_TRANSIENT);
	int s = db_step_done(st, "token use");
	if (s != ST_OK)
		return s;
	return sqlite3_changes(db_handle()) == 1 ? ST_OK : ST_NOT_FOUND;
}

enum store_status tokens_revoke(const char *kind, int64_t org_id, int64_t member_id, int64_t vehicle_id)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	sqlite3_stmt *st = member_id
	    ? db_stmt("DELETE FROM token WHERE kind = ? AND org_id = ? AND member_id = ?")
	    : db_stmt("DELETE FROM token WHERE kind = ? AND org_id = ? AND vehicle_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, org_id);
	sqlite3_bind_int64(st, 3, member_id ? member_id : vehicle_id);
	return db_step_done(st, "token revoke");
}

enum store_status tokens_expire(int64_t now, int *n)
{
	*n = 0;
	int s = db_begin();
	if (s != ST_OK) {
		db_rollback();
		return s;
	}
	sqlite3_stmt *st = db_stmt("DELETE FROM token WHERE (expires_at IS NOT NULL AND expires_at < ?1 - 86400)"
	                           " OR (used_at IS NOT NULL AND used_at < ?1 - 86400)");
	if (st) {
		sqlite3_bind_int64(st, 1, now);
		s = db_step_done(st, "token expire");
		*n = s == ST_OK ? sqlite3_changes(db_handle()) : 0;
	} else {
		s = ST_ERROR;
	}
	sqlite3_stmt *rq = db_stmt("DELETE FROM access_request WHERE status = 'unconfirmed' AND created_at < ? - 86400");
	if (s == ST_OK && rq) {
		sqlite3_bind_int64(rq, 1, now);
		s = db_step_done(rq, "request expire");
	} else if (!rq) {
		s = ST_ERROR;
	}
	sqlite3_stmt *ra = db_stmt("DELETE FROM reset_attempt WHERE at < ? - 86400");
	if (s == ST_OK && ra) {
		sqlite3_bind_int64(ra, 1, now);
		s = db_step_done(ra, "reset attempts expire");
	} else if (!ra) {
		s = ST_ERROR;
	}
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK) {
		db_rollback();
		*n = 0;
	}
	return s;
}
