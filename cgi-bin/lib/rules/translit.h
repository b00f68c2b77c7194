/* translit (tl_): login-name rules (A-Z 0-9 - _) and a transliteration suggestion for names that break them; pure, no I/O. */
#ifndef WB_TRANSLIT_H
#define WB_TRANSLIT_H

#include <stdbool.h>
#include <stddef.h>

#define TL_LOGIN_MAX 32   /* characters of a login name (the schema's CHECK) */

/* True when s is a login name as typed: 1..TL_LOGIN_MAX characters, each A-Z, a-z, 0-9, '-' or '_'. */
bool tl_login_ok(const char *s);

/* Writes s upper-cased (ASCII only; s must pass tl_login_ok) into out (size n, at least
 * TL_LOGIN_MAX + 1). Returns out. */
char *tl_login_upper(const char *s, char *out, size_t n);

/* Suggests a login for a name that breaks the rules: German umlauts become AE OE UE, ß SS,
 * accented Latin letters their base letter, spaces and other separators '-', apostrophes
 * and other marks vanish; runs of '-' collapse, '-' at either end is dropped, the result is
 * upper-case and cut to TL_LOGIN_MAX. "Jörg D'hondt" -> "JOERG-DHONDT". out (size n, at least
 * TL_LOGIN_MAX + 1) is "" when nothing usable is left. Returns out. */
char *tl_login_suggest(const char *s, char *out, size_t n);

#endif
