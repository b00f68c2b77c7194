/* splitbill_out (sbout_): the split billing as files — a PDF (cairo) and an .xlsx (libxlsxwriter through tabout), both grouped by subscriber organisation with totals. */
#include "base/money.h"
#include "format/splitbill_out.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Included by path, so that the build needs no cairo -I flag (cairo-pdf.h includes "cairo.h"). */
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>


#include "base/timeutil.h"

/* ---- PDF. */

#define PAGE_W 841.89   /* A4 landscape, points */
#define PAGE_H 595.28
#define MARGIN 36.0
#define LINE 14.0
#define FONT "DejaVu Sans"

enum align { LEFT, RIGHT };

/* Columns: left edge and width in points, alignment. */
static const struct { double x, w; enum align a; } cols[SBOUT_NCOLS] = {
	{MARGIN, 140, LEFT}, {180, 62, LEFT}, {244, 52, RIGHT}, {306, 130, LEFT}, {440, 88, LEFT},
	{530, 88, LEFT}, {620, 64, RIGHT}, {688, 44, RIGHT}, {736, 70, RIGHT},
};

struct pdf {
	cairo_t *cr;
	const struct sbout_labels *l;
	double y;
	int page;
	struct sbout_total sub, all;
	bool have_sub;
};

static cairo_status_t file_write(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void font(struct pdf *p, bool bold, double size)
{
	cairo_select_font_face(p->cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(p->cr, size);
}

/* Length of the longest prefix of s (cut at a UTF-8 character boundary) no wider than w. */
static size_t fit(cairo_t *cr, const char *s, double w)
{
	char buf[512];
	size_t n = strlen(s);
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	for (;;) {
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		memcpy(buf, s, n);
		buf[n] = '\0';
		cairo_text_extents_t e;
		cairo_text_extents(cr, buf, &e);
		if (e.x_advance <= w || n == 0)
			return n;
		n--;
	}
}

/* Writes s into column c on the current line, cut to the column's width. */
static void cell(struct pdf *p, int c, const char *s)
{
	char buf[512];
	size_t n = fit(p->cr, s ? s : "", cols[c].w - 4);
	memcpy(buf, s ? s : "", n);
	buf[n] = '\0';
	cairo_text_extents_t e;
	cairo_text_extents(p->cr, buf, &e);
	double x = cols[c].a == RIGHT ? cols[c].x + cols[c].w - e.x_advance : cols[c].x;
	cairo_move_to(p->cr, x, p->y);
	cairo_show_text(p->cr, buf);
}

static void rule(struct pdf *p, double y)
{
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, y);
	cairo_line_to(p->cr, PAGE_W - MARGIN, y);
	cairo_stroke(p->cr);
}

/* The title block (first page) and the column header (every page). */
static void page_head(struct pdf *p)
{
	p->page++;
	p->y = MARGIN + 12;
	if (p->page == 1) {
		font(p, true, 16);
		cairo_move_to(p->cr, MARGIN, p->y);
		char t[400];
		snprintf(t, sizeof t, "%s – %s", p->l->title, p->l->org);
		cairo_show_text(p->cr, t);
		p->y += 20;
		font(p, false, 10);
		cairo_move_to(p->cr, MARGIN, p->y);
		cairo_show_text(p->cr, p->l->period);
		p->y += 22;
	}
	font(p, true, 8.5);
	for (int c = 0; c < SBOUT_NCOLS; c++)
		cell(p, c, p->l->cols[c]);
	rule(p, p->y + 4);
	p->y += LINE + 2;
	font(p, false, 8.5);
}

/* Moves to the next line, starting a new page when this one is full. */
static void next_line(struct pdf *p, double need)
{
	if (p->y + need > PAGE_H - MARGIN) {
		cairo_show_page(p->cr);
		page_head(p);
	}
}

static void money(char *buf, int64_t cents, char mark)
{
	money_fmt(buf, cents, mark);
}

/* The total line of one subscriber (or of all). */
static void total_line(struct pdf *p, const char *label, const char *name, const struct sbout_total *t)
{
	char buf[400], a[24], b[24];
	next_line(p, LINE);
	font(p, true, 8.5);
	if (*name)
		snprintf(buf, sizeof buf, "%s %s (%lld)", label, name, (long long)t->bookings);
	else
		snprintf(buf, sizeof buf, "%s (%lld)", label, (long long)t->bookings);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_show_text(p->cr, buf);
	money(a, t->fee, p->l->mark);
	money(b, t->split_fee, p->l->mark);
	cell(p, 6, a);
	cell(p, 8, b);
	rule(p, p->y - LINE + 3);
	p->y += LINE + 6;
	font(p, false, 8.5);
}

static void time_text(char *buf, size_t n, const char *tz, int64_t t)
{
	struct tu_tm lt;
	tu_to_local(tz, t, &lt);
	tu_fmt_human(buf, n, &lt);
}

static int pdf_row(void *ctx, const struct sbout_row *row)
{
	struct pdf *p = ctx;
	if (p->have_sub && p->sub.subscriber != row->subscriber) {
		total_line(p, p->l->total, p->sub.subscriber_name, &p->sub);
		p->have_sub = false;
	}
	if (!p->have_sub) {
		memset(&p->sub, 0, sizeof p->sub);
		p->sub.subscriber = row->subscriber;
		snprintf(p->sub.subscriber_name, sizeof p->sub.subscriber_name, "%s", row->subscriber_name);
		p->have_sub = true;
	}
	int n = 1;
	sbout_add(&p->sub, 1, &n, &p->all, row);
	next_line(p, LINE);
	char buf[64], s[32], e[32];
	cell(p, 0, row->subscriber_name);
	cell(p, 1, row->member_no);
	snprintf(buf, sizeof buf, "%lld", (long long)row->booking_id);
	cell(p, 2, buf);
	cell(p, 3, row->vehicle);
	time_text(s, sizeof s, p->l->tz, row->start);
	time_text(e, sizeof e, p->l->tz, row->end);
	cell(p, 4, s);
	cell(p, 5, e);
	money(buf, row->fee, p->l->mark);
	cell(p, 6, buf);
	snprintf(buf, sizeof buf, "%d", row->rate);
	cell(p, 7, buf);
	money(buf, row->split_fee, p->l->mark);
	cell(p, 8, buf);
	p->y += LINE;
	return 0;
}

int sbout_pdf(FILE *out, sbout_source source, void *src, const struct sbout_labels *l)
{
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(file_write, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return -1;
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, l->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Wagenbuch");
	struct pdf p = {.cr = cairo_create(surf), .l = l};
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	page_head(&p);
	/* Summing in one subscriber entry at a time: sub holds the current group, all the whole. */
	p.all.subscriber = 0;
	int s = source(src, pdf_row, &p);
	if (s == 0) {
		if (p.have_sub)
			total_line(&p, l->total, p.sub.subscriber_name, &p.sub);
		if (p.all.bookings == 0) {
			next_line(&p, LINE);
			cairo_move_to(p.cr, MARGIN, p.y);
			cairo_show_text(p.cr, l->none);
			p.y += LINE;
		} else {
			total_line(&p, l->total_all, "", &p.all);
		}
	}
	cairo_show_page(p.cr);
	cairo_status_t cs = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (s != 0)
		return s;
	return cs == CAIRO_STATUS_SUCCESS && fflush(out) == 0 ? 0 : -1;
}

/* ---- xlsx. */

struct xlsx {
	struct tabout *t;
	const struct sbout_labels *l;
	struct sbout_total sub, all;
	bool have_sub;
};

static void xlsx_total(struct xlsx *x, const char *label, const char *name, const struct sbout_total *t)
{
	char buf[400];
	snprintf(buf, sizeof buf, "%s%s%s", label, *name ? " " : "", name);
	tabout_text(x->t, buf);
	tabout_empty(x->t);
	tabout_int(x->t, t->bookings);
	for (int c = 3; c < 6; c++)
		tabout_empty(x->t);
	tabout_cents(x->t, t->fee);
	tabout_empty(x->t);
	tabout_cents(x->t, t->split_fee);
	tabout_end_row(x->t);
}

static int xlsx_row(void *ctx, const struct sbout_row *row)
{
	struct xlsx *x = ctx;
	if (x->have_sub && x->sub.subscriber != row->subscriber) {
		xlsx_total(x, x->l->total, x->sub.subscriber_name, &x->sub);
		x->have_sub = false;
	}
	if (!x->have_sub) {
		memset(&x->sub, 0, sizeof x->sub);
		x->sub.subscriber = row->subscriber;
		snprintf(x->sub.subscriber_name, sizeof x->sub.subscriber_name, "%s", row->subscriber_name);
		x->have_sub = true;
	}
	int n = 1;
	sbout_add(&x->sub, 1, &n, &x->all, row);
	tabout_text(x->t, row->subscriber_name);
	tabout_text(x->t, row->member_no);
	tabout_int(x->t, row->booking_id);
	tabout_text(x->t, row->vehicle);
	tabout_time(x->t, x->l->tz, row->start);
	tabout_time(x->t, x->l->tz, row->end);
	tabout_cents(x->t, row->fee);
	tabout_int(x->t, row->rate);
	tabout_cents(x->t, row->split_fee);
	tabout_end_row(x->t);
	return 0;
}

int sbout_xlsx(sbout_source source, void *src, const struct sbout_labels *l, struct tabout **out)
{
	*out = NULL;
	struct xlsx x = {.t = tabout_xlsx(l->title), .l = l};
	if (!x.t)
		return -1;
	tabout_header(x.t, l->cols, SBOUT_NCOLS);
	int s = source(src, xlsx_row, &x);
	if (s == 0) {
		if (x.have_sub)
			xlsx_total(&x, l->total, x.sub.subscriber_name, &x.sub);
		if (x.all.bookings)
			xlsx_total(&x, l->total_all, "", &x.all);
	}
	int c = tabout_close(x.t);
	if (s != 0 || c != 0) {
		tabout_send(x.t, NULL, NULL);
		return s != 0 ? s : -1;
	}
	*out = x.t;
	return 0;
}

void sbout_add(struct sbout_total *t, int max, int *n, struct sbout_total *all, const struct sbout_row *row)
{
	all->bookings++;
	all->fee += row->fee;
	all->split_fee += row->split_fee;
	struct sbout_total *cur = *n > 0 ? &t[*n - 1] : NULL;
	if (!cur || cur->subscriber != row->subscriber) {
		if (*n >= max)
			return;
		cur = &t[(*n)++];
		memset(cur, 0, sizeof *cur);
		cur->subscriber = row->subscriber;
		snprintf(cur->subscriber_name, sizeof cur->subscriber_name, "%s", row->subscriber_name);
	}
	cur->bookings++;
	cur->fee += row->fee;
	cur->split_fee += row->split_fee;
}
