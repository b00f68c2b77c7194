/* tryton: JSON-RPC calls to a Tryton 6 server with libcurl and jansson, with timeouts and errors sorted into tryton_status. */
#include "net/tryton.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "base/utf8.h"

#define ANSWER_MAX (4 * 1024 * 1024)   /* a larger answer is no answer we asked for */

void tryton_init(struct tryton *t, const char *url, const char *db, const char *login, const char *password)
{
	assert(t && url && db && login && password);
	memset(t, 0, sizeof *t);
	utf8_copy(t->url, sizeof t->url, url);
	size_t n = strlen(t->url);
	while (n > 0 && t->url[n - 1] == '/')
		t->url[--n] = '\0';
	utf8_copy(t->db, sizeof t->db, db);
	utf8_copy(t->login, sizeof t->login, login);
	utf8_copy(t->password, sizeof t->password, password);
	t->connect_ms = 3000;
	t->total_ms = 15000;
	t->next_id = 1;
}

void tryton_free(struct tryton *t)
{
	if (t->curl)
		curl_easy_cleanup(t->curl);
	t->curl = NULL;
}

/* ---- Transport. */

struct answer {
	char *data;
	size_t len;
	bool too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct answer *a = ctx;
	size_t add = size * n;
	if (a->len + add > ANSWER_MAX) {
		a->too_big = true;
		return 0;
	}
	char *d = realloc(a->data, a->len + add + 1);
	if (!d)
		return 0;
	memcpy(d + a->len, p, add);
	a->data = d;
	a->len += add;
	a->data[a->len] = '\0';
	return add;
}

static void detail(struct tryton *t, const char *a, const char *b)
{
	snprintf(t->detail, sizeof t->detail, "%s%s%s", a, b && *b ? ": " : "", b ? b : "");
	utf8_trim_partial(t->detail);
}

/* The session header "Session base64(login:uid:session)". */
static void session_header(const struct tryton *t, char *out, size_t size)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char plain[320];
	int n = snprintf(plain, sizeof plain, "%s:%" PRId64 ":%s", t->login, t->uid, t->session);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof plain ? (size_t)n : sizeof plain - 1;
	size_t o = (size_t)snprintf(out, size, "Authorization: Session ");
	for (size_t i = 0; i < len && o + 5 < size; i += 3) {
		unsigned v = (unsigned char)plain[i] << 16;
		if (i + 1 < len)
			v |= (unsigned char)plain[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)plain[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < len ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

/* Sorts an error answer ["Type", [message, ...]] or ["message", ""] into a status with its detail. */
static enum tryton_status error_status(struct tryton *t, json_t *err)
{
	const char *type = json_string_value(json_array_get(err, 0));
	json_t *args = json_array_get(err, 1);
	const char *msg = json_is_array(args) ? json_string_value(json_array_get(args, 0)) : json_string_value(args);
	if (!type)
		type = "";
	if (!msg || !*msg)
		msg = type;
	if (strstr(type, "Database") && strstr(type, "exist")) {
		detail(t, t->db, NULL);
		return TRYTON_BAD_DATABASE;
	}
	if (!strcmp(type, "UserError") && strstr(msg, "not allowed to access")) {
		detail(t, msg, NULL);
		return TRYTON_NO_RIGHTS;
	}
	detail(t, msg, NULL);
	return TRYTON_REFUSED;
}

/* True for a method that changes something in Tryton (create, write, delete, post, ...). libcurl sends
 * a request again, unasked, when a reused connection dies before the answer: for a call that writes,
 * that could book an invoice twice. Such calls get a fresh connection, which libcurl never resends;
 * the caller's lookup by reference decides what happened. */
static bool writes(const char *method)
{
	static const char *const reads[] = {".search", ".search_read", ".read", ".get_preferences", ".get_access",
	                                    "common.db.login", "common.server.version"};
	const char *dot = strrchr(method, '.');
	if (!strcmp(method, "common.db.login") || !strcmp(method, "common.server.version"))
		return false;
	for (size_t i = 0; dot && i < sizeof reads / sizeof reads[0]; i++)
		if (!strcmp(dot, reads[i]))
			return false;
	return true;
}

/* Calls method with params (a reference is taken) on the database; *result (new reference) on OK. */
static enum tryton_status rpc(struct tryton *t, const char *method, json_t *params, json_t **result)
{
	*result = NULL;
	if (!t->curl)
		t->curl = curl_easy_init();
	if (!t->curl) {
		json_decref(params);
		detail(t, t->url, "curl");
		return TRYTON_UNREACHABLE;
	}
	json_t *req = json_pack("{s:s, s:o, s:i}", "method", method, "params", params, "id", t->next_id++);
	char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (!body) {
		detail(t, "json", NULL);
		return TRYTON_PROTOCOL;
	}
	char url[400];
	snprintf(url, sizeof url, "%s/%s/", t->url, t->db);
	struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
	char auth[600];
	if (t->session[0]) {
		session_header(t, auth, sizeof auth);
		hdr = curl_slist_append(hdr, auth);
	}
	struct answer a = {0};
	CURL *c = t->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, t->connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, t->total_ms);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (writes(method)) /* a connection of its own: never resent by libcurl */
		curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdr);
	free(body);

	enum tryton_status res = TRYTON_OK;
	if (rc != CURLE_OK && !a.too_big) {
		detail(t, t->url, curl_easy_strerror(rc));
		res = TRYTON_UNREACHABLE;
	} else if (status == 401) {
		detail(t, t->login, NULL);
		res = TRYTON_BAD_LOGIN;
	} else if (status == 403) {
		detail(t, method, NULL);
		res = TRYTON_NO_RIGHTS;
	} else if (status != 200 || a.too_big) {
		char s[16];
		snprintf(s, sizeof s, "HTTP %ld", status);
		detail(t, s, NULL);
		res = TRYTON_PROTOCOL;
	} else {
		json_error_t je;
		json_t *ans = json_loadb(a.data ? a.data : "", a.len, 0, &je);
		json_t *err = json_object_get(ans, "error");
		if (!json_is_object(ans)) {
			detail(t, "HTTP 200", "no JSON");
			res = TRYTON_PROTOCOL;
		} else if (err && !json_is_null(err)) {
			res = error_status(t, err);
		} else {
			*result = json_incref(json_object_get(ans, "result"));
			if (!*result)
				*result = json_null();
		}
		json_decref(ans);
	}
	free(a.data);
	return res;
}

