/* billing: billing records — creating the missing ones (with corrections as reversals), retrieving them for the API, loading one for output. */
#include "store/billing.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "store/db.h"
#include "rules/pricing.h"

#define MAX_SOURCES 64   /* billable sources of one booking: itself plus its CHGSTO versions */

/* What a record is computed from, and its price. version 0 is the booking itself. */
struct source {
	int64_t version, vehicle, member, start, end, km, price;
	const char *kind;
	char tariff[128];
	char purpose[1024];
};

/* A current record of a booking. */
struct current {
	int64_t id, version, vehicle, member, start, end, km, price;
	char kind[12];
	bool locked;      /* retrieved or exported: never edited again */
	bool matched;
};

/* A tariff row, with the organisation's storno share. */
struct pricing_ctx {
	struct pricing_tariff t;
	char name[128];
	int share;
};

/* A growable list of booking ids. */
struct idlist {
	int64_t *v;
	size_t n, cap;
};

static bool idlist_add(struct idlist *l, int64_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		int64_t *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return false;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = id;
	return true;
}

int billing_next_id(int64_t now_ms, int64_t *id)
{
	assert(!sqlite3_get_autocommit(db_handle())); /* the id is unique only inside the write that uses it */
	sqlite3_stmt *st = db_stmt("SELECT max(id) FROM billing");
	if (!st)
		return ST_ERROR;
	int rc = sqlite3_step(st);
	int64_t max = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_result(rc, "billing next id");
	*id = max >= now_ms ? max + 1 : now_ms;
	return ST_OK;
}

/* The tariff of a vehicle (all zero and no cap when it has none) and the storno share of the
 * organisation that owns it. A vehicle shared on the market is priced by its master's tariff and
 * rules ("the price its members pay is the master's tariff"), whoever's member booked it. */
static int load_pricing(int64_t vehicle_id, struct pricing_ctx *p)
{
	memset(p, 0, sizeof *p);
	p->t.max_24h = -1;
	p->share = 100;
	sqlite3_stmt *st = db_stmt(
	    "SELECT t.per_hour, coalesce(t.max_24h, -1), t.per_km, t.name, o.storno_share_pct"
	    " FROM vehicle v JOIN org o ON o.id = v.org_id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE v.id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, vehicle_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->t.per_hour = sqlite3_column_int64(st, 0);
		p->t.max_24h = sqlite3_column_int64(st, 1);
		p->t.per_km = sqlite3_column_int64(st, 2);
		utf8_copy(p->name, sizeof p->name, db_text(st, 3));
		p->share = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "billing tariff");
}

/* The booking's own billable source (normal or storno), if any. Returns DB status; *has set. */
static int booking_source(int64_t org_id, int64_t booking_id, int64_t now_s, struct source *s, bool *has,
                          bool *exists, int64_t span[2], int64_t *vehicle, char *status, size_t nstatus)
{
	*has = *exists = false;
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.vehicle_id, b.member_id, b.start, b.end, b.status, b.purpose, t.km_end - t.km_start,"
	    " t.booking_id IS NOT NULL FROM booking b LEFT JOIN trip t ON t.booking_id = b.id"
	    " WHERE b.id = ? AND b.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, booking_id);
	sqlite3_bind_int64(st, 2, org_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ST_OK : db_result(rc, "billing booking");
	}
	*exists = true;
	memset(s, 0, sizeof *s);
	s->vehicle = sqlite3_column_int64(st, 0);
	s->member = sqlite3_column_int64(st, 1);
	s->start = sqlite3_column_int64(st, 2);
	s->end = sqlite3_column_int64(st, 3);
	snprintf(status, nstatus, "%s", db_text(st, 4));
	utf8_copy(s->purpose, sizeof s->purpose, db_text(st, 5));
	bool trip = sqlite3_column_int(st, 7) != 0;
	s->km = trip ? sqlite3_column_int64(st, 6) : -1;
	sqlite3_reset(st);
	span[0] = s->start;
	span[1] = s->end;
	*vehicle = s->vehicle;

	struct pricing_ctx p;
	int dbs = load_pricing(s->vehicle, &p);
	if (dbs != ST_OK)
		return dbs;
	utf8_copy(s->tariff, sizeof s->tariff, p.name);
	if (strcmp(status, "active") == 0 && s->end <= now_s && (p.t.per_km == 0 || trip)) {
		s->kind = "normal";
		/* Without a km price the readings change no price, so they are no part of the snapshot. */
		if (p.t.per_km == 0)
			s->km = -1;
		s->price = pricing_booking(&p.t, s->start, s->end, s->km > 0 ? s->km : 0);
		*has = true;
	} else if (strcmp(status, "storno") == 0) {
		s->kind = "storno";
		s->km = -1;
		s->price = pricing_storno(&p.t, s->start, s->end, p.share);
		*has = true;
	}
	return ST_OK;
}

