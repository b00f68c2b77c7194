/* ui_calendar: the handlers of the calendar page's routes (cgi-bin/calendar.c), one per screen or action. */
#ifndef WB_UI_CALENDAR_H
#define WB_UI_CALENDAR_H

#include "http/app.h"

/* Each answers one route of the calendar page's table; the route's flags were checked before. */
int ui_calendar_calendar(struct req *r);
int ui_calendar_mine(struct req *r);
int ui_calendar_own_css(struct req *r);
int ui_calendar_new(struct req *r);
int ui_calendar_do_new(struct req *r);
int ui_calendar_booking(struct req *r);
int ui_calendar_edit(struct req *r);
int ui_calendar_do_edit(struct req *r);
int ui_calendar_do_delete(struct req *r);
int ui_calendar_trip(struct req *r);
int ui_calendar_do_trip(struct req *r);
int ui_calendar_missing_trips(struct req *r);

#endif
