/* importstore (imp_): checking a members or vehicles CSV file against the organisation (preview) and applying it in one transaction, with its ADMIN lines. */
#include "base/utf8.h"
#include "store/importstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <assert.h>

#include "store/db.h"
#include "store/logbook.h"
#include "rules/translit.h"

enum { MC_LOGIN, MC_DESCR, MC_NO, MC_ADMIN, MC_LOCKED };
enum { VC_NAME, VC_DESCR, VC_AREA, VC_SORT };

static const char *const member_cols[] = {"login", "descr", "member_no", "admin", "locked", NULL};
static const char *const vehicle_cols[] = {"name", "descr", "area", "sort", NULL};

/* German headers a spreadsheet user may have typed, for the same columns. */
static const char *const member_alias[] = {"benutzername", "beschreibung", "mitgliedsnummer", "verwalter", "gesperrt", NULL};
static const char *const vehicle_alias[] = {"name", "beschreibung", "bereich", "sortiernummer", NULL};

const char *const *imp_columns(enum imp_kind kind)
{
	return kind == IMP_MEMBERS ? member_cols : vehicle_cols;
}

static void add_error(struct imp_check *c, int line, const char *column, const char *key, const char *arg)
{
	if (c->nerrors++ >= IMP_MAX_ERRORS)
		return;
	struct imp_error *e = &c->errors[c->nerrors - 1];
	e->line = line;
	utf8_copy(e->column, sizeof e->column, column ? column : "");
	e->key = key;
	utf8_copy(e->arg, sizeof e->arg, arg ? arg : ""); /* a cell's text: cut on a character boundary */
}

static int error_cmp(const void *x, const void *y)
{
	const struct imp_error *a = x, *b = y;
	return (a->line > b->line) - (a->line < b->line);
}

/* A boolean cell: "" 0 1 ja nein yes no true false x. -1 when it is none of those. */
static int parse_bool(const char *s)
{
	static const char *const yes[] = {"1", "ja", "yes", "true", "x", "wahr", NULL};
	static const char *const no[] = {"", "0", "nein", "no", "false", "falsch", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (int i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

/* A sort number cell: "" is 0; else 0..9999. -1 when invalid. */
static int parse_sort(const char *s)
{
	if (!*s)
		return 0;
	int n = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || p - s >= 4)
			return -1;
		n = n * 10 + (*p - '0');
	}
	return n;
}

/* Checks a text cell: valid one-line UTF-8 of at most maxchars characters (as the forms count).
 * Returns false after adding an error. */
static bool text_ok(struct imp_check *c, int line, const char *col, const char *s, size_t maxchars)
{
	if (!utf8_valid_text(s, false)) {
		add_error(c, line, col, "adm.imp.err.text", NULL);
		return false;
	}
	if (utf8_chars(s) > maxchars) {
		char n[24];
		snprintf(n, sizeof n, "%zu", maxchars);
		add_error(c, line, col, "adm.imp.err.too_long", n);
		return false;
	}
	return true;
}

/* Maps header cells to the kind's columns: idx[k] is the field number of column k, or -1. Adds
 * an error for each missing required column. Returns false when one is missing. */
static bool map_header(struct imp_check *c, int *idx)
{
	const char *const *cols = imp_columns(c->kind);
	const char *const *alias = c->kind == IMP_MEMBERS ? member_alias : vehicle_alias;
	const struct csvf_row *h = &c->table.rows[0];
	int ncols = 0;
	for (int k = 0; cols[k]; k++, ncols++) {
		idx[k] = -1;
		for (int j = 0; j < h->n; j++) {
			const char *name = csvf_unprotect(h->f[j]);
			if (strcasecmp(name, cols[k]) == 0 || strcasecmp(name, alias[k]) == 0) {
				idx[k] = j;
				break;
			}
		}
	}
	bool ok = true;
	/* Required: the key column, and a vehicle's area. */
	if (idx[0] < 0) {
		add_error(c, h->line, cols[0], "adm.imp.err.missing_column", cols[0]);
		ok = false;
	}
	if (c->kind == IMP_VEHICLES && idx[VC_AREA] < 0) {
		add_error(c, h->line, "area", "adm.imp.err.missing_column", "area");
		ok = false;
	}
	return ok;
}

/* The cell of column k in row, unprotected; NULL when the file lacks the column, "" when the row is short. */
static const char *cell(const struct csvf_row *row, const int *idx, int k)
{
	if (idx[k] < 0)
		return NULL;
	return idx[k] < row->n ? csvf_unprotect(row->f[idx[k]]) : "";
}

/* Key of a row for duplicate detection within the file. */
struct key {
	char *k;
	int line;
};

static int key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	int d = strcmp(a->k, b->k);
	return d ? d : (a->line > b->line) - (a->line < b->line);
}

