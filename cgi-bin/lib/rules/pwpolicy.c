/* pwpolicy (pwp_): whether a new administrator password is strong enough; pure, no I/O. */
#include "rules/pwpolicy.h"

#include "base/utf8.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Case-insensitive (ASCII) substring test. */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return false;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* At most two distinct bytes, or every byte one more (or one less) than the one before. */
static bool monotone(const char *p)
{
	size_t n = strlen(p);
	unsigned char a = (unsigned char)p[0], b = 0;
	bool two = true;
	for (size_t i = 1; i < n && two; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == a || c == b)
			continue;
		if (!b)
			b = c;
		else
			two = false;
	}
	if (two)
		return true;
	int step = (unsigned char)p[1] - (unsigned char)p[0];
	if (step != 1 && step != -1)
		return false;
	for (size_t i = 2; i < n; i++) {
		int d = (unsigned char)p[i] - (unsigned char)p[i - 1];
		/* Digits wrap around: "1234567890", "9876543210". */
		bool digits = isdigit((unsigned char)p[i]) && isdigit((unsigned char)p[i - 1]);
		if (d != step && !(digits && (d + 10) % 10 == (step + 10) % 10))
			return false;
	}
	return true;
}

static const char *const common[] = {
	"passwort", "password", "qwertzuiop", "qwertyuiop", "asdfghjkl", "wagenbuch", "carsharing",
	"administrator", "letmein", "iloveyou", "hallo12345", "geheim", "1q2w3e4r5t", NULL,
};

enum pwp_verdict pwp_check(const char *password, const char *login)
{
	if (!password || utf8_chars(password) < PWP_ADMIN_MIN)
		return PWP_SHORT;
	/* A login of one or two letters is in half of all passwords; it says nothing about them. */
	if (login && strlen(login) >= 3 && contains_ci(password, login))
		return PWP_LOGIN;
	if (monotone(password))
		return PWP_MONOTONE;
	/* A well-known word with only digits or punctuation around it ("Passwort2024!"). */
	for (int i = 0; common[i]; i++) {
		if (!contains_ci(password, common[i]))
			continue;
		size_t letters = 0;
		for (const char *p = password; *p; p++)
			if (isalpha((unsigned char)*p) || ((unsigned char)*p & 0x80))
				letters++;
		if (letters <= strlen(common[i]))
			return PWP_COMMON;
	}
	return PWP_OK;
}

const char *pwp_key(enum pwp_verdict v)
{
	switch (v) {
	case PWP_SHORT: return "pw_short";
	case PWP_LOGIN: return "pw_login";
	case PWP_MONOTONE: return "pw_monotone";
	case PWP_COMMON: return "pw_common";
	default: return "";
	}
}
