/* input: declared form and query fields, each with a validator; handlers read only validated values. */
#ifndef WB_INPUT_H
#define WB_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/app.h"

/* A validated value. raw is the input as sent (kept for refilling a form); i is the
 * integer, id or UTC time the validator produced; s is the checked text. */
struct input_val {
	bool present;   /* sent and not empty */
	bool ok;        /* present and valid, or absent and optional */
	const char *raw;
	const char *s;
	int64_t i;      /* repeated and prefixed fields: the number of values sent */
	bool sent;      /* the field was in the request, even empty */
};

/* A validator: checks raw (never NULL, never empty) and fills out->i / out->s.
 * Returns NULL when valid, else the Lang key of the message ("err.date"). */
typedef const char *(*input_validator)(struct req *r, const char *raw, struct input_val *out);

/* A declared field. Its name says what it stands for:
 *   "login"    one value (sent twice, the first counts);
 *   "org[]"    a repeated field org=1&org=2: every value, each validated;
 *   "pick_*"   prefixed dynamic names pick_<id> (id 1..2^53 without leading zeros), each validated.
 * Repeated and prefixed fields reach the handler only through input_each/input_next and
 * input_prefixed, never as raw request values. */
struct input_field {
	const char *name;
	input_validator valid;
	bool required;     /* one value: must be sent; the others: at least one value */
	int maxlen;        /* characters of each value (as a form's maxlength); 0 for the default of 200 */
};

/* The most values a repeated or prefixed field takes; more are an error. */
#define INPUT_MAX_ITEMS 1000

/* Validates every declared field from the request (query and form). For each field the raw
 * value goes to HDF Form.<name>, and a message to Error.<name> when it is missing or invalid;
 * each message is also appended to Errors.<n>. Returns the number of invalid fields. */
int input_read(struct req *r, const struct input_field *fields, size_t n, struct input_val *out);

/* One value of a repeated or prefixed field: id is the <id> of a prefixed name (the
 * position for a repeated field); v the validated value. */
struct input_item {
	int64_t id;
	struct input_val v;
};

/* Walks the values of a repeated or prefixed field f that input_read accepted, in the
 * order of the request; invalid and empty values are skipped (input_read reported them). */
struct input_iter {
	struct req *r_;
	int kind_;
	char base_[64];
	const struct input_field *f_;
	void *node_;
	int64_t pos_;
};
void input_each(struct req *r, const struct input_field *f, struct input_iter *it);
bool input_next(struct input_iter *it, struct input_item *out);

/* The validated value of <prefix><id> of prefixed field f (out->sent false when it was not
 * sent; out->ok false when it is invalid). */
void input_prefixed(struct req *r, const struct input_field *f, int64_t id, struct input_val *out);

/* Declared request headers: each field's name is the HTTP header's name ("markAsRetrieved"), read
 * from its CGI parameter (HTTP_ + upper case, '-' as '_'), checked for maxlen bytes and by the
 * validator as input_read does, but nothing goes to the HDF: the caller answers for an invalid
 * header (out[i].ok false with out[i].present true). Returns the number of invalid headers. */
int input_headers(struct req *r, const struct input_field *fields, size_t n, struct input_val *out);

/* Records an error found after validation (a rule, a database check) in the same places. */
void input_error(struct req *r, const char *field, const char *msgkey);

/* The same with a finished message (one with a count or a name filled in); field may be NULL
 * for a message that belongs to no single field (then only Errors.<n>). */
void input_error_text(struct req *r, const char *field, const char *msg);

/* Validators. */
const char *input_id(struct req *r, const char *raw, struct input_val *out);        /* 1..2^53 */
const char *input_int(struct req *r, const char *raw, struct input_val *out);       /* -10^9..10^9 */
const char *input_text(struct req *r, const char *raw, struct input_val *out);      /* valid UTF-8, no control chars but tab (also passwords) */
const char *input_textarea(struct req *r, const char *raw, struct input_val *out);  /* as input_text, line breaks allowed */
const char *input_login(struct req *r, const char *raw, struct input_val *out);     /* A-Z 0-9 - _, case-insensitive */
const char *input_datetime(struct req *r, const char *raw, struct input_val *out);  /* YYYY-MM-DDTHH:MM local -> UTC */
const char *input_date(struct req *r, const char *raw, struct input_val *out);      /* YYYY-MM-DD -> i = y*10000+m*100+d */
const char *input_month(struct req *r, const char *raw, struct input_val *out);     /* YYYY-MM -> i = y*100+m */
const char *input_bool(struct req *r, const char *raw, struct input_val *out);      /* "1"/"on"/"true" or "0" */
const char *input_view(struct req *r, const char *raw, struct input_val *out);      /* "day" or "week" -> i 1/7 */

#endif
