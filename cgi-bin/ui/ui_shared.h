/* ui_shared (ui_): what every screen needs — the actor, titles, redirects, language strings with an
 * argument, store results as responses, and amounts in the organisation's language. */
#ifndef WB_UI_SHARED_H
#define WB_UI_SHARED_H

#include <stddef.h>
#include <stdint.h>

#include "http/app.h"
#include "store/store.h"

/* The signed-in member as the stores' actor, with the organisation's rules; valid for this request. */
struct actor ui_actor(struct req *r);

/* Page.title from the language string key. */
void ui_title(struct req *r, const char *key);

/* 303 to /<page><rest> of this install (rest "" or starting with '/'). Returns 303. */
int ui_redirect(struct req *r, const char *page, const char *rest);

/* The language string key with "{a}" replaced by arg (or "{n}" by n): language strings are never
 * printf formats. The result is cut at a character boundary to fit size.
 * Plural forms (the convention of templates/lang): a count message is written as key.one (used
 * when n == 1) and key.other (every other n, 0 included); ui_lang_n picks the form, so callers
 * pass the bare key. A key without .one/.other is used for every n. */
void ui_lang_a(struct req *r, const char *key, const char *arg, char *out, size_t size);
void ui_lang_n(struct req *r, const char *key, int64_t n, char *out, size_t size);

/* Answers a store result that no form shows: 404 for ST_NOT_FOUND, 403 for ST_FORBIDDEN, 503 with
 * Retry-After for ST_BUSY, 500 for the rest. res must not be ST_OK. Returns the status answered. */
int ui_failure(struct req *r, enum store_status res);

/* cents as pages show an amount in the organisation's language, with thousands separators and the
 * euro sign ("1.627,73 €", "€1,627.73": money_fmt_display); buf holds MONEY_DISPLAY_BUF bytes.
 * Templates add no currency of their own. */
char *ui_money(struct req *r, char *buf, int64_t cents);

/* The same, written to node.name. */
void ui_money_hdf(struct req *r, HDF *node, const char *name, int64_t cents);

/* cents as a form field's value: the language's decimal mark, no grouping, no sign, so that
 * money_parse reads it back ("1627,73"); buf holds MONEY_BUF bytes. */
char *ui_money_input(struct req *r, char *buf, int64_t cents);

/* A km, hours or coordinate value with `places` decimals in the organisation's language
 * ("119,9" in German, "119.9" in English: numfmt_decimal), written to node.name. */
void ui_decimal_hdf(struct req *r, HDF *node, const char *name, double value, int places);

#endif
