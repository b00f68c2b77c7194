/* tryton: the accounting connector — JSON-RPC calls to a Tryton 6 server (libcurl, jansson), each
 * bounded by a connect and a total timeout, made outside any database transaction. */
#ifndef WB_TRYTON_H
#define WB_TRYTON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What went wrong, each in words of its own for the administrator (the caller maps it to a language
 * string; tryton.detail carries the server's own text, the URL or the missing item). */
enum tryton_status {
	TRYTON_OK = 0,
	TRYTON_UNREACHABLE,   /* no answer from the URL within the timeouts (detail: the URL and curl's reason) */
	TRYTON_BAD_DATABASE,  /* the server answers, but has no such database */
	TRYTON_BAD_LOGIN,     /* wrong user or password */
	TRYTON_NO_RIGHTS,     /* the user may not create invoices or parties (detail: the model) */
	TRYTON_MISSING,       /* a mapped account, journal or payment term does not exist (detail: which) */
	TRYTON_REFUSED,       /* the server refused the call with a message (detail: its text) */
	TRYTON_PROTOCOL,      /* an answer that is no JSON-RPC answer (detail: HTTP status) */
	TRYTON_NO_ADDRESS,    /* callers' verdict: the party has no address to invoice to (detail: its code) */
	TRYTON_EMPTY          /* callers' verdict: nothing to book, every line is zero (detail: the number) */
};

#define TRYTON_DETAIL_MAX 400

/* One connection: the settings, then the session after tryton_login. Not shared between threads. */
struct tryton {
	char url[256];        /* e.g. http://127.0.0.1:8000 — the database name is appended as a path */
	char db[64];
	char login[64];
	char password[128];
	long connect_ms, total_ms;   /* libcurl's CONNECTTIMEOUT_MS and TIMEOUT_MS */
	int64_t uid;
	char session[192];
	int64_t company;             /* the user's company, from its preferences */
	char detail[TRYTON_DETAIL_MAX];
	void *curl;                  /* CURL *, kept for connection reuse */
	int next_id;
};

/* The accounts and the journal an invoice is booked with (ids in Tryton). */
struct tryton_mapping {
	int64_t receivable, revenue, journal, payment_term;
};

/* A customer (party) with its first address. */
struct tryton_party {
	int64_t id, address_id;
	char code[64], name[192], street[192], postal_code[32], city[96];
};

/* One invoice line: text and amount in cents (negative on a credit note). */
struct tryton_line {
	const char *description;
	int64_t cents;
	int64_t account;
};

/* An invoice to create and post. reference is the Wagenbuch invoice number (how a retry finds it). */
struct tryton_invoice_in {
	const char *reference, *description, *date;   /* date "YYYY-MM-DD" */
	int64_t party, address;
	const struct tryton_line *lines;
	size_t nlines;
};

/* Fills t for a server; strings are copied, cut on character boundaries. Timeouts default to
 * 3 s connect and 15 s total. */
void tryton_init(struct tryton *t, const char *url, const char *db, const char *login, const char *password);

/* Releases the curl handle; t may be initialised again. */
void tryton_free(struct tryton *t);

/* Signs in (common.db.login) and reads the user's company. TRYTON_OK with t->uid and t->session set. */
enum tryton_status tryton_login(struct tryton *t);

/* "Verbindung testen": signs in, checks the rights to create invoices and parties, and that each
 * non-zero id of m exists. The first failure is returned, with its detail. */
enum tryton_status tryton_check(struct tryton *t, const struct tryton_mapping *m);

/* The party with code, if any (*found), with its first address. */
enum tryton_status tryton_party_find(struct tryton *t, const char *code, struct tryton_party *out, bool *found);

/* Creates a party (p->code, p->name) and its address; fills p->id and p->address_id. */
enum tryton_status tryton_party_create(struct tryton *t, struct tryton_party *p);

/* Calls fn for every party with a code (ordered by code), up to max parties, except the company's own. */
enum tryton_status tryton_parties(struct tryton *t, size_t max, void (*fn)(void *ctx, const struct tryton_party *p), void *ctx);

/* The customer invoice whose reference is ref, if any (*found): its id, Tryton number and state. */
enum tryton_status tryton_invoice_find(struct tryton *t, const char *ref, int64_t *id, char *number, size_t nsize,
                                       char *state, size_t ssize, bool *found);

/* Creates a customer invoice from in with the mapping's receivable account, journal and payment
 * term, and posts it. *id and number (Tryton's) on TRYTON_OK. Not idempotent by itself: callers
 * look the reference up first (tryton_invoice_find). */
enum tryton_status tryton_invoice_post(struct tryton *t, const struct tryton_mapping *m, const struct tryton_invoice_in *in,
                                       int64_t *id, char *number, size_t nsize);

/* Posts the existing (draft or validated) customer invoice id whose reference is ref — the half of a
 * transfer that a crash or timeout left behind — and reads Tryton's number back. */
enum tryton_status tryton_invoice_post_id(struct tryton *t, int64_t id, const char *ref, char *number, size_t nsize);

#endif
