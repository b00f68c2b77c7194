/* html: a growing output buffer and the escaping helpers for HTML written from C (as cgit's html.c). */
#ifndef WB_HTML_H
#define WB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* An output buffer. buf is NUL-terminated whenever len > 0. After a failed allocation the buffer
 * keeps what it had, ignores further output and says so in oom; the caller answers 500. */
struct html {
	char *buf;
	size_t len, cap;
	bool oom;
};

/* An empty buffer with room for at least cap bytes (the caller's guess; 0 is fine). */
void html_init(struct html *h, size_t cap);

/* Frees the buffer and leaves it empty. */
void html_free(struct html *h);

/* Appends n bytes of markup as they are (the slow path grows the buffer). */
void html_raw_grow(struct html *h, const char *s, size_t n);
static inline void html_raw(struct html *h, const char *s, size_t n)
{
	if (h->len + n < h->cap) {   /* inline, so that literals become a few moves */
		memcpy(h->buf + h->len, s, n);
		h->len += n;
		h->buf[h->len] = '\0';
	} else {
		html_raw_grow(h, s, n);
	}
}

/* Appends a string literal of markup (its length known at compile time). */
#define HTML_LIT(h, lit) html_raw((h), "" lit, sizeof(lit) - 1)

/* Appends text escaped for HTML, exactly as ClearSilver's html escaping (Config.VarEscapeMode =
 * html) escapes template variables: & < > " ' become entities and CR is dropped, so the result is
 * safe both as element text and inside a double-quoted attribute value. NULL appends nothing. */
void html_txt(struct html *h, const char *s);

/* Appends the decimal form of n. */
void html_int(struct html *h, int64_t n);

/* Appends n as two digits with a leading zero (0..99; the caller guarantees the range). */
void html_2d(struct html *h, int n);

#endif