/* The context every model call carries. */
static json_t *ctx(const struct tryton *t)
{
	return t->company ? json_pack("{s:I}", "company", (json_int_t)t->company) : json_object();
}

enum tryton_status tryton_login(struct tryton *t)
{
	t->session[0] = '\0';
	t->uid = 0;
	json_t *res;
	enum tryton_status s = rpc(t, "common.db.login",
	                           json_pack("[s, {s:s}, s]", t->login, "password", t->password, "de"), &res);
	if (s == TRYTON_REFUSED && strstr(t->detail, "password")) /* older servers answer a LoginException */
		s = TRYTON_BAD_LOGIN;
	if (s != TRYTON_OK)
		return s;
	json_int_t uid = json_integer_value(json_array_get(res, 0));
	const char *sess = json_string_value(json_array_get(res, 1));
	if (!uid || !sess) {
		json_decref(res);
		detail(t, "common.db.login", NULL);
		return TRYTON_PROTOCOL;
	}
	t->uid = uid;
	snprintf(t->session, sizeof t->session, "%s", sess);
	json_decref(res);
	s = rpc(t, "model.res.user.get_preferences", json_pack("[b, {}]", 1), &res);
	if (s != TRYTON_OK)
		return s;
	t->company = json_integer_value(json_object_get(res, "company"));
	json_decref(res);
	return TRYTON_OK;
}

