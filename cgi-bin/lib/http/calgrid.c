/* calgrid: the rows of the calendar grid (vehicles, free-slot links, bookings) written as HTML from C. */
#include "http/calgrid.h"

#include <assert.h>
#include <string.h>

/* Appends the position classes of a cell: " s<slot> w<width>". */
static void cell_pos(struct html *h, int s, int w)
{
	HTML_LIT(h, " s");
	html_int(h, s);
	HTML_LIT(h, " w");
	html_int(h, w);
}

/* A cell that offers nothing: a past column, or a Link-mode vehicle without a usable link. */
static void cell_none(const struct calgrid *g, int s)
{
	HTML_LIT(g->out, "<span class=\"past");
	cell_pos(g->out, s, g->week ? 96 : 4);
	HTML_LIT(g->out, "\"></span>");
}

/* The accessible name of a free-slot link: "<word> <vehicle> <column>". */
static void cell_label(struct html *h, const char *word, const char *vehicle, const char *col)
{
	HTML_LIT(h, "\" aria-label=\"");
	html_txt(h, word);
	HTML_LIT(h, " ");
	html_txt(h, vehicle);
	HTML_LIT(h, " ");
	html_txt(h, col);
}

/* Appends ' aria-hidden="true"></span>' after a mark's classes: marks are drawn, not read (the
 * times are in the column heads and the booking blocks' names). */
static void mark_end(struct html *h)
{
	HTML_LIT(h, "\" aria-hidden=\"true\"></span>");
}

/* The current-time line, when the window holds now. */
static void now_line(const struct calgrid *g)
{
	if (!g->has_now)
		return;
	HTML_LIT(g->out, "<span class=\"now s");
	html_int(g->out, g->now);
	mark_end(g->out);
}

void calgrid_head(const struct calgrid *g)
{
	struct html *h = g->out;
	assert(g->ncols > 0 && g->cols);
	int w = g->week ? 96 : 4;
	/* Today's column in the week; in the day view of today, the current hour's. */
	int today = !g->has_now ? -1 : g->week ? g->now / 96 : g->now / 4;
	const char *current = g->week ? " aria-current=\"date\"" : " aria-current=\"time\"";
	HTML_LIT(h, "\n<div class=\"grow ghead\" role=\"row\">\n<div class=\"vn\" role=\"columnheader\">");
	html_txt(h, g->word_vehicle);
	HTML_LIT(h, "</div>\n<div class=\"track\" role=\"presentation\">");
	for (int i = 0; i < g->ncols; i++) {
		const struct calgrid_col *c = &g->cols[i];
		HTML_LIT(h, "<span class=\"col");
		if (i == today)
			HTML_LIT(h, " today");
		cell_pos(h, c->s, w);
		HTML_LIT(h, "\" role=\"columnheader\"");
		if (i == today)
			html_raw(h, current, strlen(current));
		HTML_LIT(h, ">");
		html_txt(h, c->label);
		HTML_LIT(h, "</span>");
		/* The week's hour marks: 06, 12 and 18 inside each day (midnight is the day's border). */
		for (int k = 1; g->week && k < 4; k++) {
			HTML_LIT(h, "<span class=\"hm s");
			html_int(h, c->s + k * 24);
			HTML_LIT(h, "\" data-hour=\"");
			html_2d(h, k * 6);
			HTML_LIT(h, "\" aria-hidden=\"true\">");
			html_2d(h, k * 6);
			HTML_LIT(h, "</span>");
		}
	}
	now_line(g);
	HTML_LIT(h, "</div>\n</div>");
}

