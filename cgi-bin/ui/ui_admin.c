/* ui_admin: the admin screens' handlers — an organisation's master data for its administrators — areas with their vehicles, vehicles, members (two-step create), tariffs, API accounts, settings, and CSV export and import. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/utf8.h"
#include "base/money.h"
#include "store/adminstore.h"
#include "http/app.h"
#include "ui/ui_admin.h"
#include "ui/ui_shared.h"
#include "format/csvfile.h"
#include "format/csvout.h"
#include "store/importstore.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "http/multipart.h"
#include "rules/pricing.h"
#include "http/request.h"
#include "http/session.h"
#include "base/timeutil.h"
#include "rules/translit.h"

#define DESCR_MAX_CHARS 30   /* a vehicle's description, in characters */
#define SORT_MAX 9999

/* ---- Small helpers. */

/* Records a message with a count for field in the places input_error uses. */
static void error_n(struct req *r, const char *field, const char *key, int64_t n)
{
	char msg[512];
	ui_lang_n(r, key, n, msg, sizeof msg);
	input_error_text(r, field, msg);
}

/* Redirects to /admin/<what>/<id><suffix>. */
static int redirect_id(struct req *r, const char *what, int64_t id, const char *suffix)
{
	char rest[128];
	snprintf(rest, sizeof rest, "/%s/%lld%s", what, (long long)id, suffix);
	return ui_redirect(r, "admin", rest);
}

/* A sort number from an optional input_int field: 0 when absent, an error when outside 0..SORT_MAX. */
static int sort_of(struct req *r, const struct input_val *v, int *bad)
{
	if (!v->present || !v->ok)
		return 0;
	if (v->i < 0 || v->i > SORT_MAX) {
		input_error(r, "sort", "adm.sort_range");
		(*bad)++;
		return 0;
	}
	return (int)v->i;
}

/* Refuses text field v (one more in *bad) when it has more than max characters: limits count
 * characters, as the form's maxlength does (the field's maxlen is the byte bound 4 * max). */
static bool chars_ok(struct req *r, const struct input_val *v, const char *field, size_t max, int *bad)
{
	if (!v->ok || !v->present || utf8_chars(v->s) <= max)
		return true;
	error_n(r, field, "adm.too_long", (int64_t)max);
	(*bad)++;
	return false;
}

/* Copies the name field v into dst (size bytes) without leading and trailing spaces and tabs, cut on a
 * character boundary. A name of nothing but spaces is refused (adm.name_blank, one more in *bad). */
static void name_of(struct req *r, const struct input_val *v, const char *field, size_t max, char *dst, size_t size,
                    int *bad)
{
	if (!v->ok || !chars_ok(r, v, field, max, bad))
		return;
	const char *p = v->s;
	while (*p == ' ' || *p == '\t')
		p++;
	utf8_copy(dst, size, p);
	size_t n = strlen(dst);
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '\t'))
		dst[--n] = '\0';
	if (n == 0) {
		input_error(r, field, "adm.name_blank");
		(*bad)++;
	}
}

/* ---- Areas ("Bereiche und Fahrzeuge"). */

/* Areas.<i> of the organisation by sort number, then name, each with its number of vehicles. */
static int fill_areas(struct req *r)
{
	struct actor a = ui_actor(r);
	HDF *list = hdfx_node(r->hdf, "Areas");
	struct adm_cursor c;
	struct adm_area_row row;
	enum store_status s = adm_areas_open(&c, &a);
	if (s != ST_OK)
		return s;
	for (int i = 0; adm_areas_row(&c, &row); i++, adm_cursor_next(&c)) {
		HDF *n = hdfx_child(list, i);
		hdfx_set_int(n, "id", row.id);
		hdf_set_value(n, "name", row.name);
		hdfx_set_int(n, "sort", row.sort);
		hdf_set_int_value(n, "hidden", row.hidden);
		hdfx_set_int(n, "vehicles", row.vehicles);
	}
	return adm_cursor_close(&c);
}

/* Sets the fields of vehicle row v under n (the list columns of the vehicles and area pages). */
static void vehicle_hdf(HDF *n, const struct adm_vehicle_row *v)
{
	hdfx_set_int(n, "id", v->id);
	hdf_set_value(n, "name", v->name);
	hdf_set_value(n, "descr", v->descr);
	hdfx_set_int(n, "sort", v->sort);
	hdfx_set_int(n, "area_id", v->area_id);
	hdf_set_value(n, "area", v->area);
	hdf_set_int_value(n, "hidden", v->area_hidden);
	hdf_set_value(n, "tariff", v->tariff);
}

/* list.<i> with the organisation's vehicles (of area area_id when above 0). */
static int fill_vehicles(struct req *r, HDF *list, int64_t area_id)
{
	struct actor a = ui_actor(r);
	struct adm_cursor c;
	struct adm_vehicle_row row;
	enum store_status s = adm_vehicles_open(&c, &a, area_id);
	if (s != ST_OK)
		return s;
	for (int i = 0; adm_vehicles_row(&c, &row); i++, adm_cursor_next(&c))
		vehicle_hdf(hdfx_child(list, i), &row);
	return adm_cursor_close(&c);
}

/* Area.* and Area.vehicles.<i> of the selected area. */
static int fill_area(struct req *r, const struct adm_area *ar)
{
	HDF *n = hdfx_node(r->hdf, "Area");
	hdfx_set_int(n, "id", ar->id);
	hdf_set_value(n, "name", ar->name);
	hdfx_set_int(n, "sort", ar->sort);
	hdf_set_int_value(n, "hidden", ar->sort > 90);
	return fill_vehicles(r, hdfx_node(r->hdf, "Area.vehicles"), ar->id);
}

/* Renders the areas page (with area ar selected when not NULL) with status. */
static int areas_page(struct req *r, int status, const struct adm_area *ar)
{
	int s = fill_areas(r);
	if (s == ST_OK && ar)
		s = fill_area(r, ar);
	if (s != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "adm.areas.title");
	hdf_set_value(r->hdf, "Adm.section", "areas");
	return app_render(r, status, "admin_areas.cs");
}

enum { A_NAME, A_SORT, A_NFIELDS };
static const struct input_field area_fields[A_NFIELDS] = {
	[A_NAME] = {"name", input_text, true, ADM_TEXT_BYTES(ADM_NAME_CHARS) - 1},
	[A_SORT] = {"sort", input_int, false, 6},
};

/* Reads and checks the area form into out; returns the number of invalid fields. */
static int read_area(struct req *r, struct adm_area *out)
{
	struct input_val v[A_NFIELDS];
	int bad = input_read(r, area_fields, A_NFIELDS, v);
	out->sort = sort_of(r, &v[A_SORT], &bad);
	name_of(r, &v[A_NAME], "name", ADM_NAME_CHARS, out->name, sizeof out->name, &bad);
	return bad;
}

int ui_admin_index(struct req *r)
{
	return ui_redirect(r, "admin", "/areas");
}

int ui_admin_areas(struct req *r)
{
	return areas_page(r, 200, NULL);
}

int ui_admin_area(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_area ar;
	enum store_status res = adm_area_load(&a, r->id, &ar);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "name", ar.name);
	hdfx_set_int(f, "sort", ar.sort);
	return areas_page(r, 200, &ar);
}

