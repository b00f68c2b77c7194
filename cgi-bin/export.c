/* export: the "Auswertungen, Protokolle" page of administrators — choosing months, and the action log of those months streamed as text. */
#include "http/door.h"
#include "ui/ui_export.h"
#include "ui/ui_invoice.h"

/* The export page's routes: method, PATH_INFO pattern, handler and the access it needs. */
static const struct door_route routes[] = {
	{"GET", "", ui_export_export, NEEDS_ADMIN},
	{"GET", "/log", ui_export_log, NEEDS_ADMIN},
	/* The booking file and the billing exports. */
	{"GET", "/bookings", ui_export_bookings, NEEDS_ADMIN},
	{"GET", "/billing", ui_export_bx_list, NEEDS_ADMIN},
	{"GET", "/billing/new", ui_export_bx_new, NEEDS_ADMIN},
	{"POST", "/billing/new", ui_export_do_bx_new, NEEDS_ADMIN | MUTATES},
	{"GET", "/billing/#", ui_export_bx_edit, NEEDS_ADMIN},
	{"POST", "/billing/#/rows", ui_export_do_bx_row_add, NEEDS_ADMIN | MUTATES},
	{"GET", "/billing/#/download", ui_export_bx_download, NEEDS_ADMIN},
	{"POST", "/billing/#/delete", ui_export_do_bx_delete, NEEDS_ADMIN | MUTATES},
	{"POST", "/billing/#/restore", ui_export_do_bx_restore, NEEDS_ADMIN | MUTATES},
	{"GET", "/billing/row/#", ui_export_bx_row, NEEDS_ADMIN},
	{"POST", "/billing/row/#", ui_export_do_bx_row_edit, NEEDS_ADMIN | MUTATES},
	{"POST", "/billing/row/#/delete", ui_export_do_bx_row_delete, NEEDS_ADMIN | MUTATES},
	{"POST", "/billing/row/#/undelete", ui_export_do_bx_row_undelete, NEEDS_ADMIN | MUTATES},
	/* Invoices and the accounting files (ui_invoice.c). */
	{"GET", "/invoices", ui_invoice_list, NEEDS_ADMIN},
	{"GET", "/invoices/new", ui_invoice_new, NEEDS_ADMIN},
	{"POST", "/invoices/new", ui_invoice_do_new, NEEDS_ADMIN | MUTATES},
	{"GET", "/invoices/mine", ui_invoice_mine, NEEDS_LOGIN},
	{"GET", "/invoices/settings", ui_invoice_settings, NEEDS_ADMIN},
	{"POST", "/invoices/settings", ui_invoice_do_settings, NEEDS_ADMIN | MUTATES},
	{"POST", "/invoices/accounts", ui_invoice_do_account, NEEDS_ADMIN | MUTATES},
	{"GET", "/invoices/#", ui_invoice_show, NEEDS_LOGIN},
	{"GET", "/invoices/#/pdf", ui_invoice_pdf, NEEDS_LOGIN},
	{"POST", "/invoices/#/cancel", ui_invoice_do_cancel, NEEDS_ADMIN | MUTATES},
	{"GET", "/invoices/run/#/pdf", ui_invoice_run_pdf, NEEDS_ADMIN},
	{"GET", "/datev", ui_invoice_datev, NEEDS_ADMIN},
	{"POST", "/datev", ui_invoice_do_datev, NEEDS_ADMIN | MUTATES},
	{"GET", "/lexware", ui_invoice_lexware, NEEDS_ADMIN},
	{"POST", "/lexware", ui_invoice_do_lexware, NEEDS_ADMIN | MUTATES},
};

int main(void)
{
	return door_run("export", routes, sizeof routes / sizeof routes[0]);
}
