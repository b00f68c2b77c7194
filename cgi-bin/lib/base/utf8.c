/* utf8: well-formedness, text checks, character counts and boundary-safe cuts of UTF-8 strings. */
#include "base/utf8.h"

#include <assert.h>
#include <string.h>

size_t utf8_seq_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/* The code point of the well-formed sequence of n bytes at s. */
static unsigned decode(const unsigned char *s, size_t n)
{
	static const unsigned char mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned c = s[0] & mask[n];
	for (size_t i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3F);
	return c;
}

/* Length of the well-formed sequence at s with avail bytes left (no NUL needed), or 0. */
static size_t seq_len_bounded(const unsigned char *s, size_t avail)
{
	unsigned char tmp[5] = {0};
	memcpy(tmp, s, avail < 4 ? avail : 4);
	size_t n = utf8_seq_len((const char *)tmp);
	return n <= avail ? n : 0;
}

bool utf8_valid(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;
	while (p < end) {
		if (*p == 0)
			return false;
		size_t n = seq_len_bounded(p, (size_t)(end - p));
		if (!n)
			return false;
		p += n;
	}
	return true;
}

bool utf8_valid_text(const char *s, bool lines)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_seq_len((const char *)p);
		if (!n)
			return false;
		unsigned c = decode(p, n);
		if (c < 0x80 && ((c < 0x20 && c != '\t' && !(lines && (c == '\n' || c == '\r'))) || c == 0x7f))
			return false;
		/* C1 controls and the line/paragraph separators are not text. */
		if ((c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
			return false;
		p += n;
	}
	return true;
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void utf8_trim_partial(char *s)
{
	size_t len = strlen(s);
	size_t start = len;
	/* Back over at most three continuation bytes to the lead byte of the last sequence. */
	while (start > 0 && len - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0 || len - start >= 4) {
		if (start == 0 && len > 0 && ((unsigned char)s[0] & 0xC0) == 0x80)
			s[0] = '\0';
		return;
	}
	size_t lead = start - 1;
	if (utf8_seq_len(s + lead) != len - lead && (unsigned char)s[lead] >= 0x80)
		s[lead] = '\0';
}

char *utf8_copy(char *dst, size_t size, const char *src)
{
	assert(dst && size > 0 && src);
	size_t len = strlen(src);
	if (len < size) {
		memcpy(dst, src, len + 1);
		return dst;
	}
	size_t cut = size - 1;
	while (cut > 0 && ((unsigned char)src[cut] & 0xC0) == 0x80)
		cut--;
	memcpy(dst, src, cut);
	dst[cut] = '\0';
	return dst;
}
