/* ui_request: "Zugang anfordern" — the public request form and its confirmation link, and the administrators' list to accept or decline. */
#ifndef WB_UI_REQUEST_H
#define WB_UI_REQUEST_H

#include "http/app.h"

int ui_request_form(struct req *r);       /* GET /login/request */
int ui_request_do(struct req *r);         /* POST /login/request  MUTATES */
int ui_request_confirm(struct req *r);    /* GET /login/confirm?token=... */
int ui_request_list(struct req *r);       /* GET /admin/requests  NEEDS_ADMIN */
int ui_request_do_accept(struct req *r);  /* POST /admin/requests/#/accept  NEEDS_ADMIN | MUTATES */
int ui_request_do_decline(struct req *r); /* POST /admin/requests/#/decline  NEEDS_ADMIN | MUTATES */

#endif
