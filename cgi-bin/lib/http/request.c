/* request: reads and checks a request against the limits before ClearSilver's cgi kit parses it into the HDF. */
#include "http/request.h"
#include "http/multipart.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>

/* The request whose streams the cgi kit's emulation callbacks use (workers are single-threaded). */
static struct req *g_cur;
static size_t g_body_off;

/* Decodes one %XX or '+' aware character of a field name; -1 when malformed. */
static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A decoded field name character is acceptable: letters, digits, '_' and '-'. */
static int name_char_ok(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

int request_check_urlencoded(const char *data, size_t len, int *count)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && data[i] != '&')
			i++;
		size_t end = i;
		if (i < len)
			i++; /* skip '&' */
		if (end == start)
			continue; /* "a=1&&b=2": empty pair, ignored by the kit too */
		if (++*count > RQ_MAX_FIELDS)
			return 413;
		size_t eq = start;
		while (eq < end && data[eq] != '=')
			eq++;
		/* Name: decode and check length and characters. */
		size_t nlen = 0;
		for (size_t k = start; k < eq; k++) {
			int c = (unsigned char)data[k];
			if (c == '%') {
				if (k + 2 >= eq)
					return 400;
				int h = hexval((unsigned char)data[k + 1]), l = hexval((unsigned char)data[k + 2]);
				if (h < 0 || l < 0)
					return 400;
				c = h * 16 + l;
				k += 2;
			} else if (c == '+') {
				c = ' ';
			}
			if (!name_char_ok(c) || ++nlen > RQ_MAX_NAME)
				return 400;
		}
		if (nlen == 0)
			return 400;
		if (eq < end && end - eq - 1 > RQ_MAX_VALUE)
			return 413;
		/* An encoded NUL would silently cut the value short once decoded into a C string. */
		for (size_t k = eq + 1; k + 2 < end; k++)
			if (data[k] == '%' && data[k + 1] == '0' && data[k + 2] == '0')
				return 400;
	}
	return 0;
}

/* Parses CONTENT_LENGTH strictly: decimal digits only, no sign, no overflow. -1 if malformed. */
static long parse_length(const char *s)
{
	if (!s || !*s || strlen(s) > 12)
		return -1;
	long n = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

/* The media type of a Content-Type value without parameters, lower-cased into buf. */
static void media_type(const char *ct, char *buf, size_t n)
{
	size_t i = 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	while (*ct && *ct != ';' && *ct != ' ' && i + 1 < n)
		buf[i++] = (char)tolower((unsigned char)*ct++);
	buf[i] = '\0';
}

int request_read(struct req *r)
{
	const char *m = r->method;
	if (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "POST") != 0) {
		app_header(r, "Allow", "GET, HEAD, POST");
		return 405;
	}
	const char *qs = app_env(r, "QUERY_STRING");
	int nfields = 0;
	if (qs) {
		size_t qlen = strlen(qs);
		if (qlen > RQ_MAX_QUERY)
			return 413;
		int st = request_check_urlencoded(qs, qlen, &nfields);
		if (st)
			return st;
	}
	if (strcmp(m, "POST") != 0)
		return 0;

	const char *cl = app_env(r, "CONTENT_LENGTH");
	long len = parse_length(cl);
	if (!cl || !*cl)
		return 411;
	if (len < 0)
		return 400;
	char type[128];
	media_type(app_env(r, "CONTENT_TYPE") ? app_env(r, "CONTENT_TYPE") : "", type, sizeof type);
	bool form = strcmp(type, "application/x-www-form-urlencoded") == 0;
	bool multipart = strcmp(type, "multipart/form-data") == 0;
	if (len == 0 && !*type)
		form = true; /* an empty POST (e.g. a button without fields) */
	if (!form && !multipart)
		return 415;
	if (len > (form ? RQ_MAX_FORM_BODY : RQ_MAX_MULTIPART))
		return 413;

	r->body = malloc((size_t)len + 1);
	if (!r->body)
		return 503;
	size_t got = 0;
	while (got < (size_t)len) {
		size_t n = app_read(r, r->body + got, (size_t)len - got);
		if (n == 0)
			break;
		got += n;
	}
	r->body[got] = '\0';
	r->body_len = got;
	if (got != (size_t)len)
		return 400;
	if (form) {
		if (memchr(r->body, '\0', got))
			return 400;
		return request_check_urlencoded(r->body, got, &nfields);
	}
	return 0; /* multipart is parsed by the import code, not by the cgi kit */
}

/* cgiwrap emulation: reads the already-read body. */
static int emu_read(void *data, char *buf, int len)
{
	struct req *r = data;
	if (!r->body || g_body_off >= r->body_len)
		return 0;
	size_t n = r->body_len - g_body_off;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, r->body + g_body_off, n);
	g_body_off += n;
	return (int)n;
}

