/* invoicestore (invst_): the invoice tables — settings and member addresses, the preview of a period, issuing all invoices of a period with a gap-free number sequence, cancellation invoices, the list, and hand-overs to accounting. */
#include "store/invoicestore.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "rules/actionlog.h"
#include "store/billing.h"
#include "store/db.h"
#include "store/logbook.h"

static void copy(char *dst, size_t n, const char *src)
{
	utf8_copy(dst, n, src ? src : "");
}

/* Grows *arr (elements of size sz) so that it holds at least need; false when out of memory. */
static bool grow(void **arr, int *cap, int need, size_t sz)
{
	if (need <= *cap)
		return true;
	int c = *cap ? *cap * 2 : 16;
	while (c < need)
		c *= 2;
	void *p = realloc(*arr, (size_t)c * sz);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

/* Ends a write: the log line, then commit; rolls back on any failure. */
static int finish(const struct actor *a, int s, const char *text)
{
	if (s == ST_OK) {
		char line[AL_LINE_MAX];
		al_format_admin(line, a->tz, a->now, a->login, text);
		s = logbook_append(a->org_id, a->now, line);
	}
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		db_rollback();
	return s;
}

/* ---- Settings, accounts, addresses. */

int invst_settings_load(int64_t org_id, struct invst_settings *s)
{
	memset(s, 0, sizeof *s);
	s->vat_mode = INV_VAT_NONE;
	s->vat_rate = 1900;
	copy(s->number_format, sizeof s->number_format, INV_DEFAULT_FORMAT);
	s->payment_days = 14;
	s->debtor_base = 10000;
	s->account_len = 4;
	s->fy_start = 1;
	sqlite3_stmt *st = db_stmt(
	    "SELECT address, iban, vat_mode, vat_rate, number_format, payment_days, coalesce(datev_berater, 0),"
	    " coalesce(datev_mandant, 0), debtor_base, account_len, fy_start FROM inv_settings WHERE org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->exists = true;
		copy(s->address, sizeof s->address, db_text(st, 0));
		copy(s->iban, sizeof s->iban, db_text(st, 1));
		inv_vat_parse(db_text(st, 2), &s->vat_mode);
		s->vat_rate = sqlite3_column_int(st, 3);
		copy(s->number_format, sizeof s->number_format, db_text(st, 4));
		s->payment_days = sqlite3_column_int(st, 5);
		s->berater = sqlite3_column_int64(st, 6);
		s->mandant = sqlite3_column_int64(st, 7);
		s->debtor_base = sqlite3_column_int64(st, 8);
		s->account_len = sqlite3_column_int(st, 9);
		s->fy_start = sqlite3_column_int(st, 10);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "invoice settings");
}

unsigned invst_missing(const struct invst_settings *s, bool datev)
{
	unsigned m = 0;
	if (!s->address[0])
		m |= INVST_MISS_ADDRESS;
	if (!s->iban[0])
		m |= INVST_MISS_IBAN;
	if (!inv_format_valid(s->number_format))
		m |= INVST_MISS_FORMAT;
	if (datev && s->berater <= 0)
		m |= INVST_MISS_BERATER;
	if (datev && s->mandant <= 0)
		m |= INVST_MISS_MANDANT;
	return m;
}

static void bind_opt(sqlite3_stmt *st, int i, int64_t v)
{
	if (v > 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int invst_settings_save(const struct actor *a, const struct invst_settings *s)
{
	int res = db_begin();
	if (res != ST_OK)
		return res;
	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO inv_settings (org_id, address, iban, vat_mode, vat_rate, number_format, payment_days,"
	    " datev_berater, datev_mandant, debtor_base, account_len, fy_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (org_id) DO UPDATE SET address = excluded.address, iban = excluded.iban,"
	    " vat_mode = excluded.vat_mode, vat_rate = excluded.vat_rate, number_format = excluded.number_format,"
	    " payment_days = excluded.payment_days, datev_berater = excluded.datev_berater,"
	    " datev_mandant = excluded.datev_mandant, debtor_base = excluded.debtor_base,"
	    " account_len = excluded.account_len, fy_start = excluded.fy_start");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, s->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->iban, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, inv_vat_name(s->vat_mode), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, s->vat_rate);
	sqlite3_bind_text(st, 6, s->number_format, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, s->payment_days);
	bind_opt(st, 8, s->berater);
	bind_opt(st, 9, s->mandant);
	sqlite3_bind_int64(st, 10, s->debtor_base);
	sqlite3_bind_int(st, 11, s->account_len);
	sqlite3_bind_int(st, 12, s->fy_start);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT) {
		db_rollback();
		return ST_RANGE;
	}
	res = rc == SQLITE_DONE ? ST_OK : db_result(rc, "invoice settings save");
	return finish(a, res, "Rechnungseinstellungen geändert");
}

int invst_accounts(int64_t org_id, struct invst_tariff_account *out, int max, int *n)
{
	*n = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT t.name, coalesce(r.account, 0) FROM (SELECT name FROM tariff WHERE org_id = ?1"
	    " UNION SELECT DISTINCT tariff_name FROM billing WHERE org_id = ?1 AND tariff_name <> ''"
	    " UNION SELECT tariff FROM inv_revenue WHERE org_id = ?1) t"
	    " LEFT JOIN inv_revenue r ON r.org_id = ?1 AND r.tariff = t.name ORDER BY t.name");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		copy(out[*n].tariff, sizeof out[*n].tariff, db_text(st, 0));
		out[*n].account = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK : db_result(rc, "revenue accounts");
}

int invst_account_save(const struct actor *a, const char *tariff, int64_t account)
{
	int res = db_begin();
	if (res != ST_OK)
		return res;
	sqlite3_stmt *st = account > 0
	    ? db_stmt("INSERT INTO inv_revenue (org_id, tariff, account) VALUES (?, ?, ?)"
	              " ON CONFLICT (org_id, tariff) DO UPDATE SET account = excluded.account")
	    : db_stmt("DELETE FROM inv_revenue WHERE org_id = ? AND tariff = ?");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, tariff, -1, SQLITE_STATIC);
	if (account > 0)
		sqlite3_bind_int64(st, 3, account);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT) {
		db_rollback();
		return ST_RANGE;
	}
	res = rc == SQLITE_DONE ? ST_OK : db_result(rc, "revenue account save");
	char text[300];
	snprintf(text, sizeof text, "Erlöskonto Tarif %s: %lld", tariff, (long long)account);
	return finish(a, res, text);
}