/* Appends the CHGSTO versions of a booking to src (each priced by what its successor, the next
 * version or the booking itself, no longer covers). */
static int version_sources(int64_t org_id, int64_t booking_id, bool booking_exists, const int64_t bspan[2],
                           int64_t bvehicle, const char *bstatus, struct source *src, int *nsrc)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, vehicle_id, member_id, start, end, purpose, kind FROM booking_version"
	    " WHERE booking_id = ? AND org_id = ? ORDER BY id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, booking_id);
	sqlite3_bind_int64(st, 2, org_id);
	/* Versions in order; remembered so that each one's successor is known. */
	struct ver { int64_t id, vehicle, member, start, end; bool chgsto; char purpose[1024]; } *v = NULL;
	int nv = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == cap) {
			cap = cap ? cap * 2 : 8;
			void *nvp = realloc(v, (size_t)cap * sizeof *v);
			if (!nvp) {
				free(v);
				sqlite3_reset(st);
				return ST_ERROR;
			}
			v = nvp;
		}
		v[nv].id = sqlite3_column_int64(st, 0);
		v[nv].vehicle = sqlite3_column_int64(st, 1);
		v[nv].member = sqlite3_column_int64(st, 2);
		v[nv].start = sqlite3_column_int64(st, 3);
		v[nv].end = sqlite3_column_int64(st, 4);
		utf8_copy(v[nv].purpose, sizeof v[nv].purpose, db_text(st, 5));
		v[nv].chgsto = strcmp(db_text(st, 6), "CHGSTO") == 0;
		nv++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_result(rc, "billing versions");
	}
	int dbs = ST_OK;
	for (int i = 0; i < nv && dbs == ST_OK; i++) {
		if (!v[i].chgsto || *nsrc >= MAX_SOURCES)
			continue;
		int64_t ns, ne, nveh;
		if (i + 1 < nv) {
			ns = v[i + 1].start;
			ne = v[i + 1].end;
			nveh = v[i + 1].vehicle;
		} else if (booking_exists && strcmp(bstatus, "deleted") != 0) {
			ns = bspan[0];
			ne = bspan[1];
			nveh = bvehicle;
		} else {
			ns = ne = 0;
			nveh = 0;
		}
		struct pricing_ctx p;
		dbs = load_pricing(v[i].vehicle, &p);
		if (dbs != ST_OK)
			break;
		struct source *s = &src[(*nsrc)++];
		memset(s, 0, sizeof *s);
		s->version = v[i].id;
		s->vehicle = v[i].vehicle;
		s->member = v[i].member;
		s->start = v[i].start;
		s->end = v[i].end;
		s->km = -1;
		s->kind = "chgsto";
		s->price = pricing_chgsto(&p.t, v[i].start, v[i].end, ns, ne, nveh == v[i].vehicle, p.share);
		utf8_copy(s->tariff, sizeof s->tariff, p.name);
		utf8_copy(s->purpose, sizeof s->purpose, v[i].purpose);
	}
	free(v);
	return dbs;
}

