/* acctstore (acct_): the accounting connection of an organisation (table accounting) — settings with the
 * sealed password, the outcome of each connection test, the transfer state of each issued invoice
 * (acct_transfer: claim with lease, outcome), the Tryton revenue account per tariff and the import of
 * customers as members; each change one immediate transaction with its ADMIN line (never the password). */
#ifndef WB_ACCTSTORE_H
#define WB_ACCTSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct acct_settings {
	bool enabled;
	char url[256], dbname[64], login[64];
	bool has_password;            /* a password is stored (it is never shown again) */
	int64_t receivable, revenue, journal, payment_term;   /* ids in the accounting system; 0: not set */
	int64_t tested_at;            /* 0: never tested */
	char test_status[24];         /* "ok" or the failure's name (tryton_status words), "" never */
	char test_detail[400];
};

/* The organisation's settings; defaults (disabled, empty) when none were saved. Results: ST_OK,
 * ST_BUSY, ST_ERROR. */
enum store_status acct_load(const struct actor *a, struct acct_settings *out);

/* Saves in (has_password and the test fields are ignored). password NULL or "" keeps the stored
 * one; otherwise it is sealed (ST_ERROR when the key file cannot be used) and replaces it. One
 * immediate transaction with an ADMIN line naming what changed. */
enum store_status acct_save(const struct actor *a, const struct acct_settings *in, const char *password);

/* The stored password, opened, into out (size n). ST_NOT_FOUND when none is stored, ST_ERROR when it
 * cannot be opened (key file replaced). */
enum store_status acct_password(const struct actor *a, char *out, size_t n);

/* Records the outcome of a connection test (status "ok" or a failure's name, detail) with an ADMIN
 * line, in one immediate transaction. */
enum store_status acct_record_test(const struct actor *a, const char *status, const char *detail);

/* ---- Transfers of issued invoices (table acct_transfer). State names: "open" (never tried), "pending"
 * and "undoing" (claimed: a transfer or undo is under way, lease not expired), "done" (Tryton confirmed
 * it: tryton_number), "failed" (the last transfer failed: error_kind/error_detail), "undone" (a credit
 * note was booked there: undo_number). A failed undo leaves "done" with error_op "undo". */

/* One invoice of the transfer list; text pointers valid during the callback. */
struct acct_xrow {
	int64_t invoice_id, gross, cancels;
	const char *number, *member_no, *name, *period, *inv_date, *cancels_number;
	const char *state, *tryton_number, *undo_number, *error_kind, *error_detail, *error_op;
};

/* Calls fn for each issued invoice of the actor's organisation, in number order: of period (its name,
 * "" any), and only those still to transfer (open or failed, no live claim) when open_only. fn returns
 * 0 to go on. */
enum store_status acct_xfer_list(const struct actor *a, const char *period, bool open_only,
                                 int (*fn)(void *ctx, const struct acct_xrow *row), void *ctx);

/* Calls fn with each period name that has invoices, newest first. */
enum store_status acct_xfer_periods(const struct actor *a, int (*fn)(void *ctx, const char *period), void *ctx);

#define ACCT_XLINES_MAX 32

/* One line as it goes to the accounting system: the invoice's lines of one tariff summed, or the VAT. */
struct acct_xline {
	char text[160];
	int64_t cents;
	int64_t account;      /* Tryton account id: the tariff's (acct_revenue) or the default revenue */
	bool mapped;          /* the tariff has an account of its own */
};

/* What a transfer of one invoice books. */
struct acct_xplan {
	int64_t invoice_id, cancels, gross;
	char number[64], cancels_number[64], member_no[64], name[256], street[192], postal_code[32], city[96];
	char inv_date[12], period[24];
	char state[12], tryton_number[64], undo_number[64], error_kind[24], error_detail[400], error_op[12];
	struct acct_xline lines[ACCT_XLINES_MAX];
	int nlines;
};

/* The plan of invoice_id of the actor's organisation (ST_NOT_FOUND otherwise), its lines summed per
 * tariff with their accounts (default_revenue where a tariff has none), a line for the VAT when the
 * lines do not add up to the gross, and the current transfer state. The address is split from the
 * invoice's address lines (last line "PLZ Ort"). */
enum store_status acct_xfer_plan(const struct actor *a, int64_t invoice_id, int64_t default_revenue, struct acct_xplan *out);

/* Claims invoice_id for a transfer (undo false) or an undo, in one immediate transaction with an ADMIN
 * line: a lease of lease_s seconds with a fresh *token. ST_NOT_FOUND (not the organisation's),
 * ST_CONFLICT (another claim is live), ST_ALREADY (transfer: already done or undone; undo: not done). */
enum store_status acct_xfer_claim(const struct actor *a, int64_t invoice_id, bool undo, int64_t lease_s, int64_t *token);

/* Records the outcome of the claim token on invoice_id (only while the claim is still this one's:
 * ST_CONFLICT otherwise), with an ADMIN line: ok with Tryton's id and number, or the failure
 * error_kind/error_detail. One immediate transaction. */
enum store_status acct_xfer_finish(const struct actor *a, int64_t invoice_id, int64_t token, bool undo, bool ok,
                                   int64_t tryton_id, const char *tryton_number, const char *error_kind,
                                   const char *error_detail);

/* Calls fn with each tariff name of the organisation (its tariffs and the names on billing records,
 * as invoicestore's invst_accounts has them) and its Tryton revenue account id (0: the default). */
enum store_status acct_revenues(const struct actor *a, int (*fn)(void *ctx, const char *tariff, int64_t account), void *ctx);

/* Sets (account > 0) or clears (0) the Tryton revenue account id of tariff, with an ADMIN line. */
enum store_status acct_revenue_save(const struct actor *a, const char *tariff, int64_t account);

/* ---- Import of customers (parties) as members (table acct_party links them). */

/* A party as the accounting system has it (the caller read it over the network). */
struct acct_party_in {
	int64_t id;
	char code[64], name[192];
};

/* What the import does with one party. */
enum acct_imp_kind {
	ACCT_IMP_CREATE,       /* no member has the code as member number: a new member, login from the name */
	ACCT_IMP_LINK,         /* the member with that member number is linked to the party */
	ACCT_IMP_CHANGE,       /* ... linked, and its description becomes the party's name (a description that
	                        * starts with the name followed by "," or its end is left alone) */
	ACCT_IMP_SAME,         /* linked already, nothing differs */
	ACCT_IMP_DUP_CODE,     /* conflict: two parties with one code (neither is imported) */
	ACCT_IMP_NO_LOGIN,     /* conflict: no login can be derived from the name */
	ACCT_IMP_LOGIN_TAKEN   /* conflict: the derived login is taken (by a member or an earlier party) */
};

struct acct_imp_item {
	enum acct_imp_kind kind;
	int64_t party_id, member_id;
	char code[64], name[192], login[40], old_descr[256];
};

/* The plan for parties p[0..n): one item per party, in the order given (conflicts included, nothing
 * written). out has room for n items. */
enum store_status acct_import_plan(const struct actor *a, const struct acct_party_in *p, int n, struct acct_imp_item *out);

/* Plans again (inside the transaction, so against the members as they are now) and applies every
 * item that is no conflict in ONE immediate transaction: members created through adminstore (no
 * password), links, descriptions; an ADMIN line per created member and one for the import. counts[]
 * is indexed by acct_imp_kind (size 7). */
enum store_status acct_import_apply(const struct actor *a, const struct acct_party_in *p, int n, int counts[7]);

#endif
