/* mailstore: an organisation's mail settings and its members' addresses and mail preferences. */
#ifndef WB_MAILSTORE_H
#define WB_MAILSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results (enum store_status): ST_OK; ST_NOT_FOUND (no such member in the actor's organisation);
 * ST_BUSY; ST_ERROR. */

/* An organisation's mail settings. smtp_password is the sealed text (store/sealed.h), never plain;
 * has_password tells whether one is set. */
struct mailstore_settings {
	char sender[256];
	char transport[12];      /* none, smtp, sendmail */
	char smtp_host[256];
	int smtp_port;
	char smtp_security[12];  /* starttls, tls, none */
	char smtp_user[256];
	char smtp_password[1024];
	bool has_password;
	char base_url[256];
	int reminder_minutes;
	bool requests_enabled;
};

/* Loads org_id's settings, or the defaults (transport none, port 587, STARTTLS, reminders 120
 * minutes before, access requests off) when none were saved. */
enum store_status mailstore_settings_load(int64_t org_id, struct mailstore_settings *out);

/* Saves the actor's organisation's settings from in, except the password: sealed_password NULL
 * keeps the stored one, "" removes it, else it is the new sealed text. Writes an ADMIN line that
 * names the fields changed (never the password's value). */
enum store_status mailstore_settings_save(const struct actor *a, const struct mailstore_settings *in,
                                          const char *sealed_password);

/* A member's address and preferences. */
struct mailstore_member {
	int64_t member_id;
	char login[64];
	char email[256], pending_email[256];
	bool off_booking, off_reminder, off_trip;
};

/* Loads member_id of the actor's organisation (empty address when none was set). */
enum store_status mailstore_member_load(const struct actor *a, int64_t member_id, struct mailstore_member *out);

/* The administrator sets member_id's address (email "" removes it) and preferences, with an ADMIN
 * line. */
enum store_status mailstore_member_save(const struct actor *a, int64_t member_id, const struct mailstore_member *in);

/* The member's own preferences (the address is changed by mailstore_email_*). */
enum store_status mailstore_prefs_save(const struct actor *a, bool off_booking, bool off_reminder, bool off_trip);

/* The member asks to use new_email (checked by the caller): it waits as pending_email and a
 * confirmation link <base>/login/mail/confirm?token=... (valid a day) goes to the new address, where
 * base is the organisation's public address or base_fallback. ST_FORBIDDEN when the organisation
 * sends no mail or has no public address. */
enum store_status mailstore_email_request(const struct actor *a, const char *new_email, const char *base_fallback);

/* Confirms a new address by its link: it becomes the member's address (when it is still the one
 * waiting). ST_NOT_FOUND for an unknown, used, expired or superseded link. */
enum store_status mailstore_email_confirm(const char *token, int64_t now, char *email, size_t n);

#endif
