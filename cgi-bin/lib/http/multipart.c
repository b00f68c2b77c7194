/* multipart: parses a multipart/form-data body already read into memory, instead of ClearSilver's parser (which keeps the boundary length in a static across requests). */
#include "http/multipart.h"

#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int multipart_boundary(const char *ct, char *out, size_t n)
{
	const char *p = ct;
	while ((p = strcasestr(p, "boundary=")) != NULL) {
		/* The parameter must start after ';' or whitespace, not inside another word. */
		if (p == ct || p[-1] == ';' || p[-1] == ' ' || p[-1] == '\t')
			break;
		p++;
	}
	if (!p)
		return -1;
	p += 9;
	size_t i = 0;
	if (*p == '"') {
		p++;
		while (*p && *p != '"' && i + 1 < n)
			out[i++] = *p++;
		if (*p != '"')
			return -1;
	} else {
		while (*p && *p != ';' && *p != ' ' && *p != '\t' && i + 1 < n)
			out[i++] = *p++;
	}
	out[i] = '\0';
	return (i >= 1 && i <= 70) ? 0 : -1;
}

/* Finds needle in haystack[0..hlen). */
static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	return memmem(hay, hlen, needle, nlen);
}

/* Copies the value of attribute attr (name= or filename=) from a Content-Disposition line. */
static bool disposition_attr(const char *line, size_t len, const char *attr, char *out, size_t n)
{
	size_t al = strlen(attr);
	for (size_t i = 0; i + al < len; i++) {
		if (strncasecmp(line + i, attr, al) != 0)
			continue;
		if (i > 0 && line[i - 1] != ' ' && line[i - 1] != ';' && line[i - 1] != '\t')
			continue;
		size_t j = i + al, k = 0;
		if (j < len && line[j] == '"') {
			j++;
			while (j < len && line[j] != '"' && k + 1 < n)
				out[k++] = line[j++];
		} else {
			while (j < len && line[j] != ';' && line[j] != ' ' && k + 1 < n)
				out[k++] = line[j++];
		}
		out[k] = '\0';
		return true;
	}
	return false;
}

/* A field name as urlencoded fields must have it. */
static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

/* Parses the header block [h, h+hlen) of one part into p. Returns false when malformed. */
static bool parse_headers(const char *h, size_t hlen, struct multipart_part *p)
{
	bool have_name = false;
	while (hlen > 0) {
		const char *eol = find(h, hlen, "\r\n", 2);
		size_t ll = eol ? (size_t)(eol - h) : hlen;
		if (ll > 21 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
			if (!find(h, ll, "form-data", 9))
				return false;
			/* Read into a larger buffer first, so that an over-long name is refused, not cut. */
			char name[256];
			have_name = disposition_attr(h, ll, "name=", name, sizeof name) && name_ok(name);
			if (have_name) {
				assert(strlen(name) < sizeof p->name); /* name_ok allows at most 64 bytes */
				memcpy(p->name, name, strlen(name) + 1);
			}
			disposition_attr(h, ll, "filename=", p->filename, sizeof p->filename);
		} else if (ll > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
			size_t off = 13;
			while (off < ll && h[off] == ' ')
				off++;
			snprintf(p->ctype, sizeof p->ctype, "%.*s", (int)(ll - off), h + off);
		}
		if (!eol)
			break;
		h += ll + 2;
		hlen -= ll + 2;
	}
	return have_name;
}

int multipart_parse(const char *body, size_t len, const char *boundary, struct multipart_part *parts, int max)
{
	char delim[80];
	int dl = snprintf(delim, sizeof delim, "\r\n--%s", boundary);
	if (dl < 5 || (size_t)dl >= sizeof delim)
		return -1;
	/* The first delimiter may start the body without the leading CRLF. */
	const char *p;
	if (len >= (size_t)dl - 2 && memcmp(body, delim + 2, (size_t)dl - 2) == 0) {
		p = body + dl - 2;
	} else {
		const char *d = find(body, len, delim, (size_t)dl);
		if (!d)
			return -1;
		p = d + dl;
	}
	const char *end = body + len;
	int n = 0;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return n; /* closing delimiter */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++; /* transport padding */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return -1;
		if (n == max)
			return -2;
		struct multipart_part *part = &parts[n];
		memset(part, 0, sizeof *part);
		if (!parse_headers(p, (size_t)(hend - p), part))
			return -1;
		const char *data = hend + 4;
		const char *next = find(data, (size_t)(end - data), delim, (size_t)dl);
		if (!next)
			return -1;
		part->data = data;
		part->len = (size_t)(next - data);
		n++;
		p = next + dl;
	}
}
