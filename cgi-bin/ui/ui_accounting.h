/* ui_accounting: the handlers of /admin/accounting — the accounting connection's settings and its test, and the transfer of invoices to it. */
#ifndef WB_UI_ACCOUNTING_H
#define WB_UI_ACCOUNTING_H

#include "http/app.h"

/* GET /admin/accounting: the settings form (never the password) and the last test's outcome. */
int ui_accounting_page(struct req *r);

/* POST /admin/accounting: saves; switched on, every field a transfer needs is required (422). */
int ui_accounting_do_save(struct req *r);

/* POST /admin/accounting/test: "Verbindung testen" against the saved settings, outside any
 * transaction; the outcome is stored, logged and shown in its own words. */
int ui_accounting_do_test(struct req *r);

/* GET /admin/accounting/invoices?period=P (or ?open=1: "noch nicht übertragen" across periods): the
 * issued invoices with their transfer state. */
int ui_accounting_invoices(struct req *r);

/* GET /admin/accounting/invoices/#: the preview of a transfer — the party it is booked to (looked up
 * in the accounting system; "will be created" when missing), the lines, accounts and amounts. */
int ui_accounting_invoice(struct req *r);

/* POST /admin/accounting/invoices/#/transfer and /undo: one invoice, claimed in one immediate
 * transaction, booked outside any transaction, recorded only after the accounting system confirmed
 * it. 409 while another claim is live or when already done. */
int ui_accounting_do_transfer(struct req *r);
int ui_accounting_do_undo(struct req *r);

/* POST /admin/accounting/invoices/transfer (field period, "" every period): every open invoice. */
int ui_accounting_do_transfer_all(struct req *r);

/* POST /admin/accounting/revenue (fields tariff, account): the Tryton revenue account id of a tariff
 * (0 clears it: the default revenue account is used). */
int ui_accounting_do_revenue(struct req *r);

/* GET /admin/accounting/import: the customers (parties) of the accounting system and what the import
 * would do with each — create a member (login from the name), link the member with that member number,
 * change its description — and the conflicts (two parties with one code, no login derivable, login
 * taken). Nothing is written. 502 with the accounting system's failure in words. */
int ui_accounting_import(struct req *r);

/* POST /admin/accounting/import: reads the parties again (outside any transaction) and applies every
 * item that is no conflict in one transaction. */
int ui_accounting_do_import(struct req *r);

#endif
