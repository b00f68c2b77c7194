/* datev: the DATEV "Buchungsstapel" file (EXTF, header version 700, category 21, format version 13) — Windows-1252, ';', CRLF, quoted texts, decimal comma — from finished booking rows. */
#include "format/datev.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

size_t datev_cp1252(const char *utf8, size_t max_chars, char *out, size_t n)
{
	out[0] = '\0';
	if (n < 2)
		return 0;
	/* Cut to max_chars characters first (continuation bytes do not count). */
	size_t len = 0, chars = 0;
	while (utf8[len]) {
		if (((unsigned char)utf8[len] & 0xC0) != 0x80) {
			if (chars == max_chars)
				break;
			chars++;
		}
		len++;
	}
	iconv_t cd = iconv_open("WINDOWS-1252", "UTF-8");
	if (cd == (iconv_t)-1)
		return 0;
	char *in = (char *)utf8, *o = out;
	size_t inleft = len, outleft = n - 1;
	while (inleft > 0 && outleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
			break;
		if (errno == E2BIG)
			break;
		/* Not representable or malformed: one '?' for the whole character. */
		*o++ = '?';
		outleft--;
		in++;
		inleft--;
		while (inleft > 0 && ((unsigned char)*in & 0xC0) == 0x80) {
			in++;
			inleft--;
		}
	}
	iconv_close(cd);
	*o = '\0';
	return (size_t)(o - out);
}

void datev_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		/* A line break inside a field would end the record: write a space. */
		fputc(*s == '\r' || *s == '\n' ? ' ' : *s, out);
	}
	fputc('"', out);
}

void datev_amount(FILE *out, int64_t cents)
{
	if (cents < 0)
		cents = -cents;
	fprintf(out, "%lld,%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static const char columns[] =
    "Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Kurs;Basis-Umsatz;WKZ Basis-Umsatz;Konto;"
    "Gegenkonto (ohne BU-Schl\xfcssel);BU-Schl\xfcssel;Belegdatum;Belegfeld 1;Belegfeld 2;Skonto;Buchungstext\r\n";

int datev_write(FILE *out, const struct datev_header *h, const struct datev_row *rows, int n)
{
	char buf[256];
	fputs("\"EXTF\";700;21;\"Buchungsstapel\";13;", out);
	fputs(h->created, out);
	fputs(";;\"RE\";\"\";\"\";", out);
	fprintf(out, "%lld;%lld;%d;%d;%d;%d;", (long long)h->berater, (long long)h->mandant, h->fy_start, h->account_len,
	        h->from, h->to);
	datev_cp1252(h->label ? h->label : "", 30, buf, sizeof buf);
	datev_quoted(out, buf);
	/* Diktatkürzel; Buchungstyp 1 (Finanzbuchführung); Rechnungslegungszweck 0; Festschreibung 0 (off);
	 * WKZ; then the reserved and optional fields up to Anwendungsinformation. */
	fputs(";\"\";1;0;0;\"EUR\";;\"\";;;\"\";;;\"\";\"\"\r\n", out);
	fputs(columns, out);
	for (int i = 0; i < n; i++) {
		const struct datev_row *r = &rows[i];
		datev_amount(out, r->cents);
		fputs(r->cents < 0 ? ";\"H\";\"EUR\";;;;" : ";\"S\";\"EUR\";;;;", out);
		fprintf(out, "%lld;%lld;", (long long)r->konto, (long long)r->gegenkonto);
		datev_quoted(out, r->bu ? r->bu : "");
		fprintf(out, ";%02d%02d;", r->day, r->mon);
		datev_cp1252(r->beleg1 ? r->beleg1 : "", 36, buf, sizeof buf);
		datev_quoted(out, buf);
		fputs(";\"\";;", out);
		datev_cp1252(r->text ? r->text : "", 60, buf, sizeof buf);
		datev_quoted(out, buf);
		fputs("\r\n", out);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