int ui_admin_do_area_new(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_area ar = {0};
	if (read_area(r, &ar))
		return areas_page(r, 422, NULL);
	enum store_status res = adm_area_create(&a, &ar);
	if (res != ST_OK)
		return ui_failure(r, res);
	return redirect_id(r, "areas", ar.id, "?saved=1");
}

int ui_admin_do_area_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_area old, ar = {0};
	enum store_status res = adm_area_load(&a, r->id, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	if (read_area(r, &ar))
		return areas_page(r, 422, &old);
	ar.id = r->id;
	res = adm_area_update(&a, &ar);
	if (res != ST_OK)
		return ui_failure(r, res);
	return redirect_id(r, "areas", ar.id, "?saved=1");
}

int ui_admin_do_area_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_area old;
	enum store_status res = adm_area_load(&a, r->id, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	int n = 0;
	res = adm_area_delete(&a, r->id, &n);
	if (res == ST_HAS_VEHICLES || res == ST_LAST_AREA || res == ST_IN_USE) {
		HDF *f = hdfx_node(r->hdf, "Form");
		hdf_set_value(f, "name", old.name);
		hdfx_set_int(f, "sort", old.sort);
		if (res == ST_HAS_VEHICLES)
			error_n(r, "delete", "adm.areas.has_vehicles", n);
		else if (res == ST_IN_USE)
			error_n(r, "delete", "adm.areas.has_subscriptions", n);
		else
			input_error(r, "delete", "adm.areas.last");
		return areas_page(r, 409, &old);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/areas?deleted=1");
}

/* ---- Vehicles. */

int ui_admin_vehicles(struct req *r)
{
	int s = fill_vehicles(r, hdfx_node(r->hdf, "Vehicles"), 0);
	if (s != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "adm.vehicles.title");
	hdf_set_value(r->hdf, "Adm.section", "vehicles");
	return app_render(r, 200, "admin_vehicles.cs");
}

static int fill_tariffs(struct req *r);

/* Renders the vehicle form (new when id is 0) with status. */
static int vehicle_form(struct req *r, int status, int64_t id)
{
	int s = fill_areas(r);
	if (s == ST_OK)
		s = fill_tariffs(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	hdfx_set_int(hdfx_node(r->hdf, "VForm"), "id", id);
	ui_title(r, id ? "adm.vehicles.edit" : "adm.vehicles.new");
	hdf_set_value(r->hdf, "Adm.section", "vehicles");
	return app_render(r, status, "admin_vehicle_form.cs");
}

enum { V_NAME, V_DESCR, V_AREA, V_SORT, V_TARIFF, V_NFIELDS };
static const struct input_field vehicle_fields[V_NFIELDS] = {
	[V_NAME] = {"name", input_text, true, ADM_TEXT_BYTES(ADM_VEHICLE_NAME_CHARS) - 1},
	[V_DESCR] = {"descr", input_text, false, 200},
	[V_AREA] = {"area", input_id, true, 20},
	[V_SORT] = {"sort", input_int, false, 6},
	[V_TARIFF] = {"tariff", input_id, false, 20},   /* empty: no tariff */
};

/* Reads and checks the vehicle form into out; returns the number of invalid fields. The description
 * is refused, never cut, when it has more than DESCR_MAX_CHARS characters. */
static int read_vehicle(struct req *r, struct adm_vehicle *out)
{
	struct input_val v[V_NFIELDS];
	int bad = input_read(r, vehicle_fields, V_NFIELDS, v);
	out->sort = sort_of(r, &v[V_SORT], &bad);
	name_of(r, &v[V_NAME], "name", ADM_VEHICLE_NAME_CHARS, out->name, sizeof out->name, &bad);
	if (v[V_DESCR].ok && v[V_DESCR].present) {
		if (utf8_chars(v[V_DESCR].s) > DESCR_MAX_CHARS) {
			error_n(r, "descr", "adm.vehicles.descr_long", (int64_t)utf8_chars(v[V_DESCR].s));
			bad++;
		} else {
			utf8_copy(out->descr, sizeof out->descr, v[V_DESCR].s);
		}
	}
	if (v[V_AREA].ok)
		out->area_id = v[V_AREA].i;
	if (v[V_TARIFF].ok && v[V_TARIFF].present)
		out->tariff_id = v[V_TARIFF].i;
	return bad;
}

/* Turns a refused vehicle save into the form again, or answers the failure. */
static int vehicle_refused(struct req *r, enum store_status res, int64_t id)
{
	if (res == ST_DUPLICATE || res == ST_NAME_TAKEN) {
		input_error(r, "name", res == ST_DUPLICATE ? "adm.vehicles.duplicate" : "adm.vehicles.subscription_name");
		return vehicle_form(r, res == ST_DUPLICATE ? 422 : 409, id);
	}
	if (res == ST_BAD_AREA) {
		input_error(r, "area", "adm.vehicles.bad_area");
		return vehicle_form(r, 422, id);
	}
	if (res == ST_BAD_TARIFF) {
		input_error(r, "tariff", "adm.vehicles.bad_tariff");
		return vehicle_form(r, 422, id);
	}
	if (res == ST_RELEASED_NAME || res == ST_RELEASED_TARIFF) {
		input_error(r, res == ST_RELEASED_NAME ? "name" : "tariff",
		            res == ST_RELEASED_NAME ? "mkt.lock.name" : "mkt.lock.tariff");
		return vehicle_form(r, 409, id);
	}
	return ui_failure(r, res);
}

enum { VN_AREA, VN_NFIELDS };
static const struct input_field vehicle_new_fields[VN_NFIELDS] = {
	[VN_AREA] = {"area", input_id, false, 20},   /* preselected area, from the area page's link */
};

int ui_admin_vehicle_new(struct req *r)
{
	struct input_val v[VN_NFIELDS];
	if (input_read(r, vehicle_new_fields, VN_NFIELDS, v)) {
		/* a broken link preselects nothing; the empty form is no error */
		hdf_remove_tree(r->hdf, "Error");
		hdf_remove_tree(r->hdf, "Errors");
		hdf_remove_tree(r->hdf, "Form.area");
	} else if (v[VN_AREA].present) {
		hdfx_set_int(hdfx_node(r->hdf, "Form"), "area", v[VN_AREA].i);
	}
	return vehicle_form(r, 200, 0);
}

int ui_admin_do_vehicle_new(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_vehicle ve = {0};
	if (read_vehicle(r, &ve))
		return vehicle_form(r, 422, 0);
	enum store_status res = adm_vehicle_create(&a, &ve);
	if (res != ST_OK)
		return vehicle_refused(r, res, 0);
	return redirect_id(r, "vehicles", ve.id, "?saved=1");
}

int ui_admin_vehicle(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_vehicle ve;
	enum store_status res = adm_vehicle_load(&a, r->id, &ve);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "name", ve.name);
	hdf_set_value(f, "descr", ve.descr);
	hdfx_set_int(f, "area", ve.area_id);
	hdfx_set_int(f, "sort", ve.sort);
	if (ve.tariff_id)
		hdfx_set_int(f, "tariff", ve.tariff_id);
	return vehicle_form(r, 200, ve.id);
}

int ui_admin_do_vehicle_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_vehicle old, ve = {0};
	enum store_status res = adm_vehicle_load(&a, r->id, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	if (read_vehicle(r, &ve))
		return vehicle_form(r, 422, r->id);
	ve.id = r->id;
	res = adm_vehicle_update(&a, &ve);
	if (res != ST_OK)
		return vehicle_refused(r, res, r->id);
	return redirect_id(r, "vehicles", ve.id, "?saved=1");
}

/* The confirmation page before deleting a vehicle: how many bookings go, how many of them in the
 * current billing period, and the alternative. */
static int vehicle_delete_page(struct req *r, int status);

int ui_admin_vehicle_delete(struct req *r)
{
	return vehicle_delete_page(r, 200);
}

static int vehicle_delete_page(struct req *r, int status)
{
	struct actor a = ui_actor(r);
	struct adm_vehicle ve;
	enum store_status res = adm_vehicle_load(&a, r->id, &ve);
	if (res != ST_OK)
		return ui_failure(r, res);
	int64_t from, to;
	adm_billing_period(r->org.tz, r->now, r->org.billing_period, &from, &to);
	int total = 0, in_period = 0, billed = 0;
	res = adm_vehicle_counts(&a, r->id, from, to, &total, &in_period, &billed);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *n = hdfx_node(r->hdf, "Del");
	char msg[512];
	hdfx_set_int(n, "id", ve.id);
	hdf_set_value(n, "name", ve.name);
	hdf_set_value(n, "descr", ve.descr);
	hdfx_set_int(n, "total", total);
	hdfx_set_int(n, "period", in_period);
	ui_lang_n(r, "adm.vehicles.del_total", total, msg, sizeof msg);
	hdf_set_value(n, "total_msg", msg);
	ui_lang_n(r, "adm.vehicles.del_period", in_period, msg, sizeof msg);
	hdf_set_value(n, "period_msg", msg);
	hdfx_set_int(n, "billed", billed);
	if (billed) {
		ui_lang_n(r, "adm.vehicles.del_billed", billed, msg, sizeof msg);
		hdf_set_value(n, "billed_msg", msg);
	}
	struct tu_tm t0, t1;
	tu_to_local(r->org.tz, from, &t0);
	tu_to_local(r->org.tz, to - 1, &t1);
	snprintf(msg, sizeof msg, "%02d.%02d.%04d–%02d.%02d.%04d", t0.day, t0.mon, t0.year, t1.day, t1.mon, t1.year);
	hdf_set_value(n, "period_span", msg);
	ui_title(r, "adm.vehicles.delete");
	hdf_set_value(r->hdf, "Adm.section", "vehicles");
	return app_render(r, status, "admin_vehicle_delete.cs");
}

int ui_admin_do_vehicle_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	int n = 0, billed = 0;
	enum store_status res = adm_vehicle_delete(&a, r->id, &n, &billed);
	if (res == ST_IN_USE && billed > 0) {
		input_error(r, "delete", "adm.vehicles.billed_refused");
		return vehicle_delete_page(r, 409);
	}
	if (res == ST_IN_USE)
		return app_error(r, 409, "adm.vehicles.in_use");
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/vehicles?deleted=1");
}

