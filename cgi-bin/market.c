/* market: the marketplace for administrators — the portal switch, the split-billing download (ui/ui_splitbill.c), own vehicles and their offers (release, withdrawal, bulk release), market vehicles with filters, the watchlist, subscriptions (single and bulk), and the portal operator's mini-markets. */
#include "http/door.h"
#include "ui/ui_market.h"
#include "ui/ui_splitbill.h"

/* The market page's routes: method, PATH_INFO pattern, handler and the access it needs. */
static const struct door_route routes[] = {
	{"GET", "", ui_market_market, NEEDS_ADMIN},
	{"GET", "/vehicle/#", ui_market_vehicle, NEEDS_ADMIN},
	{"POST", "/vehicle/#/watch", ui_market_do_watch_on, NEEDS_ADMIN | MUTATES},
	{"POST", "/vehicle/#/unwatch", ui_market_do_watch_off, NEEDS_ADMIN | MUTATES},
	{"GET", "/vehicle/#/subscribe", ui_market_subscribe, NEEDS_ADMIN},
	{"POST", "/vehicle/#/subscribe", ui_market_do_subscribe, NEEDS_ADMIN | MUTATES},
	{"GET", "/mine", ui_market_mine, NEEDS_ADMIN},
	{"GET", "/mine/vehicle/#", ui_market_offer, NEEDS_ADMIN},
	{"POST", "/mine/vehicle/#", ui_market_do_offer, NEEDS_ADMIN | MUTATES},
	{"POST", "/mine/vehicle/#/release", ui_market_do_release, NEEDS_ADMIN | MUTATES},
	{"POST", "/mine/vehicle/#/withdraw", ui_market_do_withdraw, NEEDS_ADMIN | MUTATES},
	{"POST", "/mine/vehicle/#/list", ui_market_do_list_on, NEEDS_ADMIN | MUTATES},
	{"POST", "/mine/vehicle/#/unlist", ui_market_do_list_off, NEEDS_ADMIN | MUTATES},
	{"GET", "/mine/bulk", ui_market_bulk, NEEDS_ADMIN},
	{"POST", "/mine/bulk", ui_market_do_bulk, NEEDS_ADMIN | MUTATES},
	{"GET", "/watchlist", ui_market_watchlist, NEEDS_ADMIN},
	{"POST", "/watchlist", ui_market_do_watchlist, NEEDS_ADMIN | MUTATES},
	{"GET", "/subscriptions", ui_market_subs, NEEDS_ADMIN},
	{"GET", "/subscriptions/#", ui_market_sub, NEEDS_ADMIN},
	{"POST", "/subscriptions/#", ui_market_do_sub, NEEDS_ADMIN | MUTATES},
	{"POST", "/subscriptions/#/cancel", ui_market_do_cancel, NEEDS_ADMIN | MUTATES},
	{"GET", "/portal", ui_market_portal, NEEDS_ADMIN},
	{"GET", "/billing", ui_splitbill_page, NEEDS_ADMIN},   /* ui/ui_splitbill.c: the form, or the file it asks for */
	{"GET", "/operator/minimarkets", ui_market_operator, NEEDS_ADMIN | NEEDS_OPERATOR},
	{"POST", "/operator/minimarkets", ui_market_do_operator, NEEDS_ADMIN | NEEDS_OPERATOR | MUTATES},
	{"POST", "/operator/minimarkets/#/remove", ui_market_do_operator_remove, NEEDS_ADMIN | NEEDS_OPERATOR | MUTATES},
};

int main(void)
{
	return door_run("market", routes, sizeof routes / sizeof routes[0]);
}