void calgrid_row_begin(const struct calgrid *g, const struct calgrid_vehicle *v)
{
	struct html *h = g->out;
	assert(g->ncols > 0 && g->cols);
	HTML_LIT(h, "\n<div class=\"grow\" role=\"row\" data-vehicle=\"");
	html_int(h, v->id);
	if (v->shared)
		HTML_LIT(h, "\" data-shared=\"1");
	HTML_LIT(h, "\">\n<div class=\"vn\" role=\"rowheader\" title=\"");
	html_txt(h, v->descr);
	HTML_LIT(h, "\">");
	html_txt(h, v->name);
	if (v->shared) {
		HTML_LIT(h, " <span class=\"sh\" title=\"");
		html_txt(h, g->word_shared);
		HTML_LIT(h, "\"><span aria-hidden=\"true\">⇄</span><span class=\"vh\">");
		html_txt(h, g->word_shared);
		HTML_LIT(h, "</span></span>");
	}
	if (v->descr && *v->descr) {
		HTML_LIT(h, "<span class=\"vd\">");
		html_txt(h, v->descr);
		HTML_LIT(h, "</span>");
	}
	if (v->link) {
		HTML_LIT(h, "<span class=\"vd lm\">");
		html_txt(h, g->word_link_mode);
		HTML_LIT(h, "</span>");
	}
	HTML_LIT(h, "</div>\n<div class=\"track\" role=\"cell\">");
	int w = g->week ? 96 : 4;
	if (g->week && g->has_now) {
		HTML_LIT(h, "<span class=\"tday");
		cell_pos(h, g->now / 96 * 96, 96);
		mark_end(h);
	}
	for (int i = 0; i < g->ncols; i++) {
		const struct calgrid_col *c = &g->cols[i];
		if (!c->start || (v->link && !v->url)) {
			cell_none(g, c->s);
		} else if (v->link) {
			HTML_LIT(h, "<a class=\"free ext");
			cell_pos(h, c->s, w);
			HTML_LIT(h, "\" href=\"");
			html_txt(h, v->url);
			HTML_LIT(h, "\" rel=\"external noopener noreferrer");
			cell_label(h, g->word_book_ext, v->name, c->label);
			HTML_LIT(h, "\">↗</a>");
		} else {
			HTML_LIT(h, "<a class=\"free");
			cell_pos(h, c->s, w);
			HTML_LIT(h, "\" href=\"");
			html_txt(h, g->base);
			HTML_LIT(h, "/booking/new?vehicle=");
			html_int(h, v->id);
			HTML_LIT(h, "&amp;start=");
			html_txt(h, c->start);
			cell_label(h, g->word_book, v->name, c->label);
			HTML_LIT(h, "\">+</a>");
		}
	}
	now_line(g);
}

/* The inside of a booking block: the clipped bar (label and times; the times are shown only where
 * the bar has room for all of them, a CSS container query decides, as only the browser knows the
 * width) and the details popover, shown on hover, keyboard focus and tap (CSS) and part of the
 * block's accessible name. */
static void booking_body(const struct calgrid *g, const struct calgrid_booking *b)
{
	struct html *h = g->out;
	HTML_LIT(h, "<span class=\"bl\">");
	html_txt(h, b->label);
	if (b->ls && b->le) {
		HTML_LIT(h, "<span class=\"bt\"> ");
		html_2d(h, b->ls->hour);
		HTML_LIT(h, ":");
		html_2d(h, b->ls->min);
		HTML_LIT(h, "–");
		html_2d(h, b->le->hour);
		HTML_LIT(h, ":");
		html_2d(h, b->le->min);
		HTML_LIT(h, "</span>");
	}
	HTML_LIT(h, "</span><span class=\"pop\"> ");
	html_txt(h, b->title);
	HTML_LIT(h, "</span>");
}

void calgrid_booking(const struct calgrid *g, const struct calgrid_booking *b)
{
	struct html *h = g->out;
	if (b->id) {
		HTML_LIT(h, "<a class=\"bk");
		cell_pos(h, b->s, b->w);
		if (b->member) {
			HTML_LIT(h, "\" data-m=\"");
			html_int(h, b->member);
		}
		HTML_LIT(h, "\" href=\"");
		html_txt(h, g->base);
		HTML_LIT(h, "/booking/");
		html_int(h, b->id);
		HTML_LIT(h, "\" data-booking=\"");
		html_int(h, b->id);
		HTML_LIT(h, "\">");
		booking_body(g, b);
		HTML_LIT(h, "</a>");
	} else {
		/* No page to lead to: focusable (Tab, tap) so that its details show all the same. */
		HTML_LIT(h, "<span class=\"bk other");
		cell_pos(h, b->s, b->w);
		HTML_LIT(h, "\" tabindex=\"0\" role=\"note\">");
		booking_body(g, b);
		HTML_LIT(h, "</span>");
	}
}

void calgrid_row_end(const struct calgrid *g)
{
	HTML_LIT(g->out, "</div>\n</div>");
}