/* Adds an error for every row whose key appeared on an earlier line. keys[i].k are freed. */
static void duplicates(struct imp_check *c, struct key *keys, int n, const char *col, const char *msgkey)
{
	qsort(keys, (size_t)n, sizeof *keys, key_cmp);
	for (int i = 1; i < n; i++) {
		if (strcmp(keys[i].k, keys[i - 1].k) == 0) {
			int first = i - 1;
			while (first > 0 && strcmp(keys[first - 1].k, keys[i].k) == 0)
				first--;
			char arg[16];
			snprintf(arg, sizeof arg, "%d", keys[first].line);
			add_error(c, keys[i].line, col, msgkey, arg);
			for (int r = 0; r < c->nrows; r++)
				if (c->rows[r].line == keys[i].line)
					c->rows[r].action = IMP_INVALID;
		}
	}
	for (int i = 0; i < n; i++)
		free(keys[i].k);
}

/* ---- Members. */

/* Checks member row r (cells set) against the database; on apply, writes it. */
static enum store_status member_row(const struct actor *a, struct imp_check *c, struct imp_row *ir, bool apply, char *key)
{
	const char *login_in = ir->cells[MC_LOGIN];
	int line = ir->line;
	int errs = c->nerrors;
	char login[TL_LOGIN_MAX + 1] = "";
	if (!*login_in) {
		add_error(c, line, "login", "adm.imp.err.required", NULL);
	} else if (!tl_login_ok(login_in)) {
		char suggest[TL_LOGIN_MAX + 1];
		tl_login_suggest(login_in, suggest, sizeof suggest);
		add_error(c, line, "login", "adm.imp.err.login_chars", suggest);
	} else {
		tl_login_upper(login_in, login, sizeof login);
	}
	strcpy(key, login);
	const char *descr = ir->cells[MC_DESCR], *no = ir->cells[MC_NO];
	if (descr)
		text_ok(c, line, "descr", descr, ADM_MEMBER_DESCR_CHARS);
	if (no)
		text_ok(c, line, "member_no", no, ADM_MEMBER_NO_CHARS);
	int adm = ir->cells[MC_ADMIN] ? parse_bool(ir->cells[MC_ADMIN]) : -2;
	int locked = ir->cells[MC_LOCKED] ? parse_bool(ir->cells[MC_LOCKED]) : -2;
	if (adm == -1)
		add_error(c, line, "admin", "adm.imp.err.bool", ir->cells[MC_ADMIN]);
	if (locked == -1)
		add_error(c, line, "locked", "adm.imp.err.bool", ir->cells[MC_LOCKED]);
	if (c->nerrors != errs || !*login) {
		ir->action = IMP_INVALID;
		return ST_OK;
	}

