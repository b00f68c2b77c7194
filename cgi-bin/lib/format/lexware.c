/* lexware (lex_): the Lexware Buchhalter ASCII import file of invoices — field names in the first row, Windows-1252 ("ANSI"), ';', quoted texts, decimal comma, CRLF, one line per booking. */
#include "format/lexware.h"

#include "format/datev.h"

int lex_write(FILE *out, const struct lex_row *rows, int n)
{
	fputs("\"Belegdatum\";\"Belegnummer\";\"Buchungstext\";\"Buchungsbetrag\";\"Sollkonto\";\"Habenkonto\";"
	      "\"Steuerschl\xfcssel\";\"W\xe4hrung\"\r\n",
	      out);
	char buf[256];
	for (int i = 0; i < n; i++) {
		const struct lex_row *r = &rows[i];
		fprintf(out, "\"%02d.%02d.%04d\";", r->day, r->mon, r->year);
		datev_cp1252(r->number ? r->number : "", 36, buf, sizeof buf);
		datev_quoted(out, buf);
		fputc(';', out);
		datev_cp1252(r->text ? r->text : "", 60, buf, sizeof buf);
		datev_quoted(out, buf);
		fputc(';', out);
		datev_amount(out, r->cents);
		int64_t d = r->cents < 0 ? r->credit : r->debit, c = r->cents < 0 ? r->debit : r->credit;
		fprintf(out, ";%lld;%lld;", (long long)d, (long long)c);
		datev_quoted(out, r->tax_key ? r->tax_key : "");
		fputs(";\"EUR\"\r\n", out);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
