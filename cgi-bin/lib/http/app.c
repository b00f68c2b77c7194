/* app: the per-page request loop (FastCGI or plain CGI), the route table with its access flags, and responses. */
#include "http/app.h"

#include <assert.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "store/db.h"
#include "http/pagecache.h"
#include "http/render.h"
#include "http/request.h"
#include "http/session.h"

extern char **environ;

static HDF *g_hdf;

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
	db_rollback();
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

/* ---- Routing. */

/* Matches path against pattern, where a segment "#" matches a decimal id stored in *id. */
static bool route_match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern) {
		if (pattern[0] == '#' && (pattern[1] == '/' || pattern[1] == '\0')) {
			int64_t n = 0;
			int digits = 0;
			if (*path < '1' || *path > '9')
				return false;
			while (*path >= '0' && *path <= '9' && digits < 15) {
				n = n * 10 + (*path - '0');
				path++;
				digits++;
			}
			if (*path >= '0' && *path <= '9')
				return false;
			*id = n;
			pattern++;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	/* "/calendar/" is the same page as "/calendar". */
	return *path == '\0' || (path[0] == '/' && path[1] == '\0');
}

/* Values every template may use: links, the user, the organisation, the CSRF token. */
static void fill_common(struct req *r)
{
	static const char *pages[] = {"login", "calendar", "admin", "export", "market", "api"};
	char url[512];
	HDF *base;
	hdf_get_node(r->hdf, "Base", &base);
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		hdf_set_value(base, pages[i], app_url(r, url, sizeof url, pages[i], ""));
	const char *st = getenv("WB_STATIC_URL");
	if (st && *st) {
		hdf_set_value(base, "static", st);
	} else {
		char b[512];
		snprintf(url, sizeof url, "%s/static", app_base_path(r, b, sizeof b));
		hdf_set_value(base, "static", url);
	}
	hdf_set_value(r->hdf, "Page.name", r->page);
	if (r->logged_in) {
		HDF *u;
		hdf_get_node(r->hdf, "User", &u);
		hdf_set_value(u, "login", r->user.login);
		hdf_set_value(u, "descr", r->user.descr);
		hdf_set_int_value(u, "admin", r->user.is_admin);
		hdf_set_value(u, "csrf", r->user.csrf);
		hdf_set_value(r->hdf, "Org.name", r->org.name);
	}
}

/* Answers one request: limits, parsing, session, route, flags, handler. */
static void handle(struct req *r, const struct route *routes, size_t nroutes)
{
	int st;
	r->now = (int64_t)time(NULL);
	r->method = app_env(r, "REQUEST_METHOD");
	if (!r->method)
		r->method = "GET";
	r->path = app_env(r, "PATH_INFO");
	if (!r->path)
		r->path = "";
	render_reset(r->hdf, "de");

	st = request_read(r);
	if (st) {
		fill_common(r);
		app_error(r, st, NULL);
		return;
	}
	st = request_parse(r);
	if (st < 0)
		return; /* the HDF is gone: the loop ends after a plain answer */
	fill_common(r);
	if (st) {
		app_error(r, st, NULL);
		return;
	}
	st = db_open();
	if (st != ST_OK) {
		app_db_failure(r, st); /* locked: 503 with Retry-After; anything else: 500 */
		return;
	}
	st = session_load(r);
	if (st != ST_OK) {
		app_db_failure(r, st);
		return;
	}
	if (r->logged_in) {
		hdf_set_symlink(r->hdf, "Lang", strcmp(r->org.lang, "en") == 0 ? "L.en" : "L.de");
		fill_common(r);
	}

	const struct route *rt = NULL;
	bool path_known = false;
	bool is_get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
	for (size_t i = 0; i < nroutes; i++) {
		int64_t id = 0;
		if (!route_match(routes[i].path, r->path, &id))
			continue;
		path_known = true;
		if ((is_get && !strcmp(routes[i].method, "GET")) || !strcmp(routes[i].method, r->method)) {
			rt = &routes[i];
			r->id = id;
			break;
		}
	}
	if (!rt) {
		if (path_known)
			app_header(r, "Allow", "GET, HEAD, POST");
		app_error(r, path_known ? 405 : 404, NULL);
		return;
	}
	if ((rt->flags & (NEEDS_LOGIN | NEEDS_ADMIN | NEEDS_OPERATOR)) && !r->logged_in) {
		if (is_get) {
			char url[512];
			app_url(r, url, sizeof url, "login", r->session_expired ? "?expired=1" : "");
			app_redirect(r, url);
		} else {
			app_error(r, 403, "error.session_expired");
		}
		return;
	}
	if (((rt->flags & NEEDS_ADMIN) && !r->user.is_admin) || ((rt->flags & NEEDS_OPERATOR) && !r->user.is_operator)) {
		app_error(r, 403, NULL);
		return;
	}
	/* Every POST proves it comes from our own form, whatever its route's flags say. */
	if (!strcmp(r->method, "POST") && !session_csrf_ok(r)) {
		app_error(r, 403, "error.csrf");
		return;
	}
	assert(!(rt->flags & MUTATES) || !strcmp(rt->method, "POST"));

	st = rt->handler(r);
	db_rollback(); /* a handler that returned early never leaves a transaction open */
	if (!r->responded)
		app_error(r, st >= 400 ? st : 500, NULL);
}

/* Prepares a plain CGI process for its one request. Its address space is new, and every first
 * touch of a page is a page fault: 10-15 us each on the 2-CPU virtual machine of the benchmarks,
 * where a calendar request took 900 of them (a third of its time). So SQLite is set up for a
 * short life (db_configure_short_lived: the database read through a memory map, its own arena),
 * and the heap is grown once by 512 KiB, populated by one madvise call (its pages then cost a
 * third as much), and used for large blocks too. A FastCGI worker pays its faults once and keeps the defaults (a mapped database
 * would count in its RSS). Rendered fragments are shared through files beside the database
 * ($WB_DB.pagecache/), so that a process can hit what an earlier one rendered, and only the
 * language files the page can show are read. */
static void cgi_process_setup(const char *page)
{
	db_configure_short_lived();
	render_lang_for(page);
	static char cache_dir[4096];
	const char *db = getenv("WB_DB");
	int n = snprintf(cache_dir, sizeof cache_dir, "%s.pagecache", db && *db ? db : "var/wagenbuch.db");
	if (n > 0 && (size_t)n < sizeof cache_dir)
		pagecache_share(cache_dir);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 512 << 10);
	/* A block larger than the heap's free top makes malloc extend the heap, by the padding too;
	 * freed, it leaves a 512 KiB free top (trimming keeps the padding; a calendar request uses
	 * about 410 kB of heap once SQLite has its own arena). */
	void *volatile grow = malloc(mallinfo2().keepcost + 1);
	free(grow);
	char *end = sbrk(0);
	uintptr_t top = ((uintptr_t)end - mallinfo2().keepcost + 4095) & ~(uintptr_t)4095;
	if (end != (char *)-1 && top < (uintptr_t)end)
		madvise((void *)top, (size_t)((uintptr_t)end - top), MADV_POPULATE_WRITE); /* best effort (Linux >= 5.14) */
}