	sqlite3_stmt *st = db_stmt("SELECT id, descr, member_no, is_admin, locked FROM member WHERE org_id = ? AND login = ?");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return db_result(rc, "import member lookup");
	}
	bool exists = rc == SQLITE_ROW;
	int64_t id = exists ? sqlite3_column_int64(st, 0) : 0;
	char old_descr[ADM_TEXT_BYTES(ADM_MEMBER_DESCR_CHARS)] = "", old_no[ADM_TEXT_BYTES(ADM_MEMBER_NO_CHARS)] = "";
	int old_admin = 0, old_locked = 0;
	if (exists) {
		utf8_copy(old_descr, sizeof old_descr, db_text(st, 1));
		utf8_copy(old_no, sizeof old_no, db_text(st, 2));
		old_admin = sqlite3_column_int(st, 3);
		old_locked = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	/* A column the file lacks keeps what is stored (or the default for a new member). */
	const char *nd = descr ? descr : old_descr, *nn = no ? no : old_no;
	int na = adm >= 0 ? adm : old_admin, nl = locked >= 0 ? locked : old_locked;
	if (exists && id == a->member_id && (!na || nl)) {
		add_error(c, line, !na ? "admin" : "locked", "adm.imp.err.self", NULL);
		ir->action = IMP_INVALID;
		return ST_OK;
	}
	struct adm_diff d;
	char head[AL_LINE_MAX];
	if (exists)
		snprintf(head, sizeof head, "member %lld %s changed by import:", (long long)id, login);
	else
		snprintf(head, sizeof head, "member %s created by import:", login);
	adm_diff_init(&d, head);
	adm_diff_text(&d, "descr", exists ? old_descr : NULL, nd);
	adm_diff_text(&d, "member_no", exists ? old_no : NULL, nn);
	adm_diff_int(&d, "admin", exists, old_admin, na);
	adm_diff_int(&d, "locked", exists, old_locked, nl);
	ir->action = !exists ? IMP_NEW : d.n ? IMP_CHANGED : IMP_UNCHANGED;
	utf8_copy(ir->changes, sizeof ir->changes, d.n ? d.buf + strlen(head) + 1 : "");
	if (!apply || ir->action == IMP_UNCHANGED)
		return ST_OK;

	sqlite3_stmt *w = exists
	    ? db_stmt("UPDATE member SET descr = ?, member_no = ?, is_admin = ?, locked = ? WHERE id = ? AND org_id = ?")
	    : db_stmt("INSERT INTO member (descr, member_no, is_admin, locked, login, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!w)
		return ST_ERROR;
	sqlite3_bind_text(w, 1, nd, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 2, nn, -1, SQLITE_STATIC);
	sqlite3_bind_int(w, 3, na);
	sqlite3_bind_int(w, 4, nl);
	if (exists) {
		sqlite3_bind_int64(w, 5, id);
		sqlite3_bind_int64(w, 6, a->org_id);
	} else {
		sqlite3_bind_text(w, 5, login, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w, 6, a->org_id);
		sqlite3_bind_int64(w, 7, a->now);
	}
	rc = sqlite3_step(w);
	sqlite3_reset(w);
	if (rc != SQLITE_DONE)
		return db_result(rc, "import member write");
	if (!exists) {
		snprintf(head, sizeof head, "member %lld %s created by import:", (long long)sqlite3_last_insert_rowid(db_handle()), login);
		struct adm_diff d2;
		adm_diff_init(&d2, head);
		adm_diff_text(&d2, "descr", NULL, nd);
		adm_diff_text(&d2, "member_no", NULL, nn);
		adm_diff_int(&d2, "admin", false, 0, na);
		adm_diff_int(&d2, "locked", false, 0, nl);
		d = d2;
	}
	char logline[AL_LINE_MAX];
	al_format_admin(logline, a->tz, a->now, a->login, d.buf);
	return logbook_append(a->org_id, a->now, logline);
}

/* ---- Vehicles. */

/* The edit form's rules for the name of vehicle id (0: new), applied to a row at line: a new vehicle
 * may not take a subscription's local name, and a released vehicle keeps its name (the file matches
 * names ignoring case, so a change of case is a rename). *refused after adding the error. */
static enum store_status vehicle_locks(const struct actor *a, struct imp_check *c, int line, int64_t id,
                                       const char *old_name, const char *name, bool *refused)
{
	enum store_status s = id ? adm_vehicle_lock_check(id, old_name, name, 0, 0) : adm_vehicle_name_free(a, 0, name);
	if (s == ST_DUPLICATE) /* cannot happen for a row that matched no vehicle; the lookup decides */
		s = ST_OK;
	if (s == ST_NAME_TAKEN || s == ST_RELEASED_NAME) {
		add_error(c, line, "name", s == ST_NAME_TAKEN ? "adm.imp.err.subscription_name" : "adm.imp.err.released_name", NULL);
		*refused = true;
		return ST_OK;
	}
	return s;
}

static enum store_status vehicle_row(const struct actor *a, struct imp_check *c, struct imp_row *ir, bool apply, char *key)
{
	int line = ir->line, errs = c->nerrors;
	const char *name = ir->cells[VC_NAME], *descr = ir->cells[VC_DESCR], *area = ir->cells[VC_AREA];
	const char *sort_s = ir->cells[VC_SORT];
	key[0] = '\0';
	if (!*name)
		add_error(c, line, "name", "adm.imp.err.required", NULL);
	else if (text_ok(c, line, "name", name, ADM_VEHICLE_NAME_CHARS))
		for (size_t i = 0; name[i] && i < ADM_NAME_BYTES - 1; i++, key[i] = '\0')
			key[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] - 'A' + 'a') : name[i];
	if (descr && text_ok(c, line, "descr", descr, 200) && utf8_chars(descr) > 30) {
		char n[24];
		snprintf(n, sizeof n, "%zu", utf8_chars(descr));
		add_error(c, line, "descr", "adm.imp.err.descr_long", n);
	}
	int sort = sort_s ? parse_sort(sort_s) : -2;
	if (sort == -1)
		add_error(c, line, "sort", "adm.imp.err.sort", sort_s);
	int64_t area_id = 0;
	char area_name[ADM_NAME_BYTES] = "";
	if (!*area) {
		add_error(c, line, "area", "adm.imp.err.required", NULL);
	} else {
		sqlite3_stmt *st = db_stmt("SELECT id, name FROM area WHERE org_id = ? AND name = ? COLLATE NOCASE ORDER BY name = ? DESC, id LIMIT 1");
		if (!st)
			return ST_ERROR;
		sqlite3_bind_int64(st, 1, a->org_id);
		sqlite3_bind_text(st, 2, area, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, area, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			area_id = sqlite3_column_int64(st, 0);
			utf8_copy(area_name, sizeof area_name, db_text(st, 1));
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_result(rc, "import area lookup");
		if (!area_id)
			add_error(c, line, "area", "adm.imp.err.unknown_area", area);
	}
	if (c->nerrors != errs) {
		ir->action = IMP_INVALID;
		return ST_OK;
	}

	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, v.sort, ar.name FROM vehicle v JOIN area ar ON ar.id = v.area_id"
	    " WHERE v.org_id = ? AND v.name = ? COLLATE NOCASE");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, a->org_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return db_result(rc, "import vehicle lookup");
	}
	bool exists = rc == SQLITE_ROW;
	int64_t id = exists ? sqlite3_column_int64(st, 0) : 0;
	char old_name[ADM_NAME_BYTES] = "", old_descr[128] = "", old_area[ADM_NAME_BYTES] = "";
	int old_sort = 0;
	if (exists) {
		utf8_copy(old_name, sizeof old_name, db_text(st, 1));
		utf8_copy(old_descr, sizeof old_descr, db_text(st, 2));
		old_sort = sqlite3_column_int(st, 3);
		utf8_copy(old_area, sizeof old_area, db_text(st, 4));
	}
	sqlite3_reset(st);
	assert(!apply || !sqlite3_get_autocommit(db_handle()));
	bool refused = false;
	enum store_status ls = vehicle_locks(a, c, line, exists ? id : 0, old_name, name, &refused);
	if (ls != ST_OK || refused) {
		ir->action = IMP_INVALID;
		return ls;
	}
	const char *nd = descr ? descr : old_descr;
	int ns = sort >= 0 ? sort : old_sort;
	struct adm_diff d;
	char head[AL_LINE_MAX];
	if (exists)
		snprintf(head, sizeof head, "vehicle %lld \"%s\" changed by import:", (long long)id, old_name);
	else
		snprintf(head, sizeof head, "vehicle created by import:");
	adm_diff_init(&d, head);
	adm_diff_text(&d, "name", exists ? old_name : NULL, name);
	adm_diff_text(&d, "descr", exists ? old_descr : NULL, nd);
	adm_diff_text(&d, "area", exists ? old_area : NULL, area_name);
	adm_diff_int(&d, "sort", exists, old_sort, ns);
	ir->action = !exists ? IMP_NEW : d.n ? IMP_CHANGED : IMP_UNCHANGED;
	utf8_copy(ir->changes, sizeof ir->changes, d.n ? d.buf + strlen(head) + 1 : "");
	if (!apply || ir->action == IMP_UNCHANGED)
		return ST_OK;

	sqlite3_stmt *w = exists
	    ? db_stmt("UPDATE vehicle SET name = ?, descr = ?, area_id = ?, sort = ? WHERE id = ? AND org_id = ?")
	    : db_stmt("INSERT INTO vehicle (name, descr, area_id, sort, org_id) VALUES (?, ?, ?, ?, ?)");
	if (!w)
		return ST_ERROR;
	sqlite3_bind_text(w, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 2, nd, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w, 3, area_id);
	sqlite3_bind_int(w, 4, ns);
	if (exists) {
		sqlite3_bind_int64(w, 5, id);
		sqlite3_bind_int64(w, 6, a->org_id);
	} else {
		sqlite3_bind_int64(w, 5, a->org_id);
	}
	rc = sqlite3_step(w);
	sqlite3_reset(w);
	if (rc != SQLITE_DONE)
		return db_result(rc, "import vehicle write");
	if (!exists) {
		char h2[64];
		snprintf(h2, sizeof h2, "vehicle %lld created by import:", (long long)sqlite3_last_insert_rowid(db_handle()));
		struct adm_diff d2;
		adm_diff_init(&d2, h2);
		adm_diff_text(&d2, "name", NULL, name);
		adm_diff_text(&d2, "descr", NULL, nd);
		adm_diff_text(&d2, "area", NULL, area_name);
		adm_diff_int(&d2, "sort", false, 0, ns);
		d = d2;
	}
	char logline[AL_LINE_MAX];
	al_format_admin(logline, a->tz, a->now, a->login, d.buf);
	return logbook_append(a->org_id, a->now, logline);
}

