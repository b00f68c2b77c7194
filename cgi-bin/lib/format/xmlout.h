/* xmlout: the one XML writer — escaped text and elements, always well-formed UTF-8, buffered and streamed to a callback. */
#ifndef WB_XMLOUT_H
#define WB_XMLOUT_H

#include <stddef.h>
#include <stdint.h>

#define XMLOUT_BUF 16384

/* Receives the written bytes in large pieces; ctx is the caller's. A NULL sink discards them
 * (a HEAD request). */
typedef void (*xmlout_sink)(void *ctx, const char *data, size_t len);

struct xmlout {
	xmlout_sink sink;
	void *ctx;
	size_t len;
	char buf[XMLOUT_BUF];
};

/* Starts a writer; nothing is written until the buffer fills or xmlout_flush. */
void xmlout_init(struct xmlout *x, xmlout_sink sink, void *ctx);

/* The XML declaration for UTF-8, with a line break. */
void xmlout_decl(struct xmlout *x);

/* Markup written as given: s must be a literal or already well-formed XML. */
void xmlout_raw(struct xmlout *x, const char *s);

/* Character data: & < > " ' escaped; characters XML 1.0 forbids (controls but tab, LF, CR) are
 * dropped, and so is every byte that does not begin a well-formed UTF-8 sequence, so the output is
 * always valid UTF-8 and well-formed XML whatever s holds. */
void xmlout_text(struct xmlout *x, const char *s);

/* <name>text</name>, text escaped as by xmlout_text; name is a literal XML name. */
void xmlout_el(struct xmlout *x, const char *name, const char *text);

/* <name>v</name> with v in decimal. */
void xmlout_el_int(struct xmlout *x, const char *name, int64_t v);

/* Hands what is buffered to the sink. */
void xmlout_flush(struct xmlout *x);

#endif
