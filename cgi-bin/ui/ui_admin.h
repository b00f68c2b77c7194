/* ui_admin: the handlers of the admin page's routes (cgi-bin/admin.c), one per screen or action. */
#ifndef WB_UI_ADMIN_H
#define WB_UI_ADMIN_H

#include "http/app.h"

/* Each answers one route of the admin page's table; the route's flags were checked before. */
int ui_admin_index(struct req *r);
int ui_admin_areas(struct req *r);
int ui_admin_do_area_new(struct req *r);
int ui_admin_area(struct req *r);
int ui_admin_do_area_edit(struct req *r);
int ui_admin_do_area_delete(struct req *r);
int ui_admin_vehicles(struct req *r);
int ui_admin_vehicle_new(struct req *r);
int ui_admin_do_vehicle_new(struct req *r);
int ui_admin_vehicle(struct req *r);
int ui_admin_do_vehicle_edit(struct req *r);
int ui_admin_vehicle_delete(struct req *r);
int ui_admin_do_vehicle_delete(struct req *r);
int ui_admin_members(struct req *r);
int ui_admin_member_new(struct req *r);
int ui_admin_do_member_new(struct req *r);
int ui_admin_member(struct req *r);
int ui_admin_do_member_edit(struct req *r);
int ui_admin_member_delete(struct req *r);
int ui_admin_do_member_delete(struct req *r);
int ui_admin_members_csv(struct req *r);
int ui_admin_vehicles_csv(struct req *r);
int ui_admin_import(struct req *r);
int ui_admin_do_import(struct req *r);
int ui_admin_do_import_apply(struct req *r);
int ui_admin_tariffs(struct req *r);
int ui_admin_do_tariff_new(struct req *r);
int ui_admin_tariff(struct req *r);
int ui_admin_do_tariff_edit(struct req *r);
int ui_admin_do_tariff_delete(struct req *r);
int ui_admin_api(struct req *r);
int ui_admin_do_api_new(struct req *r);
int ui_admin_api_delete(struct req *r);
int ui_admin_do_api_delete(struct req *r);
int ui_admin_settings(struct req *r);
int ui_admin_do_settings(struct req *r);

#endif
