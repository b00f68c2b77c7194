/* calgrid: the rows of the calendar grid (vehicles, free-slot links, bookings) written as HTML from C. */
#include "http/calgrid.h"

#include <assert.h>

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

void calgrid_row_begin(const struct calgrid *g, const struct calgrid_vehicle *v)
{
	struct html *h = g->out;
	assert(g->ncols > 0 && g->cols);
	HTML_LIT(h, "\n<div class=\"grow\" role=\"row\" data-vehicle=\"");
	html_int(h, v->id);
	HTML_LIT(h, "\">\n<div class=\"vn\" role=\"rowheader\" title=\"");
	html_txt(h, v->descr);
	HTML_LIT(h, "\">");
	html_txt(h, v->name);
	if (v->descr && *v->descr) {
		HTML_LIT(h, "<span class=\"vd\">");
		html_txt(h, v->descr);
		HTML_LIT(h, "</span>");
	}
	if (v->link) {
		HTML_LIT(h, "<span class=\"vd\">");
		html_txt(h, g->word_link_mode);
		HTML_LIT(h, "</span>");
	}
	HTML_LIT(h, "</div>\n<div class=\"track\">");
	int w = g->week ? 96 : 4;
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
		HTML_LIT(h, "\" title=\"");
		html_txt(h, b->title);
		HTML_LIT(h, "\" data-booking=\"");
		html_int(h, b->id);
		HTML_LIT(h, "\">");
		html_txt(h, b->label);
		HTML_LIT(h, "</a>");
	} else {
		HTML_LIT(h, "<span class=\"bk other");
		cell_pos(h, b->s, b->w);
		HTML_LIT(h, "\" title=\"");
		html_txt(h, b->title);
		HTML_LIT(h, "\">");
		html_txt(h, b->label);
		HTML_LIT(h, "</span>");
	}
}

void calgrid_row_end(const struct calgrid *g)
{
	HTML_LIT(g->out, "</div>\n</div>");
}
