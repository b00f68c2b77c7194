/* csvout: streaming CSV writer (libcsv quoting, separator choice, optional UTF-8 BOM, formula-injection guard) with a fixed-size buffer. */
#include "base/money.h"
#include "format/csvout.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool csvout_guard(const char *s)
{
	return s && s[0] && strchr("=+-@\t", s[0]) != NULL;
}

const char *csvout_unguard(const char *s)
{
	return s[0] == '\'' && csvout_guard(s + 1) ? s + 1 : s;
}

void csvout_flush(struct csvout *c)
{
	if (c->len)
		c->sink(c->ctx, c->buf, c->len);
	c->len = 0;
}

static void put(struct csvout *c, const char *s, size_t n)
{
	if (c->len + n > sizeof c->buf)
		csvout_flush(c);
	if (n > sizeof c->buf) {
		c->sink(c->ctx, s, n);
		return;
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

void csvout_init(struct csvout *c, char sep, bool bom, csvout_sink sink, void *ctx)
{
	c->sink = sink;
	c->ctx = ctx;
	c->sep = sep == ',' ? ',' : ';';
	c->mark = c->sep == ',' ? '.' : ',';
	c->row_open = false;
	c->len = 0;
	if (bom)
		put(c, "\xEF\xBB\xBF", 3);
}

/* The separator before every cell but a row's first. */
static void next_cell(struct csvout *c)
{
	if (c->row_open)
		put(c, &c->sep, 1);
	c->row_open = true;
}

void csvout_text(struct csvout *c, const char *s)
{
	if (!s)
		s = "";
	next_cell(c);
	size_t n = strlen(s);
	bool guard = csvout_guard(s);
	/* csv_write2 needs at most 2n + 2 bytes; the guard adds one. */
	char small[1024];
	size_t need = 2 * n + 4;
	char *src = NULL, *dst = need <= sizeof small ? small : malloc(need);
	if (!dst)
		return;
	const char *from = s;
	if (guard) {
		src = malloc(n + 2);
		if (!src) {
			if (dst != small)
				free(dst);
			return;
		}
		src[0] = '\'';
		memcpy(src + 1, s, n + 1);
		from = src;
		n++;
	}
	size_t len = csv_write2(dst, need, from, n, '"');
	put(c, dst, len);
	free(src);
	if (dst != small)
		free(dst);
}

void csvout_int(struct csvout *c, int64_t v)
{
	char buf[24];
	next_cell(c);
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
	put(c, buf, (size_t)n);
}

void csvout_cents(struct csvout *c, int64_t cents)
{
	char buf[24];
	next_cell(c);
	money_fmt(buf, cents, c->mark);
	put(c, buf, strlen(buf));
}

void csvout_end_row(struct csvout *c)
{
	put(c, "\r\n", 2);
	c->row_open = false;
}
