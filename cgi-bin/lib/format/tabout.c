/* tabout: one table written either as streamed CSV (through csvout) or as an .xlsx file (libxlsxwriter, constant memory, temp file). */
#include "format/tabout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/timeutil.h"
#include "base/utf8.h"

#define TAB_MAX_HEADER 32
#define XLSX_ROWS 1048576   /* rows of one worksheet, the header included */

struct tabout {
	bool xlsx;
	struct csvout csv;
	/* xlsx */
	char path[4096];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *f_head, *f_num, *f_time;
	char sheet[32];
	int nsheets;
	lxw_row_t row;
	lxw_col_t col;
	bool failed;
	/* Per column: local times of a column's nearby rows without a localtime call each. */
	struct tu_span zone[TAB_MAX_HEADER];
	char *header[TAB_MAX_HEADER];
	int nheader;
};

struct tabout *tabout_csv(char sep, bool bom, csvout_sink sink, void *ctx)
{
	struct tabout *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	csvout_init(&t->csv, sep, bom, sink, ctx);
	return t;
}

static const char *tmpdir(void)
{
	const char *d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

struct tabout *tabout_xlsx(const char *sheet)
{
	struct tabout *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->xlsx = true;
	utf8_copy(t->sheet, sizeof t->sheet, sheet); /* a sheet name is cut on a character boundary */
	/* mkstemp gives a name nobody else holds (mode 0600); libxlsxwriter then rewrites that file. */
	snprintf(t->path, sizeof t->path, "%s/wagenbuch-XXXXXX", tmpdir());
	int fd = mkstemp(t->path);
	if (fd < 0) {
		free(t);
		return NULL;
	}
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir(), .use_zip64 = LXW_FALSE};
	t->wb = workbook_new_opt(t->path, &opt);
	if (t->wb)
		t->ws = workbook_add_worksheet(t->wb, t->sheet);
	if (!t->wb || !t->ws) {
		if (t->wb)
			workbook_close(t->wb);
		unlink(t->path);
		free(t);
		return NULL;
	}
	t->nsheets = 1;
	t->f_head = workbook_add_format(t->wb);
	format_set_bold(t->f_head);
	t->f_num = workbook_add_format(t->wb);
	format_set_num_format(t->f_num, "0.00");
	t->f_time = workbook_add_format(t->wb);
	format_set_num_format(t->f_time, "yyyy-mm-dd hh:mm");
	return t;
}

/* The text of a cell with the formula guard applied: buf when a prefix was needed, else s. */
static const char *guarded(const char *s, char **buf)
{
	*buf = NULL;
	if (!s)
		return "";
	if (!csvout_guard(s))
		return s;
	size_t n = strlen(s);
	*buf = malloc(n + 2);
	if (!*buf)
		return "";
	(*buf)[0] = '\'';
	memcpy(*buf + 1, s, n + 1);
	return *buf;
}

static void xlsx_header_row(struct tabout *t)
{
	for (int i = 0; i < t->nheader; i++)
		worksheet_write_string(t->ws, t->row, (lxw_col_t)i, t->header[i], t->f_head);
	t->row++;
	t->col = 0;
}

/* Before a data cell: a full worksheet continues on a new one, "<sheet> (2)" and so on. */
static bool xlsx_cell_ready(struct tabout *t)
{
	if (t->failed)
		return false;
	if (t->row < XLSX_ROWS)
		return true;
	char name[40];
	t->nsheets++;
	char base[25];
	utf8_copy(base, sizeof base, t->sheet);
	snprintf(name, sizeof name, "%s (%d)", base, t->nsheets);
	t->ws = workbook_add_worksheet(t->wb, name);
	if (!t->ws) {
		t->failed = true;
		return false;
	}
	t->row = 0;
	xlsx_header_row(t);
	return true;
}

void tabout_header(struct tabout *t, const char *const *labels, int n)
{
	if (n > TAB_MAX_HEADER)
		n = TAB_MAX_HEADER;
	if (!t->xlsx) {
		for (int i = 0; i < n; i++)
			csvout_text(&t->csv, labels[i]);
		csvout_end_row(&t->csv);
		return;
	}
	for (int i = 0; i < n; i++)
		t->header[i] = strdup(labels[i] ? labels[i] : "");
	t->nheader = n;
	xlsx_header_row(t);
}

void tabout_text(struct tabout *t, const char *s)
{
	if (!t->xlsx) {
		csvout_text(&t->csv, s);
	} else if (xlsx_cell_ready(t)) {
		char *buf;
		const char *v = guarded(s, &buf);
		/* An empty string would be written as a blank cell anyway; skip it. */
		if (*v && worksheet_write_string(t->ws, t->row, t->col, v, NULL) != LXW_NO_ERROR)
			t->failed = true;
		free(buf);
	}
	t->col++;
}

void tabout_int(struct tabout *t, int64_t v)
{
	if (!t->xlsx)
		csvout_int(&t->csv, v);
	else if (xlsx_cell_ready(t))
		worksheet_write_number(t->ws, t->row, t->col, (double)v, NULL);
	t->col++;
}

void tabout_empty(struct tabout *t)
{
	if (!t->xlsx)
		csvout_text(&t->csv, "");
	t->col++;
}

void tabout_cents(struct tabout *t, int64_t cents)
{
	if (!t->xlsx)
		csvout_cents(&t->csv, cents);
	else if (xlsx_cell_ready(t))
		worksheet_write_number(t->ws, t->row, t->col, (double)cents / 100.0, t->f_num);
	t->col++;
}

void tabout_time(struct tabout *t, const char *tz, int64_t utc)
{
	struct tu_tm lt;
	if (t->col < TAB_MAX_HEADER)
		tu_span_local_near(&t->zone[t->col], tz, utc, &lt);
	else
		tu_to_local(tz, utc, &lt);
	if (!t->xlsx) {
		char buf[32];
		csvout_text(&t->csv, tu_fmt_file(buf, sizeof buf, &lt));
	} else if (xlsx_cell_ready(t)) {
		lxw_datetime dt = {.year = lt.year, .month = lt.mon, .day = lt.day, .hour = lt.hour, .min = lt.min, .sec = 0};
		worksheet_write_datetime(t->ws, t->row, t->col, &dt, t->f_time);
	}
	t->col++;
}

void tabout_end_row(struct tabout *t)
{
	if (!t->xlsx)
		csvout_end_row(&t->csv);
	else
		t->row++;
	t->col = 0;   /* CSV counts columns too: tabout_time keeps a zone span per column */
}

int tabout_close(struct tabout *t)
{
	if (!t->xlsx) {
		csvout_flush(&t->csv);
		return 0;
	}
	if (!t->wb)
		return -1;
	lxw_error e = workbook_close(t->wb);
	t->wb = NULL;
	return e == LXW_NO_ERROR && !t->failed ? 0 : -1;
}

void tabout_send(struct tabout *t, csvout_sink sink, void *ctx)
{
	if (!t)
		return;
	if (t->xlsx) {
		if (t->wb)
			workbook_close(t->wb);
		FILE *f = sink ? fopen(t->path, "rb") : NULL;
		/* Unlinked before it is read: the open handle keeps the data, and no copy outlives a crash mid-send. */
		unlink(t->path);
		if (f) {
			char *buf = malloc(65536);
			size_t n;
			while (buf && (n = fread(buf, 1, 65536, f)) > 0)
				sink(ctx, buf, n);
			free(buf);
			fclose(f);
		}
		for (int i = 0; i < t->nheader; i++)
			free(t->header[i]);
	}
	free(t);
}
