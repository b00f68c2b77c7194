/* actionlog (al_): builds the one-line action-log entries of DESIGN.md from booking data, bounded and UTF-8 safe. */
#include "base/utf8.h"
#include "rules/actionlog.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

#include "base/timeutil.h"

/* Longest a single name (login, vehicle) may take in a line, so that one absurd name cannot push
 * the rest of the line out. */
#define AL_NAME_MAX 120

/* Upper-case of a two-byte code point (U+0080..U+07FF) for Latin-1 and Latin Extended-A. */
static unsigned upper_cp2(unsigned cp)
{
	if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
		return cp - 0x20;
	if (cp == 0xFF)
		return 0x178;
	if ((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) ||
	    (cp >= 0x14A && cp <= 0x177))
		return cp & 1u ? cp - 1 : cp;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return cp & 1u ? cp : cp - 1;
	return cp;
}

/* A bounded output with a fixed capacity (including the NUL). */
struct out {
	char *buf;
	size_t len, cap;
	bool full; /* something did not fit: nothing more is appended */
};

static bool out_fits(struct out *o, size_t n)
{
	if (o->full || o->len + n >= o->cap) {
		o->full = true;
		return false;
	}
	return true;
}

static void out_raw(struct out *o, const char *s, size_t n)
{
	if (!out_fits(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void out_str(struct out *o, const char *s)
{
	out_raw(o, s, strlen(s));
}

enum text_mode {
	TEXT_PLAIN, /* control characters become spaces */
	TEXT_UPPER, /* and letters are upper-cased */
	TEXT_NAME   /* and spaces become '-' */
};

/* Appends in, character by character, stopping at the first character that does not fit.
 * Malformed bytes pass through one by one. */
static void out_text(struct out *o, const char *in, enum text_mode mode)
{
	const unsigned char *s = (const unsigned char *)in;
	while (*s) {
		size_t n = utf8_seq_len((const char *)s);
		char tmp[4];
		if (n == 0) {
			n = 1;
			tmp[0] = (char)s[0];
		} else if (n == 1) {
			unsigned char c = s[0];
			if (c < 0x20 || c == 0x7F)
				c = ' ';
			if (mode != TEXT_PLAIN && c >= 'a' && c <= 'z')
				c = (unsigned char)(c - 'a' + 'A');
			if (mode == TEXT_NAME && c == ' ')
				c = '-';
			tmp[0] = (char)c;
		} else if (n == 2 && mode != TEXT_PLAIN) {
			unsigned cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
			cp = upper_cp2(cp);
			assert(cp >= 0x80 && cp <= 0x7FF);
			tmp[0] = (char)(0xC0 | (cp >> 6));
			tmp[1] = (char)(0x80 | (cp & 0x3F));
		} else {
			memcpy(tmp, s, n);
		}
		if (!out_fits(o, n))
			return;
		out_raw(o, tmp, n);
		s += n;
	}
}

/* Appends a name (login or vehicle) upper-case, at most AL_NAME_MAX bytes, "?" when empty. */
static void out_name(struct out *o, const char *name, bool dash_spaces)
{
	char tmp[AL_NAME_MAX + 1];
	if (!name || !*name) {
		out_str(o, "?");
		return;
	}
	al_upper(tmp, sizeof tmp, name, dash_spaces);
	out_str(o, tmp);
}

static void out_time(struct out *o, const char *tz, int64_t utc, bool seconds)
{
	struct tu_tm t;
	char tmp[64];
	tu_to_local(tz, utc, &t);
	if (seconds)
		tu_fmt_log(tmp, sizeof tmp, &t);
	else
		tu_fmt_logmin(tmp, sizeof tmp, &t);
	out_str(o, tmp);
}

/* Upper-cases in into out (see actionlog.h); additionally every ASCII control character becomes
 * a space (then '-' with dash_spaces), so that the result never breaks a log line. */
size_t al_upper(char *out, size_t n, const char *in, int dash_spaces)
{
	assert(out || n == 0);
	if (n == 0)
		return 0;
	struct out o = { .buf = out, .len = 0, .cap = n };
	out[0] = '\0';
	if (in)
		out_text(&o, in, dash_spaces ? TEXT_NAME : TEXT_UPPER);
	assert(o.len < n && out[o.len] == '\0');
	return o.len;
}

#ifndef NDEBUG
static bool known_action(const char *a)
{
	static const char *const actions[] = { "CREATE", "VIEW",   "DELETE", "STORNO",
	                                       "EDIT",   "CHANGE", "CHGSTO", "CHGDEL" };
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(a, actions[i]) == 0)
			return true;
	return false;
}
#endif

/* Writes the booking line of DESIGN.md into buf (AL_LINE_MAX bytes) and returns its length
 * (always < AL_LINE_MAX); see actionlog.h for the exact form. */
size_t al_format_booking(char *buf, const char *tz, int64_t now, const char *actor,
                         const char *action, const struct al_booking *b)
{
	assert(buf && action && b);
	assert(known_action(action));
	struct out o = { .buf = buf, .len = 0, .cap = AL_LINE_MAX };
	buf[0] = '\0';
	char num[32];
	/* A hand-made decimal, so that no format string is involved at all. */
	{
		uint64_t v = b->id < 0 ? (uint64_t)0 - (uint64_t)b->id : (uint64_t)b->id;
		char *p = num + sizeof num;
		*--p = '\0';
		do {
			*--p = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		if (b->id < 0)
			*--p = '-';
		memmove(num, p, (size_t)(num + sizeof num - p));
	}

	out_time(&o, tz, now, true);
	out_str(&o, " ");
	out_name(&o, actor, false);
	out_str(&o, ": ");
	out_name(&o, action, false);
	out_str(&o, " ");
	out_str(&o, num);
	out_str(&o, " ");
	out_name(&o, b->vehicle, true);
	out_str(&o, " ");
	out_time(&o, tz, b->start, false);
	out_str(&o, "--");
	out_time(&o, tz, b->end, false);
	out_str(&o, " ");
	out_name(&o, b->member, false);
	out_str(&o, ", created by ");
	out_name(&o, b->creator, false);
	out_str(&o, " at ");
	out_time(&o, tz, b->created_at, true);
	if (b->purpose && *b->purpose) {
		out_str(&o, ": ");
		out_text(&o, b->purpose, TEXT_PLAIN);
	}
	assert(o.len < AL_LINE_MAX && buf[o.len] == '\0');
	return o.len;
}

/* Writes "dd.mm.yy HH:MM:SS LOGIN: ADMIN <text>" into buf (AL_LINE_MAX bytes) and returns its
 * length; with an empty text the line ends after "ADMIN". */
size_t al_format_admin(char *buf, const char *tz, int64_t now, const char *actor, const char *text)
{
	assert(buf);
	struct out o = { .buf = buf, .len = 0, .cap = AL_LINE_MAX };
	buf[0] = '\0';
	out_time(&o, tz, now, true);
	out_str(&o, " ");
	out_name(&o, actor, false);
	out_str(&o, ": ADMIN");
	if (text && *text) {
		out_str(&o, " ");
		out_text(&o, text, TEXT_PLAIN);
	}
	assert(o.len < AL_LINE_MAX && buf[o.len] == '\0');
	return o.len;
}
