/* invoicestore (invst_): the invoice tables — settings and member addresses, the preview of a period, issuing all invoices of a period with a gap-free number sequence, cancellation invoices, the list, and hand-overs to accounting. */
#ifndef WB_INVOICESTORE_H
#define WB_INVOICESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/invoice.h"
#include "store/store.h"

/* Results (enum store_status): ST_OK; ST_BUSY / ST_ERROR as db.h; and, where a function says so,
 * ST_NOT_FOUND (no such row in the actor's organisation; for invst_issue: nothing to invoice),
 * ST_FORBIDDEN (a member's invoice asked for by another member), ST_CONFLICT (the period, or a part
 * of it, was invoiced already), ST_INCOMPLETE (settings missing: see invst_missing), ST_BAD_MEMBER
 * (a member to invoice has no member number), ST_ALREADY (already cancelled, or a cancellation),
 * ST_IN_USE (a later invoice builds on this one), ST_DUPLICATE (the next number of the format is
 * taken already: the format was changed back to an earlier one),
 * ST_RANGE (a value outside its range). */

/* The organisation's invoice settings; defaults when never saved (exists false). 0 = not set for
 * berater and mandant. */
struct invst_settings {
	bool exists;
	char address[512];
	char iban[64];
	enum inv_vat vat_mode;
	int vat_rate;
	char number_format[INV_FORMAT_MAX];
	int payment_days;
	int64_t berater, mandant;
	int64_t debtor_base;
	int account_len;
	int fy_start;
};

/* Settings that are missing, as bits. */
enum {
	INVST_MISS_ADDRESS = 1,   /* the organisation's postal address */
	INVST_MISS_IBAN = 2,
	INVST_MISS_FORMAT = 4,    /* an invalid number format */
	INVST_MISS_BERATER = 8,   /* DATEV Beraternummer (DATEV only) */
	INVST_MISS_MANDANT = 16   /* DATEV Mandantennummer (DATEV only) */
};

/* Loads org_id's settings (defaults when there is no row). */
int invst_settings_load(int64_t org_id, struct invst_settings *s);

/* The settings missing for issuing invoices (datev false) or for the DATEV file (datev true). */
unsigned invst_missing(const struct invst_settings *s, bool datev);

/* Saves the settings of the actor's organisation with an ADMIN log line, in one transaction.
 * The caller validated the values; ST_RANGE when the database refuses one. */
int invst_settings_save(const struct actor *a, const struct invst_settings *s);

/* The organisation's tariff names (every tariff, and every tariff name of a billing record) with
 * their revenue account (0 when unmapped). Fills at most max entries. */
struct invst_tariff_account {
	char tariff[128];
	int64_t account;
};
int invst_accounts(int64_t org_id, struct invst_tariff_account *out, int max, int *n);

/* Sets (account > 0) or clears (0) the revenue account of tariff, with an ADMIN log line. */
int invst_account_save(const struct actor *a, const char *tariff, int64_t account);

/* A member's login, description, member number and postal address. ST_NOT_FOUND for a member of
 * another organisation. */
struct invst_member {
	int64_t id;
	char login[64], descr[256], member_no[64], address[512];
};
int invst_member_load(int64_t org_id, int64_t member_id, struct invst_member *m);

/* Saves the postal address of a member of the actor's organisation (ADMIN log line). ST_NOT_FOUND. */
int invst_address_save(const struct actor *a, int64_t member_id, const char *address);

/* ---- Preview and issuing. */

/* A billing period: [t0, t1) in UTC and its name ("2026-11", "2026-10_2026-12"). */
struct invst_period {
	int64_t t0, t1;
	char name[24];
};

/* One future invoice of the preview: a member number (or, without one, a login). */
struct invst_pv_member {
	char member_no[64];
	char name[256];          /* the first member's name, "Nina Neumann" */
	char logins[256];        /* the logins of the member number, comma separated */
	int bookings;            /* lines that are not corrections */
	int corrections;
	int64_t minutes, km, amount;
	bool no_address;
};

/* A booking of the period that still lacks trip data, so that it cannot be invoiced yet. */
struct invst_pv_trip {
	int64_t booking_id, start;
	char login[64], vehicle[128];
};

struct invst_preview {
	struct invst_pv_member *m;
	int n;                   /* members */
	struct invst_pv_trip *trips;
	int ntrips;
	int lines;
	int64_t total;
	int no_member_no;        /* members (entries of m) without member number */
	int64_t conflict_run;    /* an issuing run overlapping the period, 0 when none */
	unsigned missing;        /* invst_missing(settings, false) */
};

/* Runs billing_update, then reads what invst_issue would invoice for period p: per member number
 * its lines (the period's current billing records not yet invoiced, records of periods already
 * invoiced that were not invoiced yet, and corrections of invoiced records), the bookings still
 * lacking trip data, and what would block issuing. Free with invst_preview_free. */
int invst_preview(const struct actor *a, const struct invst_period *p, struct invst_preview *out);
void invst_preview_free(struct invst_preview *pv);

