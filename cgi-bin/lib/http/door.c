/* door: the request door — each page's loop (FastCGI or plain CGI), routing with the access flags checked in one place, then the handler. */
#include "http/door.h"

#include <assert.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "http/pagecache.h"
#include "http/render.h"
#include "http/request.h"
#include "http/session.h"
#include "store/conn.h"

extern char **environ;

static HDF *g_hdf;

/* An API client's error: a small XML body with a fixed message (no user text), so that clients parse
 * every answer the same way. */
static void api_error(struct req *r, int status, const char *message)
{
	if (status == 401)
		app_header(r, "WWW-Authenticate", "Basic realm=\"Wagenbuch billing API\", charset=\"UTF-8\"");
	app_begin_stream(r, status, "application/xml; charset=utf-8", NULL);
	if (strcmp(r->method, "HEAD") == 0)
		return;
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error>", tail[] = "</error>\n";
	app_write(r, head, sizeof head - 1);
	app_write(r, message, strlen(message));
	app_write(r, tail, sizeof tail - 1);
}

/* ---- Routing. */

/* Matches path against pattern, where a segment "#" matches a decimal id stored in *id and a segment
 * "*" any one non-empty segment (the handler reads it from r->path). */
bool door_route_match(const char *pattern, const char *path, int64_t *id)
{
	while (*pattern) {
		if (pattern[0] == '*' && (pattern[1] == '/' || pattern[1] == '\0')) {
			if (*path == '\0' || *path == '/')
				return false;
			while (*path && *path != '/')
				path++;
			pattern++;
			continue;
		}
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
static void handle(struct req *r, const struct door_route *routes, size_t nroutes)
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
	st = conn_open();
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

	const struct door_route *rt = NULL;
	bool path_known = false;
	bool is_get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
	for (size_t i = 0; i < nroutes; i++) {
		int64_t id = 0;
		if (!door_route_match(routes[i].path, r->path, &id))
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
	if (rt->flags & NEEDS_API_ACCOUNT) {
		int64_t retry = 0;
		switch (session_api_auth(r, &retry)) {
		case SESSION_API_OK: break;
		case SESSION_API_MISSING: api_error(r, 401, "HTTP Basic authentication with an API account required"); return;
		case SESSION_API_BAD: api_error(r, 401, "wrong API account or token"); return;
		case SESSION_API_THROTTLED: {
			char ra[24];
			snprintf(ra, sizeof ra, "%lld", (long long)(retry > 0 ? retry : 1));
			app_header(r, "Retry-After", ra);
			api_error(r, 429, "too many failed attempts, try again later");
			return;
		}
		default: api_error(r, 500, "internal error"); return;
		}
	}
	/* Every POST proves it comes from our own form, whatever its route's flags say. */
	if (!strcmp(r->method, "POST") && !session_csrf_ok(r)) {
		app_error(r, 403, "error.csrf");
		return;
	}
	assert(!(rt->flags & MUTATES) || !strcmp(rt->method, "POST"));

	st = rt->handler(r);
	conn_end_request(); /* a handler that returned early never leaves a transaction open */
	if (!r->responded)
		app_error(r, st >= 400 ? st : 500, NULL);
}

/* Prepares a plain CGI process for its one request. Its address space is new, and every first
 * touch of a page is a page fault: 10-15 us each on the 2-CPU virtual machine of the benchmarks,
 * where a calendar request took 900 of them (a third of its time). So SQLite is set up for a
 * short life (conn_short_lived: the database read through a memory map, its own arena), and the
 * heap is grown once by 512 KiB, populated by one madvise call (its pages then cost a third as
 * much), and used for large blocks too. A FastCGI worker pays its faults once and keeps the
 * defaults (a mapped database would count in its RSS). Rendered fragments are shared through
 * files beside the database ($WB_DB.pagecache/), so that a process can hit what an earlier one
 * rendered, and only the language files the page can show are read. */
static void cgi_process_setup(const char *page)
{
	conn_short_lived();
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

int door_run(const char *page, const struct door_route *routes, size_t nroutes)
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
	conn_close();
	/* A plain CGI process ends here: freeing the HDF and the parsed templates would only delay its
	 * exit (a tenth of a calendar request's instructions); they stay reachable from g_hdf. */
	if (g_hdf && !cgi_mode)
		render_done(&g_hdf);
	return 0;
}
