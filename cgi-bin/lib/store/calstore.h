/* calstore (cal_): the calendar's reads — an organisation's areas, the grid's vehicles and bookings of an area and window as one streamed cursor, and the booking form's choices. */
#ifndef WB_CALSTORE_H
#define WB_CALSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

/* Results of this module (enum store_status, store/store.h): ST_OK, ST_NOT_FOUND (cal_area_get),
 * ST_BUSY, ST_ERROR. Nothing here writes. */

/* Sort numbers above this hide an area from members (administrators still see it). */
#define CAL_AREA_HIDDEN_ABOVE 90

/* One area. Text is copied (cut on a character boundary). */
struct cal_area {
	int64_t id;
	char name[256];
	bool hidden;            /* sort number above CAL_AREA_HIDDEN_ABOVE */
};

/* Calls fn for each area of org_id shown in the calendar's list (not hidden), ordered by sort
 * number, name, id. Returns ST_OK or the failure. */
typedef void (*cal_area_fn)(void *ctx, const struct cal_area *a);
enum store_status cal_areas(int64_t org_id, cal_area_fn fn, void *ctx);

/* Loads area id of org_id (hidden or not) into out: ST_OK, ST_NOT_FOUND (no such area in that
 * organisation, including another organisation's), ST_BUSY, ST_ERROR. */
enum store_status cal_area_get(int64_t org_id, int64_t id, struct cal_area *out);

/* The data generation: it changes with every change a calendar shows (db.h db_generation), so
 * a grid rendered at one generation stays right until it changes (pagecache, ETag). */
int64_t cal_generation(void);

/* ---- The grid: the rows of one area in the window [t0, t1).
 *
 * The rows come in two parts: the organisation's own vehicles of the area (ordered by sort
 * number, name, id), then the shared vehicles it subscribed into the area (active, visible,
 * offer still released, another organisation's) under their local names (ordered by name, id).
 * Each vehicle step is followed by that vehicle's active bookings reaching into the window, by
 * start. The read streams straight from two statements per part (vehicles, and their bookings in
 * the same order), so no row is kept in memory; for own vehicles that order is the order of the
 * indexes, so SQLite does not sort. */

/* What one step of the grid cursor yields. */
enum cal_step {
	CAL_END = 0,            /* no rows left (or a failure: see cal_grid_close) */
	CAL_VEHICLE,            /* row.v is the next vehicle */
	CAL_BOOKING             /* row.b is the next booking of the last vehicle */
};

/* A row's vehicle. own: the organisation owns it (first part); else a subscribed shared vehicle.
 * link_mode: booked at the owner's site; link_url: that site as stored (unchecked). */
struct cal_vehicle {
	int64_t id;
	const char *name, *descr, *link_url;
	bool link_mode, own;
};

/* A booking of the last vehicle. org_id is the booking's organisation; org_name is empty for the
 * viewing organisation's own bookings, else that organisation's name. */
struct cal_booking {
	int64_t id, vehicle_id, start, end, member_id, org_id;
	const char *login, *member_descr, *purpose, *org_name;
};

/* One step's data. The text pointers belong to the statements: a vehicle's stay valid until the
 * next CAL_VEHICLE or CAL_END step, a booking's until the next step. */
struct cal_row {
	struct cal_vehicle v;
	struct cal_booking b;
};

/* A read of one grid. */
struct cal_grid {
	int64_t area, org, t0, t1;
	int part;                /* 0 own vehicles, 1 shared ones, 2 done */
	sqlite3_stmt *vs, *bs;   /* the part's vehicles and bookings */
	int brc;                 /* the last step of bs */
	int64_t vehicle;         /* id of the last vehicle yielded */
	enum store_status status;
};

/* Starts the read of area's grid as seen by org_id in [t0, t1) (t0 < t1). The caller has checked
 * that the area is org_id's (cal_area_get). Returns ST_OK or the failure. */
enum store_status cal_open(struct cal_grid *g, int64_t org_id, int64_t area, int64_t t0, int64_t t1);

/* Steps to the next vehicle or booking and fills row; CAL_END when none is left or the read
 * failed (then cal_close says why). */
enum cal_step cal_next(struct cal_grid *g, struct cal_row *row);

/* Ends the read (resets the statements). Returns ST_OK when every row was read, else the failure. */
enum store_status cal_close(struct cal_grid *g);

/* ---- The booking form's choices. */

/* A vehicle to choose: area name, hidden (a hidden area, or a subscription the organisation
 * keeps invisible to members). Text pointers are valid during the callback only. */
struct cal_choice {
	int64_t id;
	const char *name, *descr, *area;
	bool hidden;
};

/* Calls fn for the vehicles the actor may choose in the booking form: own vehicles, then the
 * shared ones the organisation subscribed that its members may book here (offer released, not in
 * Link mode), in the order of the calendar's rows; hidden ones only for administrators. */
typedef void (*cal_choice_fn)(void *ctx, const struct cal_choice *c);
enum store_status cal_vehicle_choices(int64_t org_id, bool is_admin, cal_choice_fn fn, void *ctx);

/* A member to choose (administrators book for members). Valid during the callback only. */
struct cal_member {
	int64_t id;
	const char *login, *descr;
};

/* Calls fn for every member of org_id, by login. */
typedef void (*cal_member_fn)(void *ctx, const struct cal_member *m);
enum store_status cal_member_choices(int64_t org_id, cal_member_fn fn, void *ctx);

#endif
