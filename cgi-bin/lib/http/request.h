/* request: reads and checks a request against the limits before ClearSilver's cgi kit parses it into the HDF. */
#ifndef WB_REQUEST_H
#define WB_REQUEST_H

#include <stddef.h>
#include "http/app.h"

#define RQ_MAX_QUERY      8192        /* bytes of QUERY_STRING */
#define RQ_MAX_FORM_BODY  (1L << 20)  /* bytes of an urlencoded body */
#define RQ_MAX_MULTIPART  (6L << 20)  /* bytes of a multipart body (5 MB file + form) */
#define RQ_MAX_FIELDS     500         /* fields in query plus body */
#define RQ_MAX_NAME       64          /* bytes of a field name */
#define RQ_MAX_VALUE      65536       /* bytes of one urlencoded field value, encoded */

/* Checks an urlencoded field list (query string or body) without changing it: at most
 * max_fields fields, names of 1..RQ_MAX_NAME bytes of [A-Za-z0-9_-] once decoded (no '.', which
 * ClearSilver would turn into HDF paths), values of at most RQ_MAX_VALUE bytes without an encoded
 * NUL (%00, which would cut the decoded value short).
 * Returns 0 when acceptable, 413 for too many fields or a value over RQ_MAX_VALUE, 400 otherwise.
 * Adds the field count to *count. */
int request_check_urlencoded(const char *data, size_t len, int *count);

/* Checks method, content type and length, and reads the body into r->body. Returns 0, or the
 * status to answer: 405 (method), 411/400 (length missing or malformed), 413 (too large or too
 * many fields), 415 (content type), 400 (short body or malformed fields). */
int request_read(struct req *r);

/* Lets ClearSilver's cgi kit fill the HDF (Query.*, Cookie.*, CGI.*, HTTP.*) from the checked
 * request, with its environment bound to the FastCGI parameters. Returns 0, 400, or -1 when
 * the kit failed so badly that it destroyed r->hdf (the worker must then stop). */
int request_parse(struct req *r);

/* The uploaded file sent in multipart field name, or NULL. Ordinary multipart fields are in
 * Query.* like urlencoded ones. */
const struct multipart_part *request_upload(struct req *r, const char *name);

/* Releases what request_read and request_parse allocated; the HDF itself stays. */
void request_end(struct req *r);

#endif
