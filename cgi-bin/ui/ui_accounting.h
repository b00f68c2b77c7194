/* ui_accounting: the handlers of /admin/accounting — the accounting connection's settings and its test. */
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

#endif
