/* ui_invoice: the invoice screens' handlers — the list, the period preview and issuing, an invoice and its PDF, cancellation, the run PDF, invoice settings, members' postal addresses, the DATEV and Lexware files with their previews, and members' own invoices. */
#ifndef WB_UI_INVOICE_H
#define WB_UI_INVOICE_H

#include "http/app.h"

int ui_invoice_list(struct req *r);          /* GET /export/invoices (filters; format=csv) */
int ui_invoice_new(struct req *r);           /* GET /export/invoices/new: period choice and preview */
int ui_invoice_do_new(struct req *r);        /* POST /export/invoices/new: issue the period */
int ui_invoice_show(struct req *r);          /* GET /export/invoices/ID (members: their own) */
int ui_invoice_pdf(struct req *r);           /* GET /export/invoices/ID/pdf (members: their own) */
int ui_invoice_do_cancel(struct req *r);     /* POST /export/invoices/ID/cancel */
int ui_invoice_run_pdf(struct req *r);       /* GET /export/invoices/run/ID/pdf */
int ui_invoice_settings(struct req *r);      /* GET /export/invoices/settings */
int ui_invoice_do_settings(struct req *r);   /* POST /export/invoices/settings */
int ui_invoice_do_account(struct req *r);    /* POST /export/invoices/accounts: one tariff's revenue account */
int ui_invoice_mine(struct req *r);          /* GET /export/invoices/mine */
int ui_invoice_datev(struct req *r);         /* GET /export/datev: preview */
int ui_invoice_do_datev(struct req *r);      /* POST /export/datev: download, marks hand-over */
int ui_invoice_lexware(struct req *r);       /* GET /export/lexware: preview */
int ui_invoice_do_lexware(struct req *r);    /* POST /export/lexware: download, marks hand-over */
int ui_invoice_address(struct req *r);       /* GET /admin/members/ID/address */
int ui_invoice_do_address(struct req *r);    /* POST /admin/members/ID/address */

#endif
