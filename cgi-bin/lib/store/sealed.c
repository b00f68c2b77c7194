/* sealed: secrets Wagenbuch must use again (an SMTP password, the accounting system's password) sealed with libsodium crypto_secretbox under a key file beside the database. */
#include "store/sealed.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

static char g_path[4096];

const char *sealed_key_path(void)
{
	const char *env = getenv("WB_SEALED_KEY");
	if (env && *env) {
		snprintf(g_path, sizeof g_path, "%s", env);
		return g_path;
	}
	const char *db = getenv("WB_DB");
	if (!db || !*db)
		db = "var/wagenbuch.db";
	const char *slash = strrchr(db, '/');
	if (slash)
		snprintf(g_path, sizeof g_path, "%.*s/sealed.key", (int)(slash - db), db);
	else
		snprintf(g_path, sizeof g_path, "sealed.key");
	return g_path;
}

static bool read_all(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

/* Reads the key, creating the file with a fresh key when it does not exist. */
static bool load_key(unsigned char key[crypto_secretbox_KEYBYTES])
{
	if (sodium_init() < 0)
		return false;
	const char *path = sealed_key_path();
	for (int tries = 0; tries < 50; tries++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			bool ok = read_all(fd, key, crypto_secretbox_KEYBYTES);
			close(fd);
			if (ok)
				return true;
			usleep(10000); /* another process is writing it right now */
			continue;
		}
		if (errno != ENOENT)
			return false;
		char tmp[4200];
		snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			return false;
		randombytes_buf(key, crypto_secretbox_KEYBYTES);
		bool ok = write(fd, key, crypto_secretbox_KEYBYTES) == crypto_secretbox_KEYBYTES && fsync(fd) == 0;
		close(fd);
		/* link() fails when another process won the race: then its key is the one. */
		if (ok && link(tmp, path) == 0) {
			unlink(tmp);
			return true;
		}
		unlink(tmp);
		if (!ok)
			return false;
	}
	return false;
}

bool sealed_seal(const char *plain, char *out, size_t n)
{
	if (n)
		out[0] = '\0';
	size_t len = strlen(plain);
	if (len > 512)
		return false;
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (!load_key(key))
		return false;
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 512];
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, len, box, key);
	sodium_memzero(key, sizeof key);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	size_t need = 3 + sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
	if (n < need)
		return false;
	memcpy(out, "s1:", 3);
	sodium_bin2base64(out + 3, n - 3, box, blen, sodium_base64_VARIANT_ORIGINAL);
	return true;
}

bool sealed_open(const char *sealed, char *out, size_t n)
{
	if (n)
		out[0] = '\0';
	if (!sealed || strncmp(sealed, "s1:", 3) != 0 || n == 0)
		return false;
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 512];
	size_t blen;
	if (sodium_base642bin(box, sizeof box, sealed + 3, strlen(sealed + 3), NULL, &blen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	if (blen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return false;
	size_t plen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	if (plen + 1 > n)
		return false;
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (!load_key(key))
		return false;
	int rc = crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
	                                    blen - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof key);
	if (rc != 0) {
		sodium_memzero(out, n);
		out[0] = '\0';
		return false;
	}
	out[plen] = '\0';
	return true;
}
