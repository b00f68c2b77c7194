/* input: declared form and query fields, each with a validator; handlers read only validated values. */
#ifndef WB_INPUT_H
#define WB_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/app.h"

/* A validated value. raw is the input as sent (kept for refilling a form); i is the
 * integer, id or UTC time the validator produced; s is the checked text. */
struct fval {
	bool present;   /* sent and not empty */
	bool ok;        /* present and valid, or absent and optional */
	const char *raw;
	const char *s;
	int64_t i;
};

/* A validator: checks raw (never NULL, never empty) and fills out->i / out->s.
 * Returns NULL when valid, else the Lang key of the message ("err.date"). */
typedef const char *(*validator_fn)(struct req *r, const char *raw, struct fval *out);

struct field {
	const char *name;
	validator_fn valid;
	bool required;
	int maxlen;        /* characters (as a form's maxlength); 0 for the default of 200 */
};

/* Validates every declared field from the request (query and form). For each field the raw
 * value goes to HDF Form.<name>, and a message to Error.<name> when it is missing or invalid;
 * each message is also appended to Errors.<n>. Returns the number of invalid fields. */
int input_read(struct req *r, const struct field *fields, size_t n, struct fval *out);

/* Records an error found after validation (a rule, a database check) in the same places. */
void input_error(struct req *r, const char *field, const char *msgkey);

/* The same with a finished message (one with a count or a name filled in); field may be NULL
 * for a message that belongs to no single field (then only Errors.<n>). */
void input_error_text(struct req *r, const char *field, const char *msg);

/* Validators. */
const char *v_id(struct req *r, const char *raw, struct fval *out);        /* 1..2^53 */
const char *v_int(struct req *r, const char *raw, struct fval *out);       /* -10^9..10^9 */
const char *v_text(struct req *r, const char *raw, struct fval *out);      /* valid UTF-8, no control chars but tab */
const char *v_textarea(struct req *r, const char *raw, struct fval *out);  /* as v_text, line breaks allowed */
const char *v_login(struct req *r, const char *raw, struct fval *out);     /* A-Z 0-9 - _, case-insensitive */
const char *v_datetime(struct req *r, const char *raw, struct fval *out);  /* YYYY-MM-DDTHH:MM local -> UTC */
const char *v_date(struct req *r, const char *raw, struct fval *out);      /* YYYY-MM-DD -> i = y*10000+m*100+d */
const char *v_month(struct req *r, const char *raw, struct fval *out);     /* YYYY-MM -> i = y*100+m */
const char *v_bool(struct req *r, const char *raw, struct fval *out);      /* "1"/"on"/"true" or "0" */
const char *v_view(struct req *r, const char *raw, struct fval *out);      /* "day" or "week" -> i 1/7 */
const char *v_any(struct req *r, const char *raw, struct fval *out);       /* any valid UTF-8 (passwords) */

#endif
