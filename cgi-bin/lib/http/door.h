/* door: the request door — the page's loop (FastCGI or plain CGI) and its route table, whose access
 * flags are checked in one place before any handler runs (cgit's cmd.c, kcgi's disps[]). */
#ifndef WB_DOOR_H
#define WB_DOOR_H

#include <stddef.h>
#include <stdint.h>

#include "http/app.h"

/* Access flags of a route, checked in app.c before any handler runs. */
enum door_flag {
	NEEDS_LOGIN = 1,   /* a valid session; else 303 to the login page (GET) or 403 (POST) */
	NEEDS_ADMIN = 2,   /* an administrator of the session's organisation; else 403 */
	MUTATES     = 4,   /* a state change: POST only, CSRF token and Origin checked first */
	NEEDS_OPERATOR = 8, /* the portal operator (member.is_operator); else 403 */
	NEEDS_API_ACCOUNT = 16 /* HTTP Basic credentials of an API account (no session); else an XML 401 or 429 */
};

/* A handler answers one route. It returns the HTTP status it answered with, after calling
 * one of the response functions below; or it returns an error status (400..599) without
 * having responded, and app.c answers with the error page for that status. */
typedef int (*door_handler)(struct req *r);

struct door_route {
	const char *method;   /* "GET" or "POST" */
	const char *path;     /* PATH_INFO pattern; a segment "#" matches a decimal id (r->id), "*" any one segment */
	door_handler handler;
	unsigned flags;
};

/* Runs the page: the FastCGI loop, or one request as plain CGI. Returns the process exit code. */
int door_run(const char *page, const struct door_route *routes, size_t nroutes);

/* True when PATH_INFO path matches pattern: literal characters, a segment "#" a decimal id from 1
 * (no leading zero, at most 15 digits) stored in *id, a segment "*" any one non-empty segment; a
 * trailing "/" of path is ignored. */
bool door_route_match(const char *pattern, const char *path, int64_t *id);

#endif
