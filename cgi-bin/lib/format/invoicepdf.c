/* invoicepdf (ipdf_): invoices as PDF (cairo, A4 portrait) — letterhead, the address in the DIN 5008 window, the lines, subtotal, VAT or the § 19 UStG note, total and payment note; one or many invoices per file. */
#include "format/invoicepdf.h"

#include <stdbool.h>
#include <string.h>

/* Included by path, so that the build needs no cairo -I flag (cairo-pdf.h includes "cairo.h"). */
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>

#include "base/money.h"
#include "base/utf8.h"

#define MM 2.834645669        /* points per millimetre */
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define LEFT (25 * MM)        /* DIN 5008: left margin 25 mm */
#define RIGHT (PAGE_W - 20 * MM)
#define LINE 12.0
#define FONT "DejaVu Sans"

enum align { A_LEFT, A_RIGHT };
/* Columns across the 165 mm text width: left edge, width, alignment. */
static const struct { double x, w; enum align a; } cols[IPDF_NCOLS] = {
	{LEFT, 48, A_LEFT},          {LEFT + 48, 92, A_LEFT},    {LEFT + 140, 92, A_LEFT},
	{LEFT + 232, 30, A_RIGHT},   {LEFT + 262, 28, A_RIGHT},  {LEFT + 290, 50, A_RIGHT},
	{LEFT + 340, 46, A_RIGHT},   {LEFT + 386, 34, A_RIGHT},  {LEFT + 420, 48, A_RIGHT},
};

struct pdf {
	cairo_t *cr;
	const struct ipdf_doc *d;
	double y;
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

/* Writes s at (x, y), cut to width w, right-aligned at x + w when right. */
static void text_at(struct pdf *p, double x, double y, double w, bool right, const char *s)
{
	char buf[512];
	s = s ? s : "";
	size_t n = fit(p->cr, s, w);
	memcpy(buf, s, n);
	buf[n] = '\0';
	cairo_text_extents_t e;
	cairo_text_extents(p->cr, buf, &e);
	cairo_move_to(p->cr, right ? x + w - e.x_advance : x, y);
	cairo_show_text(p->cr, buf);
}

static void cell(struct pdf *p, int c, const char *s)
{
	text_at(p, cols[c].x, p->y, cols[c].w - 3, cols[c].a == A_RIGHT, s);
}

/* Writes the lines of a multi-line text from y down, each wrapped at blanks to width w; returns
 * the y after the last line. */
static double lines_at(struct pdf *p, double x, double y, double w, double step, const char *s)
{
	char buf[512];
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n >= sizeof buf)
			n = sizeof buf - 1;
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (n && buf[n - 1] == '\r')
			buf[--n] = '\0';
		char *line = buf;
		while (*line) {
			size_t k = fit(p->cr, line, w);
			if (line[k] && k > 0) {
				/* Break at the last blank that fits, if there is one. */
				size_t b = k;
				while (b > 0 && line[b] != ' ')
					b--;
				if (b > 0)
					k = b;
			}
			if (k == 0)
				k = strlen(line);
			char c = line[k];
			line[k] = '\0';
			text_at(p, x, y, w, false, line);
			line[k] = c;
			y += step;
			line += k;
			while (*line == ' ')
				line++;
		}
		s = nl ? nl + 1 : NULL;
	}
	return y;
}

static void rule(struct pdf *p, double y)
{
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, LEFT, y);
	cairo_line_to(p->cr, RIGHT, y);
	cairo_stroke(p->cr);
}

/* name and the address lines joined with ", " for the return line above the window (cut at a
 * character boundary by text_at when drawn). */
static void one_line(char *out, size_t n, const char *name, const char *addr)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *s = name; *s && o + 1 < n; s++)
		out[o++] = *s;
	bool sep = true;
	for (const char *s = addr ? addr : ""; *s && o + 3 < n; s++) {
		if (*s == '\r')
			continue;
		if (*s == '\n') {
			sep = true;
			continue;
		}
		if (sep && o > 0) {
			out[o++] = ',';
			out[o++] = ' ';
		}
		sep = false;
		out[o++] = *s;
	}
	out[o] = '\0';
	utf8_trim_partial(out); /* cut short: never end inside a character */
}

static void column_head(struct pdf *p)
{
	font(p, true, 7.5);
	for (int c = 0; c < IPDF_NCOLS; c++)
		cell(p, c, p->d->cols[c]);
	rule(p, p->y + 3);
	p->y += LINE + 1;
	font(p, false, 7.5);
}

/* Moves on by need points, starting a continuation page with the column header when full. */
static void need(struct pdf *p, double h, bool head)
{
	if (p->y + h <= PAGE_H - 25 * MM)
		return;
	cairo_show_page(p->cr);
	p->y = 20 * MM;
	font(p, false, 8);
	char buf[300];
	snprintf(buf, sizeof buf, "%s %s %s", p->d->title, p->d->info[0], p->d->ref ? p->d->ref : "");
	text_at(p, LEFT, p->y, RIGHT - LEFT, false, buf);
	p->y += 2 * LINE;
	if (head)
		column_head(p);
}

