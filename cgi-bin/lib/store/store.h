/* store (store_, actor, ST_, user, org): what every store module shares — the one actor type, the signed-in user and organisation, and the one result status. */
#ifndef WB_STORE_H
#define WB_STORE_H

#include <stdbool.h>
#include <stdint.h>

/* Who acts, in which organisation, under which rules; filled once per request by ui_actor(). */
struct actor {
	int64_t member_id;
	int64_t org_id;
	const char *login;
	bool is_admin;
	const char *tz;
	int cancel_hours;
	int grid_minutes;
	int64_t now;
	const char *session_csrf;   /* the csrf token of the actor's session: names it (NULL: none) */
};

/* The signed-in member and their organisation, as store/sessionstore loads them for a session. */
struct user {
	int64_t id;
	char login[64];
	char descr[256];
	bool is_admin;
	bool is_operator;         /* the portal operator: mini-markets (NEEDS_OPERATOR) */
	char csrf[65];
};

struct org {
	int64_t id;
	char name[128];
	char tz[64];
	int cancel_hours;
	int grid_minutes;
	char lang[3];
	char billing_period[8];
};

/* The result of every store function (and of db.c underneath). ST_OK is 0; ST_BUSY means the
 * database stayed locked past the busy timeout (503 with Retry-After); ST_ERROR is anything
 * unexpected (logged, 500). The others are refusals a page explains to the user; the header
 * of each store says which of them its functions return and what they mean there. */
enum store_status {
	ST_OK = 0,
	ST_BUSY,
	ST_ERROR,
	ST_NOT_FOUND,        /* no such row in the actor's organisation */
	ST_FORBIDDEN,        /* the actor may not do this to that row */
	ST_DUPLICATE,        /* a name or login already taken */
	ST_NAME_TAKEN,       /* a vehicle's local name used by a vehicle or an active subscription */
	ST_BAD_AREA,         /* the area given is not the organisation's */
	ST_BAD_TARIFF,       /* the tariff given is not the organisation's */
	ST_BAD_VEHICLE,      /* the vehicle given cannot be booked by the actor */
	ST_BAD_MEMBER,       /* the member given is not the organisation's, or not the actor */
	ST_HAS_VEHICLES,     /* an area still has vehicles */
	ST_LAST_AREA,        /* the organisation's only area */
	ST_SELF,             /* the actor would delete, lock or demote themselves */
	ST_IN_USE,           /* still referenced by other records */
	ST_RELEASED_NAME,    /* a released vehicle keeps its name while the release stands */
	ST_RELEASED_TARIFF,  /* ... and its tariff */
	ST_SPAN,             /* a booking's span breaks a rule */
	ST_CONFLICT,         /* overlaps an active booking */
	ST_NOT_ACTIVE,       /* the booking is already cancelled */
	ST_ENDED,            /* the booking is over */
	ST_NOT_ENDED,        /* the booking has not ended yet */
	ST_END_BELOW_START,  /* odometer: end reading below the start reading */
	ST_BELOW_LAST,       /* odometer: below the vehicle's last known reading */
	ST_RANGE,            /* a number outside its allowed range */
	ST_FILE,             /* an uploaded file that cannot be read at all */
	ST_ROWS,             /* an uploaded file whose rows have errors */
	ST_INCOMPLETE,       /* offer data missing for a release */
	ST_LOCKED,           /* a field locked while the vehicle is released */
	ST_RELEASED,         /* already released in another portal */
	ST_NOT_RELEASED,     /* not (or no longer) released where the actor can see it */
	ST_NOT_LISTED,       /* bulk release of a vehicle not on the release list */
	ST_OWN,              /* subscribing to or watching an own vehicle */
	ST_ALREADY,          /* already subscribed */
	ST_RATE_CHANGED      /* the split rate is not the one the administrator confirmed */
};


#endif
