/* invoice (inv_): pure invoice rules — numbers from a configurable format, amounts with VAT (net, gross, § 19 UStG), rounding, due dates, accounting keys. */
#ifndef WB_INVOICE_H
#define WB_INVOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How an organisation charges VAT. INV_VAT_NONE is the small-business mode of § 19 UStG (no VAT,
 * a note on the invoice); INV_VAT_NET adds VAT to the prices; INV_VAT_GROSS means the prices
 * already include it and the VAT is taken out. */
enum inv_vat { INV_VAT_NONE = 0, INV_VAT_NET, INV_VAT_GROSS };

#define INV_DEFAULT_FORMAT "{YYYY}-{NNNN}"
#define INV_NUMBER_MAX 32      /* bytes of a finished invoice number, NUL included */
#define INV_FORMAT_MAX 40      /* bytes of a number format */
#define INV_RATE_MAX 10000     /* VAT rates are in hundredths of a percent: 1900 = 19 % */

/* The VAT mode named "none", "net" or "gross"; false for anything else. */
bool inv_vat_parse(const char *s, enum inv_vat *out);
const char *inv_vat_name(enum inv_vat v);

/* Whether fmt is a usable number format: at most INV_FORMAT_MAX-1 bytes of printable ASCII
 * other than ';' and '"', exactly one counter placeholder {N..} (1 to 9 N), optionally {YYYY}
 * or {YY}, no other braces. Without a counter two invoices could share a number. */
bool inv_format_valid(const char *fmt);

/* Whether a valid format contains the year ({YYYY} or {YY}): then the counter restarts every year;
 * without it the counter runs on across years, or numbers would repeat. */
bool inv_format_has_year(const char *fmt);

/* Writes the number of counter seq (1..) in year (1970..9999) by fmt into out (size n): {YYYY}
 * four digits of the year, {YY} its last two, {N..} seq zero-padded to the count of N (wider when
 * seq needs more digits). Returns false (out "") when fmt is not valid or the result does not fit. */
bool inv_number(char *out, size_t n, const char *fmt, int year, int64_t seq);

/* num / den rounded half away from zero (den > 0): the one rounding of every cent amount. */
int64_t inv_div_round(int64_t num, int64_t den);

/* Amounts of an invoice whose lines sum to sum cents: VAT is computed once on the sum (not per
 * line), rounded half away from zero, so that net + vat == gross always holds and a cancellation
 * (negated lines) yields exactly the negated amounts. rate is in hundredths of a percent
 * (0..INV_RATE_MAX). NONE: vat 0, net = gross = sum. NET: net = sum, vat = net*rate. GROSS:
 * gross = sum, net = gross*10000/(10000+rate), vat = gross - net. */
struct inv_amounts {
	int64_t net, vat, gross;
};
void inv_amounts(int64_t sum, enum inv_vat mode, int rate, struct inv_amounts *out);

/* The gross amount of one part of an invoice booked to its own revenue account: the gross of the
 * part's line sum (inv_amounts) — except for the last part, which takes the invoice's gross minus
 * the parts before it (done), so that the parts always sum to the invoice exactly. */
int64_t inv_part_gross(int64_t part_sum, bool last, int64_t invoice_gross, int64_t done, enum inv_vat mode, int rate);

/* The local date days after y-m-d (days 0..365), e.g. the due date of an invoice. */
void inv_due_date(int y, int m, int d, int days, int *oy, int *om, int *od);

/* The debtor account of a member: base + the member number, which must be 1..9 decimal digits;
 * false (no account) for an empty or non-numeric member number or when the sum exceeds 999999999. */
bool inv_debtor_account(int64_t base, const char *member_no, int64_t *account);

/* Whether account fits DATEV's Sachkontenlänge len (4..8): a debtor (Personenkonto) has exactly
 * len + 1 digits, a revenue account (Sachkonto) at most len. */
bool inv_account_fits(int64_t account, int len, bool debtor);

/* The DATEV BU-Schlüssel of a VAT mode and rate (SKR03/04 automatic keys): "" without VAT (§ 19),
 * "3" for 19 %, "2" for 7 %; NULL for a rate that has no key (the export refuses it). */
const char *inv_bu_key(enum inv_vat mode, int rate);

/* The rate as text with the decimal mark, "19" or "7,5" (buf of 16 bytes). */
char *inv_rate_text(char *buf, int rate, char mark);

#endif