/* ---- Check and apply. */

/* Parses and checks (and with apply, writes) every row. Returns ST_OK or the database failure; the outcome is in c. */
static enum store_status run(const struct actor *a, enum imp_kind kind, const char *data, size_t len, struct imp_check *c, bool apply)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->file_status = csvf_parse(data, len, &c->table);
	c->file_line = c->table.err_line;
	if (c->file_status != CSVF_OK)
		return ST_OK;
	int idx[5];
	if (!map_header(c, idx))
		return ST_OK;
	int n = c->table.nrows - 1;
	c->rows = calloc(n > 0 ? (size_t)n : 1, sizeof *c->rows);
	struct key *keys = calloc(n > 0 ? (size_t)n : 1, sizeof *keys);
	if (!c->rows || !keys) {
		free(keys);
		return ST_ERROR;
	}
	int nkeys = 0;
	enum store_status s = ST_OK;
	const char *const *cols = imp_columns(kind);
	for (int i = 0; i < n && s == ST_OK; i++) {
		const struct csvf_row *row = &c->table.rows[i + 1];
		struct imp_row *ir = &c->rows[c->nrows++];
		ir->line = row->line;
		for (int k = 0; cols[k]; k++)
			ir->cells[k] = cell(row, idx, k);
		char key[ADM_NAME_BYTES];
		s = kind == IMP_MEMBERS ? member_row(a, c, ir, apply, key) : vehicle_row(a, c, ir, apply, key);
		if (*key && (keys[nkeys].k = strdup(key)) != NULL)
			keys[nkeys++].line = ir->line;
	}
	duplicates(c, keys, nkeys, cols[0], kind == IMP_MEMBERS ? "adm.imp.err.duplicate_login" : "adm.imp.err.duplicate_name");
	free(keys);
	for (int i = 0; i < c->nrows; i++) {
		switch (c->rows[i].action) {
		case IMP_NEW: c->nnew++; break;
		case IMP_CHANGED: c->nchanged++; break;
		case IMP_UNCHANGED: c->nunchanged++; break;
		default: break;
		}
	}
	int shown = c->nerrors < IMP_MAX_ERRORS ? c->nerrors : IMP_MAX_ERRORS;
	qsort(c->errors, (size_t)shown, sizeof c->errors[0], error_cmp);
	return s;
}