/* The current (not reversed) records of a booking. */
static int current_records(int64_t booking_id, struct current *cur, int *ncur)
{
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, coalesce(b.version_id, 0), b.vehicle_id, b.member_id, b.start, b.end, coalesce(b.km, -1),"
	    " b.price, b.kind, b.billing_date IS NOT NULL OR b.exported"
	    " OR EXISTS (SELECT 1 FROM billing_export_row x WHERE x.billing_id = b.id)"
	    " FROM billing b WHERE b.booking_id = ? AND b.kind <> 'reversal'"
	    " AND NOT EXISTS (SELECT 1 FROM billing r WHERE r.reverses = b.id) ORDER BY b.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, booking_id);
	int rc;
	*ncur = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *ncur < MAX_SOURCES) {
		struct current *c = &cur[(*ncur)++];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		c->version = sqlite3_column_int64(st, 1);
		c->vehicle = sqlite3_column_int64(st, 2);
		c->member = sqlite3_column_int64(st, 3);
		c->start = sqlite3_column_int64(st, 4);
		c->end = sqlite3_column_int64(st, 5);
		c->km = sqlite3_column_int64(st, 6);
		c->price = sqlite3_column_int64(st, 7);
		utf8_copy(c->kind, sizeof c->kind, db_text(st, 8));
		c->locked = sqlite3_column_int(st, 9) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? ST_OK : db_result(rc, "billing current");
}

