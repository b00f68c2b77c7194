/* ics: iCalendar (RFC 5545) text — CRLF lines folded at 75 octets on UTF-8 boundaries, TEXT escaping, Europe/Berlin with its VTIMEZONE or UTC. */
#ifndef WB_ICS_H
#define WB_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing output buffer; oom is set (and the text stays as far as it got) when memory ran out. */
struct ics_out {
	char *p;
	size_t len, cap;
	bool oom;
};

/* One event. uid is stable per booking; times are UTC seconds; seq the SEQUENCE (rising with each
 * change or cancellation); cancelled writes STATUS:CANCELLED, else STATUS:CONFIRMED. summary,
 * description and location are UTF-8 TEXT (escaped here); any may be NULL or "". */
struct ics_event {
	const char *uid;
	int64_t start, end, dtstamp, last_modified;
	int seq;
	bool cancelled;
	const char *summary, *description, *location;
	const char *organizer, *attendee;   /* mail addresses (iTIP messages), or NULL */
};

/* Starts a calendar: VCALENDAR with PRODID, VERSION, CALSCALE, METHOD (NULL for a feed: no METHOD),
 * an X-WR-CALNAME when name is given, and the VTIMEZONE when tz is "Europe/Berlin" (the one zone
 * written with TZID; every other zone's times are written in UTC). The caller frees o->p. */
void ics_begin(struct ics_out *o, const char *method, const char *name, const char *tz);

/* Appends one VEVENT; times with TZID when ics_begin was given Europe/Berlin, else UTC ("Z"). */
void ics_event(struct ics_out *o, const char *tz, const struct ics_event *e);

/* Ends the calendar. */
void ics_end(struct ics_out *o);

/* Appends one content line "name:value" (value already in iCalendar syntax, TEXT escaped by
 * ics_escape), folded so that no line exceeds 75 octets and no UTF-8 character is split. */
void ics_line(struct ics_out *o, const char *name, const char *value);

/* TEXT escaping of RFC 5545 3.3.11 into out (size n; cut at a character boundary): backslash,
 * semicolon and comma get a backslash, a line break becomes "\n", other control characters are
 * dropped. Returns out. */
char *ics_escape(char *out, size_t n, const char *text);

/* Writes t (UTC seconds) as "YYYYMMDDTHHMMSSZ" into buf (at least 17 bytes). */
char *ics_utc(char *buf, int64_t t);

#endif
