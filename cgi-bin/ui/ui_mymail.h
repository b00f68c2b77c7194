/* ui_mymail: a member's own e-mail address (changed only through a link sent to the new address) and which mails they get. */
#ifndef WB_UI_MYMAIL_H
#define WB_UI_MYMAIL_H

#include "http/app.h"

int ui_mymail_form(struct req *r);     /* GET /login/mail  NEEDS_LOGIN */
int ui_mymail_do(struct req *r);       /* POST /login/mail  NEEDS_LOGIN | MUTATES */
int ui_mymail_confirm(struct req *r);  /* GET /login/mail/confirm?token=... */

#endif