/* Inserts a record for source s of booking_id. */
static int insert_record(int64_t org_id, int64_t booking_id, const struct source *s, int64_t now_ms)
{
	int64_t id;
	int dbs = billing_next_id(now_ms, &id);
	if (dbs != ST_OK)
		return dbs;
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO billing (id, org_id, booking_id, version_id, kind, vehicle_id, member_id, start, end, km,"
	    " price, tariff_name, purpose) VALUES (?, ?, ?, nullif(?, 0), ?, ?, ?, ?, ?, nullif(?, -1), ?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, org_id);
	sqlite3_bind_int64(st, 3, booking_id);
	sqlite3_bind_int64(st, 4, s->version);
	sqlite3_bind_text(st, 5, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, s->vehicle);
	sqlite3_bind_int64(st, 7, s->member);
	sqlite3_bind_int64(st, 8, s->start);
	sqlite3_bind_int64(st, 9, s->end);
	sqlite3_bind_int64(st, 10, s->km);
	sqlite3_bind_int64(st, 11, s->price);
	sqlite3_bind_text(st, 12, s->tariff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, s->purpose, -1, SQLITE_STATIC);
	return db_step_done(st, "billing insert");
}

/* Inserts the reversal of record id: same snapshot, negated price, a new billingId. */
static int insert_reversal(int64_t id, int64_t now_ms)
{
	int64_t rid;
	int dbs = billing_next_id(now_ms, &rid);
	if (dbs != ST_OK)
		return dbs;
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO billing (id, org_id, booking_id, version_id, kind, reverses, vehicle_id, member_id, start,"
	    " end, km, price, tariff_name, purpose)"
	    " SELECT ?, org_id, booking_id, version_id, 'reversal', id, vehicle_id, member_id, start, end, km,"
	    " -price, tariff_name, purpose FROM billing WHERE id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, rid);
	sqlite3_bind_int64(st, 2, id);
	return db_step_done(st, "billing reversal");
}

/* Corrects record id in place (it was neither retrieved nor exported). */
static int update_record(int64_t id, const struct source *s)
{
	sqlite3_stmt *st = db_stmt(
	    "UPDATE billing SET kind = ?, vehicle_id = ?, member_id = ?, start = ?, end = ?, km = nullif(?, -1),"
	    " price = ?, tariff_name = ?, purpose = ? WHERE id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_text(st, 1, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, s->vehicle);
	sqlite3_bind_int64(st, 3, s->member);
	sqlite3_bind_int64(st, 4, s->start);
	sqlite3_bind_int64(st, 5, s->end);
	sqlite3_bind_int64(st, 6, s->km);
	sqlite3_bind_int64(st, 7, s->price);
	sqlite3_bind_text(st, 8, s->tariff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, s->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, id);
	return db_step_done(st, "billing update");
}

static bool same_snapshot(const struct current *c, const struct source *s)
{
	return strcmp(c->kind, s->kind) == 0 && c->vehicle == s->vehicle && c->member == s->member &&
	       c->start == s->start && c->end == s->end && c->km == s->km;
}

/* Brings the records of one booking in line with its billable sources. */
static int process_booking(int64_t org_id, int64_t booking_id, int64_t now_ms, struct billing_counts *cnt)
{
	static struct source src[MAX_SOURCES];
	static struct current cur[MAX_SOURCES];
	int nsrc = 0, ncur = 0;
	bool has = false, exists = false;
	int64_t span[2] = {0, 0}, vehicle = 0;
	char status[16] = "";
	int dbs = booking_source(org_id, booking_id, now_ms / 1000, &src[0], &has, &exists, span, &vehicle,
	                         status, sizeof status);
	if (dbs != ST_OK)
		return dbs;
	if (has)
		nsrc = 1;
	dbs = version_sources(org_id, booking_id, exists, span, vehicle, status, src, &nsrc);
	if (dbs == ST_OK)
		dbs = current_records(booking_id, cur, &ncur);
	for (int i = 0; i < nsrc && dbs == ST_OK; i++) {
		struct current *c = NULL;
		for (int j = 0; j < ncur; j++)
			if (!cur[j].matched && cur[j].version == src[i].version) {
				c = &cur[j];
				break;
			}
		if (!c) {
			dbs = insert_record(org_id, booking_id, &src[i], now_ms);
			cnt->created++;
			continue;
		}
		c->matched = true;
		if (same_snapshot(c, &src[i]))
			continue;
		if (c->locked) {
			dbs = insert_reversal(c->id, now_ms);
			if (dbs == ST_OK)
				dbs = insert_record(org_id, booking_id, &src[i], now_ms);
			cnt->reversed++;
			cnt->created++;
		} else {
			dbs = update_record(c->id, &src[i]);
			cnt->updated++;
		}
	}
	/* A record whose source is no longer billable is reversed, never deleted: the reversal shows
	 * the accounting side (and any export that copied it) what happened. */
	for (int j = 0; j < ncur && dbs == ST_OK; j++) {
		if (cur[j].matched)
			continue;
		dbs = insert_reversal(cur[j].id, now_ms);
		cnt->reversed++;
	}
	return dbs;
}

int billing_update(int64_t org_id, int64_t now_ms, struct billing_counts *c)
{
	assert(!sqlite3_get_autocommit(db_handle())); /* the caller's immediate transaction */
	struct billing_counts dummy;
	if (!c)
		c = &dummy;
	memset(c, 0, sizeof *c);
	int64_t now_s = now_ms / 1000;
	sqlite3_stmt *st = db_stmt("SELECT until FROM billing_scan WHERE org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc = sqlite3_step(st);
	int64_t until = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : INT64_MIN;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_result(rc, "billing scan");

	struct idlist ids = {0};
	int dbs = ST_OK;
	/* Bookings that ended since the last run, and bookings changed since (the triggers' queue). */
	sqlite3_stmt *ended = db_stmt("SELECT id FROM booking WHERE org_id = ? AND end > ? AND end <= ? ORDER BY end, id");
	sqlite3_stmt *dirty = db_stmt("SELECT booking_id FROM billing_dirty WHERE org_id = ?");
	if (!ended || !dirty)
		return ST_ERROR;
	sqlite3_bind_int64(ended, 1, org_id);
	sqlite3_bind_int64(ended, 2, until);
	sqlite3_bind_int64(ended, 3, now_s);
	while ((rc = sqlite3_step(ended)) == SQLITE_ROW)
		if (!idlist_add(&ids, sqlite3_column_int64(ended, 0)))
			break;
	sqlite3_reset(ended);
	if (rc != SQLITE_DONE)
		dbs = rc == SQLITE_ROW ? ST_ERROR : db_result(rc, "billing ended");
	if (dbs == ST_OK) {
		sqlite3_bind_int64(dirty, 1, org_id);
		while ((rc = sqlite3_step(dirty)) == SQLITE_ROW)
			if (!idlist_add(&ids, sqlite3_column_int64(dirty, 0)))
				break;
		sqlite3_reset(dirty);
		if (rc != SQLITE_DONE)
			dbs = rc == SQLITE_ROW ? ST_ERROR : db_result(rc, "billing dirty");
	}
	for (size_t i = 0; i < ids.n && dbs == ST_OK; i++)
		dbs = process_booking(org_id, ids.v[i], now_ms, c);
	free(ids.v);
	if (dbs != ST_OK)
		return dbs;

	st = db_stmt("DELETE FROM billing_dirty WHERE org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	dbs = db_step_done(st, "billing dirty clear");
	if (dbs != ST_OK)
		return dbs;
	st = db_stmt("INSERT INTO billing_scan (org_id, until) VALUES (?, ?)"
	             " ON CONFLICT (org_id) DO UPDATE SET until = max(until, excluded.until)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, now_s);
	return db_step_done(st, "billing scan update");
}

int billing_update_tx(int64_t org_id, int64_t now_ms, struct billing_counts *c)
{
	int dbs = db_begin();
	if (dbs != ST_OK)
		return dbs;
	dbs = billing_update(org_id, now_ms, c);
	if (dbs == ST_OK)
		dbs = db_commit();
	if (dbs != ST_OK)
		db_rollback();
	return dbs;
}

int billing_retrieve(const struct billing_query *q, int64_t *ids, int *n)
{
	*n = 0;
	if (q->limit < 1 || q->limit > BIL_MAX_LIMIT)
		return ST_ERROR;
	int dbs = db_begin();
	if (dbs != ST_OK)
		return dbs;
	dbs = billing_update(q->org_id, q->now_ms, NULL);
	/* Two statements, so that each read is one range of its own index. */
	sqlite3_stmt *st = q->include_retrieved
	    ? db_stmt("SELECT id FROM billing WHERE org_id = ? AND id > ? AND id < ? ORDER BY id LIMIT ?")
	    : db_stmt("SELECT id FROM billing WHERE org_id = ? AND billing_date IS NULL AND id > ? AND id < ?"
	              " ORDER BY id LIMIT ?");
	sqlite3_stmt *mark = db_stmt("UPDATE billing SET billing_date = ? WHERE id = ? AND billing_date IS NULL");
	if (dbs == ST_OK && (!st || !mark))
		dbs = ST_ERROR;
	if (dbs == ST_OK) {
		sqlite3_bind_int64(st, 1, q->org_id);
		sqlite3_bind_int64(st, 2, q->start);
		sqlite3_bind_int64(st, 3, q->end);
		sqlite3_bind_int(st, 4, q->limit);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < q->limit)
			ids[(*n)++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			dbs = db_result(rc, "billing retrieve");
	}
	for (int i = 0; q->mark && i < *n && dbs == ST_OK; i++) {
		sqlite3_bind_int64(mark, 1, q->now_ms);
		sqlite3_bind_int64(mark, 2, ids[i]);
		dbs = db_step_done(mark, "billing mark");
	}
	if (dbs == ST_OK)
		dbs = db_commit();
	if (dbs != ST_OK) {
		db_rollback();
		*n = 0;
	}
	return dbs;
}

int billing_load(int64_t org_id, int64_t id, struct billing_record *out, bool *found)
{
	*found = false;
	sqlite3_stmt *st = db_stmt(
	    "SELECT b.id, b.org_id, b.booking_id, coalesce(b.version_id, 0), coalesce(b.reverses, 0), b.vehicle_id,"
	    " b.member_id, b.start, b.end, coalesce(b.km, -1), b.price, coalesce(b.billing_date, -1), b.exported,"
	    " b.kind, o.name, o.lang, coalesce(a.name, ''), coalesce(v.name, ''), coalesce(v.descr, ''),"
	    " coalesce(m.login, ''), coalesce(m.descr, ''), coalesce(m.member_no, ''), b.tariff_name, b.purpose,"
	    " coalesce(vo.name, o.name)"
	    " FROM billing b JOIN org o ON o.id = b.org_id LEFT JOIN vehicle v ON v.id = b.vehicle_id"
	    " LEFT JOIN org vo ON vo.id = v.org_id"
	    " LEFT JOIN area a ON a.id = v.area_id LEFT JOIN member m ON m.id = b.member_id"
	    " WHERE b.id = ? AND b.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->org_id = sqlite3_column_int64(st, 1);
		out->booking_id = sqlite3_column_int64(st, 2);
		out->version_id = sqlite3_column_int64(st, 3);
		out->reverses = sqlite3_column_int64(st, 4);
		out->vehicle_id = sqlite3_column_int64(st, 5);
		out->member_id = sqlite3_column_int64(st, 6);
		out->start = sqlite3_column_int64(st, 7);
		out->end = sqlite3_column_int64(st, 8);
		out->km = sqlite3_column_int64(st, 9);
		out->price = sqlite3_column_int64(st, 10);
		out->billing_date = sqlite3_column_int64(st, 11);
		out->exported = sqlite3_column_int(st, 12) != 0;
		utf8_copy(out->kind, sizeof out->kind, db_text(st, 13));
		utf8_copy(out->org_name, sizeof out->org_name, db_text(st, 14));
		utf8_copy(out->lang, sizeof out->lang, db_text(st, 15));
		utf8_copy(out->area, sizeof out->area, db_text(st, 16));
		utf8_copy(out->vehicle, sizeof out->vehicle, db_text(st, 17));
		utf8_copy(out->vehicle_descr, sizeof out->vehicle_descr, db_text(st, 18));
		utf8_copy(out->login, sizeof out->login, db_text(st, 19));
		utf8_copy(out->member_descr, sizeof out->member_descr, db_text(st, 20));
		utf8_copy(out->member_no, sizeof out->member_no, db_text(st, 21));
		utf8_copy(out->tariff, sizeof out->tariff, db_text(st, 22));
		utf8_copy(out->purpose, sizeof out->purpose, db_text(st, 23));
		utf8_copy(out->provider, sizeof out->provider, db_text(st, 24));
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "billing load");
}

void billing_names(const char *descr, const char *login, char *first, size_t nf, char *last, size_t nl)
{
	const char *comma = strchr(descr, ',');
	size_t len = comma ? (size_t)(comma - descr) : strlen(descr);
	while (len && (descr[len - 1] == ' ' || descr[len - 1] == '\t'))
		len--;
	while (len && (*descr == ' ' || *descr == '\t')) {
		descr++;
		len--;
	}
	if (!len) {
		utf8_copy(first, nf, "");
		utf8_copy(last, nl, login);
		return;
	}
	size_t sp = len;
	while (sp && descr[sp - 1] != ' ')
		sp--;
	snprintf(last, nl, "%.*s", (int)(len - sp), descr + sp);
	utf8_trim_partial(last); /* a byte-bounded cut must not leave half a character */
	size_t fl = sp;
	while (fl && descr[fl - 1] == ' ')
		fl--;
	snprintf(first, nf, "%.*s", (int)fl, descr);
	utf8_trim_partial(first);
}