__attribute__((format(printf, 2, 0)))
static int emu_writef(void *data, const char *fmt, va_list ap)
{
	struct req *r = data;
	char buf[4096];
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		return n;
	app_write(r, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	return n;
}

static int emu_write(void *data, const char *buf, int len)
{
	struct req *r = data;
	app_write(r, buf, (size_t)len);
	return len;
}

/* The kit frees what getenv returns. CONTENT_TYPE is normalised to the bare media type so
 * that "application/x-www-form-urlencoded; charset=UTF-8" parses; multipart bodies are
 * hidden from the kit (its parser keeps state across requests). */
static char *emu_getenv(void *data, const char *name)
{
	struct req *r = data;
	if (strcmp(name, "CONTENT_TYPE") == 0) {
		const char *ct = app_env(r, "CONTENT_TYPE");
		if (!ct)
			return NULL;
		char type[128];
		media_type(ct, type, sizeof type);
		if (strcmp(type, "multipart/form-data") == 0)
			return NULL;
		return strdup(type);
	}
	if (strcmp(name, "CONTENT_LENGTH") == 0) {
		const char *ct = app_env(r, "CONTENT_TYPE");
		char type[128];
		media_type(ct ? ct : "", type, sizeof type);
		if (strcmp(type, "multipart/form-data") == 0)
			return NULL;
	}
	const char *v = app_env(r, name);
	return v ? strdup(v) : NULL;
}

static int emu_putenv(void *data, const char *k, const char *v)
{
	return 1; /* the environment of a request is read-only */
}

/* Iterates the FastCGI parameters; the kit frees k and v. */
static int emu_iterenv(void *data, int n, char **k, char **v)
{
	struct req *r = data;
	*k = *v = NULL;
	for (int i = 0; r->envp[i]; i++) {
		if (i != n)
			continue;
		const char *s = r->envp[i];
		const char *eq = strchr(s, '=');
		if (!eq)
			return 0;
		*k = strndup(s, (size_t)(eq - s));
		*v = strdup(eq + 1);
		if (!*k || !*v) {
			free(*k);
			free(*v);
			*k = *v = NULL;
			return 1;
		}
		return 0;
	}
	return 0;
}

/* Parses a multipart body with our own parser: ordinary fields into Query.<name> (the first of a
 * repeated name wins), files kept in r->parts. Returns 0, 400 or 413. */
static int parse_multipart(struct req *r)
{
	char boundary[80];
	const char *ct = app_env(r, "CONTENT_TYPE");
	if (!ct || multipart_boundary(ct, boundary, sizeof boundary) != 0)
		return 400;
	r->parts = calloc(MP_MAX_PARTS, sizeof *r->parts);
	if (!r->parts)
		return 503;
	int n = multipart_parse(r->body, r->body_len, boundary, r->parts, MP_MAX_PARTS);
	if (n == -2)
		return 413;
	if (n < 0)
		return 400;
	r->nparts = n;
	HDF *query;
	if (hdf_get_node(r->hdf, "Query", &query) != STATUS_OK)
		return 400;
	for (int i = 0; i < n; i++) {
		struct multipart_part *p = &r->parts[i];
		if (p->filename[0] || hdf_get_obj(query, p->name))
			continue;
		if (p->len > RQ_MAX_VALUE || memchr(p->data, '\0', p->len))
			return 400;
		char *v = strndup(p->data, p->len);
		if (!v)
			return 503;
		hdf_set_value(query, p->name, v);
		free(v);
	}
	return 0;
}

const struct multipart_part *request_upload(struct req *r, const char *name)
{
	for (int i = 0; i < r->nparts; i++)
		if (r->parts[i].filename[0] && strcmp(r->parts[i].name, name) == 0)
			return &r->parts[i];
	return NULL;
}

int request_parse(struct req *r)
{
	g_cur = r;
	g_body_off = 0;
	cgiwrap_init_emu(r, emu_read, emu_writef, emu_write, emu_getenv, emu_putenv, emu_iterenv);
	NEOERR *err = cgi_init(&r->cgi, r->hdf);
	if (err != STATUS_OK) {
		/* On failure cgi_init destroys the HDF it was given: the worker's. */
		r->hdf = NULL;
		nerr_ignore(&err);
		app_log(r, "cgi_init failed; worker HDF lost");
		return -1;
	}
	err = cgi_parse(r->cgi);
	if (err != STATUS_OK) {
		STRING s;
		string_init(&s);
		nerr_error_string(err, &s);
		app_log(r, "cgi parse: %s", s.buf ? s.buf : "");
		string_clear(&s);
		nerr_ignore(&err);
		return 400;
	}
	if (r->body && app_env(r, "CONTENT_TYPE")) {
		char type[128];
		media_type(app_env(r, "CONTENT_TYPE"), type, sizeof type);
		if (strcmp(type, "multipart/form-data") == 0)
			return parse_multipart(r);
	}
	return 0;
}

void request_end(struct req *r)
{
	if (r->cgi) {
		/* The HDF belongs to the worker, not to this request's CGI object. */
		r->cgi->hdf = NULL;
		cgi_destroy(&r->cgi);
	}
	free(r->body);
	r->body = NULL;
	free(r->parts);
	r->parts = NULL;
	r->nparts = 0;
	r->body_len = 0;
	g_cur = NULL;
}
