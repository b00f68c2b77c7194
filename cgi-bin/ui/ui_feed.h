/* ui_feed: calendar feeds — the iCalendar file behind a secret token (with ETag and Last-Modified), and the page where members and administrators enable, regenerate and revoke them. */
#ifndef WB_UI_FEED_H
#define WB_UI_FEED_H

#include "http/app.h"

/* Routes of the calendar page (cgi-bin/calendar.c). */
int ui_feed_ics(struct req *r);         /* GET /calendar/feed.ics?token=...  (no session: the token is the key) */
int ui_feed_page(struct req *r);        /* GET /calendar/feed  NEEDS_LOGIN */
int ui_feed_do(struct req *r);          /* POST /calendar/feed  NEEDS_LOGIN | MUTATES: action enable|revoke */
int ui_feed_do_vehicle(struct req *r);  /* POST /calendar/feed/vehicle/#  NEEDS_ADMIN | MUTATES */

#endif