int invst_member_load(int64_t org_id, int64_t member_id, struct invst_member *m)
{
	memset(m, 0, sizeof *m);
	sqlite3_stmt *st = db_stmt(
	    "SELECT m.login, m.descr, m.member_no, coalesce(ad.address, '') FROM member m"
	    " LEFT JOIN inv_address ad ON ad.member_id = m.id WHERE m.id = ? AND m.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, org_id);
	int rc = sqlite3_step(st);
	int res = ST_NOT_FOUND;
	if (rc == SQLITE_ROW) {
		m->id = member_id;
		copy(m->login, sizeof m->login, db_text(st, 0));
		copy(m->descr, sizeof m->descr, db_text(st, 1));
		copy(m->member_no, sizeof m->member_no, db_text(st, 2));
		copy(m->address, sizeof m->address, db_text(st, 3));
		res = ST_OK;
	} else if (rc != SQLITE_DONE) {
		res = db_result(rc, "member address");
	}
	sqlite3_reset(st);
	return res;
}

int invst_address_save(const struct actor *a, int64_t member_id, const char *address)
{
	int res = db_begin();
	if (res != ST_OK)
		return res;
	struct invst_member m;
	res = invst_member_load(a->org_id, member_id, &m);
	if (res != ST_OK) {
		db_rollback();
		return res;
	}
	sqlite3_stmt *st = db_stmt("INSERT INTO inv_address (member_id, org_id, address) VALUES (?, ?, ?)"
	                           " ON CONFLICT (member_id) DO UPDATE SET address = excluded.address");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_text(st, 3, address, -1, SQLITE_STATIC);
	res = db_step_done(st, "member address save");
	char text[200];
	snprintf(text, sizeof text, "Postanschrift von %s geändert", m.login);
	return finish(a, res, text);
}

int invst_own_member_no(const struct actor *a, char *out, size_t size)
{
	struct invst_member m;
	out[0] = '\0';
	int res = invst_member_load(a->org_id, a->member_id, &m);
	if (res == ST_OK)
		copy(out, size, m.member_no);
	return res == ST_NOT_FOUND ? ST_OK : res;
}

/* ---- Candidates: what an issuing run of a period would invoice. */

struct cand {
	int64_t billing_id, booking_id, start, end, km, amount, member_id, prev, per_km;
	int correction, share;
	char kind[12], tariff[128], member_no[64], login[64], descr[256], vehicle[128], address[512];
};

/* The candidates of period [t0, t1) of org_id, grouped by member number (members without one by
 * member id), in start order: (0) current records not invoiced yet, of the period or of a period
 * an earlier run invoiced; (1) reversals of invoiced records, undoing the invoiced amount; (2)
 * invoiced records corrected in place since, by the difference. */
static int collect(int64_t org_id, int64_t t0, int64_t t1, struct cand **out, int *n)
{
	*out = NULL;
	*n = 0;
	int cap = 0;
	sqlite3_stmt *st = db_stmt(
    "WITH c(bid, booking_id, kind, start, end, km, amount, tariff, member_id, vehicle_id, corr, prev) AS ("
	    " SELECT b.id, b.booking_id, b.kind, b.start, b.end, b.km, b.price, b.tariff_name, b.member_id, b.vehicle_id, 0, NULL"
	    " FROM billing b WHERE b.org_id = ?1 AND b.kind <> 'reversal' AND b.start < ?3"
	    "  AND NOT EXISTS (SELECT 1 FROM billing r WHERE r.reverses = b.id)"
	    "  AND NOT EXISTS (SELECT 1 FROM inv_mark k WHERE k.billing_id = b.id)"
	    "  AND (b.start >= ?2 OR EXISTS (SELECT 1 FROM inv_run u WHERE u.org_id = ?1 AND u.kind = 'issue'"
	    "   AND b.start >= u.t0 AND b.start < u.t1))"
	    " UNION ALL"
	    " SELECT r.id, r.booking_id, r.kind, r.start, r.end, r.km, -k.amount, r.tariff_name, r.member_id, r.vehicle_id, 1, k.invoice_id"
	    " FROM billing r JOIN inv_mark k ON k.billing_id = r.reverses"
	    " WHERE r.org_id = ?1 AND r.kind = 'reversal' AND NOT EXISTS (SELECT 1 FROM inv_mark x WHERE x.billing_id = r.id)"
	    " UNION ALL"
	    " SELECT b.id, b.booking_id, b.kind, b.start, b.end, b.km, b.price - k.amount, b.tariff_name, b.member_id, b.vehicle_id, 2, k.invoice_id"
	    " FROM billing b JOIN inv_mark k ON k.billing_id = b.id"
	    " WHERE b.org_id = ?1 AND b.price <> k.amount AND NOT EXISTS (SELECT 1 FROM billing r WHERE r.reverses = b.id))"
	    " SELECT c.bid, c.booking_id, c.kind, c.start, c.end,"
	    "  coalesce(c.km, (SELECT t.km_end - t.km_start FROM trip t WHERE t.booking_id = c.booking_id), -1),"
	    "  c.amount, c.tariff, coalesce(m.member_no, ''), c.member_id, coalesce(m.login, ''), coalesce(m.descr, ''),"
	    "  coalesce(v.name, ''), c.corr, coalesce(c.prev, 0), coalesce(tf.per_km, 0), coalesce(ad.address, ''),"
	    "  o.storno_share_pct"
	    " FROM c JOIN org o ON o.id = ?1"
	    " LEFT JOIN member m ON m.id = c.member_id"
	    " LEFT JOIN vehicle v ON v.id = c.vehicle_id"
	    " LEFT JOIN tariff tf ON tf.org_id = ?1 AND tf.name = c.tariff"
	    " LEFT JOIN inv_address ad ON ad.member_id = c.member_id"
	    " ORDER BY coalesce(m.member_no, ''), CASE WHEN coalesce(m.member_no, '') = '' THEN c.member_id ELSE 0 END,"
	    "  c.start, c.bid");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, t0);
	sqlite3_bind_int64(st, 3, t1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)out, &cap, *n + 1, sizeof **out)) {
			sqlite3_reset(st);
			return ST_ERROR;
		}
		struct cand *c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		c->billing_id = sqlite3_column_int64(st, 0);
		c->booking_id = sqlite3_column_int64(st, 1);
		copy(c->kind, sizeof c->kind, db_text(st, 2));
		c->start = sqlite3_column_int64(st, 3);
		c->end = sqlite3_column_int64(st, 4);
		c->km = sqlite3_column_int64(st, 5);
		c->amount = sqlite3_column_int64(st, 6);
		copy(c->tariff, sizeof c->tariff, db_text(st, 7));
		copy(c->member_no, sizeof c->member_no, db_text(st, 8));
		c->member_id = sqlite3_column_int64(st, 9);
		copy(c->login, sizeof c->login, db_text(st, 10));
		copy(c->descr, sizeof c->descr, db_text(st, 11));
		copy(c->vehicle, sizeof c->vehicle, db_text(st, 12));
		c->correction = sqlite3_column_int(st, 13);
		c->prev = sqlite3_column_int64(st, 14);
		c->per_km = sqlite3_column_int64(st, 15);
		copy(c->address, sizeof c->address, db_text(st, 16));
		c->share = strcmp(c->kind, "storno") == 0 || strcmp(c->kind, "chgsto") == 0 ? sqlite3_column_int(st, 17) : 100;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "invoice candidates");
}