/* ---- Members ("Teilnehmer"). */

int ui_admin_members(struct req *r)
{
	struct actor a = ui_actor(r);
	HDF *list = hdfx_node(r->hdf, "Members");
	struct adm_cursor c;
	struct adm_member_row m;
	enum store_status s = adm_members_open(&c, &a);
	if (s != ST_OK)
		return app_db_failure(r, s);
	for (int i = 0; adm_members_row(&c, &m); i++, adm_cursor_next(&c)) {
		HDF *n = hdfx_child(list, i);
		hdfx_set_int(n, "id", m.id);
		hdf_set_value(n, "login", m.login);
		hdf_set_value(n, "descr", m.descr);
		hdf_set_value(n, "member_no", m.member_no);
		hdf_set_int_value(n, "admin", m.is_admin);
		hdf_set_int_value(n, "locked", m.locked);
		hdf_set_int_value(n, "has_password", m.has_password);
	}
	if ((s = adm_cursor_close(&c)) != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "adm.members.title");
	hdf_set_value(r->hdf, "Adm.section", "members");
	return app_render(r, 200, "admin_members.cs");
}

static int member_new_form(struct req *r, int status)
{
	ui_title(r, "adm.members.new");
	hdf_set_value(r->hdf, "Adm.section", "members");
	return app_render(r, status, "admin_member_new.cs");
}

int ui_admin_member_new(struct req *r)
{
	return member_new_form(r, 200);
}

enum { L_LOGIN, L_NFIELDS };
static const struct input_field login_fields[L_NFIELDS] = {
	[L_LOGIN] = {"login", input_text, true, 100},
};

/* Step one of creating a member: the login name. A name that breaks the rules comes back with a
 * transliteration to use instead. */
