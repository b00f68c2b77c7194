/* input: declared form and query fields, each with a validator; handlers read only validated values. */
#include "base/utf8.h"
#include "http/input.h"

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

const char *v_id(struct req *r, const char *raw, struct fval *out)
{
	return parse_int(raw, 1, (int64_t)1 << 53, &out->i) ? NULL : "err.id";
}

const char *v_int(struct req *r, const char *raw, struct fval *out)
{
	return parse_int(raw, -1000000000, 1000000000, &out->i) ? NULL : "err.number";
}

const char *v_text(struct req *r, const char *raw, struct fval *out)
{
	if (!utf8_valid_text(raw, false))
		return "err.text";
	out->s = raw;
	return NULL;
}

const char *v_textarea(struct req *r, const char *raw, struct fval *out)
{
	if (!utf8_valid_text(raw, true))
		return "err.text";
	out->s = raw;
	return NULL;
}

const char *v_any(struct req *r, const char *raw, struct fval *out)
{
	if (!utf8_valid_text(raw, false))
		return "err.text";
	out->s = raw;
	return NULL;
}

const char *v_login(struct req *r, const char *raw, struct fval *out)
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

const char *v_datetime(struct req *r, const char *raw, struct fval *out)
{
	struct local_tm t;
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

const char *v_date(struct req *r, const char *raw, struct fval *out)
{
	struct local_tm t;
	enum tu_status st = tu_parse_date(raw, &t);
	if (st != TU_OK)
		return st == TU_SYNTAX ? "err.date" : "err.date_range";
	out->i = (int64_t)t.year * 10000 + t.mon * 100 + t.day;
	return NULL;
}

const char *v_month(struct req *r, const char *raw, struct fval *out)
{
	int y, m;
	if (tu_parse_month(raw, &y, &m) != TU_OK)
		return "err.month";
	out->i = (int64_t)y * 100 + m;
	return NULL;
}

const char *v_bool(struct req *r, const char *raw, struct fval *out)
{
	if (!strcmp(raw, "1") || !strcmp(raw, "on") || !strcmp(raw, "true"))
		out->i = 1;
	else if (!strcmp(raw, "0") || !strcmp(raw, "false"))
		out->i = 0;
	else
		return "err.bool";
	return NULL;
}

const char *v_view(struct req *r, const char *raw, struct fval *out)
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

int input_read(struct req *r, const struct field *fields, size_t n, struct fval *out)
{
	HDF *query = hdf_get_obj(r->hdf, "Query");
	HDF *form = NULL;
	int bad = 0;
	hdf_get_node(r->hdf, "Form", &form);
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &fields[i];
		struct fval *v = &out[i];
		memset(v, 0, sizeof *v);
		HDF *node = query ? hdf_get_obj(query, f->name) : NULL;
		const char *raw = node ? hdf_obj_value(node) : NULL;
		/* A repeated field arrives as children 0..n; a single-valued field takes the first. */
		if (node && hdf_obj_child(node) && hdf_get_obj(node, "0"))
			raw = hdf_get_value(node, "0", raw);
		v->raw = raw ? raw : "";
		if (form)
			hdf_set_value(form, f->name, v->raw);
		const char *msg = NULL;
		int maxlen = f->maxlen ? f->maxlen : INPUT_DEFAULT_MAXLEN;
		if (!raw || !*raw) {
			v->ok = !f->required;
			if (f->required)
				msg = "err.required";
		} else if (strlen(raw) > (size_t)maxlen * 4 ||
		           (utf8_valid(raw, strlen(raw)) && utf8_chars(raw) > (size_t)maxlen)) {
			/* maxlen counts characters, as a form's maxlength does (at most 4 bytes each). */
			msg = "err.too_long";
		} else {
			v->present = true;
			msg = f->valid(r, raw, v);
			v->ok = msg == NULL;
		}
		if (msg) {
			v->ok = false;
			input_error(r, f->name, msg);
			bad++;
		}
	}
	return bad;
}
