/* ui_reset: "Passwort vergessen" — ask for a reset link (the same answer whether or not the account exists, throttled) and set a new password with it. */
#ifndef WB_UI_RESET_H
#define WB_UI_RESET_H

#include "http/app.h"

/* Routes of the login page (cgi-bin/login.c); none needs a session, the POSTs MUTATES. */
int ui_reset_form(struct req *r);     /* GET /login/reset */
int ui_reset_do(struct req *r);       /* POST /login/reset */
int ui_reset_new(struct req *r);      /* GET /login/reset/new?token=... */
int ui_reset_do_new(struct req *r);   /* POST /login/reset/new */

#endif