/* Issues all invoices of period p in ONE immediate transaction: billing_update, the checks, one
 * invoice per member number numbered from the organisation's gap-free sequence of the invoice
 * date's year (today in the actor's zone; one sequence across years when the format has no year), lines, marks on the billing records, the run and its
 * ADMIN log line. Refusals, with nothing written: ST_INCOMPLETE (settings, *missing says which),
 * ST_CONFLICT (a run overlapping p exists), ST_BAD_MEMBER (a member without member number),
 * ST_NOT_FOUND (nothing to invoice). On ST_OK *run_id and *count are set. */
int invst_issue(const struct actor *a, const struct invst_period *p, int64_t *run_id, int *count, unsigned *missing);

/* Issues the cancellation invoice ("Stornorechnung") of invoice id: its own number from the
 * sequence, every line negated, a reference to the original, the original's billing records
 * released (so they appear in the next run), an ADMIN log line. ST_NOT_FOUND, ST_ALREADY (the
 * invoice is cancelled already or is itself a cancellation), ST_IN_USE (a later invoice that is not
 * cancelled corrects this one's records: cancel that one first), ST_INCOMPLETE. *cancel_id is set. */
int invst_cancel(const struct actor *a, int64_t id, int64_t *cancel_id);

/* ---- Reading invoices. */

struct invst_line {
	int64_t booking_id, start, end, minutes, km, time_price, km_price, amount;
	int share_pct;
	int correction;
	char kind[12], vehicle[128], tariff[128];
};

struct invst_invoice {
	int64_t id, run_id, cancels, cancelled_by, member_id;
	char number[INV_NUMBER_MAX], cancels_number[INV_NUMBER_MAX], cancelled_by_number[INV_NUMBER_MAX];
	char member_no[64], name[256], address[512], period[24];
	char inv_date[12], due_date[12];
	int64_t t0, t1, issued_at, net, vat, gross;
	enum inv_vat vat_mode;
	int vat_rate;
	char org_name[128], org_address[512], iban[64];
	char handover[256];       /* "DATEV 02.12.2026 EXTF_...; ..." or "" */
	struct invst_line *lines; /* malloc'd, nlines entries */
	int nlines;
};

/* Loads invoice id with its lines for actor a: administrators any of their organisation's, a member
 * only one with their own member number (ST_FORBIDDEN for another member's). ST_NOT_FOUND for other
 * organisations' and unknown ids. Free with invst_invoice_free. */
int invst_invoice_load(const struct actor *a, int64_t id, struct invst_invoice *inv);
void invst_invoice_free(struct invst_invoice *inv);

/* The ids of the invoices of run run_id of org_id, in number order (malloc'd *ids). ST_NOT_FOUND. */
int invst_run_ids(int64_t org_id, int64_t run_id, int64_t **ids, int *n);

/* A list filter. period "" any; member_no "" any; state "", "issued" (neither cancelled nor a
 * cancellation), "cancelled", "cancellation", "transferred" (handed over). own: the actor's member
 * number only (members' view; then an actor without member number sees nothing). */
struct invst_filter {
	char period[24], member_no[64], state[16];
	bool own;
};

struct invst_row {
	int64_t id, run_id, gross;
	const char *number, *member_no, *name, *period, *inv_date, *cancels_number, *cancelled_by_number;
	const char *handover;     /* "datev: FILE (date)" lines joined by "; ", or "" */
};

/* Calls fn for every invoice of the actor's organisation matching f, newest first; fn returns 0 to
 * go on. Text pointers are valid during the call. */
int invst_list(const struct actor *a, const struct invst_filter *f, int (*fn)(void *ctx, const struct invst_row *row), void *ctx);

/* ---- Hand-over to accounting. */

/* One part of an invoice for an accounting file: its lines of one tariff summed. */
struct invst_part {
	int64_t invoice_id, cancels, amount;
	char number[INV_NUMBER_MAX], member_no[64], name[256], inv_date[12], period[24], tariff[128];
	int64_t t1;               /* end of the invoice's billing period (UTC) */
	int64_t gross;            /* the whole invoice's gross */
	int64_t account;          /* the tariff's revenue account, 0 when unmapped */
	enum inv_vat vat_mode;
	int vat_rate;
	bool handed;              /* already in a file of this target */
};

/* The parts (one per invoice and tariff, ordered by invoice number) of org_id's invoices whose
 * billing period lies in [t0, t1), for target "datev" or "lexware"; with all false only invoices
 * not yet handed over to that target. malloc'd *parts. */
int invst_parts(int64_t org_id, int64_t t0, int64_t t1, const char *target, bool all, struct invst_part **parts, int *n);

/* Records that the invoices ids[0..n) went into file for target, with one ADMIN log line. */
int invst_handover(const struct actor *a, const char *target, const char *file, const int64_t *ids, int n);

/* The actor's member number (for the members' own invoices). */
int invst_own_member_no(const struct actor *a, char *out, size_t size);

#endif
