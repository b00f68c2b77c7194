/* accountstore: self-service on accounts — password reset by a mailed one-time link, throttled, and the organisations offered on the public forms. */
#ifndef WB_ACCOUNTSTORE_H
#define WB_ACCOUNTSTORE_H

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define ACCOUNTSTORE_RESET_TTL      3600  /* a reset link is valid for an hour */
#define ACCOUNTSTORE_RESET_WHO_MAX  5     /* requests per account name (or address) and window */
#define ACCOUNTSTORE_RESET_ADDR_MAX 20    /* requests per client address and window */

/* Results (enum store_status): ST_OK; ST_RANGE (throttled: *retry_after seconds); ST_NOT_FOUND
 * (a link that is unknown, used or expired); ST_BUSY; ST_ERROR. */

/* One organisation for a public form. */
struct accountstore_org {
	int64_t id;
	char name[128];
	char lang[3];
};

/* The install's organisations by name, at most max into out; returns how many (-1 on failure). */
int accountstore_orgs(struct accountstore_org *out, int max);

/* A password-reset request for who (a login name, any case, or an e-mail address) in org_id from
 * client address addr, throttled per who and per address within window seconds. When it names an
 * unlocked member with an address and the organisation sends mail and has a public address
 * (mail_settings.base_url, else base_fallback), one link <base>/login/reset/new?token=<secret> is
 * queued to the member and their older links stop working. The request is recorded in every case,
 * so the work done does not tell whether the account exists: ST_OK either way, ST_RANGE when
 * throttled. *queued tells the caller (for logs and tests only, never the answer). */
enum store_status accountstore_reset_request(int64_t org_id, const char *who, const char *addr, int64_t now,
                                        int window, const char *base_fallback, int64_t *retry_after, int *queued);

/* Checks a reset link without using it: ST_OK with the member's login and org. */
enum store_status accountstore_reset_check(const char *token, int64_t now, char *login, size_t n, int64_t *org_id);

/* Uses a reset link: sets pw_hash, ends all of the member's sessions and logs the change, in one
 * transaction; the link never works again. ST_NOT_FOUND for an unknown, used or expired link.
 * *member_id is the member whose password was set. */
enum store_status accountstore_reset_apply(const char *token, const char *pw_hash, int64_t now, int64_t *member_id);

#endif
