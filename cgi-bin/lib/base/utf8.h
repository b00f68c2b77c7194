/* utf8: checking, counting and cutting UTF-8 text; every cut of user text goes through here, so
 * that no output ever carries half a character. */
#ifndef WB_UTF8_H
#define WB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 when s does not start one (overlong
 * forms, surrogates and code points above U+10FFFF are not well-formed). s is NUL-terminated. */
size_t utf8_seq_len(const char *s);

/* True when data[0..len) is well-formed UTF-8 without NUL bytes. */
bool utf8_valid(const char *data, size_t len);

/* True when s is well-formed UTF-8 text: no control characters but tab (and CR/LF when lines),
 * no DEL, no C1 controls, no U+2028/U+2029. */
bool utf8_valid_text(const char *s, bool lines);

/* Number of characters (code points) of well-formed s: what a form's maxlength counts. */
size_t utf8_chars(const char *s);

/* Removes a trailing incomplete sequence from s (left by a byte-bounded cut such as snprintf). */
void utf8_trim_partial(char *s);

/* Copies src into dst (size > 0 bytes), cut on a character boundary when it does not fit.
 * Returns dst. */
char *utf8_copy(char *dst, size_t size, const char *src);

#endif