int ui_admin_do_member_new(struct req *r)
{
	struct input_val v[L_NFIELDS];
	if (input_read(r, login_fields, L_NFIELDS, v))
		return member_new_form(r, 422);
	if (!tl_login_ok(v[L_LOGIN].s)) {
		char suggest[TL_LOGIN_MAX + 1];
		tl_login_suggest(v[L_LOGIN].s, suggest, sizeof suggest);
		if (strlen(v[L_LOGIN].s) > TL_LOGIN_MAX && tl_login_ok(suggest))
			input_error(r, "login", "adm.members.login_long");
		else
			input_error(r, "login", "adm.members.login_chars");
		if (*suggest)
			hdf_set_value(r->hdf, "Suggest.login", suggest);
		return member_new_form(r, 422);
	}
	char login[TL_LOGIN_MAX + 1];
	tl_login_upper(v[L_LOGIN].s, login, sizeof login);
	struct actor a = ui_actor(r);
	int64_t id = 0;
	enum store_status res = adm_member_create(&a, login, &id);
	if (res == ST_DUPLICATE) {
		input_error(r, "login", "adm.members.duplicate");
		return member_new_form(r, 422);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return redirect_id(r, "members", id, "?created=1");
}

/* Renders the details form of member m with status. */
static int member_form(struct req *r, int status, const struct adm_member *m)
{
	HDF *n = hdfx_node(r->hdf, "Member");
	hdfx_set_int(n, "id", m->id);
	hdf_set_value(n, "login", m->login);
	hdf_set_int_value(n, "has_password", m->has_password);
	hdf_set_int_value(n, "self", m->id == r->user.id);
	hdf_remove_tree(r->hdf, "Form.password"); /* never shown, not even as typed */
	hdf_set_value(r->hdf, "Page.title", m->login);
	hdf_set_value(r->hdf, "Adm.section", "members");
	return app_render(r, status, "admin_member_form.cs");
}

int ui_admin_member(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_member m;
	enum store_status res = adm_member_load(&a, r->id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "descr", m.descr);
	hdf_set_value(f, "member_no", m.member_no);
	hdf_set_int_value(f, "is_admin", m.is_admin);
	hdf_set_int_value(f, "locked", m.locked);
	return member_form(r, 200, &m);
}

enum { M_DESCR, M_NO, M_PASSWORD, M_ADMIN, M_LOCKED, M_NFIELDS };
static const struct input_field member_fields[M_NFIELDS] = {
	[M_DESCR] = {"descr", input_text, false, ADM_TEXT_BYTES(ADM_MEMBER_DESCR_CHARS) - 1},
	[M_NO] = {"member_no", input_text, false, ADM_TEXT_BYTES(ADM_MEMBER_NO_CHARS) - 1},
	[M_PASSWORD] = {"password", input_text, false, 1024},
	[M_ADMIN] = {"is_admin", input_bool, false, 5},
	[M_LOCKED] = {"locked", input_bool, false, 5},
};

int ui_admin_do_member_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_member old;
	enum store_status res = adm_member_load(&a, r->id, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	struct input_val v[M_NFIELDS];
	int bad = input_read(r, member_fields, M_NFIELDS, v);
	const char *pw = v[M_PASSWORD].ok && v[M_PASSWORD].present ? v[M_PASSWORD].s : NULL;
	chars_ok(r, &v[M_DESCR], "descr", ADM_MEMBER_DESCR_CHARS, &bad);
	chars_ok(r, &v[M_NO], "member_no", ADM_MEMBER_NO_CHARS, &bad);
	if (pw && utf8_chars(pw) < PASSWORD_MIN) {
		input_error(r, "password", "adm.members.password_short");
		bad++;
	}
	if (bad)
		return member_form(r, 422, &old);
	struct adm_member m = old;
	utf8_copy(m.descr, sizeof m.descr, v[M_DESCR].present ? v[M_DESCR].s : "");
	utf8_copy(m.member_no, sizeof m.member_no, v[M_NO].present ? v[M_NO].s : "");
	m.is_admin = v[M_ADMIN].i != 0;
	m.locked = v[M_LOCKED].i != 0;
	char hash[256];
	/* Hashing is slow on purpose: done before the write lock is taken. */
	if (pw && !session_password_hash(pw, hash, sizeof hash))
		return app_error(r, 500, NULL);
	res = adm_member_update(&a, &m, pw ? hash : NULL);
	if (res == ST_SELF) {
		input_error(r, m.locked ? "locked" : "is_admin", "adm.members.self");
		return member_form(r, 422, &old);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return redirect_id(r, "members", m.id, "?saved=1");
}

/* Renders the confirmation page before deleting member m with status. */
static int member_delete_page(struct req *r, int status, const struct adm_member *m)
{
	struct actor a = ui_actor(r);
	int own = 0, others = 0, billed = 0;
	enum store_status res = adm_member_counts(&a, m->id, &own, &others, &billed);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *n = hdfx_node(r->hdf, "Del");
	char msg[512];
	hdfx_set_int(n, "id", m->id);
	hdf_set_value(n, "login", m->login);
	hdf_set_value(n, "descr", m->descr);
	hdfx_set_int(n, "own", own);
	hdfx_set_int(n, "others", others);
	hdf_set_int_value(n, "self", m->id == r->user.id);
	hdf_set_int_value(n, "locked", m->locked);
	ui_lang_n(r, "adm.members.del_own", own, msg, sizeof msg);
	hdf_set_value(n, "own_msg", msg);
	ui_lang_n(r, "adm.members.del_others", others, msg, sizeof msg);
	hdf_set_value(n, "others_msg", msg);
	hdfx_set_int(n, "billed", billed);
	if (billed) {
		ui_lang_n(r, "adm.members.del_billed", billed, msg, sizeof msg);
		hdf_set_value(n, "billed_msg", msg);
	}
	ui_title(r, "adm.members.delete");
	hdf_set_value(r->hdf, "Adm.section", "members");
	return app_render(r, status, "admin_member_delete.cs");
}

int ui_admin_member_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_member m;
	enum store_status res = adm_member_load(&a, r->id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	return member_delete_page(r, 200, &m);
}

int ui_admin_do_member_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_member m;
	enum store_status res = adm_member_load(&a, r->id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	int n = 0, billed = 0;
	res = adm_member_delete(&a, r->id, &n, &billed);
	if (res == ST_SELF || res == ST_IN_USE) {
		input_error(r, "delete", res == ST_SELF ? "adm.members.self_delete"
		                         : billed > 0 ? "adm.members.billed_refused"
		                         : n > 0 ? "adm.members.in_use" : "adm.members.in_use_records");
		return member_delete_page(r, 409, &m);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/members?deleted=1");
}

/* ---- Tariffs. */

/* Tariffs.<i> of the organisation by name, each with its amounts and its number of vehicles. */
static int fill_tariffs(struct req *r)
{
	struct actor a = ui_actor(r);
	HDF *list = hdfx_node(r->hdf, "Tariffs");
	struct adm_cursor c;
	struct adm_tariff_row t;
	enum store_status s = adm_tariffs_open(&c, &a);
	if (s != ST_OK)
		return s;
	char buf[MONEY_DISPLAY_BUF];
	for (int i = 0; adm_tariffs_row(&c, &t); i++, adm_cursor_next(&c)) {
		HDF *n = hdfx_child(list, i);
		hdfx_set_int(n, "id", t.id);
		hdf_set_value(n, "name", t.name);
		hdf_set_value(n, "per_hour", ui_money(r, buf, t.per_hour));
		if (t.max_24h >= 0)
			hdf_set_value(n, "max_24h", ui_money(r, buf, t.max_24h));
		hdf_set_value(n, "per_km", ui_money(r, buf, t.per_km));
		hdfx_set_int(n, "vehicles", t.vehicles);
	}
	return adm_cursor_close(&c);
}

/* Renders the tariffs page (with tariff t selected when not NULL) with status. */
static int tariffs_page(struct req *r, int status, const struct adm_tariff *t)
{
	int s = fill_tariffs(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	if (t) {
		HDF *n = hdfx_node(r->hdf, "Tariff");
		hdfx_set_int(n, "id", t->id);
		hdf_set_value(n, "name", t->name);
		struct actor a = ui_actor(r);
		int released = 0;
		if ((s = adm_tariff_released(&a, t->id, &released)) != ST_OK)
			return app_db_failure(r, s);
		if (released) {   /* the same rule adm_tariff_update applies */
			char msg[512];
			ui_lang_n(r, "adm.tariffs.released", released, msg, sizeof msg);
			hdf_set_value(n, "released_msg", msg);
		}
	}
	ui_title(r, "adm.tariffs.title");
	hdf_set_value(r->hdf, "Adm.section", "tariffs");
	return app_render(r, status, "admin_tariffs.cs");
}

/* An amount in euros with a decimal comma or point and at most two decimals, as cents in out->i. */
static const char *v_euro(struct req *r, const char *raw, struct input_val *out)
{
	switch (money_parse(raw, false, &out->i)) {
	case MONEY_OK: return NULL;
	case MONEY_DECIMALS: return "adm.tariffs.decimals";
	case MONEY_RANGE: return "adm.tariffs.range";
	default: return "adm.tariffs.amount";
	}
}

enum { T_NAME, T_PER_HOUR, T_MAX_24H, T_PER_KM, T_NFIELDS };
static const struct input_field tariff_fields[T_NFIELDS] = {
	[T_NAME] = {"name", input_text, true, ADM_TEXT_BYTES(ADM_NAME_CHARS) - 1},
	[T_PER_HOUR] = {"per_hour", v_euro, true, 20},
	[T_MAX_24H] = {"max_24h", v_euro, false, 20},   /* empty: no cap */
	[T_PER_KM] = {"per_km", v_euro, false, 20},     /* empty: 0 */
};

/* Reads and checks the tariff form into out; returns the number of invalid fields. */
static int read_tariff(struct req *r, struct adm_tariff *out)
{
	struct input_val v[T_NFIELDS];
	int bad = input_read(r, tariff_fields, T_NFIELDS, v);
	name_of(r, &v[T_NAME], "name", ADM_NAME_CHARS, out->name, sizeof out->name, &bad);
	out->per_hour = v[T_PER_HOUR].ok ? v[T_PER_HOUR].i : 0;
	out->max_24h = v[T_MAX_24H].ok && v[T_MAX_24H].present ? v[T_MAX_24H].i : -1;
	out->per_km = v[T_PER_KM].ok && v[T_PER_KM].present ? v[T_PER_KM].i : 0;
	return bad;
}

int ui_admin_tariffs(struct req *r)
{
	return tariffs_page(r, 200, NULL);
}

int ui_admin_tariff(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_tariff t;
	enum store_status res = adm_tariff_load(&a, r->id, &t);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	char buf[24];
	hdf_set_value(f, "name", t.name);
	hdf_set_value(f, "per_hour", ui_money_input(r, buf, t.per_hour));
	if (t.max_24h >= 0)
		hdf_set_value(f, "max_24h", ui_money_input(r, buf, t.max_24h));
	hdf_set_value(f, "per_km", ui_money_input(r, buf, t.per_km));
	return tariffs_page(r, 200, &t);
}

int ui_admin_do_tariff_new(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_tariff t = {0};
	if (read_tariff(r, &t))
		return tariffs_page(r, 422, NULL);
	enum store_status res = adm_tariff_create(&a, &t);
	if (res == ST_DUPLICATE) {
		input_error(r, "name", "adm.tariffs.duplicate");
		return tariffs_page(r, 422, NULL);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return redirect_id(r, "tariffs", t.id, "?saved=1");
}

int ui_admin_do_tariff_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_tariff old, t = {0};
	enum store_status res = adm_tariff_load(&a, r->id, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	if (read_tariff(r, &t))
		return tariffs_page(r, 422, &old);
	t.id = r->id;
	res = adm_tariff_update(&a, &t);
	if (res == ST_DUPLICATE) {
		input_error(r, "name", "adm.tariffs.duplicate");
		return tariffs_page(r, 422, &old);
	}
	if (res == ST_RELEASED_TARIFF) {
		input_error(r, "per_hour", "adm.tariffs.released");
		return tariffs_page(r, 409, &old);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return redirect_id(r, "tariffs", t.id, "?saved=1");
}

int ui_admin_do_tariff_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_tariff old;
	enum store_status res = adm_tariff_load(&a, r->id, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	int n = 0;
	res = adm_tariff_delete(&a, r->id, &n);
	if (res == ST_IN_USE) {
		HDF *f = hdfx_node(r->hdf, "Form");
		char buf[24];
		hdf_set_value(f, "name", old.name);
		hdf_set_value(f, "per_hour", ui_money_input(r, buf, old.per_hour));
		if (old.max_24h >= 0)
			hdf_set_value(f, "max_24h", ui_money_input(r, buf, old.max_24h));
		hdf_set_value(f, "per_km", ui_money_input(r, buf, old.per_km));
		error_n(r, "delete", "adm.tariffs.in_use", n);
		return tariffs_page(r, 409, &old);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/tariffs?deleted=1");
}

/* ---- API accounts for the billing API. */

/* A time as "DD.MM.YYYY HH:MM" in the organisation's zone. */
static char *local_time(struct req *r, char *buf, size_t n, int64_t t)
{
	struct tu_tm lt;
	tu_to_local(r->org.tz, t, &lt);
	snprintf(buf, n, "%02d.%02d.%04d %02d:%02d", lt.day, lt.mon, lt.year, lt.hour, lt.min);
	return buf;
}

/* Api.accounts.<i> by name, Api.url (the API's address with the organisation's number). */
static int fill_api(struct req *r)
{
	char url[512], rest[128], buf[32];
	snprintf(rest, sizeof rest, "/v1/billing/getBillings/usergroup/%lld/datalimit/100", (long long)r->org.id);
	HDF *n = hdfx_node(r->hdf, "Api");
	hdf_set_value(n, "url", app_url(r, url, sizeof url, "api", rest));
	hdfx_set_int(n, "org", r->org.id);
	HDF *list = hdfx_node(r->hdf, "Api.accounts");
	struct actor a = ui_actor(r);
	struct adm_cursor cur;
	struct adm_api_account acc;
	enum store_status s = adm_apis_open(&cur, &a);
	if (s != ST_OK)
		return s;
	for (int i = 0; adm_apis_row(&cur, &acc); i++, adm_cursor_next(&cur)) {
		HDF *c = hdfx_child(list, i);
		hdfx_set_int(c, "id", acc.id);
		hdf_set_value(c, "name", acc.name);
		hdf_set_value(c, "created", local_time(r, buf, sizeof buf, acc.created_at));
		if (acc.last_call_at)
			hdf_set_value(c, "last_call", local_time(r, buf, sizeof buf, acc.last_call_at));
	}
	return adm_cursor_close(&cur);
}

static int api_page(struct req *r, int status)
{
	int s = fill_api(r);
	if (s != ST_OK)
		return app_db_failure(r, s);
	ui_title(r, "adm.api.title");
	hdf_set_value(r->hdf, "Adm.section", "api");
	return app_render(r, status, "admin_api.cs");
}

/* An API account name: A-Z, a-z, 0-9, - and _, 1..ADM_API_NAME_MAX characters (upper-cased later). */
static const char *v_api_name(struct req *r, const char *raw, struct input_val *out)
{
	size_t n = 0;
	for (const char *p = raw; *p; p++, n++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return "adm.api.name_chars";
	}
	if (n > ADM_API_NAME_MAX)
		return "adm.api.name_chars";
	out->s = raw;
	return NULL;
}

enum { K_NAME, K_NFIELDS };
static const struct input_field api_fields[K_NFIELDS] = {
	[K_NAME] = {"name", v_api_name, true, 100},
};

int ui_admin_api(struct req *r)
{
	return api_page(r, 200);
}

/* Creates an account with a generated token and shows the token once, in this answer only (no
 * redirect: it is nowhere stored to be shown again; the page is sent with Cache-Control: no-store). */
int ui_admin_do_api_new(struct req *r)
{
	struct input_val v[K_NFIELDS];
	if (input_read(r, api_fields, K_NFIELDS, v))
		return api_page(r, 422);
	char name[ADM_API_NAME_MAX + 1];
	size_t i;
	for (i = 0; v[K_NAME].s[i] && i < ADM_API_NAME_MAX; i++) {
		char c = v[K_NAME].s[i];
		name[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	name[i] = '\0';
	char token[ADM_API_TOKEN_BYTES * 2 + 1];
	session_random_hex(token, ADM_API_TOKEN_BYTES);
	struct actor a = ui_actor(r);
	int64_t id = 0;
	enum store_status res = adm_api_create(&a, name, token, &id);
	if (res == ST_DUPLICATE) {
		sodium_memzero(token, sizeof token);
		input_error(r, "name", "adm.api.duplicate");
		return api_page(r, 422);
	}
	if (res != ST_OK) {
		sodium_memzero(token, sizeof token);
		return ui_failure(r, res);
	}
	HDF *n = hdfx_node(r->hdf, "New");
	hdfx_set_int(n, "id", id);
	hdf_set_value(n, "name", name);
	hdf_set_value(n, "token", token);
	sodium_memzero(token, sizeof token);
	hdf_remove_tree(r->hdf, "Form.name"); /* the form is for the next account */
	int status = api_page(r, 200);
	hdf_remove_tree(r->hdf, "New");
	return status;
}

int ui_admin_api_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_api_account acc;
	enum store_status res = adm_api_load(&a, r->id, &acc);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *n = hdfx_node(r->hdf, "Del");
	char buf[32];
	hdfx_set_int(n, "id", acc.id);
	hdf_set_value(n, "name", acc.name);
	if (acc.last_call_at)
		hdf_set_value(n, "last_call", local_time(r, buf, sizeof buf, acc.last_call_at));
	ui_title(r, "adm.api.delete");
	hdf_set_value(r->hdf, "Adm.section", "api");
	return app_render(r, 200, "admin_api_delete.cs");
}

int ui_admin_do_api_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	enum store_status res = adm_api_delete(&a, r->id);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/api?deleted=1");
}

/* ---- Organisation settings. */

static const char *v_period(struct req *r, const char *raw, struct input_val *out)
{
	if (strcmp(raw, "month") != 0 && strcmp(raw, "quarter") != 0)
		return "adm.settings.bad_period";
	out->s = raw;
	return NULL;
}

static const char *v_grid(struct req *r, const char *raw, struct input_val *out)
{
	if (strcmp(raw, "15") != 0 && strcmp(raw, "30") != 0)
		return "adm.settings.bad_grid";
	out->i = raw[0] == '1' ? 15 : 30;
	return NULL;
}

static const char *v_lang(struct req *r, const char *raw, struct input_val *out)
{
	if (strcmp(raw, "de") != 0 && strcmp(raw, "en") != 0)
		return "adm.settings.bad_lang";
	out->s = raw;
	return NULL;
}

/* A time zone the server knows (tu_to_local answers 0 only for an installed IANA zone). */
static const char *v_tz(struct req *r, const char *raw, struct input_val *out)
{
	struct tu_tm t;
	if (tu_to_local(raw, r->now, &t) != 0)
		return "adm.settings.bad_tz";
	out->s = raw;
	return NULL;
}

/* A coordinate in degrees with a decimal point or comma, at most 7 decimals: the value times 10^7
 * in out->i (the range is checked by the handler: latitude and longitude differ). */
static const char *v_coord(struct req *r, const char *raw, struct input_val *out)
{
	const char *p = raw;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits >= 3)
			return "adm.settings.bad_coord";
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.' || *p == ',') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals >= 7)
				return "adm.settings.bad_coord";
			frac = frac * 10 + (*p - '0');
		}
		if (!decimals)
			return "adm.settings.bad_coord";
	}
	if (*p || !digits)
		return "adm.settings.bad_coord";
	for (int k = decimals; k < 7; k++)
		frac *= 10;
	out->i = (whole * 10000000 + frac) * (neg ? -1 : 1);
	return NULL;
}

/* A coordinate in the decimal mark of the organisation's language, without trailing zeros. */
static void coord_hdf(struct req *r, HDF *n, const char *name, double deg)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.7f", deg);
	size_t len = strlen(buf);
	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
	char *dot = strchr(buf, '.');
	if (dot && strcmp(r->org.lang, "de") == 0)
		*dot = ',';
	hdf_set_value(n, name, buf);
}

enum { S_NAME, S_TZ, S_CANCEL, S_PERIOD, S_GRID, S_LANG, S_STORNO, S_LOCATION, S_ADDRESS, S_LAT, S_LON, S_NFIELDS };
static const struct input_field settings_fields[S_NFIELDS] = {
	[S_NAME] = {"name", input_text, true, ADM_TEXT_BYTES(ADM_NAME_CHARS) - 1},
	[S_TZ] = {"tz", v_tz, true, 63},
	[S_CANCEL] = {"cancel_hours", input_int, true, 4},
	[S_PERIOD] = {"billing_period", v_period, true, 8},
	[S_GRID] = {"grid_minutes", v_grid, true, 2},
	[S_LANG] = {"lang", v_lang, true, 2},
	[S_STORNO] = {"storno_share_pct", input_int, false, 4},   /* absent: unchanged */
	[S_LOCATION] = {"location", input_bool, false, 5},        /* the form sends 1: address and coordinates follow */
	[S_ADDRESS] = {"address", input_text, false, ADM_TEXT_BYTES(ADM_ADDRESS_CHARS) - 1},   /* empty: none */
	[S_LAT] = {"lat", v_coord, false, 12},                /* both empty: no coordinates */
	[S_LON] = {"lon", v_coord, false, 12},
};

static int settings_form(struct req *r, int status)
{
	char url[512], rest[128];
	snprintf(rest, sizeof rest, "/v1/billing/getBillings/usergroup/%lld/datalimit/100", (long long)r->org.id);
	HDF *o = hdfx_node(r->hdf, "Adm.org");
	hdfx_set_int(o, "id", r->org.id);
	hdf_set_value(o, "api_url", app_url(r, url, sizeof url, "api", rest));
	ui_title(r, "adm.settings.title");
	hdf_set_value(r->hdf, "Adm.section", "settings");
	return app_render(r, status, "admin_settings.cs");
}

int ui_admin_settings(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_settings s;
	enum store_status res = adm_settings_load(&a, &s);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "name", s.name);
	hdf_set_value(f, "tz", s.tz);
	hdfx_set_int(f, "cancel_hours", s.cancel_hours);
	hdf_set_value(f, "billing_period", s.billing_period);
	hdfx_set_int(f, "grid_minutes", s.grid_minutes);
	hdf_set_value(f, "lang", s.lang);
	hdfx_set_int(f, "storno_share_pct", s.storno_share_pct);
	hdf_set_value(f, "address", s.address);
	if (s.has_coords) {
		coord_hdf(r, f, "lat", s.lat);
		coord_hdf(r, f, "lon", s.lon);
	}
	return settings_form(r, 200);
}

int ui_admin_do_settings(struct req *r)
{
	struct input_val v[S_NFIELDS];
	int bad = input_read(r, settings_fields, S_NFIELDS, v);
	chars_ok(r, &v[S_NAME], "name", ADM_NAME_CHARS, &bad);
	chars_ok(r, &v[S_ADDRESS], "address", ADM_ADDRESS_CHARS, &bad);
	if (v[S_CANCEL].ok && (v[S_CANCEL].i < 0 || v[S_CANCEL].i > 720)) {
		input_error(r, "cancel_hours", "adm.settings.bad_cancel");
		bad++;
	}
	if (v[S_STORNO].ok && v[S_STORNO].present && (v[S_STORNO].i < 0 || v[S_STORNO].i > 100)) {
		input_error(r, "storno_share_pct", "adm.settings.bad_storno");
		bad++;
	}
	if (v[S_LAT].ok && v[S_LAT].present && (v[S_LAT].i < -900000000 || v[S_LAT].i > 900000000)) {
		input_error(r, "lat", "adm.settings.bad_lat");
		bad++;
	}
	if (v[S_LON].ok && v[S_LON].present && (v[S_LON].i < -1800000000 || v[S_LON].i > 1800000000)) {
		input_error(r, "lon", "adm.settings.bad_lon");
		bad++;
	}
	if (v[S_LAT].ok && v[S_LON].ok && v[S_LAT].present != v[S_LON].present) {
		input_error(r, v[S_LAT].present ? "lon" : "lat", "adm.settings.coords_both");
		bad++;
	}
	if (bad)
		return settings_form(r, 422);
	struct actor a = ui_actor(r);
	struct adm_settings s;
	memset(&s, 0, sizeof s);
	if (!v[S_LOCATION].i) {   /* a post without the location part keeps the stored one */
		struct adm_settings cur;
		enum store_status res = adm_settings_load(&a, &cur);
		if (res != ST_OK)
			return ui_failure(r, res);
		memcpy(s.address, cur.address, sizeof s.address);
		s.has_coords = cur.has_coords;
		s.lat = cur.lat;
		s.lon = cur.lon;
	} else if (v[S_ADDRESS].present) {
		const char *p = v[S_ADDRESS].s;
		while (*p == ' ')
			p++;
		utf8_copy(s.address, sizeof s.address, p);
		size_t n = strlen(s.address);
		while (n > 0 && s.address[n - 1] == ' ')
			s.address[--n] = '\0';
	}
	if (v[S_LOCATION].i)
		s.has_coords = v[S_LAT].present && v[S_LON].present;
	if (v[S_LOCATION].i && s.has_coords) {
		s.lat = (double)v[S_LAT].i / 1e7;
		s.lon = (double)v[S_LON].i / 1e7;
	}
	s.storno_share_pct = v[S_STORNO].present ? (int)v[S_STORNO].i : -1;   /* -1: unchanged */
	utf8_copy(s.name, sizeof s.name, v[S_NAME].s);
	snprintf(s.tz, sizeof s.tz, "%s", v[S_TZ].s);
	s.cancel_hours = (int)v[S_CANCEL].i;
	s.grid_minutes = (int)v[S_GRID].i;
	snprintf(s.lang, sizeof s.lang, "%s", v[S_LANG].s);
	snprintf(s.billing_period, sizeof s.billing_period, "%s", v[S_PERIOD].s);
	enum store_status res = adm_settings_update(&a, &s);
	if (res == ST_DUPLICATE) {
		input_error(r, "name", "adm.settings.duplicate");
		return settings_form(r, 422);
	}
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/settings?saved=1");
}

/* ---- CSV export and import of members and vehicles. */

static void csv_sink(void *ctx, const char *data, size_t len)
{
	app_write(ctx, data, len);
}

/* The name of column k of kind in the organisation's language (Lang adm.csv.<kind>.<column>), which
 * the import reads back as well as the English name; the English name when the language lacks it. */
static const char *column_label(struct req *r, enum imp_kind kind, int k)
{
	const char *col = imp_columns(kind)[k];
	char key[64];
	snprintf(key, sizeof key, "adm.csv.%s.%s", kind == IMP_MEMBERS ? "members" : "vehicles", col);
	const char *name = app_lang(r, key);
	return strcmp(name, key) == 0 ? col : name;
}

/* Writes the header row of kind. */
static void csv_header(struct req *r, struct csvout *o, enum imp_kind kind)
{
	const char *const *cols = imp_columns(kind);
	for (int k = 0; cols[k]; k++)
		csvout_text(o, column_label(r, kind, k));
	csvout_end_row(o);
}

/* Streams a CSV file (UTF-8 with BOM, for spreadsheets) of kind, in the columns the import reads,
 * through the one CSV writer (format/csvout, which owns the formula guard). */
static int csv_export(struct req *r, enum imp_kind kind)
{
	struct actor a = ui_actor(r);
	struct adm_cursor c;
	enum store_status s = kind == IMP_MEMBERS ? adm_members_open(&c, &a) : adm_vehicles_open(&c, &a, 0);
	if (s != ST_OK)
		return app_db_failure(r, s);
	app_begin_stream(r, 200, "text/csv; charset=utf-8", kind == IMP_MEMBERS ? "teilnehmer.csv" : "fahrzeuge.csv");
	if (strcmp(r->method, "HEAD") == 0) {
		adm_cursor_close(&c);
		return 200;
	}
	struct csvout *o = malloc(sizeof *o);
	if (!o) {
		adm_cursor_close(&c);
		app_log(r, "csv export: out of memory");
		return 200;
	}
	csvout_init(o, ';', true, csv_sink, r);
	csv_header(r, o, kind);
	if (kind == IMP_MEMBERS) {
		struct adm_member_row m;
		for (; adm_members_row(&c, &m); adm_cursor_next(&c)) {
			csvout_text(o, m.login);
			csvout_text(o, m.descr);
			csvout_text(o, m.member_no);
			csvout_int(o, m.is_admin);
			csvout_int(o, m.locked);
			csvout_end_row(o);
		}
	} else {
		struct adm_vehicle_row v;
		for (; adm_vehicles_row(&c, &v); adm_cursor_next(&c)) {
			csvout_text(o, v.name);
			csvout_text(o, v.descr);
			csvout_text(o, v.area);
			csvout_int(o, v.sort);
			csvout_end_row(o);
		}
	}
	csvout_flush(o);
	free(o);
	if ((s = adm_cursor_close(&c)) != ST_OK)
		app_log(r, "csv export ended early: status %d", (int)s);
	return 200;
}

int ui_admin_members_csv(struct req *r)
{
	return csv_export(r, IMP_MEMBERS);
}

int ui_admin_vehicles_csv(struct req *r)
{
	return csv_export(r, IMP_VEHICLES);
}

static int import_form(struct req *r, int status)
{
	ui_title(r, "adm.imp.title");
	hdf_set_value(r->hdf, "Adm.section", "import");
	return app_render(r, status, "admin_import.cs");
}

int ui_admin_import(struct req *r)
{
	return import_form(r, 200);
}

#define IMP_SHOW_ROWS 2000   /* new and changed rows listed in the preview; the counts cover all */


/* Appends s to out[*len..size) as far as it fits (the caller cuts on a character boundary). */
static void chg_put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + 1 >= size)
		return;
	if (n > size - 1 - *len)
		n = size - 1 - *len;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* The import preview's change text in the user's language. The store writes the field names of
 * the action log (`descr "a" -> "b", admin 0 -> 1`); the preview shows each name as its column's
 * word (adm.imp.field.NAME), 0/1 of admin and locked as the language's no/yes, and "->" as "→".
 * Quoted values are copied as they are; an unknown name stays. Returns out. */
static const char *imp_changes_text(struct req *r, const char *in, char *out, size_t size)
{
	assert(size > 0);
	size_t len = 0;
	out[0] = '\0';
	const char *p = in;
	while (*p) {
		/* An item: its name up to the first blank, then the values up to ", " outside quotes. */
		size_t n = strcspn(p, " ,");
		char key[64], name[40];
		snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), p);
		snprintf(key, sizeof key, "adm.imp.field.%s", name);
		const char *word = app_lang(r, key);
		if (word == key)
			chg_put(out, size, &len, p, n);
		else
			chg_put(out, size, &len, word, strlen(word));
		bool flag = !strcmp(name, "admin") || !strcmp(name, "locked");
		bool quoted = false;
		for (p += n; *p; p++) {
			if (*p == '"') {
				quoted = !quoted;
			} else if (!quoted && !strncmp(p, " -> ", 4)) {
				chg_put(out, size, &len, " \u2192 ", strlen(" \u2192 "));
				p += 3;
				continue;
			} else if (!quoted && p[0] == ',' && p[1] == ' ') {
				chg_put(out, size, &len, ", ", 2);
				p += 2;
				break;
			} else if (!quoted && flag && (*p == '0' || *p == '1') && p[-1] == ' ' && (p[1] == '\0' || p[1] == ' ' || p[1] == ',')) {
				const char *yn = app_lang(r, *p == '1' ? "adm.imp.yes" : "adm.imp.no");
				chg_put(out, size, &len, yn, strlen(yn));
				continue;
			}
			chg_put(out, size, &len, p, 1);
		}
	}
	utf8_trim_partial(out);
	return out;
}
/* Imp.* for the preview: counts, errors with line and column, and the rows that change something. */
static void fill_preview(struct req *r, const struct imp_check *c)
{
	HDF *n = hdfx_node(r->hdf, "Imp");
	const char *const *cols = imp_columns(c->kind);
	hdf_set_value(n, "kind", c->kind == IMP_MEMBERS ? "members" : "vehicles");
	hdfx_set_int(n, "new", c->nnew);
	hdfx_set_int(n, "changed", c->nchanged);
	hdfx_set_int(n, "unchanged", c->nunchanged);
	hdfx_set_int(n, "nerrors", c->nerrors);
	hdf_set_int_value(n, "converted", c->table.converted);
	HDF *hc = hdfx_node(r->hdf, "Imp.cols");
	for (int k = 0; cols[k]; k++)
		hdf_set_value(hdfx_child(hc, k), "name", column_label(r, c->kind, k));
	HDF *errs = hdfx_node(r->hdf, "Imp.errors");
	int shown = c->nerrors < IMP_MAX_ERRORS ? c->nerrors : IMP_MAX_ERRORS;
	char msg[512];
	for (int i = 0; i < shown; i++) {
		HDF *e = hdfx_child(errs, i);
		hdfx_set_int(e, "line", c->errors[i].line);
		hdf_set_value(e, "column", c->errors[i].column);
		ui_lang_a(r, c->errors[i].key, c->errors[i].arg, msg, sizeof msg);
		hdf_set_value(e, "msg", msg);
	}
	HDF *rows = hdfx_node(r->hdf, "Imp.rows");
	static const char *const actions[] = {"new", "changed", "unchanged", "invalid"};
	int j = 0, listed = c->nrows - c->nunchanged;
	if (listed > IMP_SHOW_ROWS)
		hdfx_set_int(n, "more", listed - IMP_SHOW_ROWS);
	for (int i = 0; i < c->nrows && j < IMP_SHOW_ROWS; i++) {
		const struct imp_row *ir = &c->rows[i];
		if (ir->action == IMP_UNCHANGED)
			continue;
		HDF *row = hdfx_child(rows, j++);
		hdfx_set_int(row, "line", ir->line);
		hdf_set_value(row, "action", actions[ir->action]);
		char changes[sizeof ir->changes * 2];
		hdf_set_value(row, "changes", imp_changes_text(r, ir->changes, changes, sizeof changes));
		HDF *cells = NULL;
		hdf_get_node(row, "c", &cells);
		for (int k = 0; cols[k]; k++)
			hdf_set_value(hdfx_child(cells, k), "v", ir->cells[k] ? ir->cells[k] : "");
	}
}

