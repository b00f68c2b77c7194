/* sealed: secrets Wagenbuch must use again (an SMTP password, the accounting system's password) sealed with libsodium crypto_secretbox under a key file beside the database. */
#ifndef WB_SEALED_H
#define WB_SEALED_H

#include <stdbool.h>
#include <stddef.h>

/* The sealed form of a secret is "s1:" and the base64 of nonce and box; it may be stored anywhere
 * (the database) because the key is not there: the key is the file sealed.key in the directory of
 * the database ($WB_DB, default var/wagenbuch.db), 32 random bytes, mode 0600, created on first use
 * (O_EXCL, so two processes never make two keys). $WB_SEALED_KEY names another file (tests).
 * Neither function logs the secret. */

/* Seals plain into out (size n; SEALED_MAX suffices for secrets up to 512 bytes). Returns false
 * when the key file cannot be read or created, or out is too small. */
#define SEALED_MAX 800
bool sealed_seal(const char *plain, char *out, size_t n);

/* Opens sealed (made by sealed_seal with the same key) into out (size n, NUL-terminated).
 * Returns false for a wrong key, a damaged or foreign text, or a too small out; out is then "". */
bool sealed_open(const char *sealed, char *out, size_t n);

/* The key file's path (for messages and the installation's checks). */
const char *sealed_key_path(void);

#endif
