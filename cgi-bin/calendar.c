/* calendar: the booking calendar of an area (week and day), "my bookings", and booking view, create, edit and delete. */
#include "http/door.h"
#include "ui/ui_calendar.h"
#include "ui/ui_feed.h"

/* The calendar page's routes: method, PATH_INFO pattern, handler and the access it needs. */
static const struct door_route routes[] = {
	{"GET", "", ui_calendar_calendar, NEEDS_LOGIN},
	{"GET", "/mine", ui_calendar_mine, NEEDS_LOGIN},
	{"GET", "/own.css", ui_calendar_own_css, 0},
	{"GET", "/booking/new", ui_calendar_new, NEEDS_LOGIN},
	{"POST", "/booking/new", ui_calendar_do_new, NEEDS_LOGIN | MUTATES},
	{"GET", "/booking/#", ui_calendar_booking, NEEDS_LOGIN},
	{"GET", "/booking/#/edit", ui_calendar_edit, NEEDS_LOGIN},
	{"POST", "/booking/#/edit", ui_calendar_do_edit, NEEDS_LOGIN | MUTATES},
	{"POST", "/booking/#/delete", ui_calendar_do_delete, NEEDS_LOGIN | MUTATES},
	{"GET", "/booking/#/trip", ui_calendar_trip, NEEDS_LOGIN},
	{"POST", "/booking/#/trip", ui_calendar_do_trip, NEEDS_LOGIN | MUTATES},
	{"GET", "/trips/missing", ui_calendar_missing_trips, NEEDS_ADMIN},
	{"GET", "/feed.ics", ui_feed_ics, 0},
	{"GET", "/feed", ui_feed_page, NEEDS_LOGIN},
	{"POST", "/feed", ui_feed_do, NEEDS_LOGIN | MUTATES},
	{"POST", "/feed/vehicle/#", ui_feed_do_vehicle, NEEDS_ADMIN | MUTATES},
};

int main(void)
{
	return door_run("calendar", routes, sizeof routes / sizeof routes[0]);
}
