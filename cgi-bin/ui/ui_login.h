/* ui_login: the handlers of the login page's routes (cgi-bin/login.c), one per screen or action. */
#ifndef WB_UI_LOGIN_H
#define WB_UI_LOGIN_H

#include "http/app.h"

/* Each answers one route of the login page's table; the route's flags were checked before. */
int ui_login_login(struct req *r);
int ui_login_do_login(struct req *r);
int ui_login_do_logout(struct req *r);
int ui_login_password(struct req *r);
int ui_login_do_password(struct req *r);

#endif
