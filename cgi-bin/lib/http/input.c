/* input: declared form and query fields, each with a validator; handlers read only validated values. */
#include "base/utf8.h"
#include "http/input.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"

#define INPUT_DEFAULT_MAXLEN 200

/* Parses a decimal integer within [lo, hi]; no sign unless lo < 0, no spaces, no junk. */
static bool parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	bool neg = false;
	if (*s == '-' && lo < 0) {
		neg = true;
		s++;
	}
	if (!*s || strlen(s) > 16)
		return false;
	int64_t n = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (*s - '0');
	}
	if (neg)
		n = -n;
	if (n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

const char *input_id(struct req *r, const char *raw, struct input_val *out)
{
	return parse_int(raw, 1, (int64_t)1 << 53, &out->i) ? NULL : "err.id";
}

const char *input_int(struct req *r, const char *raw, struct input_val *out)
{
	return parse_int(raw, -1000000000, 1000000000, &out->i) ? NULL : "err.number";
}

const char *input_text(struct req *r, const char *raw, struct input_val *out)
{
	if (!utf8_valid_text(raw, false))
		return "err.text";
	out->s = raw;
	return NULL;
}

const char *input_textarea(struct req *r, const char *raw, struct input_val *out)
{
	if (!utf8_valid_text(raw, true))
		return "err.text";
	out->s = raw;
	return NULL;
}

const char *input_login(struct req *r, const char *raw, struct input_val *out)
{
	for (const char *p = raw; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return "err.login_chars";
	}
	out->s = raw;
	return NULL;
}

const char *input_datetime(struct req *r, const char *raw, struct input_val *out)
{
	struct tu_tm t;
	char minutes[17];
	/* Some browsers send datetime-local values with ":00" seconds; the grid has none. */
	if (strlen(raw) == 19 && strcmp(raw + 16, ":00") == 0) {
		memcpy(minutes, raw, 16);
		minutes[16] = '\0';
		raw = minutes;
	}
	enum tu_status st = tu_parse_datetime(raw, &t);
	if (st == TU_SYNTAX)
		return "err.datetime";
	if (st == TU_RANGE)
		return "err.datetime_range";
	st = tu_from_local(r->org.tz[0] ? r->org.tz : "Europe/Berlin", &t, &out->i);
	if (st == TU_NONEXISTENT)
		return "err.datetime_gap";
	return st == TU_OK ? NULL : "err.datetime_range";
}

const char *input_date(struct req *r, const char *raw, struct input_val *out)
{
	struct tu_tm t;
	enum tu_status st = tu_parse_date(raw, &t);
	if (st != TU_OK)
		return st == TU_SYNTAX ? "err.date" : "err.date_range";
	out->i = (int64_t)t.year * 10000 + t.mon * 100 + t.day;
	return NULL;
}

const char *input_month(struct req *r, const char *raw, struct input_val *out)
{
	int y, m;
	if (tu_parse_month(raw, &y, &m) != TU_OK)
		return "err.month";
	out->i = (int64_t)y * 100 + m;
	return NULL;
}

const char *input_bool(struct req *r, const char *raw, struct input_val *out)
{
	if (!strcmp(raw, "1") || !strcmp(raw, "on") || !strcmp(raw, "true"))
		out->i = 1;
	else if (!strcmp(raw, "0") || !strcmp(raw, "false"))
		out->i = 0;
	else
		return "err.bool";
	return NULL;
}

const char *input_view(struct req *r, const char *raw, struct input_val *out)
{
	if (!strcmp(raw, "day"))
		out->i = 1;
	else if (!strcmp(raw, "week"))
		out->i = 7;
	else
		return "err.view";
	out->s = raw;
	return NULL;
}

void input_error_text(struct req *r, const char *field, const char *msg)
{
	if (field) {
		char name[80];
		snprintf(name, sizeof name, "Error.%s", field);
		hdf_set_value(r->hdf, name, msg);
	}
	HDF *errs;
	if (hdf_get_node(r->hdf, "Errors", &errs) != STATUS_OK)
		return;
	int n = 0;
	for (HDF *c = hdf_obj_child(errs); c; c = hdf_obj_next(c))
		n++;
	char idx[16];
	snprintf(idx, sizeof idx, "%d", n);
	hdf_set_value(errs, idx, msg);
}

void input_error(struct req *r, const char *field, const char *msgkey)
{
	input_error_text(r, field, app_lang(r, msgkey));
}

enum field_kind { FIELD_ONE, FIELD_REPEATED, FIELD_PREFIX };

/* The kind of f by its name ("org[]", "pick_*" or a plain name) and the name without the marker. */
static enum field_kind kind_of(const struct input_field *f, char *base, size_t n)
{
	size_t len = strlen(f->name);
	enum field_kind k = FIELD_ONE;
	if (len > 2 && strcmp(f->name + len - 2, "[]") == 0) {
		k = FIELD_REPEATED;
		len -= 2;
	} else if (len > 1 && f->name[len - 1] == '*') {
		k = FIELD_PREFIX;
		len -= 1;
	}
	assert(len < n);
	memcpy(base, f->name, len);
	base[len] = '\0';
	return k;
}

/* Validates one value raw (NULL when not sent) of field f into v; returns NULL or the message key. */
static const char *check_value(struct req *r, const struct input_field *f, bool one, const char *raw, struct input_val *v)
{
	memset(v, 0, sizeof *v);
	v->sent = raw != NULL;
	v->raw = raw ? raw : "";
	int maxlen = f->maxlen ? f->maxlen : INPUT_DEFAULT_MAXLEN;
	if (!raw || !*raw) {
		v->ok = !f->required || !one;
		return v->ok ? NULL : "err.required";
	}
	/* maxlen counts characters, as a form's maxlength does (at most 4 bytes each). */
	if (strlen(raw) > (size_t)maxlen * 4 || (utf8_valid(raw, strlen(raw)) && utf8_chars(raw) > (size_t)maxlen))
		return "err.too_long";
	v->present = true;
	const char *msg = f->valid(r, raw, v);
	v->ok = msg == NULL;
	return msg;
}

/* The id of a prefixed name: the rest after prefix, a decimal 1..2^53 without leading zeros; 0 when
 * name is not of the form. */
static int64_t prefixed_id(const char *prefix, const char *name)
{
	size_t n = strlen(prefix);
	if (!name || strncmp(name, prefix, n) != 0 || name[n] == '0')
		return 0;
	int64_t id;
	return parse_int(name + n, 1, (int64_t)1 << 53, &id) ? id : 0;
}

/* The first value node of a repeated field node (its child "0" when it was sent more than once). */
static HDF *first_value(HDF *node)
{
	HDF *c = hdf_obj_child(node);
	return c && hdf_get_obj(node, "0") ? c : node;
}

static HDF *next_value(HDF *node, HDF *v)
{
	return v == node ? NULL : hdf_obj_next(v);
}

/* Validates every value of a FIELD_REPEATED or FIELD_PREFIX field; Form.<name> (repeated: the
 * first value) or Form.<prefix><id> keep the raw values. Returns the number of bad values. */
static int read_many(struct req *r, HDF *query, HDF *form, const struct input_field *f, struct input_val *v)
{
	int bad = 0, count = 0;
	char name[96], base[64];
	if (kind_of(f, base, sizeof base) == FIELD_REPEATED) {
		HDF *node = query ? hdf_get_obj(query, base) : NULL;
		for (HDF *c = node ? first_value(node) : NULL; c; c = next_value(node, c)) {
			struct input_val one;
			const char *msg = check_value(r, f, false, hdf_obj_value(c), &one);
			if (one.present)
				count++;
			if (msg || count > INPUT_MAX_ITEMS) {
				input_error(r, base, msg ? msg : "err.too_many");
				bad++;
				break;
			}
		}
		if (form)
			hdf_set_value(form, base, node ? hdf_obj_value(first_value(node)) : "");
	} else {
		for (HDF *c = query ? hdf_obj_child(query) : NULL; c; c = hdf_obj_next(c)) {
			int64_t id = prefixed_id(base, hdf_obj_name(c));
			if (!id)
				continue;
			struct input_val one;
			const char *raw = hdf_obj_value(c);
			const char *msg = check_value(r, f, false, raw ? raw : "", &one);
			snprintf(name, sizeof name, "%s%lld", base, (long long)id);
			if (form)
				hdf_set_value(form, name, one.raw);
			if (one.present)
				count++;
			if (msg || count > INPUT_MAX_ITEMS) {
				input_error(r, name, msg ? msg : "err.too_many");
				bad++;
			}
		}
	}
	v->sent = v->present = count > 0;
	v->i = count;
	v->raw = "";
	v->ok = bad == 0 && (count > 0 || !f->required);
	if (!bad && !v->ok) {
		input_error(r, base, "err.required");
		bad++;
	}
	return bad;
}

int input_read(struct req *r, const struct input_field *fields, size_t n, struct input_val *out)
{
	HDF *query = hdf_get_obj(r->hdf, "Query");
	HDF *form = NULL;
	int bad = 0;
	hdf_get_node(r->hdf, "Form", &form);
	for (size_t i = 0; i < n; i++) {
		const struct input_field *f = &fields[i];
		struct input_val *v = &out[i];
		char base[64];
		if (kind_of(f, base, sizeof base) != FIELD_ONE) {
			memset(v, 0, sizeof *v);
			bad += read_many(r, query, form, f, v);
			continue;
		}
		HDF *node = query ? hdf_get_obj(query, f->name) : NULL;
		const char *raw = node ? hdf_obj_value(node) : NULL;
		/* A repeated field arrives as children 0..n; a single-valued field takes the first. */
		if (node && hdf_obj_child(node) && hdf_get_obj(node, "0"))
			raw = hdf_get_value(node, "0", raw);
		const char *msg = check_value(r, f, true, raw, v);
		if (form)
			hdf_set_value(form, f->name, v->raw);
		if (msg) {
			v->ok = false;
			input_error(r, f->name, msg);
			bad++;
		}
	}
	return bad;
}

int input_headers(struct req *r, const struct input_field *fields, size_t n, struct input_val *out)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const struct input_field *f = &fields[i];
		struct input_val *v = &out[i];
		memset(v, 0, sizeof *v);
		char env[80] = "HTTP_";
		size_t k = 5;
		for (const char *p = f->name; *p && k + 1 < sizeof env; p++, k++)
			env[k] = *p == '-' ? '_' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		env[k] = '\0';
		const char *raw = app_env(r, env);
		v->sent = raw != NULL;
		v->raw = raw ? raw : "";
		int maxlen = f->maxlen ? f->maxlen : INPUT_DEFAULT_MAXLEN;
		if (!raw || !*raw) {
			v->ok = !f->required;
		} else {
			v->present = true;
			v->ok = strlen(raw) <= (size_t)maxlen && f->valid(r, raw, v) == NULL;
		}
		if (!v->ok)
			bad++;
	}
	return bad;
}

