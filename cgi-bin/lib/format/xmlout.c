/* xmlout: the one XML writer — escaped text and elements, always well-formed UTF-8, buffered and streamed to a callback. */
#include "format/xmlout.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"

void xmlout_init(struct xmlout *x, xmlout_sink sink, void *ctx)
{
	assert(x);
	x->sink = sink;
	x->ctx = ctx;
	x->len = 0;
}

void xmlout_flush(struct xmlout *x)
{
	if (x->len && x->sink)
		x->sink(x->ctx, x->buf, x->len);
	x->len = 0;
}

static void put(struct xmlout *x, const char *s, size_t n)
{
	if (x->len + n > sizeof x->buf)
		xmlout_flush(x);
	if (n > sizeof x->buf) {
		if (x->sink)
			x->sink(x->ctx, s, n);
		return;
	}
	memcpy(x->buf + x->len, s, n);
	x->len += n;
}

void xmlout_raw(struct xmlout *x, const char *s)
{
	put(x, s, strlen(s));
}

void xmlout_decl(struct xmlout *x)
{
	xmlout_raw(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void xmlout_text(struct xmlout *x, const char *s)
{
	const char *p = s;
	while (*p) {
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '&': xmlout_raw(x, "&amp;"); p++; continue;
		case '<': xmlout_raw(x, "&lt;"); p++; continue;
		case '>': xmlout_raw(x, "&gt;"); p++; continue;
		case '"': xmlout_raw(x, "&quot;"); p++; continue;
		case '\'': xmlout_raw(x, "&apos;"); p++; continue;
		default: break;
		}
		if (c < 0x20) {
			if (c == '\t' || c == '\n' || c == '\r')
				put(x, p, 1);
			p++;
			continue;
		}
		size_t n = utf8_seq_len(p);
		if (n == 0) {
			p++; /* not UTF-8: dropped */
			continue;
		}
		/* U+FFFE and U+FFFF are not XML characters either. */
		if (n == 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbf && (unsigned char)p[2] >= 0xbe) {
			p += n;
			continue;
		}
		put(x, p, n);
		p += n;
	}
}

void xmlout_el(struct xmlout *x, const char *name, const char *text)
{
	xmlout_raw(x, "<");
	xmlout_raw(x, name);
	xmlout_raw(x, ">");
	xmlout_text(x, text);
	xmlout_raw(x, "</");
	xmlout_raw(x, name);
	xmlout_raw(x, ">");
}

void xmlout_el_int(struct xmlout *x, const char *name, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	xmlout_el(x, name, buf);
}