static enum store_status outcome(const struct imp_check *c)
{
	if (c->file_status != CSVF_OK)
		return ST_FILE;
	return c->nerrors ? ST_ROWS : ST_OK;
}

enum store_status imp_check(const struct actor *a, enum imp_kind kind, const char *data, size_t len,
                          struct imp_check *out)
{
	enum store_status s = run(a, kind, data, len, out, false);
	return s != ST_OK ? s : outcome(out);
}

void imp_free(struct imp_check *c)
{
	csvf_free(&c->table);
	free(c->rows);
	c->rows = NULL;
	c->nrows = 0;
}

enum store_status imp_stage(const struct actor *a, enum imp_kind kind, const char *data, size_t len, int64_t *id)
{
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *old = db_stmt("DELETE FROM import_upload WHERE org_id = ? AND created_at < ?");
	sqlite3_stmt *ins = db_stmt("INSERT INTO import_upload (org_id, member_id, kind, created_at, data) VALUES (?, ?, ?, ?, ?)");
	if (!old || !ins) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(old, 1, a->org_id);
	sqlite3_bind_int64(old, 2, a->now - 86400);
	int rc = sqlite3_step(old);
	sqlite3_reset(old);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_int64(ins, 1, a->org_id);
		sqlite3_bind_int64(ins, 2, a->member_id);
		sqlite3_bind_text(ins, 3, kind == IMP_MEMBERS ? "members" : "vehicles", -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, a->now);
		sqlite3_bind_blob64(ins, 5, data, len, SQLITE_STATIC);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
	}
	if (rc != SQLITE_DONE) {
		db_rollback();
		return db_result(rc, "import stage");
	}
	*id = sqlite3_last_insert_rowid(db_handle());
	return db_commit();
}