/* Whether candidates i and j go onto the same invoice. */
static bool same_group(const struct cand *a, const struct cand *b)
{
	if (strcmp(a->member_no, b->member_no) != 0)
		return false;
	return a->member_no[0] || a->member_id == b->member_id;
}

/* The display name of a member: "First Last" from the description, or the login. */
static void member_name(const struct cand *c, char *out, size_t n)
{
	char first[128], last[128];
	billing_names(c->descr, c->login, first, sizeof first, last, sizeof last);
	if (first[0])
		snprintf(out, n, "%s %s", first, last);
	else
		snprintf(out, n, "%s", last);
	utf8_trim_partial(out);
}

/* The km part of a line: the km price of the current tariff, at most the line's amount (a tariff
 * changed since the record was computed), with the amount's sign. */
static int64_t km_part(const struct cand *c)
{
	if (c->km <= 0 || c->per_km <= 0 || strcmp(c->kind, "normal") != 0)
		return 0;
	int64_t k = c->km * c->per_km, a = c->amount < 0 ? -c->amount : c->amount;
	if (k > a)
		k = a;
	return c->amount < 0 ? -k : k;
}

static int conflict_run(int64_t org_id, const struct invst_period *p, int64_t *run)
{
	*run = 0;
	sqlite3_stmt *st = db_stmt("SELECT id FROM inv_run WHERE org_id = ? AND kind = 'issue' AND t0 < ? AND t1 > ?"
	                           " ORDER BY id LIMIT 1");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, p->t1);
	sqlite3_bind_int64(st, 3, p->t0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*run = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "invoice run conflict");
}

static int missing_trips(const struct actor *a, const struct invst_period *p, struct invst_preview *pv)
{
	int cap = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT k.id, k.start, coalesce(m.login, ''), coalesce(v.name, '') FROM booking k"
	    " JOIN vehicle v ON v.id = k.vehicle_id JOIN tariff t ON t.id = v.tariff_id"
	    " LEFT JOIN member m ON m.id = k.member_id"
	    " WHERE k.org_id = ? AND k.status = 'active' AND k.start >= ? AND k.start < ? AND k.end <= ?"
	    " AND t.per_km > 0 AND NOT EXISTS (SELECT 1 FROM trip x WHERE x.booking_id = k.id) ORDER BY k.start, k.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, p->t0);
	sqlite3_bind_int64(st, 3, p->t1);
	sqlite3_bind_int64(st, 4, a->now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)&pv->trips, &cap, pv->ntrips + 1, sizeof *pv->trips)) {
			sqlite3_reset(st);
			return ST_ERROR;
		}
		struct invst_pv_trip *t = &pv->trips[pv->ntrips++];
		t->booking_id = sqlite3_column_int64(st, 0);
		t->start = sqlite3_column_int64(st, 1);
		copy(t->login, sizeof t->login, db_text(st, 2));
		copy(t->vehicle, sizeof t->vehicle, db_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "missing trips");
}