void input_each(struct req *r, const struct input_field *f, struct input_iter *it)
{
	memset(it, 0, sizeof *it);
	it->kind_ = (int)kind_of(f, it->base_, sizeof it->base_);
	assert(it->kind_ != FIELD_ONE);
	it->r_ = r;
	it->f_ = f;
	HDF *query = hdf_get_obj(r->hdf, "Query");
	if (!query)
		return;
	if (it->kind_ == FIELD_REPEATED) {
		HDF *node = hdf_get_obj(query, it->base_);
		it->node_ = node;
		it->pos_ = -1;
	} else {
		it->node_ = hdf_obj_child(query);
	}
}

bool input_next(struct input_iter *it, struct input_item *out)
{
	const struct input_field *f = it->f_;
	if (!f)
		return false;
	if (it->kind_ == FIELD_REPEATED) {
		HDF *node = it->node_;
		if (!node)
			return false;
		/* pos_ counts the values handed out; walk to the next one each time. */
		HDF *c = first_value(node);
		int64_t k = 0;
		for (; c && k <= it->pos_; c = next_value(node, c))
			k++;
		for (; c && k < INPUT_MAX_ITEMS; c = next_value(node, c), k++) {
			it->pos_ = k;
			if (check_value(it->r_, f, false, hdf_obj_value(c), &out->v) == NULL && out->v.present) {
				out->id = k;
				return true;
			}
		}
		it->node_ = NULL;
		return false;
	}
	for (HDF *c = it->node_; c; c = hdf_obj_next(c)) {
		int64_t id = prefixed_id(it->base_, hdf_obj_name(c));
		if (!id)
			continue;
		const char *raw = hdf_obj_value(c);
		if (check_value(it->r_, f, false, raw ? raw : "", &out->v) == NULL && out->v.present) {
			out->id = id;
			it->node_ = hdf_obj_next(c);
			return true;
		}
	}
	it->node_ = NULL;
	return false;
}

void input_prefixed(struct req *r, const struct input_field *f, int64_t id, struct input_val *out)
{
	char base[64], name[96];
	enum field_kind k = kind_of(f, base, sizeof base);
	assert(k == FIELD_PREFIX && id > 0);
	(void)k;
	snprintf(name, sizeof name, "%s%lld", base, (long long)id);
	HDF *query = hdf_get_obj(r->hdf, "Query");
	HDF *node = query ? hdf_get_obj(query, name) : NULL;
	const char *raw = node ? hdf_obj_value(node) : NULL;
	if (check_value(r, f, false, raw, out) != NULL)
		out->ok = false;
}