enum store_status imp_apply(const struct actor *a, int64_t id, struct imp_check *out)
{
	memset(out, 0, sizeof *out);
	enum store_status s = db_begin();
	if (s != ST_OK)
		return s;
	sqlite3_stmt *st = db_stmt("SELECT kind, data FROM import_upload WHERE id = ? AND org_id = ? AND member_id = ?");
	if (!st) {
		db_rollback();
		return ST_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->org_id);
	sqlite3_bind_int64(st, 3, a->member_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		db_rollback();
		return rc == SQLITE_DONE ? ST_NOT_FOUND : db_result(rc, "import load");
	}
	enum imp_kind kind = strcmp(db_text(st, 0), "members") == 0 ? IMP_MEMBERS : IMP_VEHICLES;
	size_t len = (size_t)sqlite3_column_bytes(st, 1);
	char *data = malloc(len + 1);
	if (data && len)
		memcpy(data, sqlite3_column_blob(st, 1), len);
	sqlite3_reset(st);
	if (!data) {
		db_rollback();
		return ST_ERROR;
	}
	s = run(a, kind, data, len, out, true);
	free(data);
	enum store_status res = s != ST_OK ? s : outcome(out);
	if (res != ST_OK) {
		db_rollback(); /* all or nothing: rows written before an error go too */
		return res;
	}
	char text[160], line[AL_LINE_MAX];
	snprintf(text, sizeof text, "import of %s: %d new, %d changed, %d unchanged", kind == IMP_MEMBERS ? "members" : "vehicles",
	         out->nnew, out->nchanged, out->nunchanged);
	al_format_admin(line, a->tz, a->now, a->login, text);
	s = logbook_append(a->org_id, a->now, line);
	sqlite3_stmt *del = db_stmt("DELETE FROM import_upload WHERE id = ?");
	if (s == ST_OK && del) {
		sqlite3_bind_int64(del, 1, id);
		rc = sqlite3_step(del);
		sqlite3_reset(del);
		s = rc == SQLITE_DONE ? ST_OK : db_result(rc, "import unstage");
	} else if (!del) {
		s = ST_ERROR;
	}
	if (s == ST_OK)
		s = db_commit();
	if (s != ST_OK)
		db_rollback();
	return s;
}
