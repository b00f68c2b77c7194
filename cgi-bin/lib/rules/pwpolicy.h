/* pwpolicy (pwp_): whether a new administrator password is strong enough; pure, no I/O. */
#ifndef WB_PWPOLICY_H
#define WB_PWPOLICY_H

/* Shortest password (in characters) that wagenbuch-admin and the set-up form accept for an
 * administrator: longer than PASSWORD_MIN (8) of ordinary members, since it guards every member. */
#define PWP_ADMIN_MIN 10

enum pwp_verdict {
	PWP_OK = 0,
	PWP_SHORT,     /* fewer than PWP_ADMIN_MIN characters */
	PWP_LOGIN,     /* contains the login name (case-insensitive; logins of 3 or more characters) */
	PWP_MONOTONE,  /* at most two distinct characters, or a run such as "1234567890" / "abcdefghij" */
	PWP_COMMON     /* one of the best-known passwords (passwort123, qwertzuiop ...) */
};

/* Judges password (UTF-8, NUL-terminated) as the administrator login's new password (login may be
 * NULL or empty). Returns PWP_OK or the first reason it is weak. */
enum pwp_verdict pwp_check(const char *password, const char *login);

/* The lang key (templates/lang/setup.*.hdf, under "setup.") of a verdict, e.g. "pw_short"; "" for PWP_OK. */
const char *pwp_key(enum pwp_verdict v);

#endif
