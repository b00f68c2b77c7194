/* requeststore: "Zugang anfordern" — access requests confirmed by a mailed link, then accepted (creating the member) or declined by the organisation's administrators. */
#ifndef WB_REQUESTSTORE_H
#define WB_REQUESTSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REQUESTSTORE_CONFIRM_TTL 86400  /* the confirmation link and the set-password link: one day */

/* Results (enum store_status): ST_OK; ST_FORBIDDEN (the organisation takes no requests);
 * ST_DUPLICATE (the login name is taken by a member or a pending request); ST_NOT_FOUND (an
 * unknown, used or expired link; no open request of that number in the actor's organisation);
 * ST_BUSY; ST_ERROR. */

/* An organisation that takes requests. */
struct requeststore_org {
	int64_t id;
	char name[128];
};

/* The organisations whose administrators switched requests on, by name; returns the count. */
int requeststore_orgs(struct requeststore_org *out, int max);

/* Records a request (login upper-case and valid, name, address checked by the caller) as
 * unconfirmed and queues the confirmation link <base>/login/confirm?token=... to email, where base
 * is the organisation's public address or base_fallback. */
enum store_status requeststore_create(int64_t org_id, const char *login, const char *name, const char *email,
                                 int64_t now, const char *base_fallback);

/* Confirms the address of a request by its link: the request is then open, and the organisation's
 * administrators who have an address are told. *org_name for the answer page. */
enum store_status requeststore_confirm(const char *token, int64_t now, const char *base_fallback, char *org_name,
                                  size_t n);

/* One open request for the administrators. */
struct requeststore_row {
	int64_t id, created_at;
	char login[64], name[256], email[256];
};
int requeststore_open_list(const struct actor *a, struct requeststore_row *out, int max);

/* Accepts open request id: creates the member (login checked again: ST_DUPLICATE), with the name as
 * description and the confirmed address, and mails them a link to set their password; all in one
 * transaction with its action-log line. *member_id is the new member. */
enum store_status requeststore_accept(const struct actor *a, int64_t id, const char *base_fallback, int64_t *member_id);

/* Declines open request id and tells the person. */
enum store_status requeststore_decline(const struct actor *a, int64_t id);

#endif
