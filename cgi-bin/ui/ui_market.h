/* ui_market: the handlers of the market page's routes (cgi-bin/market.c), one per screen or action. */
#ifndef WB_UI_MARKET_H
#define WB_UI_MARKET_H

#include "http/app.h"

/* The market pages' frame: the current portal (query or cookie) into *portal, the navigation with
 * section marked, the portal switch. Returns 0, or the status of the answer it gave (404 for a
 * portal the organisation may not use, 503/500 on a database failure). */
int ui_market_begin(struct req *r, const char *section, int64_t *portal);

/* Each answers one route of the market page's table; the route's flags were checked before. */
int ui_market_market(struct req *r);
int ui_market_vehicle(struct req *r);
int ui_market_do_watch_on(struct req *r);
int ui_market_do_watch_off(struct req *r);
int ui_market_subscribe(struct req *r);
int ui_market_do_subscribe(struct req *r);
int ui_market_mine(struct req *r);
int ui_market_offer(struct req *r);
int ui_market_do_offer(struct req *r);
int ui_market_do_release(struct req *r);
int ui_market_do_withdraw(struct req *r);
int ui_market_do_list_on(struct req *r);
int ui_market_do_list_off(struct req *r);
int ui_market_bulk(struct req *r);
int ui_market_do_bulk(struct req *r);
int ui_market_watchlist(struct req *r);
int ui_market_do_watchlist(struct req *r);
int ui_market_subs(struct req *r);
int ui_market_sub(struct req *r);
int ui_market_do_sub(struct req *r);
int ui_market_do_cancel(struct req *r);
int ui_market_operator(struct req *r);
int ui_market_do_operator(struct req *r);
int ui_market_do_operator_remove(struct req *r);

/* GET /market/portal: after an administrator of an organisation in mini-markets signs in, the
 * choice of the portal to work in (each choice sets the portal cookie), and the way on to the
 * calendar. */
int ui_market_portal(struct req *r);

#endif
