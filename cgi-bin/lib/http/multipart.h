/* multipart: parses a multipart/form-data body already read into memory, instead of ClearSilver's parser (which keeps the boundary length in a static across requests). */
#ifndef WB_MULTIPART_H
#define WB_MULTIPART_H

#include <stddef.h>

#define MP_MAX_PARTS 64

/* One part of the body. data points into the body (not NUL-terminated); len is its length. */
struct multipart_part {
	char name[65];
	char filename[256];    /* "" for an ordinary field */
	char ctype[128];       /* the part's Content-Type, "" when absent */
	const char *data;
	size_t len;
};

/* Extracts the boundary parameter of a Content-Type value into out (n bytes; boundaries are at most
 * 70 characters by RFC 2046). Returns 0, or -1 when there is none or it is malformed. */
int multipart_boundary(const char *content_type, char *out, size_t n);

/* Splits body into at most max parts. Part names follow the same rules as urlencoded fields
 * (1..64 of A-Z a-z 0-9 _ -). Returns the number of parts, or -1 for a malformed body, or -2
 * for more than max parts. Never reads outside body[0..len). */
int multipart_parse(const char *body, size_t len, const char *boundary, struct multipart_part *parts, int max);

#endif
