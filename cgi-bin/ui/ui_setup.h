/* ui_setup: the one-time web set-up of an empty installation: its first organisation and administrator, guarded by the set-up token. */
#ifndef WB_UI_SETUP_H
#define WB_UI_SETUP_H

#include "http/app.h"

/* GET /login/setup: the form while the installation has no organisation (writing the token file
 * beside the database when it is missing), 404 for good once one exists. */
int ui_setup_form(struct req *r);

/* POST /login/setup: checks the token, the fields and the password rule (422 with the form and the
 * input kept, passwords never echoed), creates the organisation, its first area and administrator
 * in one transaction, removes the token file and answers 303 to the sign-in page; 404 once an
 * organisation exists (also when another request created it first). */
int ui_setup_do(struct req *r);

#endif
