/* login: sign in (organisation, login, password, "stay logged in"), sign out, change own password. */
#include "http/door.h"
#include "ui/ui_login.h"
#include "ui/ui_setup.h"
#include "ui/ui_mymail.h"
#include "ui/ui_request.h"
#include "ui/ui_reset.h"

/* The login page's routes: method, PATH_INFO pattern, handler and the access it needs. */
static const struct door_route routes[] = {
	{"GET", "", ui_login_login, 0},
	{"POST", "", ui_login_do_login, 0},
	{"POST", "/logout", ui_login_do_logout, NEEDS_LOGIN | MUTATES},
	{"GET", "/password", ui_login_password, NEEDS_LOGIN},
	{"POST", "/password", ui_login_do_password, NEEDS_LOGIN | MUTATES},
	{"GET", "/setup", ui_setup_form, 0},
	{"POST", "/setup", ui_setup_do, MUTATES},
	{"GET", "/reset", ui_reset_form, 0},
	{"POST", "/reset", ui_reset_do, MUTATES},
	{"GET", "/reset/new", ui_reset_new, 0},
	{"POST", "/reset/new", ui_reset_do_new, MUTATES},
	{"GET", "/request", ui_request_form, 0},
	{"POST", "/request", ui_request_do, MUTATES},
	{"GET", "/confirm", ui_request_confirm, 0},
	{"GET", "/mail", ui_mymail_form, NEEDS_LOGIN},
	{"POST", "/mail", ui_mymail_do, NEEDS_LOGIN | MUTATES},
	{"GET", "/mail/confirm", ui_mymail_confirm, 0},
};

int main(void)
{
	return door_run("login", routes, sizeof routes / sizeof routes[0]);
}
