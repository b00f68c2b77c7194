/* ui_mail: the administrators' "E-Mails" page (settings, outbox, resend, cron status) and a member's address set by an administrator. */
#ifndef WB_UI_MAIL_H
#define WB_UI_MAIL_H

#include "http/app.h"

/* Routes of the admin page (cgi-bin/admin.c), all NEEDS_ADMIN; the POSTs MUTATES. */
int ui_mail_page(struct req *r);            /* GET /admin/mail */
int ui_mail_do_settings(struct req *r);     /* POST /admin/mail */
int ui_mail_do_resend(struct req *r);       /* POST /admin/mail/#/resend */
int ui_mail_member(struct req *r);          /* GET /admin/members/#/mail */
int ui_mail_do_member(struct req *r);       /* POST /admin/members/#/mail */

#endif
