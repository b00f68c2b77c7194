/* calgrid: the rows of the calendar grid (vehicles, free-slot links, bookings) written as HTML from C. */
#ifndef WB_CALGRID_H
#define WB_CALGRID_H

/* Why C and not a template: the rows are most of the page (350 cells and a few hundred bookings
 * for 50 vehicles), and building an HDF node per cell and booking and walking them with
 * ClearSilver's each/if took about half of a from-scratch render. Everything written here goes
 * through html.c's escaping; the frame around the rows (area choice, navigation, column heads)
 * stays in templates/calendar_grid.cs. */

#include <stdbool.h>
#include <stdint.h>

#include "base/timeutil.h"
#include "http/html.h"

/* One column: a day (week view) or an hour (day view). */
struct calgrid_col {
	int s;               /* first quarter-hour slot of the column in the window */
	const char *label;   /* "Mo 30.11." or "08", for the free-slot link's accessible name */
	const char *start;   /* "YYYY-MM-DDTHH:MM" for the free-slot link; NULL when past */
};

/* What every row shares: the view, the columns, the URL base and the words of the language. */
struct calgrid {
	struct html *out;
	bool week;                      /* week: a column is 96 slots wide; day: 4 */
	int ncols;
	const struct calgrid_col *cols;
	const char *base;               /* URL of the calendar page, e.g. "/calendar" */
	const char *word_book;          /* "Buchen": free-slot link label prefix */
	const char *word_book_ext;      /* Link mode: "Beim Anbieter buchen" */
	const char *word_link_mode;     /* Link mode note under the vehicle name */
	const char *word_vehicle;       /* "Fahrzeug": the head of the name column */
	const char *word_shared;        /* "geteiltes Fahrzeug": accessible text of the shared mark */
	bool has_now;                   /* the window holds the current time (else no day is today) */
	int now;                        /* then: the current time's quarter-hour slot in the window */
};

/* A row's vehicle. link: booked at the owner's site (Link mode); url: that site's booking page,
 * already checked by the caller (NULL when there is none usable; the row then offers nothing). */
struct calgrid_vehicle {
	int64_t id;
	const char *name, *descr;
	bool link;
	bool shared;         /* another organisation's vehicle, subscribed on the market */
	const char *url;
};

/* A booking in a row: slots s .. s+w of the window. id 0 means it is not shown as a link (another
 * organisation's booking); member nonzero marks the booking for the per-user style (data-m).
 * label is the text in the bar, title the details shown on hover, focus and tap and read as part
 * of the block's name (both plain text, escaped here). ls, le: its local start and end, written
 * into the bar as "HH:MM–HH:MM" and shown where the bar has room (NULL: no times in the bar). */
struct calgrid_booking {
	int s, w;
	int64_t id, member;
	const char *label, *title;
	const struct tu_tm *ls, *le;
};

/* Writes the head row: the column heads (today's, or in the day view of today the current hour's,
 * marked with class today and aria-current), the hour marks (every
 * 6 hours in the week, every hour in the day view) and the current-time line. Call once before
 * the first calgrid_row_begin. */
void calgrid_head(const struct calgrid *g);

/* Opens the row of v and writes its name cell, today's band and the current-time line (when the
 * window holds them), and one free-slot cell per column. */
void calgrid_row_begin(const struct calgrid *g, const struct calgrid_vehicle *v);

/* Writes booking b into the open row (after calgrid_row_begin, before calgrid_row_end). */
void calgrid_booking(const struct calgrid *g, const struct calgrid_booking *b);

/* Closes the row. */
void calgrid_row_end(const struct calgrid *g);

#endif
