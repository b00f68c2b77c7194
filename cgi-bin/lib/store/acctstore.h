/* acctstore (acct_): the accounting connection of an organisation (table accounting) — settings with the
 * sealed password, and the outcome of each connection test, each change one immediate transaction
 * with its ADMIN line (never the password). */
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

#endif