/* The message for a file that cannot be read at all. */
static void file_error(struct req *r, const struct imp_check *c)
{
	const char *key = "adm.imp.file.broken";
	switch (c->file_status) {
	case CSVF_EMPTY: key = "adm.imp.file.empty"; break;
	case CSVF_ENCODING: key = "adm.imp.file.encoding"; break;
	case CSVF_QUOTE: key = "adm.imp.file.quote"; break;
	case CSVF_TOO_MANY: key = "adm.imp.file.too_many"; break;
	default: break;
	}
	error_n(r, "file", key, c->file_line);
}

static const char *v_kind(struct req *r, const char *raw, struct input_val *out)
{
	if (strcmp(raw, "members") == 0)
		out->i = IMP_MEMBERS;
	else if (strcmp(raw, "vehicles") == 0)
		out->i = IMP_VEHICLES;
	else
		return "adm.imp.bad_kind";
	return NULL;
}

enum { I_KIND, I_NFIELDS };
static const struct input_field import_fields[I_NFIELDS] = {
	[I_KIND] = {"kind", v_kind, true, 10},
};

/* The upload: reads and checks the file without writing master data. A faultless file that changes
 * something is kept for the confirmation and shown with a confirm button; otherwise the preview shows
 * every error with its line and column. */
int ui_admin_do_import(struct req *r)
{
	struct input_val v[I_NFIELDS];
	int bad = input_read(r, import_fields, I_NFIELDS, v);
	const struct multipart_part *file = request_upload(r, "file");
	if (!file || file->len == 0) {
		input_error(r, "file", file ? "adm.imp.file.empty_upload" : "adm.imp.file.missing");
		bad++;
	} else if ((long)file->len > IMP_MAX_BYTES) {
		input_error(r, "file", "adm.imp.file.too_big");
		return import_form(r, 413);
	}
	if (bad)
		return import_form(r, 422);
	struct actor a = ui_actor(r);
	struct imp_check *c = malloc(sizeof *c);
	if (!c)
		return app_error(r, 503, NULL);
	enum imp_kind kind = (enum imp_kind)v[I_KIND].i;
	enum store_status res = imp_check(&a, kind, file->data, file->len, c);
	int status;
	if (res == ST_FILE) {
		file_error(r, c);
		status = import_form(r, 422);
	} else if (res == ST_ROWS || res == ST_OK) {
		fill_preview(r, c);
		int64_t id = 0;
		if (res == ST_OK && c->nnew + c->nchanged > 0) {
			res = imp_stage(&a, kind, file->data, file->len, &id);
			hdfx_set_int(hdfx_node(r->hdf, "Imp"), "upload", id);
		}
		status = res == ST_OK || res == ST_ROWS ? import_form(r, res == ST_OK ? 200 : 422) : ui_failure(r, res);
	} else {
		status = ui_failure(r, res);
	}
	imp_free(c);
	free(c);
	return status;
}

/* The confirmation: applies the kept file in one transaction, or nothing when it no longer fits. */
int ui_admin_do_import_apply(struct req *r)
{
	struct actor a = ui_actor(r);
	struct imp_check *c = malloc(sizeof *c);
	if (!c)
		return app_error(r, 503, NULL);
	enum store_status res = imp_apply(&a, r->id, c);
	int status;
	if (res == ST_OK) {
		char rest[64];
		snprintf(rest, sizeof rest, "/%s?imported=1", c->kind == IMP_MEMBERS ? "members" : "vehicles");
		status = ui_redirect(r, "admin", rest);
	} else if (res == ST_ROWS || res == ST_FILE) {
		fill_preview(r, c);
		input_error(r, "file", "adm.imp.changed_meanwhile");
		status = import_form(r, 409);
	} else {
		status = ui_failure(r, res);
	}
	imp_free(c);
	free(c);
	return status;
}
