/* translit (tl_): login-name rules (A-Z 0-9 - _) and a transliteration suggestion for names that break them; pure, no I/O. */
#include "rules/translit.h"

#include <string.h>

bool tl_login_ok(const char *s)
{
	size_t n = 0;
	for (; *s; s++, n++) {
		char c = *s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return n >= 1 && n <= TL_LOGIN_MAX;
}

char *tl_login_upper(const char *s, char *out, size_t n)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
	out[i] = '\0';
	return out;
}

/* Latin-1 Supplement and Latin Extended-A letters U+00C0..U+017F as ASCII (upper-case);
 * "" for characters that vanish, "-" for separators. */
static const char *latin(unsigned cp)
{
	static const char *const l1[64] = {
		/* C0 */ "A", "A", "A", "A", "AE", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
		/* D0 */ "D", "N", "O", "O", "O", "O", "OE", "-", "OE", "U", "U", "U", "UE", "Y", "TH", "SS",
		/* E0 */ "A", "A", "A", "A", "AE", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
		/* F0 */ "D", "N", "O", "O", "O", "O", "OE", "-", "OE", "U", "U", "U", "UE", "Y", "TH", "Y",
	};
	/* Latin Extended-A, one base letter per code point from U+0100; ligatures below. */
	static const char ea[] = "AAAAAACCCCCCCCDD" "DDEEEEEEEEEEGGGG" "GGGGHHHHIIIIIIII" "IIJJJJKKKLLLLLLL"
	                        "LLLNNNNNNNNNOOOO" "OOOORRRRRRSSSSSS" "SSTTTTTTUUUUUUUU" "UUUUWWYYYZZZZZZS";
	static char one[2];
	if (cp >= 0xc0 && cp <= 0xff)
		return l1[cp - 0xc0];
	if (cp == 0x132 || cp == 0x133)
		return "IJ";
	if (cp == 0x152 || cp == 0x153)
		return "OE";
	if (cp >= 0x100 && cp <= 0x17f) {
		one[0] = ea[cp - 0x100];
		return one;
	}
	if (cp == 0x2019 || cp == 0x2018 || cp == 0xb4 || cp == 0x60)
		return ""; /* typographic apostrophes and accents */
	if (cp == 0xa0 || cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == 0x2014)
		return "-";
	return "";
}

/* Decodes one UTF-8 sequence at *p (advancing it); malformed bytes decode as U+FFFD, one byte each. */
static unsigned next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0];
	int len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
	if (len == 0) {
		(*p)++;
		return 0xfffd;
	}
	unsigned cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			(*p)++;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*p += len;
	return cp;
}

char *tl_login_suggest(const char *s, char *out, size_t n)
{
	size_t len = 0, cap = n ? n - 1 : 0;
	if (cap > TL_LOGIN_MAX)
		cap = TL_LOGIN_MAX;
	if (n)
		out[0] = '\0';
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p && len < cap) {
		unsigned cp = next_cp(&p);
		char one[2] = {0, 0};
		const char *add;
		if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_') {
			one[0] = (char)cp;
			add = one;
		} else if (cp >= 'a' && cp <= 'z') {
			one[0] = (char)(cp - 'a' + 'A');
			add = one;
		} else if (cp == '\'' || cp == '"' || cp == '`') {
			add = "";
		} else if (cp < 0x80) {
			add = "-"; /* space, dot, comma, slash ...: a separator */
		} else {
			add = latin(cp);
		}
		for (; *add && len < cap; add++) {
			if (*add == '-' && (len == 0 || out[len - 1] == '-'))
				continue;
			out[len++] = *add;
		}
	}
	while (len > 0 && out[len - 1] == '-')
		len--;
	if (n)
		out[len] = '\0';
	return out;
}

