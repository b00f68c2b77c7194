/* app: one request's environment, body and response — headers, redirects, rendered pages, error pages and streamed files. */
#include "http/app.h"

#include "store/conn.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/render.h"

/* ---- I/O: FastCGI streams, or stdin/stdout as plain CGI. */

size_t app_read(struct req *r, char *buf, size_t n)
{
	if (r->cgi_mode)
		return fread(buf, 1, n, stdin);
	int got = FCGX_GetStr(buf, (int)n, r->in);
	return got > 0 ? (size_t)got : 0;
}

void app_write(struct req *r, const char *data, size_t len)
{
	if (r->cgi_mode)
		fwrite(data, 1, len, stdout);
	else
		FCGX_PutStr(data, (int)len, r->out);
}

const char *app_env(struct req *r, const char *name)
{
	return FCGX_GetParam(name, r->envp);
}

void app_log(struct req *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (r && !r->cgi_mode && r->err)
		FCGX_FPrintF(r->err, "wagenbuch %s: %s\n", r->page, buf);
	else
		fprintf(stderr, "wagenbuch: %s\n", buf);
}

/* ---- URLs and headers. */

char *app_base_path(struct req *r, char *buf, size_t n)
{
	const char *sn = app_env(r, "SCRIPT_NAME");
	if (!sn)
		sn = "";
	const char *slash = strrchr(sn, '/');
	size_t len = slash ? (size_t)(slash - sn) : 0;
	snprintf(buf, n, "%.*s", (int)len, sn);
	return buf;
}

char *app_url(struct req *r, char *buf, size_t n, const char *page, const char *rest)
{
	char base[512];
	const char *sn = app_env(r, "SCRIPT_NAME");
	const char *last = sn ? strrchr(sn, '/') : NULL;
	const char *dot = last ? strrchr(last, '.') : NULL;
	app_base_path(r, base, sizeof base);
	/* As plain CGI the executables are named page.cgi (or .fcgi): keep the same ending. */
	snprintf(buf, n, "%s/%s%s%s", base, page, dot ? dot : "", rest);
	return buf;
}

void app_header(struct req *r, const char *name, const char *value)
{
	string_append(&r->headers, name);
	string_append(&r->headers, ": ");
	for (const char *p = value; *p; p++)
		if (*p != '\r' && *p != '\n')
			string_append_char(&r->headers, *p);
	string_append(&r->headers, "\r\n");
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Status";
	}
}

/* Status line, the security headers, the handler's headers and the blank line. */
static void write_head(struct req *r, int status, const char *content_type, long content_length)
{
	char line[256];
	int n = snprintf(line, sizeof line, "Status: %d %s\r\n", status, reason(status));
	app_write(r, line, (size_t)n);
	if (content_type) {
		n = snprintf(line, sizeof line, "Content-Type: %s\r\n", content_type);
		app_write(r, line, (size_t)n);
	}
	if (content_length >= 0) {
		n = snprintf(line, sizeof line, "Content-Length: %ld\r\n", content_length);
		app_write(r, line, (size_t)n);
	}
	static const char security[] =
	    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; "
	    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n";
	app_write(r, security, sizeof security - 1);
	if (!r->headers.buf || !strstr(r->headers.buf, "Cache-Control:"))
		app_write(r, "Cache-Control: no-store\r\n", 25);
	if (r->headers.len)
		app_write(r, r->headers.buf, (size_t)r->headers.len);
	app_write(r, "\r\n", 2);
	r->responded = true;
	r->status = status;
}

/* ---- Responses. */

int app_redirect(struct req *r, const char *location)
{
	assert(location[0] == '/');
	app_header(r, "Location", location);
	write_head(r, 303, NULL, 0);
	return 303;
}

int app_not_modified(struct req *r)
{
	write_head(r, 304, NULL, -1);
	return 304;
}

const char *app_lang(struct req *r, const char *key)
{
	char name[128];
	snprintf(name, sizeof name, "Lang.%s", key);
	render_lang_ready(r->hdf);
	return hdf_get_value(r->hdf, name, key);
}

/* The worker's page buffer: emptied per response, never freed. Reusing it keeps its pages mapped;
 * a fresh 128 KiB buffer per request cost more in page faults than rendering the page. */
static struct html g_page;
static int g_page_status;

struct html *app_page_begin(struct req *r, int status)
{
	if (g_page.oom)
		html_free(&g_page);   /* start over after a failed allocation */
	g_page.len = 0;
	if (g_page.buf)
		g_page.buf[0] = '\0';
	g_page_status = status;
	hdf_set_int_value(r->hdf, "Page.status", status);
	return &g_page;
}

bool app_page_render(struct req *r, const char *template)
{
	NEOERR *err = render_template(r->hdf, template, &g_page);
	if (err == STATUS_OK)
		return true;
	render_log(template, err);
	return false;
}

/* The last resort when no page can be rendered: a plain-text 500. Returns 500. */
static int plain_500(struct req *r)
{
	static const char msg[] = "Internal error\n";
	write_head(r, 500, "text/plain; charset=utf-8", sizeof msg - 1);
	app_write(r, msg, sizeof msg - 1);
	return 500;
}

int app_page_send(struct req *r)
{
	if (g_page.oom) {
		app_log(r, "page buffer: out of memory");
		return plain_500(r);
	}
	write_head(r, g_page_status, "text/html; charset=utf-8", (long)g_page.len);
	if (strcmp(r->method, "HEAD") != 0)
		app_write(r, g_page.buf ? g_page.buf : "", g_page.len);
	return g_page_status;
}

int app_render(struct req *r, int status, const char *template)
{
	app_page_begin(r, status);
	if (!app_page_render(r, template))
		return plain_500(r);
	return app_page_send(r);
}

int app_error(struct req *r, int status, const char *msgkey)
{
	char key[32];
	if (!msgkey) {
		snprintf(key, sizeof key, "error.%d", status);
		msgkey = key;
	}
	hdf_set_value(r->hdf, "ErrorPage.message", app_lang(r, msgkey));
	hdf_set_int_value(r->hdf, "ErrorPage.status", status);
	return app_render(r, status, "error.cs");
}

int app_db_failure(struct req *r, int db_status)
{
	conn_end_request();
	if (db_status == ST_BUSY) {
		app_header(r, "Retry-After", "2");
		return app_error(r, 503, "error.busy");
	}
	return app_error(r, 500, NULL);
}

void app_begin_stream(struct req *r, int status, const char *content_type, const char *filename)
{
	if (filename) {
		char cd[256];
		snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
		app_header(r, "Content-Disposition", cd);
	}
	write_head(r, status, content_type, -1);
}

