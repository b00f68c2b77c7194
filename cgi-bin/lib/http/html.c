/* html: a growing output buffer and the escaping helpers for HTML written from C (as cgit's html.c). */
#include "http/html.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void html_init(struct html *h, size_t cap)
{
	*h = (struct html){0};
	if (cap) {
		h->buf = malloc(cap);
		if (h->buf) {
			h->cap = cap;
			h->buf[0] = '\0';
		}
	}
}

void html_free(struct html *h)
{
	free(h->buf);
	*h = (struct html){0};
}

/* Marks the buffer failed: cap 0 keeps html_raw's inline path from appending anything more. */
static bool html_fail(struct html *h)
{
	h->oom = true;
	h->cap = 0;
	return false;
}

/* Makes room for n more bytes and the terminating NUL; false (and oom set) when it cannot. */
static bool html_room(struct html *h, size_t n)
{
	if (h->oom)
		return false;
	if (h->len + n < h->cap)
		return true;
	size_t cap = h->cap ? h->cap : 4096;
	while (h->len + n >= cap) {
		if (cap > SIZE_MAX / 2)
			return html_fail(h);
		cap *= 2;
	}
	char *p = realloc(h->buf, cap);
	if (!p)
		return html_fail(h);
	h->buf = p;
	h->cap = cap;
	return true;
}

void html_raw_grow(struct html *h, const char *s, size_t n)
{
	if (!n || !html_room(h, n))
		return;
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void html_txt(struct html *h, const char *s)
{
	if (!s)
		return;
	for (;;) {
		size_t n = strcspn(s, "&<>\"'\r");
		html_raw(h, s, n);
		s += n;
		switch (*s) {
		case '\0': return;
		case '&': HTML_LIT(h, "&amp;"); break;
		case '<': HTML_LIT(h, "&lt;"); break;
		case '>': HTML_LIT(h, "&gt;"); break;
		case '"': HTML_LIT(h, "&quot;"); break;
		case '\'': HTML_LIT(h, "&#39;"); break;
		default: assert(*s == '\r'); break;
		}
		s++;
	}
}

void html_int(struct html *h, int64_t n)
{
	char tmp[24];
	char *p = tmp + sizeof tmp;
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	html_raw(h, p, (size_t)(tmp + sizeof tmp - p));
}

void html_2d(struct html *h, int n)
{
	assert(n >= 0 && n <= 99);
	char d[2] = {(char)('0' + n / 10), (char)('0' + n % 10)};
	html_raw(h, d, 2);
}
