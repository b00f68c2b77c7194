/* admin: an organisation's master data for its administrators — areas with their vehicles, vehicles, members (two-step create), tariffs, API accounts, settings, and CSV export and import. */
#include "http/door.h"
#include "ui/ui_accounting.h"
#include "ui/ui_admin.h"
#include "ui/ui_invoice.h"
#include "ui/ui_mail.h"
#include "ui/ui_request.h"

/* The admin page's routes: method, PATH_INFO pattern, handler and the access it needs. */
static const struct door_route routes[] = {
	{"GET", "", ui_admin_index, NEEDS_ADMIN},
	{"GET", "/areas", ui_admin_areas, NEEDS_ADMIN},
	{"POST", "/areas/new", ui_admin_do_area_new, NEEDS_ADMIN | MUTATES},
	{"GET", "/areas/#", ui_admin_area, NEEDS_ADMIN},
	{"POST", "/areas/#", ui_admin_do_area_edit, NEEDS_ADMIN | MUTATES},
	{"POST", "/areas/#/delete", ui_admin_do_area_delete, NEEDS_ADMIN | MUTATES},
	{"GET", "/vehicles", ui_admin_vehicles, NEEDS_ADMIN},
	{"GET", "/vehicles/new", ui_admin_vehicle_new, NEEDS_ADMIN},
	{"POST", "/vehicles/new", ui_admin_do_vehicle_new, NEEDS_ADMIN | MUTATES},
	{"GET", "/vehicles/#", ui_admin_vehicle, NEEDS_ADMIN},
	{"POST", "/vehicles/#", ui_admin_do_vehicle_edit, NEEDS_ADMIN | MUTATES},
	{"GET", "/vehicles/#/delete", ui_admin_vehicle_delete, NEEDS_ADMIN},
	{"POST", "/vehicles/#/delete", ui_admin_do_vehicle_delete, NEEDS_ADMIN | MUTATES},
	{"GET", "/members", ui_admin_members, NEEDS_ADMIN},
	{"GET", "/members/new", ui_admin_member_new, NEEDS_ADMIN},
	{"POST", "/members/new", ui_admin_do_member_new, NEEDS_ADMIN | MUTATES},
	{"GET", "/members/#", ui_admin_member, NEEDS_ADMIN},
	{"POST", "/members/#", ui_admin_do_member_edit, NEEDS_ADMIN | MUTATES},
	{"GET", "/members/#/delete", ui_admin_member_delete, NEEDS_ADMIN},
	{"POST", "/members/#/delete", ui_admin_do_member_delete, NEEDS_ADMIN | MUTATES},
	{"GET", "/members/#/address", ui_invoice_address, NEEDS_ADMIN},
	{"POST", "/members/#/address", ui_invoice_do_address, NEEDS_ADMIN | MUTATES},
	{"GET", "/members/csv", ui_admin_members_csv, NEEDS_ADMIN},
	{"GET", "/vehicles/csv", ui_admin_vehicles_csv, NEEDS_ADMIN},
	{"GET", "/import", ui_admin_import, NEEDS_ADMIN},
	{"POST", "/import", ui_admin_do_import, NEEDS_ADMIN | MUTATES},
	{"POST", "/import/#", ui_admin_do_import_apply, NEEDS_ADMIN | MUTATES},
	{"GET", "/tariffs", ui_admin_tariffs, NEEDS_ADMIN},
	{"POST", "/tariffs/new", ui_admin_do_tariff_new, NEEDS_ADMIN | MUTATES},
	{"GET", "/tariffs/#", ui_admin_tariff, NEEDS_ADMIN},
	{"POST", "/tariffs/#", ui_admin_do_tariff_edit, NEEDS_ADMIN | MUTATES},
	{"POST", "/tariffs/#/delete", ui_admin_do_tariff_delete, NEEDS_ADMIN | MUTATES},
	{"GET", "/api", ui_admin_api, NEEDS_ADMIN},
	{"POST", "/api/new", ui_admin_do_api_new, NEEDS_ADMIN | MUTATES},
	{"GET", "/api/#/delete", ui_admin_api_delete, NEEDS_ADMIN},
	{"POST", "/api/#/delete", ui_admin_do_api_delete, NEEDS_ADMIN | MUTATES},
	{"GET", "/settings", ui_admin_settings, NEEDS_ADMIN},
	{"POST", "/settings", ui_admin_do_settings, NEEDS_ADMIN | MUTATES},
	{"GET", "/accounting", ui_accounting_page, NEEDS_ADMIN},
	{"POST", "/accounting", ui_accounting_do_save, NEEDS_ADMIN | MUTATES},
	{"POST", "/accounting/test", ui_accounting_do_test, NEEDS_ADMIN | MUTATES},
	{"POST", "/accounting/revenue", ui_accounting_do_revenue, NEEDS_ADMIN | MUTATES},
	{"GET", "/accounting/import", ui_accounting_import, NEEDS_ADMIN},
	{"POST", "/accounting/import", ui_accounting_do_import, NEEDS_ADMIN | MUTATES},
	{"GET", "/accounting/invoices", ui_accounting_invoices, NEEDS_ADMIN},
	{"POST", "/accounting/invoices/transfer", ui_accounting_do_transfer_all, NEEDS_ADMIN | MUTATES},
	{"GET", "/accounting/invoices/#", ui_accounting_invoice, NEEDS_ADMIN},
	{"POST", "/accounting/invoices/#/transfer", ui_accounting_do_transfer, NEEDS_ADMIN | MUTATES},
	{"POST", "/accounting/invoices/#/undo", ui_accounting_do_undo, NEEDS_ADMIN | MUTATES},
	{"GET", "/mail", ui_mail_page, NEEDS_ADMIN},
	{"POST", "/mail", ui_mail_do_settings, NEEDS_ADMIN | MUTATES},
	{"POST", "/mail/#/resend", ui_mail_do_resend, NEEDS_ADMIN | MUTATES},
	{"GET", "/members/#/mail", ui_mail_member, NEEDS_ADMIN},
	{"POST", "/members/#/mail", ui_mail_do_member, NEEDS_ADMIN | MUTATES},
	{"GET", "/requests", ui_request_list, NEEDS_ADMIN},
	{"POST", "/requests/#/accept", ui_request_do_accept, NEEDS_ADMIN | MUTATES},
	{"POST", "/requests/#/decline", ui_request_do_decline, NEEDS_ADMIN | MUTATES},
};

int main(void)
{
	return door_run("admin", routes, sizeof routes / sizeof routes[0]);
}