/* True when the record model/id exists (read access assumed). */
static enum tryton_status exists(struct tryton *t, const char *model, int64_t id, bool *found)
{
	char method[96];
	snprintf(method, sizeof method, "model.%s.search", model);
	json_t *res;
	enum tryton_status s = rpc(t, method,
	                           json_pack("[[[s, s, I]], i, i, n, o]", "id", "=", (json_int_t)id, 0, 1, ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	*found = json_array_size(res) == 1;
	json_decref(res);
	return TRYTON_OK;
}

enum tryton_status tryton_check(struct tryton *t, const struct tryton_mapping *m)
{
	enum tryton_status s = tryton_login(t);
	if (s != TRYTON_OK)
		return s;
	json_t *res;
	s = rpc(t, "model.ir.model.access.get_access",
	        json_pack("[[s, s, s], o]", "account.invoice", "party.party", "party.address", ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	static const char *const models[] = {"account.invoice", "party.party", "party.address"};
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
		json_t *acc = json_object_get(json_object_get(res, models[i]), "create");
		if (!json_is_true(acc) && json_integer_value(acc) == 0) {
			json_decref(res);
			detail(t, models[i], NULL);
			return TRYTON_NO_RIGHTS;
		}
	}
	json_decref(res);
	const struct { const char *model, *what; int64_t id; } need[] = {
		{"account.account", "receivable", m ? m->receivable : 0},
		{"account.account", "revenue", m ? m->revenue : 0},
		{"account.journal", "journal", m ? m->journal : 0},
		{"account.invoice.payment_term", "payment_term", m ? m->payment_term : 0},
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		if (!need[i].id)
			continue;
		bool found = false;
		s = exists(t, need[i].model, need[i].id, &found);
		if (s != TRYTON_OK)
			return s;
		if (!found) {
			char id[24];
			snprintf(id, sizeof id, "%" PRId64, need[i].id);
			detail(t, need[i].what, id);
			return TRYTON_MISSING;
		}
	}
	return TRYTON_OK;
}

/* ---- Parties. */

static void party_from(const json_t *o, struct tryton_party *p)
{
	memset(p, 0, sizeof *p);
	p->id = json_integer_value(json_object_get(o, "id"));
	const char *s;
	if ((s = json_string_value(json_object_get(o, "code"))))
		utf8_copy(p->code, sizeof p->code, s);
	if ((s = json_string_value(json_object_get(o, "name"))))
		utf8_copy(p->name, sizeof p->name, s);
	json_t *addr = json_object_get(o, "addresses");
	if (json_array_size(addr) > 0)
		p->address_id = json_integer_value(json_array_get(addr, 0));
}

enum tryton_status tryton_party_find(struct tryton *t, const char *code, struct tryton_party *out, bool *found)
{
	*found = false;
	json_t *res;
	enum tryton_status s = rpc(t, "model.party.party.search_read",
	                           json_pack("[[[s, s, s]], i, i, n, [s, s, s, s], o]", "code", "=", code, 0, 2,
	                                     "id", "name", "code", "addresses", ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	if (json_array_size(res) >= 1) {
		party_from(json_array_get(res, 0), out);
		*found = true;
	}
	json_decref(res);
	return TRYTON_OK;
}

/* The id of the single record create() answered, or 0. */
static int64_t created_id(json_t *res)
{
	return json_array_size(res) == 1 ? json_integer_value(json_array_get(res, 0)) : 0;
}

enum tryton_status tryton_party_create(struct tryton *t, struct tryton_party *p)
{
	json_t *res;
	enum tryton_status s = rpc(t, "model.party.party.create",
	                           json_pack("[[{s:s, s:s}], o]", "name", p->name, "code", p->code, ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	p->id = created_id(res);
	json_decref(res);
	if (!p->id) {
		detail(t, "party.party.create", NULL);
		return TRYTON_PROTOCOL;
	}
	s = rpc(t, "model.party.address.create",
	        json_pack("[[{s:I, s:s, s:s, s:s}], o]", "party", (json_int_t)p->id, "street", p->street,
	                  "postal_code", p->postal_code, "city", p->city, ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	p->address_id = created_id(res);
	json_decref(res);
	return p->address_id ? TRYTON_OK : TRYTON_PROTOCOL;
}

enum tryton_status tryton_parties(struct tryton *t, size_t max, void (*fn)(void *ctx, const struct tryton_party *p), void *c)
{
	json_t *res;
	enum tryton_status s = rpc(t, "model.party.party.search_read",
	                           json_pack("[[[s, s, n]], i, I, [[s, s]], [s, s, s, s], o]", "code", "!=", 0,
	                                     (json_int_t)max, "code", "ASC", "id", "name", "code", "addresses", ctx(t)),
	                           &res);
	if (s != TRYTON_OK)
		return s;
	/* The company's own party is no customer. */
	int64_t own = 0;
	if (t->company) {
		json_t *co;
		s = rpc(t, "model.company.company.read",
		        json_pack("[[I], [s], o]", (json_int_t)t->company, "party", ctx(t)), &co);
		if (s != TRYTON_OK) {
			json_decref(res);
			return s;
		}
		own = json_integer_value(json_object_get(json_array_get(co, 0), "party"));
		json_decref(co);
	}
	size_t i;
	json_t *o;
	json_array_foreach(res, i, o) {
		struct tryton_party p;
		party_from(o, &p);
		if (p.id != own)
			fn(c, &p);
	}
	json_decref(res);
	return TRYTON_OK;
}

/* ---- Invoices. */

enum tryton_status tryton_invoice_find(struct tryton *t, const char *ref, int64_t *id, char *number, size_t nsize,
                                       char *state, size_t ssize, bool *found)
{
	*found = false;
	json_t *res;
	enum tryton_status s = rpc(t, "model.account.invoice.search_read",
	                           json_pack("[[[s, s, s], [s, s, s]], i, i, n, [s, s, s], o]", "reference", "=", ref,
	                                     "type", "=", "out", 0, 2, "id", "number", "state", ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	if (json_array_size(res) >= 1) {
		json_t *o = json_array_get(res, 0);
		*id = json_integer_value(json_object_get(o, "id"));
		const char *n = json_string_value(json_object_get(o, "number"));
		const char *st = json_string_value(json_object_get(o, "state"));
		utf8_copy(number, nsize, n ? n : "");
		utf8_copy(state, ssize, st ? st : "");
		*found = true;
	}
	json_decref(res);
	return TRYTON_OK;
}

/* A Decimal as Tryton's JSON encodes it, from cents. */
static json_t *decimal(int64_t cents)
{
	char s[32];
	uint64_t a = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(s, sizeof s, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "", a / 100, (unsigned)(a % 100));
	return json_pack("{s:s, s:s}", "__class__", "Decimal", "decimal", s);
}

/* A date "YYYY-MM-DD" as Tryton's JSON encodes it, or NULL when malformed. */
static json_t *date(const char *ymd)
{
	int y, m, d;
	char end;
	if (sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
		return NULL;
	return json_pack("{s:s, s:i, s:i, s:i}", "__class__", "date", "year", y, "month", m, "day", d);
}

enum tryton_status tryton_invoice_post(struct tryton *t, const struct tryton_mapping *m, const struct tryton_invoice_in *in,
                                       int64_t *id, char *number, size_t nsize)
{
	assert(m && in && in->nlines > 0);
	json_t *lines = json_array();
	for (size_t i = 0; i < in->nlines; i++) {
		const struct tryton_line *l = &in->lines[i];
		/* A credit note is an out invoice with negative quantities (account.invoice.credit is not
		 * callable over RPC). */
		json_array_append_new(lines, json_pack("{s:s, s:I, s:s, s:f, s:o}", "type", "line", "account",
		                                       (json_int_t)(l->account ? l->account : m->revenue), "description",
		                                       l->description, "quantity", l->cents < 0 ? -1.0 : 1.0, "unit_price",
		                                       decimal(l->cents < 0 ? -l->cents : l->cents)));
	}
	json_t *when = date(in->date);
	if (!when) {
		json_decref(lines);
		detail(t, "invoice_date", in->date);
		return TRYTON_REFUSED;
	}
	json_t *inv = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:s, s:s, s:[[s, o]]}", "type", "out", "party",
	                        (json_int_t)in->party, "invoice_address", (json_int_t)in->address, "account",
	                        (json_int_t)m->receivable, "journal", (json_int_t)m->journal, "payment_term",
	                        (json_int_t)m->payment_term, "company", (json_int_t)t->company, "invoice_date", when,
	                        "reference", in->reference, "description", in->description, "lines", "create", lines);
	if (!m->payment_term)
		json_object_del(inv, "payment_term");
	json_t *res;
	enum tryton_status s = rpc(t, "model.account.invoice.create", json_pack("[[o], o]", inv, ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	*id = created_id(res);
	json_decref(res);
	if (!*id) {
		detail(t, "account.invoice.create", NULL);
		return TRYTON_PROTOCOL;
	}
	return tryton_invoice_post_id(t, *id, in->reference, number, nsize);
}

enum tryton_status tryton_invoice_post_id(struct tryton *t, int64_t id, const char *ref, char *number, size_t nsize)
{
	json_t *res;
	enum tryton_status s = rpc(t, "model.account.invoice.post", json_pack("[[I], o]", (json_int_t)id, ctx(t)), &res);
	if (s != TRYTON_OK)
		return s;
	json_decref(res);
	char state[16] = "";
	bool found = false;
	int64_t found_id = 0;
	s = tryton_invoice_find(t, ref, &found_id, number, nsize, state, sizeof state, &found);
	if (s == TRYTON_OK && (!found || found_id != id || (strcmp(state, "posted") != 0 && strcmp(state, "paid") != 0))) {
		detail(t, "state", state);
		return TRYTON_REFUSED;
	}
	return s;
}
