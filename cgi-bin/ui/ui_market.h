/* ui_market: the handlers of the market page's routes (cgi-bin/market.c), one per screen or action. */
#ifndef WB_UI_MARKET_H
#define WB_UI_MARKET_H

#include "http/app.h"

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

#endif