/* Sums the candidates into one preview entry per group. */
static int summarise(const struct cand *c, int n, struct invst_preview *pv)
{
	int cap = 0;
	for (int i = 0; i < n; i++) {
		if (i == 0 || !same_group(&c[i - 1], &c[i])) {
			if (!grow((void **)&pv->m, &cap, pv->n + 1, sizeof *pv->m))
				return ST_ERROR;
			struct invst_pv_member *m = &pv->m[pv->n++];
			memset(m, 0, sizeof *m);
			copy(m->member_no, sizeof m->member_no, c[i].member_no);
			member_name(&c[i], m->name, sizeof m->name);
			m->no_address = true;
			if (!m->member_no[0])
				pv->no_member_no++;
		}
		struct invst_pv_member *m = &pv->m[pv->n - 1];
		if (c[i].address[0])
			m->no_address = false;
		if (!strstr(m->logins, c[i].login) && strlen(m->logins) + strlen(c[i].login) + 3 < sizeof m->logins) {
			if (m->logins[0])
				strcat(m->logins, ", ");
			strcat(m->logins, c[i].login);
		}
		if (c[i].correction) {
			m->corrections++;
		} else {
			m->bookings++;
			m->minutes += (c[i].end - c[i].start) / 60;
			if (c[i].km > 0)
				m->km += c[i].km;
		}
		m->amount += c[i].amount;
		pv->total += c[i].amount;
		pv->lines++;
	}
	return ST_OK;
}

int invst_preview(const struct actor *a, const struct invst_period *p, struct invst_preview *pv)
{
	memset(pv, 0, sizeof *pv);
	int res = billing_update_tx(a->org_id, tu_now_ms(), NULL);
	struct invst_settings s;
	if (res == ST_OK)
		res = invst_settings_load(a->org_id, &s);
	if (res == ST_OK)
		pv->missing = invst_missing(&s, false);
	if (res == ST_OK)
		res = conflict_run(a->org_id, p, &pv->conflict_run);
	struct cand *c = NULL;
	int n = 0;
	if (res == ST_OK)
		res = collect(a->org_id, p->t0, p->t1, &c, &n);
	if (res == ST_OK)
		res = summarise(c, n, pv);
	free(c);
	if (res == ST_OK)
		res = missing_trips(a, p, pv);
	if (res != ST_OK)
		invst_preview_free(pv);
	return res;
}

void invst_preview_free(struct invst_preview *pv)
{
	free(pv->m);
	free(pv->trips);
	pv->m = NULL;
	pv->trips = NULL;
	pv->n = pv->ntrips = 0;
}

/* ---- Issuing. */

/* The next number of the organisation's sequence of year (0: the one sequence of a format without
 * year), inside the caller's transaction. */
static int next_seq(int64_t org_id, int year, int64_t *seq)
{
	assert(!sqlite3_get_autocommit(db_handle()));
	sqlite3_stmt *st = db_stmt("INSERT INTO inv_seq (org_id, year, last) VALUES (?, ?, 1)"
	                           " ON CONFLICT (org_id, year) DO UPDATE SET last = last + 1 RETURNING last");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "invoice sequence");
}

