/* app (app_, req): one request (struct req) and its response — environment, body, headers, redirects, rendered pages, error pages, streamed files. */
#ifndef WB_APP_H
#define WB_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>
#include <ClearSilver.h>

#include "http/html.h"
#include "store/store.h"

struct multipart_part;

/* One request. Everything in it is reset between requests. */
struct req {
	bool cgi_mode;            /* plain CGI: stdin/stdout/environ instead of FastCGI streams */
	FCGX_Stream *in, *out, *err;
	FCGX_ParamArray envp;
	HDF *hdf;                 /* the worker's HDF; request data lives under per-request nodes */
	CGI *cgi;
	const char *method;       /* GET, HEAD or POST */
	const char *path;         /* PATH_INFO, "" for the page root */
	const char *page;         /* this executable's page name, e.g. "calendar" */
	int64_t id;               /* the id matched by "#" in the route, else 0 */
	int64_t now;              /* request time, UTC seconds */
	bool logged_in;
	bool session_expired;     /* a session cookie was sent but is no longer valid */
	struct user user;
	struct org org;
	int64_t api_account, api_org;   /* the API account of a NEEDS_API_ACCOUNT route, and its organisation */
	char *body;               /* the request body as read (POST), NUL-terminated */
	size_t body_len;
	struct multipart_part *parts;    /* multipart/form-data bodies: every part (request_upload finds files) */
	int nparts;
	STRING headers;           /* extra response header lines, each ending in \r\n */
	bool responded;
	int status;
};

/* The value of a request environment variable (CGI/FastCGI parameter), or NULL. */
const char *app_env(struct req *r, const char *name);

/* The install's base path (SCRIPT_NAME without its last segment), "" at the server root. */
char *app_base_path(struct req *r, char *buf, size_t n);

/* Reads up to n bytes of the request body; returns the count, 0 at the end. */
size_t app_read(struct req *r, char *buf, size_t n);

/* URL of another page of this install (page "calendar", rest "/booking/5" or ""), derived
 * from SCRIPT_NAME so it works under nginx and as plain CGI. Written into buf (size n). */
char *app_url(struct req *r, char *buf, size_t n, const char *page, const char *rest);

/* Adds a response header line. name is a literal; value has CR and LF removed. */
void app_header(struct req *r, const char *name, const char *value);

/* 303 See Other to a path built by app_url (never from the Host header). Returns 303. */
int app_redirect(struct req *r, const char *location);

/* 304 Not Modified for a revalidation whose If-None-Match equals etag; the caller has set the ETag
 * header. Returns 304. */
int app_not_modified(struct req *r);

/* Renders template (a file under the templates directory) with status. Returns status. */
int app_render(struct req *r, int status, const char *template);

/* A page built from several parts: app_page_begin empties the worker's page buffer (it is kept
 * across requests, so its memory stays mapped) and sets Page.status; app_page_render appends a
 * rendered template (false, logged, when rendering fails), and the caller may append its own
 * escaped HTML (html.h) in between; app_page_send answers with the buffer as text/html (500 when
 * the buffer ran out of memory) and returns the status sent. app_render is the one-part case. */
struct html *app_page_begin(struct req *r, int status);
bool app_page_render(struct req *r, const char *template);
int app_page_send(struct req *r);

/* Answers with the error page for status (message from Lang.error.<status>, or msgkey
 * when not NULL, e.g. "booking.conflict"). Returns status. */
int app_error(struct req *r, int status, const char *msgkey);

/* Writes the status line and headers of a streamed response (file downloads); the body
 * follows with app_write. content_type and filename are literals or checked text. */
void app_begin_stream(struct req *r, int status, const char *content_type, const char *filename);
void app_write(struct req *r, const char *data, size_t len);

/* The language string Lang.<key> of the request's language, or key itself when missing. */
const char *app_lang(struct req *r, const char *key);

/* Logs a server-side problem to the web server's error log. fmt must be a literal. */
void app_log(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Maps a database status to a response: ST_BUSY -> 503 with Retry-After, else 500.
 * Returns the status answered. */
int app_db_failure(struct req *r, int db_status);

#endif