int app_run(const char *page, const struct route *routes, size_t nroutes)
{
	if (sodium_init() < 0)
		return 1;
	g_hdf = render_init();
	if (!g_hdf)
		return 1;
	FCGX_Init();
	bool cgi_mode = FCGX_IsCGI();
	if (cgi_mode)
		cgi_process_setup(page);
	FCGX_Request fr;
	FCGX_InitRequest(&fr, 0, 0);
	for (;;) {
		struct req r;
		memset(&r, 0, sizeof r);
		r.page = page;
		r.hdf = g_hdf;
		r.cgi_mode = cgi_mode;
		if (cgi_mode) {
			r.envp = environ;
		} else {
			if (FCGX_Accept_r(&fr) < 0)
				break;
			r.in = fr.in;
			r.out = fr.out;
			r.err = fr.err;
			r.envp = fr.envp;
		}
		string_init(&r.headers);
		handle(&r, routes, nroutes);
		bool lost = r.hdf == NULL;
		if (lost)
			g_hdf = NULL; /* cgi_init destroyed it */
		if (lost && !r.responded) {
			static const char msg[] = "Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nInternal error\n";
			app_write(&r, msg, sizeof msg - 1);
		}
		request_end(&r);
		string_clear(&r.headers);
		if (cgi_mode) {
			fflush(stdout);
			break;
		}
		FCGX_Finish_r(&fr);
		if (lost)
			break; /* multiwatch starts a fresh worker */
	}
	db_close();
	/* A plain CGI process ends here: freeing the HDF and the parsed templates would only delay its
	 * exit (a tenth of a calendar request's instructions); they stay reachable from g_hdf. */
	if (g_hdf && !cgi_mode)
		render_done(&g_hdf);
	return 0;
}
