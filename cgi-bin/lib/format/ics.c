/* ics: iCalendar (RFC 5545) text — CRLF lines folded at 75 octets on UTF-8 boundaries, TEXT escaping, Europe/Berlin with its VTIMEZONE or UTC. */
#include "format/ics.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timeutil.h"

#define ICS_FOLD 75

static void put(struct ics_out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (o->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(o->p, cap);
		if (!p) {
			o->oom = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_(struct ics_out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Length of the UTF-8 sequence that starts with byte c (1 for a stray continuation byte). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

void ics_line(struct ics_out *o, const char *name, const char *value)
{
	assert(name && value);
	size_t nl = strlen(name), vl = strlen(value);
	char *line = malloc(nl + vl + 2);
	if (!line) {
		o->oom = true;
		return;
	}
	memcpy(line, name, nl);
	line[nl] = ':';
	memcpy(line + nl + 1, value, vl + 1);
	size_t len = nl + 1 + vl, pos = 0, room = ICS_FOLD;
	while (pos < len) {
		size_t take = 0;
		while (pos + take < len) {
			size_t c = seq_len((unsigned char)line[pos + take]);
			if (pos + take + c > len)
				c = len - pos - take;
			if (take + c > room)
				break;
			take += c;
		}
		put(o, line + pos, take);
		put(o, "\r\n", 2);
		pos += take;
		if (pos < len) {
			put(o, " ", 1);
			room = ICS_FOLD - 1; /* the leading space counts */
		}
	}
	free(line);
}

char *ics_escape(char *out, size_t n, const char *text)
{
	assert(n > 0);
	size_t j = 0;
	for (const char *s = text ? text : ""; *s; ) {
		char esc[3] = {0};
		size_t c = 1;
		unsigned char ch = (unsigned char)*s;
		if (ch == '\\' || ch == ';' || ch == ',') {
			esc[0] = '\\';
			esc[1] = (char)ch;
		} else if (ch == '\r' && s[1] == '\n') {
			s++;
			esc[0] = '\\';
			esc[1] = 'n';
		} else if (ch == '\n' || ch == '\r') {
			esc[0] = '\\';
			esc[1] = 'n';
		} else if (ch < 0x20 || ch == 0x7f) {
			s++;
			continue;
		} else {
			c = seq_len(ch);
			if (strnlen(s, c) < c)
				break; /* a cut sequence at the end */
			if (j + c + 1 > n)
				break;
			memcpy(out + j, s, c);
			j += c;
			s += c;
			continue;
		}
		if (j + 3 > n)
			break;
		out[j++] = esc[0];
		out[j++] = esc[1];
		s++;
	}
	out[j] = '\0';
	return out;
}

char *ics_utc(char *buf, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof tm);
	snprintf(buf, 17, "%04u%02u%02uT%02u%02u%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
	return buf;
}

static bool berlin(const char *tz)
{
	return tz && strcmp(tz, "Europe/Berlin") == 0;
}

/* The rules of Europe/Berlin since 1996 (EU summer time). */
static const char *const VTZ_BERLIN[] = {
	"BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
	"BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
	"DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
	"BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
	"DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
	"END:VTIMEZONE",
};

void ics_begin(struct ics_out *o, const char *method, const char *name, const char *tz)
{
	memset(o, 0, sizeof *o);
	puts_(o, "BEGIN:VCALENDAR\r\nPRODID:-//Wagenbuch//Wagenbuch//DE\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n");
	if (method)
		ics_line(o, "METHOD", method);
	if (name && *name) {
		char esc[512];
		ics_line(o, "X-WR-CALNAME", ics_escape(esc, sizeof esc, name));
	}
	if (berlin(tz))
		for (size_t i = 0; i < sizeof VTZ_BERLIN / sizeof VTZ_BERLIN[0]; i++) {
			puts_(o, VTZ_BERLIN[i]);
			puts_(o, "\r\n");
		}
}

static void when(struct ics_out *o, const char *prop, const char *tz, int64_t t)
{
	char v[32];
	if (berlin(tz)) {
		struct tu_tm lt;
		tu_to_local(tz, t, &lt);
		snprintf(v, sizeof v, "%04u%02u%02uT%02u%02u%02u", (unsigned)lt.year % 10000u, (unsigned)lt.mon % 100u,
		         (unsigned)lt.day % 100u, (unsigned)lt.hour % 100u, (unsigned)lt.min % 100u, (unsigned)lt.sec % 100u);
		char name[48];
		snprintf(name, sizeof name, "%s;TZID=Europe/Berlin", prop);
		ics_line(o, name, v);
	} else {
		ics_line(o, prop, ics_utc(v, t));
	}
}

void ics_event(struct ics_out *o, const char *tz, const struct ics_event *e)
{
	assert(e && e->uid && e->end > e->start);
	char v[32];
	char *esc = malloc(8192);
	if (!esc) {
		o->oom = true;
		return;
	}
	puts_(o, "BEGIN:VEVENT\r\n");
	ics_line(o, "UID", ics_escape(esc, 8192, e->uid));
	ics_line(o, "DTSTAMP", ics_utc(v, e->dtstamp));
	if (e->last_modified)
		ics_line(o, "LAST-MODIFIED", ics_utc(v, e->last_modified));
	when(o, "DTSTART", tz, e->start);
	when(o, "DTEND", tz, e->end);
	snprintf(v, sizeof v, "%d", e->seq);
	ics_line(o, "SEQUENCE", v);
	ics_line(o, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
	if (e->summary && *e->summary)
		ics_line(o, "SUMMARY", ics_escape(esc, 8192, e->summary));
	if (e->location && *e->location)
		ics_line(o, "LOCATION", ics_escape(esc, 8192, e->location));
	if (e->description && *e->description)
		ics_line(o, "DESCRIPTION", ics_escape(esc, 8192, e->description));
	if (e->organizer && *e->organizer) {
		snprintf(esc, 8192, "mailto:%s", e->organizer);
		ics_line(o, "ORGANIZER", esc);
	}
	if (e->attendee && *e->attendee) {
		snprintf(esc, 8192, "mailto:%s", e->attendee);
		ics_line(o, "ATTENDEE;ROLE=REQ-PARTICIPANT", esc);
	}
	ics_line(o, "TRANSP", e->cancelled ? "TRANSPARENT" : "OPAQUE");
	puts_(o, "END:VEVENT\r\n");
	free(esc);
}

void ics_end(struct ics_out *o)
{
	puts_(o, "END:VCALENDAR\r\n");
}
