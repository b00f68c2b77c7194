/* csvfile (csvf_): reading spreadsheet CSV files (encoding, BOM, separator, quoting, line numbers) and writing safe CSV cells, with libcsv; pure, no I/O. */
#include "base/utf8.h"
#include "format/csvfile.h"
#include "format/csvout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

/* Windows-1252 0x80..0x9F as Unicode; 0 where undefined. */
static const uint16_t cp1252_hi[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

char *csvf_from_cp1252(const char *data, size_t len, size_t *outlen, size_t *bad)
{
	char *out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)data[i];
		if (c >= 0x80 && c < 0xa0)
			c = cp1252_hi[c - 0x80];
		if (c == 0) {
			*bad = i;
			free(out);
			return NULL;
		}
		if (c < 0x80) {
			out[o++] = (char)c;
		} else if (c < 0x800) {
			out[o++] = (char)(0xc0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3f));
		} else {
			out[o++] = (char)(0xe0 | (c >> 12));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[o++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* The separator the first line uses most, outside quotes: ';', '\t' or (by default) ','. */
static char detect_delim(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ',')
			comma++;
		else if (!quoted && c == ';')
			semi++;
		else if (!quoted && c == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* Parser state shared with libcsv's callbacks. */
struct pstate {
	struct csvf_table *t;
	char **fields;      /* the current row's fields */
	int nfields;
	int row_line;       /* line where the current row started */
	int line;           /* line being fed */
	enum csvf_status st;
};

static void on_field(void *s, size_t len, void *data)
{
	struct pstate *ps = data;
	if (ps->st != CSVF_OK)
		return;
	if (ps->nfields == CSVF_MAX_FIELDS) {
		ps->st = CSVF_TOO_MANY;
		ps->t->err_line = ps->row_line;
		return;
	}
	if (!ps->fields && !(ps->fields = calloc(CSVF_MAX_FIELDS, sizeof *ps->fields))) {
		ps->st = CSVF_NOMEM;
		return;
	}
	char *f = malloc(len + 1);
	if (!f) {
		ps->st = CSVF_NOMEM;
		return;
	}
	if (len)
		memcpy(f, s, len);
	f[len] = '\0';
	ps->fields[ps->nfields++] = f;
}

static void on_row(int c, void *data)
{
	struct pstate *ps = data;
	struct csvf_table *t = ps->t;
	if (ps->st != CSVF_OK)
		return;
	if (t->nrows == CSVF_MAX_ROWS) {
		ps->st = CSVF_TOO_MANY;
		t->err_line = ps->row_line;
		return;
	}
	if ((size_t)t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct csvf_row *rows = realloc(t->rows, cap * sizeof *rows);
		if (!rows) {
			ps->st = CSVF_NOMEM;
			return;
		}
		t->rows = rows;
		t->cap = cap;
	}
	struct csvf_row *r = &t->rows[t->nrows++];
	r->line = ps->row_line;
	r->n = ps->nfields;
	r->f = ps->fields;
	if (!r->f)
		r->f = calloc(1, sizeof *r->f);
	ps->fields = NULL;
	ps->nfields = 0;
}

/* True when s[0..len) holds only blanks and line ends. */
/* Length of the first line of data, its terminator included: LF, CRLF, or a lone CR (the line
 * ending of classic Mac spreadsheet exports), so that line numbers count every row. */
static size_t line_length(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			return i + 1;
		if (data[i] == '\r')
			return (i + 1 < len && data[i + 1] == '\n') ? i + 2 : i + 1;
	}
	return len;
}

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

enum csvf_status csvf_parse(const char *data, size_t len, struct csvf_table *t)
{
	memset(t, 0, sizeof *t);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
		t->bom = true;
	}
	char *conv = NULL;
	if (!utf8_valid(data, len)) {
		size_t clen = 0, bad = 0;
		conv = t->bom ? NULL : csvf_from_cp1252(data, len, &clen, &bad);
		if (!conv) {
			t->err_line = 1;
			for (size_t i = 0; i < bad && i < len; i++)
				if (data[i] == '\n')
					t->err_line++;
			return CSVF_ENCODING;
		}
		data = conv;
		len = clen;
		t->converted = true;
	}
	if (blank(data, len)) {
		free(conv);
		return CSVF_EMPTY;
	}
	t->delim = detect_delim(data, len);

	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(conv);
		return CSVF_NOMEM;
	}
	csv_set_delim(&p, (unsigned char)t->delim);
	struct pstate ps = { .t = t, .line = 0, .row_line = 1, .st = CSVF_OK };
	size_t pos = 0;
	while (pos < len && ps.st == CSVF_OK) {
		size_t n = line_length(data + pos, len - pos);
		ps.line++;
		/* A row starts on the first non-blank line fed while the parser is between rows. */
		if (p.pstate == 0 && !blank(data + pos, n))
			ps.row_line = ps.line;
		if (csv_parse(&p, data + pos, n, on_field, on_row, &ps) != n) {
			if (ps.st == CSVF_OK) {
				ps.st = csv_error(&p) == CSV_EPARSE ? CSVF_QUOTE : CSVF_NOMEM;
				t->err_line = ps.row_line;
			}
		}
		pos += n;
	}
	if (ps.st == CSVF_OK && csv_fini(&p, on_field, on_row, &ps) != 0) {
		ps.st = csv_error(&p) == CSV_EPARSE ? CSVF_QUOTE : CSVF_NOMEM;
		t->err_line = ps.row_line;
	}
	csv_free(&p);
	if (ps.fields) {
		for (int i = 0; i < ps.nfields; i++)
			free(ps.fields[i]);
		free(ps.fields);
	}
	free(conv);
	if (ps.st == CSVF_OK && t->nrows == 0)
		ps.st = CSVF_EMPTY;
	return ps.st;
}

void csvf_free(struct csvf_table *t)
{
	for (int i = 0; i < t->nrows; i++) {
		for (int j = 0; j < t->rows[i].n; j++)
			free(t->rows[i].f[j]);
		free(t->rows[i].f);
	}
	free(t->rows);
	memset(t, 0, sizeof *t);
}

size_t csvf_cell(char *out, size_t n, const char *s)
{
	bool risky = csvout_guard(s);
	size_t need = 2 + (risky ? 1 : 0);
	for (const char *p = s; *p; p++)
		need += *p == '"' ? 2 : 1;
	if (need >= n)
		return need;
	size_t o = 0;
	out[o++] = '"';
	if (risky)
		out[o++] = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			out[o++] = '"';
		out[o++] = *p;
	}
	out[o++] = '"';
	out[o] = '\0';
	return need;
}

const char *csvf_unprotect(const char *s)
{
	return csvout_unguard(s);
}
