/* fuzz_multipart: multipart_boundary and multipart_parse on arbitrary Content-Type values and bodies, directly and through request_read/request_parse as a page receives an upload. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/app.h"
#include "http/multipart.h"
#include "http/render.h"
#include "http/request.h"

static HDF *g_hdf;

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

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("WB_TEMPLATES", "templates", 0);
	worker_hdf();
	return 0;
}

static int name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return 0;
	return 1;
}

static void direct(const char *ct, const char *body, size_t blen)
{
	char boundary[80];
	if (multipart_boundary(ct, boundary, sizeof boundary) != 0)
		return;
	size_t bl = strlen(boundary);
	if (bl < 1 || bl > 70)
		abort();
	struct multipart_part *parts = calloc(MP_MAX_PARTS, sizeof *parts);
	if (!parts)
		return;
	int n = multipart_parse(body, blen, boundary, parts, MP_MAX_PARTS);
	if (n < -2 || n > MP_MAX_PARTS)
		abort();
	for (int i = 0; i < n; i++) {
		const struct multipart_part *pt = &parts[i];
		if (!name_ok(pt->name))
			abort();
		if (memchr(pt->name, '\0', sizeof pt->name) == NULL || memchr(pt->filename, '\0', sizeof pt->filename) == NULL ||
		    memchr(pt->ctype, '\0', sizeof pt->ctype) == NULL)
			abort();
		if (pt->data < body || pt->data > body + blen || pt->len > (size_t)(body + blen - pt->data))
			abort();
		/* A part's data never contains the delimiter it was cut at. */
		char delim[80];
		int dl = snprintf(delim, sizeof delim, "\r\n--%s", boundary);
		if (pt->len >= (size_t)dl && memmem(pt->data, pt->len, delim, (size_t)dl))
			abort();
	}
	free(parts);
}

static void via_request(const char *ct, const char *body, size_t blen)
{
	char e_ct[600], e_cl[48];
	snprintf(e_ct, sizeof e_ct, "CONTENT_TYPE=%s", ct);
	snprintf(e_cl, sizeof e_cl, "CONTENT_LENGTH=%zu", blen);
	char *env[] = { "REQUEST_METHOD=POST", e_ct, e_cl, "SCRIPT_NAME=/admin", "PATH_INFO=/import",
	                "HTTP_HOST=127.0.0.1", "SERVER_PORT=8080", NULL };
	static char empty[1];
	FILE *in = blen ? fmemopen((void *)body, blen, "r") : fmemopen(empty, 1, "r");
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
	r.method = "POST";
	r.path = "/import";
	string_init(&r.headers);
	int st = request_read(&r);
	if (st == 0) {
		st = request_parse(&r);
		if (st < 0)
			abort(); /* the worker's HDF destroyed by an accepted upload */
		if (st == 0) {
			HDF *q = hdf_get_obj(r.hdf, "Query");
			for (HDF *c = q ? hdf_obj_child(q) : NULL; c; c = hdf_obj_next(c))
				if (!name_ok(hdf_obj_name(c)))
					abort();
			const struct multipart_part *f = request_upload(&r, "file");
			if (f && (f->data < r.body || f->data + f->len > r.body + r.body_len))
				abort();
		}
	}
	request_end(&r);
	string_clear(&r.headers);
	if (!r.hdf)
		g_hdf = NULL;
	stdin = old;
	fclose(in);
}

/* Input: the Content-Type value up to the first '\n' (or a default with a fixed boundary when the
 * input has no '\n'), then the body. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	char *ct;
	const char *b;
	size_t blen;
	if (nl && (size_t)((const uint8_t *)nl - data) < 512) {
		ct = strndup((const char *)data, (size_t)((const uint8_t *)nl - data));
		b = nl + 1;
		blen = size - (size_t)((const uint8_t *)nl - data) - 1;
	} else {
		ct = strdup("multipart/form-data; boundary=----WebKitFormBoundaryX");
		b = (const char *)data;
		blen = size;
	}
	if (!ct)
		return 0;
	/* The body in its own allocation of exactly blen bytes, so ASan sees any overread. */
	char *body = malloc(blen ? blen : 1);
	if (!body) {
		free(ct);
		return 0;
	}
	memcpy(body, b, blen);
	direct(ct, body, blen);
	via_request(ct, body, blen);
	free(body);
	free(ct);
	return 0;
}
