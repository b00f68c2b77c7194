/* mime: one mail message as RFC 5322/MIME text — UTF-8 plain text (quoted-printable), RFC 2047 subject and names, Date, Message-ID, an optional text/calendar attachment. */
#ifndef WB_MIME_H
#define WB_MIME_H

#include <stddef.h>
#include <stdint.h>

/* What a message says. from/to are bare addresses (checked by mime_address_ok); names may be
 * NULL or "" and may hold any UTF-8; subject and body are UTF-8 (body lines end in \n or \r\n).
 * message_id is the part between < and >. ics, when not NULL, is attached as ics_file with
 * Content-Type text/calendar; method=<ics_method>. */
struct mime_msg {
	const char *from, *from_name, *to, *to_name;
	const char *subject, *body;
	const char *message_id;
	int64_t date;
	const char *ics, *ics_method, *ics_file;
};

/* Builds the whole message with CRLF line ends, every line at most 78 octets outside the
 * encoded parts' limits, header values with CR and LF removed. Returns a malloc'd NUL-terminated
 * text (length in *len) the caller frees, or NULL when memory ran out. */
char *mime_build(const struct mime_msg *m, size_t *len);

/* A plain address local@domain: printable ASCII without spaces, quotes, angle brackets, commas
 * or semicolons, one @ with text on both sides, a dot in the domain, at most 254 bytes. */
int mime_address_ok(const char *addr);

/* The RFC 2047 form of a header text: as is when printable ASCII, else UTF-8 "B" encoded-words
 * of at most 75 characters, split only between characters, joined by CRLF SPACE. Writes into out
 * (size n) and returns out. */
char *mime_encode_words(char *out, size_t n, const char *text);

/* RFC 5322 date of t (UTC seconds) as "Wed, 02 Dec 2026 04:30:00 +0000" into buf (40 bytes). */
char *mime_date(char *buf, int64_t t);

#endif