static void amount(struct pdf *p, int c, int64_t cents)
{
	char buf[MONEY_BUF];
	cell(p, c, money_fmt(buf, cents, p->d->mark));
}

static void sum_line(struct pdf *p, const char *label, int64_t cents, bool bold)
{
	need(p, LINE, false);
	font(p, bold, 8.5);
	text_at(p, cols[5].x, p->y, cols[7].x + cols[7].w - cols[5].x, false, label);
	amount(p, 8, cents);
	p->y += LINE;
}

static void one_invoice(struct pdf *p, const struct ipdf_doc *d)
{
	p->d = d;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	/* Letterhead: the organisation's name and address, top right. */
	font(p, true, 14);
	text_at(p, LEFT, 20 * MM, RIGHT - LEFT, false, d->org_name);
	font(p, false, 8);
	lines_at(p, 125 * MM, 14 * MM, RIGHT - 125 * MM, 10, d->org_address);
	/* DIN 5008 form B: the address field 20 mm from the left, 45 mm from the top, 85 x 45 mm; its
	 * first 17.7 mm hold the return line. */
	char ret[400];
	one_line(ret, sizeof ret, d->org_name, d->org_address);
	font(p, false, 6);
	text_at(p, 20 * MM, 45 * MM + 4 * MM, 85 * MM - 10 * MM, false, ret);
	cairo_set_line_width(p->cr, 0.3);
	cairo_move_to(p->cr, 20 * MM, 45 * MM + 5 * MM);
	cairo_line_to(p->cr, 20 * MM + 75 * MM, 45 * MM + 5 * MM);
	cairo_stroke(p->cr);
	font(p, false, 10);
	double y = 45 * MM + 17.7 * MM + 4 * MM;
	text_at(p, 20 * MM + 5 * MM, y, 75 * MM, false, d->name);
	lines_at(p, 20 * MM + 5 * MM, y + 12, 75 * MM, 12, d->address);
	/* The information block beside the window. */
	font(p, false, 8.5);
	y = 50 * MM;
	for (int i = 0; i < 5; i++) {
		if (!d->info_labels[i])
			continue;
		text_at(p, 125 * MM, y, 32 * MM, false, d->info_labels[i]);
		text_at(p, 158 * MM, y, RIGHT - 158 * MM, false, d->info[i]);
		y += 11;
	}
	/* Subject and lines below the window (DIN 5008 form B: from 98.46 mm). */
	p->y = 105 * MM;
	font(p, true, 13);
	char t[300];
	snprintf(t, sizeof t, "%s %s", d->title, d->info[0]);
	text_at(p, LEFT, p->y, RIGHT - LEFT, false, t);
	p->y += 16;
	if (d->ref && *d->ref) {
		font(p, false, 9);
		text_at(p, LEFT, p->y, RIGHT - LEFT, false, d->ref);
		p->y += 14;
	}
	p->y += 6;
	column_head(p);
	for (int i = 0; i < d->nlines; i++) {
		const struct ipdf_line *l = &d->lines[i];
		need(p, LINE, true);
		cell(p, 0, l->date);
		cell(p, 1, l->vehicle);
		cell(p, 2, l->times);
		cell(p, 3, l->hours);
		cell(p, 4, l->km);
		amount(p, 5, l->time_price);
		amount(p, 6, l->km_price);
		cell(p, 7, l->share);
		amount(p, 8, l->amount);
		p->y += LINE;
	}
	need(p, 5 * LINE, false);
	rule(p, p->y - LINE + 4);
	p->y += 4;
	if (d->vat_label) {
		sum_line(p, d->subtotal_label, d->net, false);
		sum_line(p, d->vat_label, d->vat, false);
	}
	sum_line(p, d->total_label, d->gross, true);
	p->y += LINE;
	font(p, false, 8.5);
	if (d->note && *d->note) {
		need(p, LINE, false);
		p->y = lines_at(p, LEFT, p->y, RIGHT - LEFT, LINE, d->note);
	}
	if (d->payment && *d->payment) {
		need(p, 2 * LINE, false);
		p->y = lines_at(p, LEFT, p->y, RIGHT - LEFT, LINE, d->payment);
	}
	cairo_show_page(p->cr);
}

int ipdf_write(FILE *out, const char *title, const struct ipdf_doc *docs, int n)
{
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(file_write, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return -1;
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Wagenbuch");
	struct pdf p = {.cr = cairo_create(surf)};
	for (int i = 0; i < n; i++)
		one_invoice(&p, &docs[i]);
	if (n == 0)
		cairo_show_page(p.cr);
	cairo_status_t cs = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	return cs == CAIRO_STATUS_SUCCESS && fflush(out) == 0 ? 0 : -1;
}
