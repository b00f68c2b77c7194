/* fuzz_urlencoded: request_check_urlencoded on arbitrary bytes, then the accepted query strings and form bodies through the pages' own request_read/request_parse (cgi_init + cgi_parse via cgiwrap_init_emu) into a worker's long-lived HDF. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/render.h"
#include "http/request.h"

/* The worker's HDF: kept across inputs like door_run keeps it across requests. */
static HDF *g_hdf;

static HDF *worker_hdf(void)
{
	if (!g_hdf)
		g_hdf = render_init();
	if (!g_hdf) {
		/* Templates unreadable (run from elsewhere): the same Config without language files. */
		if (hdf_init(&g_hdf) != STATUS_OK)
			abort();
		hdf_set_value(g_hdf, "Config.VarEscapeMode", "html");
		hdf_set_value(g_hdf, "Config.DebugEnabled", "0");
	}
	return g_hdf;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("WB_TEMPLATES", "templates", 0);
	worker_hdf();
	return 0;
}

static int name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > RQ_MAX_NAME)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return 0;
	return 1;
}

/* One request as app.c's handle() runs it, up to the point where the session is loaded. */
static void one_request(const char *method, const char *qs, const char *ctype, const char *body, size_t blen)
{
	char cl[32], e_method[32], e_qs[RQ_MAX_QUERY + 64], e_ct[160], e_cl[48];
	char *env[16];
	int ne = 0;
	snprintf(e_method, sizeof e_method, "REQUEST_METHOD=%s", method);
	env[ne++] = e_method;
	if (qs) {
		snprintf(e_qs, sizeof e_qs, "QUERY_STRING=%s", qs);
		env[ne++] = e_qs;
	}
	if (ctype) {
		snprintf(e_ct, sizeof e_ct, "CONTENT_TYPE=%s", ctype);
		env[ne++] = e_ct;
	}
	if (body) {
		snprintf(cl, sizeof cl, "%zu", blen);
		snprintf(e_cl, sizeof e_cl, "CONTENT_LENGTH=%s", cl);
		env[ne++] = e_cl;
	}
	env[ne++] = "SCRIPT_NAME=/calendar";
	env[ne++] = "PATH_INFO=/booking/new";
	env[ne++] = "HTTP_HOST=127.0.0.1";
	env[ne++] = "SERVER_PORT=8080";
	env[ne++] = "HTTP_USER_AGENT=fuzz";
	env[ne++] = "REMOTE_ADDR=127.0.0.1";
	env[ne] = NULL;

	/* Plain-CGI mode: app_read takes the body from stdin, so stdin is the input's body. */
	FILE *old_stdin = stdin;
	static char empty[1];
	FILE *in = blen ? fmemopen((void *)body, blen, "r") : fmemopen(empty, 1, "r");
	if (!in)
		abort();
	stdin = in;

	HDF *hdf = worker_hdf();
	render_reset(hdf, "de");
	struct req r;
	memset(&r, 0, sizeof r);
	r.page = "fuzz";
	r.hdf = hdf;
	r.cgi_mode = true;
	r.envp = env;
	r.method = method;
	r.path = "/booking/new";
	string_init(&r.headers);

	int st = request_read(&r);
	if (st == 0) {
		st = request_parse(&r);
		if (st < 0) {
			/* cgi_init failed on input request_read accepted: the worker would lose its HDF. */
			fprintf(stderr, "request_parse destroyed the worker HDF on accepted input\n");
			abort();
		}
		if (st == 0) {
			HDF *q = hdf_get_obj(r.hdf, "Query");
			for (HDF *c = q ? hdf_obj_child(q) : NULL; c; c = hdf_obj_next(c)) {
				if (!name_ok(hdf_obj_name(c))) {
					fprintf(stderr, "accepted field name reached the HDF: [%s]\n", hdf_obj_name(c));
					abort();
				}
			}
			/* What a handler does next: read values. */
			(void)hdf_get_value(r.hdf, "Query.csrf", NULL);
			(void)hdf_get_value(r.hdf, "Query.purpose", NULL);
		}
	}
	request_end(&r);
	string_clear(&r.headers);
	if (!r.hdf)
		g_hdf = NULL;
	stdin = old_stdin;
	fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	const char *p = (const char *)data + 1;
	size_t n = size - 1;

	/* 1. The checker on raw bytes (NULs and all): it must never read outside them. */
	char *copy = malloc(n ? n : 1);
	if (!copy)
		return 0;
	memcpy(copy, p, n);
	int count = 0;
	int st = request_check_urlencoded(copy, n, &count);
	if (st != 0 && st != 400 && st != 413)
		abort();
	if (count < 0)
		abort();
	free(copy);

	/* 2. Through the pages' code path. A query string is a C string (environment). */
	size_t qlen = strnlen(p, n);
	char *qs = strndup(p, qlen);
	if (!qs)
		return 0;
	static const char *ctypes[] = {
		"application/x-www-form-urlencoded",
		"application/x-www-form-urlencoded; charset=UTF-8",
		"Application/X-WWW-Form-Urlencoded;charset=utf-8",
		"",
	};
	const char *ct = ctypes[(mode >> 2) & 3];
	switch (mode & 3) {
	case 0: /* GET with the input as query string */
		one_request("GET", qs, NULL, NULL, 0);
		break;
	case 1: /* POST with the input as body */
		one_request("POST", NULL, ct, p, n);
		break;
	case 2: /* POST: query string before the first NUL, body after it */
		one_request("POST", qs, ct, qlen < n ? p + qlen + 1 : "", qlen < n ? n - qlen - 1 : 0);
		break;
	default: /* HEAD */
		one_request("HEAD", qs, NULL, NULL, 0);
		break;
	}
	free(qs);
	return 0;
}
