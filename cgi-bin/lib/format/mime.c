/* mime: one mail message as RFC 5322/MIME text — UTF-8 plain text (quoted-printable), RFC 2047 subject and names, Date, Message-ID, an optional text/calendar attachment. */
#include "format/mime.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of n bytes into out (at least 4*ceil(n/3)+1 bytes). */
static size_t b64(char *out, const unsigned char *in, size_t n)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
		out[j++] = B64[v >> 18 & 63];
		out[j++] = B64[v >> 12 & 63];
		out[j++] = i + 1 < n ? B64[v >> 6 & 63] : '=';
		out[j++] = i + 2 < n ? B64[v & 63] : '=';
	}
	out[j] = '\0';
	return j;
}

static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* Copies s without CR and LF (header values). */
static void clean(char *out, size_t n, const char *s)
{
	size_t j = 0;
	for (; s && *s && j + 1 < n; s++)
		if (*s != '\r' && *s != '\n')
			out[j++] = *s;
	out[j] = '\0';
}

char *mime_encode_words(char *out, size_t n, const char *text)
{
	assert(n > 0);
	char t[2048];
	clean(t, sizeof t, text);
	bool plain = true;
	for (const unsigned char *s = (const unsigned char *)t; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			plain = false;
	/* "=?" inside plain text would read as an encoded word: encode that too. */
	if (plain && !strstr(t, "=?")) {
		snprintf(out, n, "%s", t);
		return out;
	}
	size_t j = 0, len = strlen(t);
	out[0] = '\0';
	/* 45 octets of text give 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" is 72. */
	for (size_t i = 0; i < len;) {
		size_t take = 0;
		while (i + take < len) {
			size_t c = seq_len((unsigned char)t[i + take]);
			if (i + take + c > len)
				c = len - i - take;
			if (take + c > 45)
				break;
			take += c;
		}
		char enc[64];
		b64(enc, (const unsigned char *)t + i, take);
		int w = snprintf(out + j, n - j, "%s=?UTF-8?B?%s?=", j ? "\r\n " : "", enc);
		if (w < 0 || (size_t)w >= n - j) {
			out[j] = '\0';
			break;
		}
		j += (size_t)w;
		i += take;
	}
	return out;
}

char *mime_date(char *buf, int64_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof tm);
	snprintf(buf, 40, "%s, %02u %s %04u %02u:%02u:%02u +0000", days[(unsigned)tm.tm_wday % 7u],
	         (unsigned)tm.tm_mday % 100u, mons[(unsigned)tm.tm_mon % 12u], (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
	return buf;
}

int mime_address_ok(const char *a)
{
	if (!a)
		return 0;
	size_t len = strlen(a);
	if (len < 3 || len > 254)
		return 0;
	const char *at = strchr(a, '@');
	if (!at || at == a || strchr(at + 1, '@') || !at[1])
		return 0;
	for (const unsigned char *s = (const unsigned char *)a; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f || strchr("\"<>(),;:\\[]", *s))
			return 0;
	const char *dot = strchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1] || a[len - 1] == '.')
		return 0;
	return 1;
}

/* "Name <addr>" with the name encoded or quoted as needed. */
static void address(struct buf *b, const char *hdr, const char *name, const char *addr)
{
	char a[300], w[1024];
	clean(a, sizeof a, addr);
	puts_(b, hdr);
	if (name && *name) {
		mime_encode_words(w, sizeof w, name);
		if (strncmp(w, "=?", 2) == 0) {
			puts_(b, w);
		} else {
			puts_(b, "\"");
			for (const char *s = w; *s; s++) {
				if (*s == '"' || *s == '\\')
					put(b, "\\", 1);
				put(b, s, 1);
			}
			puts_(b, "\"");
		}
		puts_(b, " <");
		puts_(b, a);
		puts_(b, ">\r\n");
	} else {
		puts_(b, a);
		puts_(b, "\r\n");
	}
}

/* Quoted-printable (RFC 2045 6.7) of UTF-8 text with CRLF line ends and soft breaks at 76. */
static void qp(struct buf *b, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (*s == '\r' && s[1] == '\n')
			continue;
		if (*s == '\n') {
			put(b, "\r\n", 2);
			col = 0;
			continue;
		}
		char enc[4];
		size_t n;
		bool trailing_ws = (*s == ' ' || *s == '\t') && (s[1] == '\n' || s[1] == '\r' || s[1] == '\0');
		if ((*s >= 33 && *s <= 126 && *s != '=') || ((*s == ' ' || *s == '\t') && !trailing_ws)) {
			enc[0] = (char)*s;
			n = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[*s >> 4];
			enc[2] = hex[*s & 15];
			n = 3;
		}
		/* a line of at most 76 characters including the soft break's "=" */
		if (col + n > 75) {
			put(b, "=\r\n", 3);
			col = 0;
		}
		put(b, enc, n);
		col += n;
	}
	if (col)
		put(b, "\r\n", 2);
}

char *mime_build(const struct mime_msg *m, size_t *len)
{
	assert(m && m->from && m->to && m->subject && m->body && m->message_id);
	struct buf b = {0};
	char w[4096], d[40];
	puts_(&b, "Date: ");
	puts_(&b, mime_date(d, m->date));
	puts_(&b, "\r\n");
	address(&b, "From: ", m->from_name, m->from);
	address(&b, "To: ", m->to_name, m->to);
	puts_(&b, "Subject: ");
	puts_(&b, mime_encode_words(w, sizeof w, m->subject));
	puts_(&b, "\r\nMessage-ID: <");
	clean(w, sizeof w, m->message_id);
	puts_(&b, w);
	puts_(&b, ">\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	const char *boundary = "=_wagenbuch_part_7f3c9a";
	if (m->ics) {
		puts_(&b, "Content-Type: multipart/mixed; boundary=\"");
		puts_(&b, boundary);
		puts_(&b, "\"\r\n\r\nThis is a MIME message.\r\n\r\n--");
		puts_(&b, boundary);
		puts_(&b, "\r\n");
	}
	puts_(&b, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
	qp(&b, m->body);
	if (m->ics) {
		char method[32], file[128];
		clean(method, sizeof method, m->ics_method ? m->ics_method : "PUBLISH");
		clean(file, sizeof file, m->ics_file ? m->ics_file : "booking.ics");
		puts_(&b, "\r\n--");
		puts_(&b, boundary);
		puts_(&b, "\r\nContent-Type: text/calendar; charset=UTF-8; method=");
		puts_(&b, method);
		puts_(&b, ";\r\n name=\"");
		puts_(&b, file);
		puts_(&b, "\"\r\nContent-Disposition: attachment; filename=\"");
		puts_(&b, file);
		puts_(&b, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
		size_t n = strlen(m->ics);
		for (size_t i = 0; i < n; i += 57) {
			char line[80];
			b64(line, (const unsigned char *)m->ics + i, n - i < 57 ? n - i : 57);
			puts_(&b, line);
			puts_(&b, "\r\n");
		}
		puts_(&b, "\r\n--");
		puts_(&b, boundary);
		puts_(&b, "--\r\n");
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}
