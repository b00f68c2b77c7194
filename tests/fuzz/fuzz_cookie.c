/* fuzz_cookie: the Cookie header (with Origin, Referer, Host, HTTPS and a csrf field) through request_read/request_parse (ClearSilver's cookie parsing), then the session module's public checks: prelogin token, CSRF/origin check and session_load's token check against an empty database. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "http/app.h"
#include "store/db.h"
#include "http/render.h"
#include "http/request.h"
#include "http/session.h"

static HDF *g_hdf;
static int g_db_ok;
static char g_db_path[64];

static HDF *worker_hdf(void)
{
	if (!g_hdf)
		g_hdf = render_init();
	if (!g_hdf) {
		if (hdf_init(&g_hdf) != STATUS_OK)
			abort();
		hdf_set_value(g_hdf, "Config.VarEscapeMode", "html");
	}
	return g_hdf;
}

static void cleanup(void)
{
	db_close();
	char p[96];
	unlink(g_db_path);
	snprintf(p, sizeof p, "%s-wal", g_db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", g_db_path);
	unlink(p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (sodium_init() < 0)
		abort();
	setenv("WB_TEMPLATES", "templates", 0);
	setenv("WB_SCHEMA", "schema", 0);
	snprintf(g_db_path, sizeof g_db_path, "/tmp/wb-fuzz-cookie-%d.db", (int)getpid());
	setenv("WB_DB", g_db_path, 1);
	g_db_ok = db_open() == ST_OK;
	if (!g_db_ok)
		fprintf(stderr, "fuzz_cookie: no database (run from the repository root); session_load not fuzzed\n");
	atexit(cleanup);
	worker_hdf();
	return 0;
}

static int hex64(const char *t)
{
	if (!t || strlen(t) != 64)
		return 0;
	for (; *t; t++)
		if (!((*t >= '0' && *t <= '9') || (*t >= 'a' && *t <= 'f')))
			return 0;
	return 1;
}

/* Input: fields separated by '\n': Cookie, Origin, Referer, Host, query string; the first byte
 * chooses GET/POST, HTTPS and whether each header is sent at all. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	char *buf = strndup((const char *)data + 1, size - 1); /* headers are C strings */
	if (!buf)
		return 0;
	char *field[5] = { "", "", "", "", "" };
	char *s = buf;
	for (int i = 0; i < 5 && s; i++) {
		field[i] = s;
		s = strchr(s, '\n');
		if (s)
			*s++ = '\0';
	}
	size_t envcap = 0;
	for (int i = 0; i < 5; i++)
		envcap += strlen(field[i]);
	char *e[5];
	static const char *names[5] = { "HTTP_COOKIE", "HTTP_ORIGIN", "HTTP_REFERER", "HTTP_HOST", "QUERY_STRING" };
	char *env[16];
	int ne = 0;
	int post = mode & 1;
	env[ne++] = post ? "REQUEST_METHOD=POST" : "REQUEST_METHOD=GET";
	if (post) {
		env[ne++] = "CONTENT_LENGTH=0";
		env[ne++] = "CONTENT_TYPE=application/x-www-form-urlencoded";
	}
	if (mode & 2)
		env[ne++] = "HTTPS=on";
	env[ne++] = "SERVER_PORT=8080";
	env[ne++] = "SCRIPT_NAME=/login";
	env[ne++] = "REMOTE_ADDR=127.0.0.1";
	for (int i = 0; i < 5; i++) {
		e[i] = NULL;
		if (i > 0 && i < 4 && !(mode & (4 << i)))
			continue; /* Origin, Referer, Host not sent */
		size_t l = strlen(names[i]) + strlen(field[i]) + 2;
		e[i] = malloc(l);
		if (!e[i])
			abort();
		snprintf(e[i], l, "%s=%s", names[i], field[i]);
		env[ne++] = e[i];
	}
	env[ne] = NULL;
	(void)envcap;

	static char empty[1];
	FILE *in = fmemopen(empty, 1, "r");
	if (!in)
		abort();
	FILE *old = stdin;
	stdin = in;
	HDF *hdf = worker_hdf();
	render_reset(hdf, "de");
	struct req r;
	memset(&r, 0, sizeof r);
	r.page = "fuzz";
	r.hdf = hdf;
	r.cgi_mode = true;
	r.envp = env;
	r.method = post ? "POST" : "GET";
	r.path = "";
	r.now = (int64_t)time(NULL);
	string_init(&r.headers);

	int st = request_read(&r);
	if (st == 0) {
		st = request_parse(&r);
		if (st < 0)
			abort(); /* cookie parsing destroyed the worker's HDF */
		if (st == 0) {
			char tok[65];
			session_prelogin_token(&r, tok);
			if (!hex64(tok))
				abort();
			const char *pre = hdf_get_value(r.hdf, "Cookie." PRELOGIN_COOKIE, NULL);
			if (hex64(pre) && strcmp(pre, tok) != 0)
				abort();
			if (session_csrf_ok(&r)) {
				/* Accepted only when the field equals a well-formed prelogin cookie. */
				const char *sent = hdf_get_value(r.hdf, "Query.csrf", NULL);
				if (!hex64(pre) || !sent || strcmp(sent, pre) != 0)
					abort();
			}
			if (g_db_ok) {
				if (session_load(&r) != ST_OK)
					abort();
				if (r.logged_in)
					abort(); /* the database has no sessions */
			}
		}
	}
	request_end(&r);
	string_clear(&r.headers);
	if (!r.hdf)
		g_hdf = NULL;
	stdin = old;
	fclose(in);
	for (int i = 0; i < 5; i++)
		free(e[i]);
	free(buf);
	return 0;
}
