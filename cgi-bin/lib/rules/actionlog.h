/* actionlog (al_): formats the one-line action-log entries of DESIGN.md ("Action log line"); pure, no I/O. */
#ifndef WB_ACTIONLOG_H
#define WB_ACTIONLOG_H

#include <stdint.h>
#include <stddef.h>

/* What the log says about a booking (or one version of it). Strings are UTF-8 as stored. */
struct al_booking {
	int64_t id;
	const char *vehicle;        /* vehicle name; written upper-case, spaces as '-' */
	int64_t start, end;         /* UTC */
	const char *member;         /* login of the member the booking is for */
	const char *creator;        /* login of whoever created it */
	int64_t created_at;         /* UTC */
	const char *purpose;        /* free text; line breaks and tabs become spaces */
};

/* Longest line the formatters produce; longer purposes and admin texts are cut
 * at a UTF-8 character boundary so that the line fits. */
#define AL_LINE_MAX 1024

/* One booking line, e.g.
 * "20.02.06 10:53:07 MEIER: VIEW 7618 VW-GOLF 18.02.06 08:30--19.02.06 20:00 NEUMANN, created by HUBER at 15.02.06 14:16:19: Kurzurlaub"
 * now and the booking's times are written in zone tz (UTC when tz is unknown); actor, member and
 * creator upper-case. When purpose is NULL or empty, ": <purpose>" is omitted and the line ends
 * after the created-at timestamp. ASCII control characters (CR, LF, tab ...) in any field become
 * spaces. A NULL or empty name is written as "?"; each name is cut to 120 bytes.
 * action is one of CREATE VIEW DELETE STORNO EDIT CHANGE CHGSTO CHGDEL.
 * buf must hold AL_LINE_MAX bytes. Returns the line's length. */
size_t al_format_booking(char *buf, const char *tz, int64_t now, const char *actor,
                         const char *action, const struct al_booking *b);

/* One administrator line: "dd.mm.yy HH:MM:SS LOGIN: ADMIN <text>", text with line breaks as spaces.
 * With a NULL or empty text the line ends after "ADMIN".
 * buf must hold AL_LINE_MAX bytes. Returns the line's length. */
size_t al_format_admin(char *buf, const char *tz, int64_t now, const char *actor, const char *text);

/* Upper-cases UTF-8 text for the log (ASCII, the Latin-1 letters such as ä ö ü é, ÿ -> Ÿ, and
 * Latin Extended-A such as ł ő š; ß stays), replacing spaces by '-' when dash_spaces is set.
 * ASCII control characters become spaces (so '-' with dash_spaces); malformed bytes pass through
 * unchanged, one byte each. in NULL is empty. With n 0 nothing is written. Writes at most n-1 bytes plus NUL, never
 * splitting a UTF-8 sequence. Returns the number of bytes written. */
size_t al_upper(char *out, size_t n, const char *in, int dash_spaces);

#endif