static int insert_run(const struct actor *a, const char *kind, int64_t t0, int64_t t1, const char *period, int64_t *id)
{
	sqlite3_stmt *st = db_stmt("INSERT INTO inv_run (org_id, kind, t0, t1, period, created_at, created_by)"
	                           " VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, t0);
	sqlite3_bind_int64(st, 4, t1);
	sqlite3_bind_text(st, 5, period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, a->now);
	sqlite3_bind_int64(st, 7, a->member_id);
	int res = db_step_done(st, "invoice run");
	*id = sqlite3_last_insert_rowid(db_handle());
	return res;
}

/* ST_DUPLICATE when number is taken in org_id already (a format changed back to an earlier one). */
static int number_free(int64_t org_id, const char *number)
{
	sqlite3_stmt *st = db_stmt("SELECT count(*) FROM invoice WHERE org_id = ? AND number = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int res = rc == SQLITE_ROW ? (sqlite3_column_int64(st, 0) ? ST_DUPLICATE : ST_OK) : db_result(rc, "invoice number");
	sqlite3_reset(st);
	return res;
}

/* Today's local date of the actor and its year. */
static void today(const struct actor *a, struct tu_tm *t)
{
	tu_to_local(a->tz, a->now, t);
}

static void fmt_ymd(char *buf, size_t n, int y, int m, int d)
{
	snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

/* Writes one invoice of the group c[0..n) and marks its records. */
static int issue_one(const struct actor *a, const struct invst_settings *s, const struct invst_period *p, int64_t run,
                     const struct cand *c, int n, const char *org_name, char *number_out)
{
	struct tu_tm t;
	today(a, &t);
	int64_t seq = 0;
	int key = inv_format_has_year(s->number_format) ? t.year : 0;
	int res = next_seq(a->org_id, key, &seq);
	if (res != ST_OK)
		return res;
	char number[INV_NUMBER_MAX], date[12], due[12], name[256];
	if (!inv_number(number, sizeof number, s->number_format, t.year, seq))
		return ST_ERROR; /* the format was checked: only a sequence beyond the width could fail */
	if ((res = number_free(a->org_id, number)) != ST_OK)
		return res;
	strcpy(number_out, number);
	int dy, dm, dd;
	inv_due_date(t.year, t.mon, t.day, s->payment_days, &dy, &dm, &dd);
	fmt_ymd(date, sizeof date, t.year, t.mon, t.day);
	fmt_ymd(due, sizeof due, dy, dm, dd);
	member_name(&c[0], name, sizeof name);
	const char *address = "";
	for (int i = 0; i < n; i++)
		if (c[i].address[0]) {
			address = c[i].address;
			break;
		}
	int64_t sum = 0;
	for (int i = 0; i < n; i++)
		sum += c[i].amount;
	struct inv_amounts am;
	inv_amounts(sum, s->vat_mode, s->vat_rate, &am);

	sqlite3_stmt *st = db_stmt(
	    "INSERT INTO invoice (org_id, run_id, number, year, seq, cancels, member_no, member_id, name, address, t0, t1,"
	    " period, inv_date, due_date, issued_at, vat_mode, vat_rate, net, vat, gross, org_name, org_address, iban)"
	    " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_int64(st, 2, run);
	sqlite3_bind_text(st, 3, number, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, key);
	sqlite3_bind_int64(st, 5, seq);
	sqlite3_bind_text(st, 6, c[0].member_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, c[0].member_id);
	sqlite3_bind_text(st, 8, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, p->t0);
	sqlite3_bind_int64(st, 11, p->t1);
	sqlite3_bind_text(st, 12, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, due, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, a->now);
	sqlite3_bind_text(st, 16, inv_vat_name(s->vat_mode), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 17, s->vat_rate);
	sqlite3_bind_int64(st, 18, am.net);
	sqlite3_bind_int64(st, 19, am.vat);
	sqlite3_bind_int64(st, 20, am.gross);
	sqlite3_bind_text(st, 21, org_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 22, s->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 23, s->iban, -1, SQLITE_STATIC);
	res = db_step_done(st, "invoice insert");
	if (res != ST_OK)
		return res;
	int64_t inv = sqlite3_last_insert_rowid(db_handle());

	for (int i = 0; i < n && res == ST_OK; i++) {
		st = db_stmt("INSERT INTO invoice_line (invoice_id, billing_id, booking_id, kind, correction, prev_invoice,"
		             " start, end, vehicle, tariff, minutes, km, time_price, km_price, share_pct, amount)"
		             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			return ST_ERROR;
		int64_t kp = km_part(&c[i]);
		sqlite3_bind_int64(st, 1, inv);
		sqlite3_bind_int64(st, 2, c[i].billing_id);
		sqlite3_bind_int64(st, 3, c[i].booking_id);
		sqlite3_bind_text(st, 4, c[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, c[i].correction);
		bind_opt(st, 6, c[i].prev);
		sqlite3_bind_int64(st, 7, c[i].start);
		sqlite3_bind_int64(st, 8, c[i].end);
		sqlite3_bind_text(st, 9, c[i].vehicle, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, c[i].tariff, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 11, (c[i].end - c[i].start) / 60);
		sqlite3_bind_int64(st, 12, c[i].km);
		sqlite3_bind_int64(st, 13, c[i].amount - kp);
		sqlite3_bind_int64(st, 14, kp);
		sqlite3_bind_int(st, 15, c[i].share);
		sqlite3_bind_int64(st, 16, c[i].amount);
		res = db_step_done(st, "invoice line");
		if (res != ST_OK)
			break;
		/* The mark: a new record or a reversal is now invoiced with its amount; an in-place correction
		 * moves the record's mark to this invoice with the corrected amount. */
		if (c[i].correction == 2) {
			st = db_stmt("UPDATE inv_mark SET amount = amount + ?, invoice_id = ? WHERE billing_id = ?");
			if (!st)
				return ST_ERROR;
			sqlite3_bind_int64(st, 1, c[i].amount);
			sqlite3_bind_int64(st, 2, inv);
			sqlite3_bind_int64(st, 3, c[i].billing_id);
		} else {
			st = db_stmt("INSERT INTO inv_mark (billing_id, invoice_id, amount) VALUES (?, ?, ?)");
			if (!st)
				return ST_ERROR;
			sqlite3_bind_int64(st, 1, c[i].billing_id);
			sqlite3_bind_int64(st, 2, inv);
			sqlite3_bind_int64(st, 3, c[i].amount);
		}
		res = db_step_done(st, "invoice mark");
	}
	return res;
}

static int org_name(int64_t org_id, char *out, size_t n)
{
	sqlite3_stmt *st = db_stmt("SELECT name FROM org WHERE id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	int rc = sqlite3_step(st);
	out[0] = '\0';
	if (rc == SQLITE_ROW) {
		copy(out, n, db_text(st, 0));
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "org name");
}

int invst_issue(const struct actor *a, const struct invst_period *p, int64_t *run_id, int *count, unsigned *missing)
{
	assert(p->t0 < p->t1);
	*run_id = 0;
	*count = 0;
	*missing = 0;
	int res = db_begin();
	if (res != ST_OK)
		return res;
	res = billing_update(a->org_id, tu_now_ms(), NULL);
	struct invst_settings s;
	if (res == ST_OK)
		res = invst_settings_load(a->org_id, &s);
	if (res == ST_OK && (*missing = invst_missing(&s, false)) != 0)
		res = ST_INCOMPLETE;
	int64_t conflict = 0;
	if (res == ST_OK)
		res = conflict_run(a->org_id, p, &conflict);
	if (res == ST_OK && conflict)
		res = ST_CONFLICT;
	struct cand *c = NULL;
	int n = 0;
	if (res == ST_OK)
		res = collect(a->org_id, p->t0, p->t1, &c, &n);
	if (res == ST_OK && n == 0)
		res = ST_NOT_FOUND;
	for (int i = 0; res == ST_OK && i < n; i++)
		if (!c[i].member_no[0])
			res = ST_BAD_MEMBER;
	char oname[128], first[INV_NUMBER_MAX] = "", last[INV_NUMBER_MAX] = "";
	if (res == ST_OK)
		res = org_name(a->org_id, oname, sizeof oname);
	if (res == ST_OK)
		res = insert_run(a, "issue", p->t0, p->t1, p->name, run_id);
	int64_t total = 0;
	for (int i = 0; res == ST_OK && i < n;) {
		int j = i + 1;
		while (j < n && same_group(&c[i], &c[j]))
			j++;
		res = issue_one(a, &s, p, *run_id, c + i, j - i, oname, last);
		if (!first[0])
			strcpy(first, last);
		for (int k = i; k < j; k++)
			total += c[k].amount;
		(*count)++;
		i = j;
	}
	free(c);
	if (res != ST_OK) {
		db_rollback();
		*run_id = 0;
		*count = 0;
		return res;
	}
	char text[300], m[MONEY_BUF];
	snprintf(text, sizeof text, "Rechnungslauf %lld Zeitraum %s: %d Rechnungen %s bis %s, Summe %s", (long long)*run_id,
	         p->name, *count, first, last, money_fmt(m, total, ','));
	return finish(a, ST_OK, text);
}

/* ---- Cancellation. */

int invst_cancel(const struct actor *a, int64_t id, int64_t *cancel_id)
{
	*cancel_id = 0;
	int res = db_begin();
	if (res != ST_OK)
		return res;
	sqlite3_stmt *st = db_stmt(
	    "SELECT i.number, i.cancels IS NOT NULL OR EXISTS (SELECT 1 FROM invoice c WHERE c.cancels = i.id),"
	    " i.t0, i.t1, i.period FROM invoice i WHERE i.id = ? AND i.org_id = ?");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	char orig[INV_NUMBER_MAX] = "", period[24] = "";
	int64_t t0 = 0, t1 = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy(orig, sizeof orig, db_text(st, 0));
		res = sqlite3_column_int(st, 1) ? ST_ALREADY : ST_OK;
		t0 = sqlite3_column_int64(st, 2);
		t1 = sqlite3_column_int64(st, 3);
		copy(period, sizeof period, db_text(st, 4));
	} else {
		res = rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "cancel load");
	}
	sqlite3_reset(st);
	/* A later standing invoice that corrects this one's records builds on its marks: cancelling
	 * this one first would leave those records invoiced by the difference only. */
	if (res == ST_OK) {
		st = db_stmt("SELECT count(*) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
		             " WHERE l.prev_invoice = ?1 AND i.cancels IS NULL"
		             " AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.cancels = i.id)");
		if (!st)
			res = ST_ERROR;
	}
	if (res == ST_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0)
			res = ST_IN_USE;
		else if (rc != SQLITE_ROW)
			res = db_result(rc, "cancel corrections");
		sqlite3_reset(st);
	}
	struct invst_settings s;
	if (res == ST_OK)
		res = invst_settings_load(a->org_id, &s);
	if (res == ST_OK && !inv_format_valid(s.number_format))
		res = ST_INCOMPLETE;
	int64_t run = 0, seq = 0;
	struct tu_tm t;
	today(a, &t);
	char number[INV_NUMBER_MAX], date[12];
	fmt_ymd(date, sizeof date, t.year, t.mon, t.day);
	if (res == ST_OK)
		res = insert_run(a, "cancel", t0, t1, period, &run);
	int key = res == ST_OK && inv_format_has_year(s.number_format) ? t.year : 0;
	if (res == ST_OK)
		res = next_seq(a->org_id, key, &seq);
	if (res == ST_OK && !inv_number(number, sizeof number, s.number_format, t.year, seq))
		res = ST_ERROR;
	if (res == ST_OK)
		res = number_free(a->org_id, number);
	if (res == ST_OK) {
		st = db_stmt(
		    "INSERT INTO invoice (org_id, run_id, number, year, seq, cancels, member_no, member_id, name, address,"
		    " t0, t1, period, inv_date, due_date, issued_at, vat_mode, vat_rate, net, vat, gross, org_name,"
		    " org_address, iban) SELECT org_id, ?, ?, ?, ?, id, member_no, member_id, name, address, t0, t1, period,"
		    " ?, ?, ?, vat_mode, vat_rate, -net, -vat, -gross, org_name, org_address, iban FROM invoice WHERE id = ?");
		if (!st)
			res = ST_ERROR;
	}
	if (res == ST_OK) {
		sqlite3_bind_int64(st, 1, run);
		sqlite3_bind_text(st, 2, number, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, key);
		sqlite3_bind_int64(st, 4, seq);
		sqlite3_bind_text(st, 5, date, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, a->now);
		sqlite3_bind_int64(st, 8, id);
		res = db_step_done(st, "cancellation insert");
		*cancel_id = sqlite3_last_insert_rowid(db_handle());
	}
	if (res == ST_OK) {
		st = db_stmt("INSERT INTO invoice_line (invoice_id, billing_id, booking_id, kind, correction, prev_invoice, start,"
		             " end, vehicle, tariff, minutes, km, time_price, km_price, share_pct, amount)"
		             " SELECT ?, billing_id, booking_id, kind, correction, prev_invoice, start, end, vehicle, tariff,"
		             " minutes, km, -time_price, -km_price, share_pct, -amount FROM invoice_line WHERE invoice_id = ? ORDER BY id");
		if (!st)
			res = ST_ERROR;
	}
	if (res == ST_OK) {
		sqlite3_bind_int64(st, 1, *cancel_id);
		sqlite3_bind_int64(st, 2, id);
		res = db_step_done(st, "cancellation lines");
	}
	/* Release the marks: in-place corrections go back to the invoice they corrected, the rest are
	 * removed, so that the records are invoiced again in the next run. */
	if (res == ST_OK) {
		st = db_stmt("UPDATE inv_mark SET"
		             " amount = amount - (SELECT l.amount FROM invoice_line l WHERE l.invoice_id = ?1"
		             "  AND l.billing_id = inv_mark.billing_id AND l.correction = 2),"
		             " invoice_id = (SELECT l.prev_invoice FROM invoice_line l WHERE l.invoice_id = ?1"
		             "  AND l.billing_id = inv_mark.billing_id AND l.correction = 2)"
		             " WHERE invoice_id = ?1 AND billing_id IN (SELECT billing_id FROM invoice_line"
		             "  WHERE invoice_id = ?1 AND correction = 2 AND prev_invoice IS NOT NULL)");
		if (!st)
			res = ST_ERROR;
	}
	if (res == ST_OK) {
		sqlite3_bind_int64(st, 1, id);
		res = db_step_done(st, "cancellation marks");
	}
	if (res == ST_OK) {
		st = db_stmt("DELETE FROM inv_mark WHERE invoice_id = ?");
		if (!st)
			res = ST_ERROR;
	}
	if (res == ST_OK) {
		sqlite3_bind_int64(st, 1, id);
		res = db_step_done(st, "cancellation unmark");
	}
	if (res != ST_OK) {
		db_rollback();
		*cancel_id = 0;
		return res;
	}
	char text[200];
	snprintf(text, sizeof text, "Stornorechnung %s zu Rechnung %s", number, orig);
	return finish(a, ST_OK, text);
}

/* ---- Reading. */

int invst_invoice_load(const struct actor *a, int64_t id, struct invst_invoice *inv)
{
	memset(inv, 0, sizeof *inv);
	sqlite3_stmt *st = db_stmt(
	    "SELECT i.id, i.run_id, coalesce(i.cancels, 0), coalesce(c.id, 0), i.member_id, i.number,"
	    " coalesce(o.number, ''), coalesce(c.number, ''), i.member_no, i.name, i.address, i.period, i.inv_date,"
	    " i.due_date, i.t0, i.t1, i.issued_at, i.net, i.vat, i.gross, i.vat_mode, i.vat_rate, i.org_name,"
	    " i.org_address, i.iban,"
	    " coalesce((SELECT group_concat(upper(h.target) || ' ' || strftime('%d.%m.%Y', h.at, 'unixepoch') || ' ' || h.file, '; ')"
	    "  FROM inv_handover h WHERE h.invoice_id = i.id), '')"
	    " FROM invoice i LEFT JOIN invoice o ON o.id = i.cancels LEFT JOIN invoice c ON c.cancels = i.id"
	    " WHERE i.id = ? AND i.org_id = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "invoice load");
	}
	inv->id = sqlite3_column_int64(st, 0);
	inv->run_id = sqlite3_column_int64(st, 1);
	inv->cancels = sqlite3_column_int64(st, 2);
	inv->cancelled_by = sqlite3_column_int64(st, 3);
	inv->member_id = sqlite3_column_int64(st, 4);
	copy(inv->number, sizeof inv->number, db_text(st, 5));
	copy(inv->cancels_number, sizeof inv->cancels_number, db_text(st, 6));
	copy(inv->cancelled_by_number, sizeof inv->cancelled_by_number, db_text(st, 7));
	copy(inv->member_no, sizeof inv->member_no, db_text(st, 8));
	copy(inv->name, sizeof inv->name, db_text(st, 9));
	copy(inv->address, sizeof inv->address, db_text(st, 10));
	copy(inv->period, sizeof inv->period, db_text(st, 11));
	copy(inv->inv_date, sizeof inv->inv_date, db_text(st, 12));
	copy(inv->due_date, sizeof inv->due_date, db_text(st, 13));
	inv->t0 = sqlite3_column_int64(st, 14);
	inv->t1 = sqlite3_column_int64(st, 15);
	inv->issued_at = sqlite3_column_int64(st, 16);
	inv->net = sqlite3_column_int64(st, 17);
	inv->vat = sqlite3_column_int64(st, 18);
	inv->gross = sqlite3_column_int64(st, 19);
	inv_vat_parse(db_text(st, 20), &inv->vat_mode);
	inv->vat_rate = sqlite3_column_int(st, 21);
	copy(inv->org_name, sizeof inv->org_name, db_text(st, 22));
	copy(inv->org_address, sizeof inv->org_address, db_text(st, 23));
	copy(inv->iban, sizeof inv->iban, db_text(st, 24));
	copy(inv->handover, sizeof inv->handover, db_text(st, 25));
	sqlite3_reset(st);

	if (!a->is_admin) {
		char own[64];
		int res = invst_own_member_no(a, own, sizeof own);
		if (res != ST_OK)
			return res;
		if (!own[0] || strcmp(own, inv->member_no) != 0)
			return ST_FORBIDDEN;
	}

	st = db_stmt("SELECT booking_id, start, end, minutes, km, time_price, km_price, amount, share_pct, correction,"
	             " kind, vehicle, tariff FROM invoice_line WHERE invoice_id = ? ORDER BY start, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)&inv->lines, &cap, inv->nlines + 1, sizeof *inv->lines)) {
			sqlite3_reset(st);
			invst_invoice_free(inv);
			return ST_ERROR;
		}
		struct invst_line *l = &inv->lines[inv->nlines++];
		l->booking_id = sqlite3_column_int64(st, 0);
		l->start = sqlite3_column_int64(st, 1);
		l->end = sqlite3_column_int64(st, 2);
		l->minutes = sqlite3_column_int64(st, 3);
		l->km = sqlite3_column_int64(st, 4);
		l->time_price = sqlite3_column_int64(st, 5);
		l->km_price = sqlite3_column_int64(st, 6);
		l->amount = sqlite3_column_int64(st, 7);
		l->share_pct = sqlite3_column_int(st, 8);
		l->correction = sqlite3_column_int(st, 9);
		copy(l->kind, sizeof l->kind, db_text(st, 10));
		copy(l->vehicle, sizeof l->vehicle, db_text(st, 11));
		copy(l->tariff, sizeof l->tariff, db_text(st, 12));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		invst_invoice_free(inv);
		return db_result(rc, "invoice lines");
	}
	return ST_OK;
}

void invst_invoice_free(struct invst_invoice *inv)
{
	free(inv->lines);
	inv->lines = NULL;
	inv->nlines = 0;
}

int invst_run_ids(int64_t org_id, int64_t run_id, int64_t **ids, int *n)
{
	*ids = NULL;
	*n = 0;
	int cap = 0;
	sqlite3_stmt *st = db_stmt("SELECT id FROM invoice WHERE org_id = ? AND run_id = ? ORDER BY id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, run_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)ids, &cap, *n + 1, sizeof **ids)) {
			sqlite3_reset(st);
			return ST_ERROR;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_result(rc, "run invoices");
	return *n ? ST_OK : ST_NOT_FOUND;
}

int invst_list(const struct actor *a, const struct invst_filter *f, int (*fn)(void *ctx, const struct invst_row *row), void *ctx)
{
	char own[64] = "";
	if (f->own) {
		int res = invst_own_member_no(a, own, sizeof own);
		if (res != ST_OK)
			return res;
		if (!own[0])
			return ST_OK;
	}
	sqlite3_stmt *st = db_stmt(
	    "SELECT i.id, i.run_id, i.gross, i.number, i.member_no, i.name, i.period, i.inv_date, coalesce(o.number, ''),"
	    " coalesce(c.number, ''),"
	    " coalesce((SELECT group_concat(upper(h.target) || ' ' || h.file || ' (' || strftime('%d.%m.%Y', h.at, 'unixepoch') || ')', '; ')"
	    "  FROM inv_handover h WHERE h.invoice_id = i.id), '')"
	    " FROM invoice i LEFT JOIN invoice o ON o.id = i.cancels LEFT JOIN invoice c ON c.cancels = i.id"
	    " WHERE i.org_id = ?1 AND (?2 = '' OR i.period = ?2) AND (?3 = '' OR i.member_no = ?3)"
	    " AND (?4 = '' OR (?4 = 'issued' AND i.cancels IS NULL AND c.id IS NULL)"
	    "  OR (?4 = 'cancelled' AND c.id IS NOT NULL) OR (?4 = 'cancellation' AND i.cancels IS NOT NULL)"
	    "  OR (?4 = 'transferred' AND EXISTS (SELECT 1 FROM inv_handover h WHERE h.invoice_id = i.id)))"
	    " ORDER BY i.id DESC");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, f->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->own ? own : f->member_no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, f->state, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct invst_row r = {
		    .id = sqlite3_column_int64(st, 0),
		    .run_id = sqlite3_column_int64(st, 1),
		    .gross = sqlite3_column_int64(st, 2),
		    .number = db_text(st, 3),
		    .member_no = db_text(st, 4),
		    .name = db_text(st, 5),
		    .period = db_text(st, 6),
		    .inv_date = db_text(st, 7),
		    .cancels_number = db_text(st, 8),
		    .cancelled_by_number = db_text(st, 9),
		    .handover = db_text(st, 10),
		};
		if (fn(ctx, &r) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "invoice list");
}

/* ---- Hand-over. */

int invst_parts(int64_t org_id, int64_t t0, int64_t t1, const char *target, bool all, struct invst_part **parts, int *n)
{
	*parts = NULL;
	*n = 0;
	int cap = 0;
	sqlite3_stmt *st = db_stmt(
	    "SELECT i.id, coalesce(i.cancels, 0), sum(l.amount), i.number, i.member_no, i.name, i.inv_date, i.period,"
	    " l.tariff, i.t1, i.gross, coalesce(r.account, 0), i.vat_mode, i.vat_rate,"
	    " EXISTS (SELECT 1 FROM inv_handover h WHERE h.invoice_id = i.id AND h.target = ?4)"
	    " FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id"
	    " LEFT JOIN inv_revenue r ON r.org_id = i.org_id AND r.tariff = l.tariff"
	    " WHERE i.org_id = ?1 AND i.t0 >= ?2 AND i.t1 <= ?3"
	    " AND (?5 OR NOT EXISTS (SELECT 1 FROM inv_handover h WHERE h.invoice_id = i.id AND h.target = ?4))"
	    " GROUP BY i.id, l.tariff ORDER BY i.id, l.tariff");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, t0);
	sqlite3_bind_int64(st, 3, t1);
	sqlite3_bind_text(st, 4, target, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, all ? 1 : 0);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!grow((void **)parts, &cap, *n + 1, sizeof **parts)) {
			sqlite3_reset(st);
			return ST_ERROR;
		}
		struct invst_part *p = &(*parts)[(*n)++];
		memset(p, 0, sizeof *p);
		p->invoice_id = sqlite3_column_int64(st, 0);
		p->cancels = sqlite3_column_int64(st, 1);
		p->amount = sqlite3_column_int64(st, 2);
		copy(p->number, sizeof p->number, db_text(st, 3));
		copy(p->member_no, sizeof p->member_no, db_text(st, 4));
		copy(p->name, sizeof p->name, db_text(st, 5));
		copy(p->inv_date, sizeof p->inv_date, db_text(st, 6));
		copy(p->period, sizeof p->period, db_text(st, 7));
		copy(p->tariff, sizeof p->tariff, db_text(st, 8));
		p->t1 = sqlite3_column_int64(st, 9);
		p->gross = sqlite3_column_int64(st, 10);
		p->account = sqlite3_column_int64(st, 11);
		inv_vat_parse(db_text(st, 12), &p->vat_mode);
		p->vat_rate = sqlite3_column_int(st, 13);
		p->handed = sqlite3_column_int(st, 14) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "invoice parts");
}

int invst_handover(const struct actor *a, const char *target, const char *file, const int64_t *ids, int n)
{
	int res = db_begin();
	if (res != ST_OK)
		return res;
	for (int i = 0; i < n && res == ST_OK; i++) {
		sqlite3_stmt *st = db_stmt("INSERT INTO inv_handover (org_id, invoice_id, target, at, file)"
		                           " SELECT org_id, id, ?, ?, ? FROM invoice WHERE id = ? AND org_id = ?");
		if (!st) {
			res = ST_ERROR;
			break;
		}
		sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, a->now);
		sqlite3_bind_text(st, 3, file, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, ids[i]);
		sqlite3_bind_int64(st, 5, a->org_id);
		res = db_step_done(st, "handover");
	}
	char text[300];
	snprintf(text, sizeof text, "Übergabe %s: %d Rechnungen in %s", strcmp(target, "datev") == 0 ? "DATEV" : "Lexware",
	         n, file);
	return finish(a, res, text);
}
