/* ui_admin: the admin screens' handlers — an organisation's master data for its administrators — areas with their vehicles, vehicles, members (two-step create), tariffs, API accounts, settings, and CSV export and import. */
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
#include "store/db.h"
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

/* A sort number from an optional v_int field: 0 when absent, an error when outside 0..SORT_MAX. */
static int sort_of(struct req *r, const struct fval *v, int *bad)
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

/* ---- Areas ("Bereiche und Fahrzeuge"). */

/* Areas.<i> of the organisation by sort number, then name, each with its number of vehicles. */
static int fill_areas(struct req *r)
{
	HDF *list = hdfx_node(r->hdf, "Areas");
	sqlite3_stmt *st = db_stmt(
	    "SELECT a.id, a.name, a.sort, a.sort > 90,"
	    " (SELECT count(*) FROM vehicle v WHERE v.area_id = a.id AND v.org_id = a.org_id)"
	    " FROM area a WHERE a.org_id = ? ORDER BY a.sort, a.name, a.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	static const char *const cols[] = {"id", "name", "sort", "hidden", "vehicles"};
	int rc = hdfx_rows(list, st, cols, (int)(sizeof cols / sizeof cols[0]));
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "admin areas");
}

/* Area.* and Area.vehicles.<i> of the selected area. */
static int fill_area(struct req *r, const struct adm_area *ar)
{
	HDF *n = hdfx_node(r->hdf, "Area");
	hdfx_set_int(n, "id", ar->id);
	hdf_set_value(n, "name", ar->name);
	hdfx_set_int(n, "sort", ar->sort);
	hdf_set_int_value(n, "hidden", ar->sort > 90);
	HDF *list = hdfx_node(r->hdf, "Area.vehicles");
	sqlite3_stmt *st = db_stmt("SELECT id, name, descr, sort FROM vehicle WHERE area_id = ? AND org_id = ? ORDER BY sort, name, id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, ar->id);
	sqlite3_bind_int64(st, 2, r->org.id);
	static const char *const cols[] = {"id", "name", "descr", "sort"};
	int rc = hdfx_rows(list, st, cols, (int)(sizeof cols / sizeof cols[0]));
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "admin area vehicles");
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
static const struct field area_fields[A_NFIELDS] = {
	[A_NAME] = {"name", v_text, true, 100},
	[A_SORT] = {"sort", v_int, false, 6},
};

/* Reads and checks the area form into out; returns the number of invalid fields. */
static int read_area(struct req *r, struct adm_area *out)
{
	struct fval v[A_NFIELDS];
	int bad = input_read(r, area_fields, A_NFIELDS, v);
	out->sort = sort_of(r, &v[A_SORT], &bad);
	if (v[A_NAME].ok)
		snprintf(out->name, sizeof out->name, "%s", v[A_NAME].s);
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
	if (res == ST_HAS_VEHICLES || res == ST_LAST_AREA) {
		HDF *f = hdfx_node(r->hdf, "Form");
		hdf_set_value(f, "name", old.name);
		hdfx_set_int(f, "sort", old.sort);
		if (res == ST_HAS_VEHICLES)
			error_n(r, "delete", n == 1 ? "adm.areas.has_vehicle" : "adm.areas.has_vehicles", n);
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
	HDF *list = hdfx_node(r->hdf, "Vehicles");
	sqlite3_stmt *st = db_stmt(
	    "SELECT v.id, v.name, v.descr, v.sort, a.id, a.name, a.sort > 90, coalesce(t.name, '')"
	    " FROM vehicle v JOIN area a ON a.id = v.area_id LEFT JOIN tariff t ON t.id = v.tariff_id"
	    " WHERE v.org_id = ? ORDER BY a.sort, a.name, a.id, v.sort, v.name, v.id");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->org.id);
	static const char *const cols[] = {"id", "name", "descr", "sort", "area_id", "area", "hidden", "tariff"};
	int rc = hdfx_rows(list, st, cols, (int)(sizeof cols / sizeof cols[0]));
	if (rc != SQLITE_DONE)
		return app_db_failure(r, db_result(rc, "admin vehicles"));
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
static const struct field vehicle_fields[V_NFIELDS] = {
	[V_NAME] = {"name", v_text, true, 60},
	[V_DESCR] = {"descr", v_text, false, 200},
	[V_AREA] = {"area", v_id, true, 20},
	[V_SORT] = {"sort", v_int, false, 6},
	[V_TARIFF] = {"tariff", v_id, false, 20},   /* empty: no tariff */
};

/* Reads and checks the vehicle form into out; returns the number of invalid fields. The description
 * is refused, never cut, when it has more than DESCR_MAX_CHARS characters. */
static int read_vehicle(struct req *r, struct adm_vehicle *out)
{
	struct fval v[V_NFIELDS];
	int bad = input_read(r, vehicle_fields, V_NFIELDS, v);
	out->sort = sort_of(r, &v[V_SORT], &bad);
	if (v[V_NAME].ok)
		snprintf(out->name, sizeof out->name, "%s", v[V_NAME].s);
	if (v[V_DESCR].ok && v[V_DESCR].present) {
		if (utf8_chars(v[V_DESCR].s) > DESCR_MAX_CHARS) {
			error_n(r, "descr", "adm.vehicles.descr_long", (int64_t)utf8_chars(v[V_DESCR].s));
			bad++;
		} else {
			snprintf(out->descr, sizeof out->descr, "%s", v[V_DESCR].s);
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
	if (res == ST_DUPLICATE) {
		input_error(r, "name", "adm.vehicles.duplicate");
		return vehicle_form(r, 422, id);
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

int ui_admin_vehicle_new(struct req *r)
{
	const char *area = hdf_get_value(r->hdf, "Query.area", "");
	struct fval v;
	memset(&v, 0, sizeof v);
	if (*area && strlen(area) < 20 && v_id(r, area, &v) == NULL)
		hdfx_set_int(hdfx_node(r->hdf, "Form"), "area", v.i);
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
int ui_admin_vehicle_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_vehicle ve;
	enum store_status res = adm_vehicle_load(&a, r->id, &ve);
	if (res != ST_OK)
		return ui_failure(r, res);
	int64_t from, to;
	adm_billing_period(r->org.tz, r->now, r->org.billing_period, &from, &to);
	int total = 0, in_period = 0;
	res = adm_vehicle_counts(&a, r->id, from, to, &total, &in_period);
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
	struct local_tm t0, t1;
	tu_to_local(r->org.tz, from, &t0);
	tu_to_local(r->org.tz, to - 1, &t1);
	snprintf(msg, sizeof msg, "%02d.%02d.%04d–%02d.%02d.%04d", t0.day, t0.mon, t0.year, t1.day, t1.mon, t1.year);
	hdf_set_value(n, "period_span", msg);
	ui_title(r, "adm.vehicles.delete");
	hdf_set_value(r->hdf, "Adm.section", "vehicles");
	return app_render(r, 200, "admin_vehicle_delete.cs");
}

int ui_admin_do_vehicle_delete(struct req *r)
{
	struct actor a = ui_actor(r);
	int n = 0;
	enum store_status res = adm_vehicle_delete(&a, r->id, &n);
	if (res == ST_IN_USE)
		return app_error(r, 409, "adm.vehicles.in_use");
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/vehicles?deleted=1");
}

/* ---- Members ("Teilnehmer"). */

int ui_admin_members(struct req *r)
{
	HDF *list = hdfx_node(r->hdf, "Members");
	sqlite3_stmt *st = db_stmt(
	    "SELECT id, login, descr, member_no, is_admin, locked, pw_hash <> '' FROM member WHERE org_id = ? ORDER BY login");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->org.id);
	static const char *const cols[] = {"id", "login", "descr", "member_no", "admin", "locked", "has_password"};
	int rc = hdfx_rows(list, st, cols, (int)(sizeof cols / sizeof cols[0]));
	if (rc != SQLITE_DONE)
		return app_db_failure(r, db_result(rc, "admin members"));
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
static const struct field login_fields[L_NFIELDS] = {
	[L_LOGIN] = {"login", v_text, true, 100},
};

/* Step one of creating a member: the login name. A name that breaks the rules comes back with a
 * transliteration to use instead. */
int ui_admin_do_member_new(struct req *r)
{
	struct fval v[L_NFIELDS];
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
static const struct field member_fields[M_NFIELDS] = {
	[M_DESCR] = {"descr", v_text, false, 255},
	[M_NO] = {"member_no", v_text, false, 40},
	[M_PASSWORD] = {"password", v_any, false, 1024},
	[M_ADMIN] = {"is_admin", v_bool, false, 5},
	[M_LOCKED] = {"locked", v_bool, false, 5},
};

int ui_admin_do_member_edit(struct req *r)
{
	struct actor a = ui_actor(r);
	struct adm_member old;
	enum store_status res = adm_member_load(&a, r->id, &old);
	if (res != ST_OK)
		return ui_failure(r, res);
	struct fval v[M_NFIELDS];
	int bad = input_read(r, member_fields, M_NFIELDS, v);
	const char *pw = v[M_PASSWORD].ok && v[M_PASSWORD].present ? v[M_PASSWORD].s : NULL;
	if (pw && utf8_chars(pw) < PASSWORD_MIN) {
		input_error(r, "password", "adm.members.password_short");
		bad++;
	}
	if (bad)
		return member_form(r, 422, &old);
	struct adm_member m = old;
	snprintf(m.descr, sizeof m.descr, "%s", v[M_DESCR].present ? v[M_DESCR].s : "");
	snprintf(m.member_no, sizeof m.member_no, "%s", v[M_NO].present ? v[M_NO].s : "");
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
	int own = 0, others = 0;
	enum store_status res = adm_member_counts(&a, m->id, &own, &others);
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
	int n = 0;
	res = adm_member_delete(&a, r->id, &n);
	if (res == ST_SELF || res == ST_IN_USE) {
		input_error(r, "delete", res == ST_SELF ? "adm.members.self_delete"
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
	HDF *list = hdfx_node(r->hdf, "Tariffs");
	sqlite3_stmt *st = db_stmt(
	    "SELECT t.id, t.name, t.per_hour, t.max_24h, t.per_km,"
	    " (SELECT count(*) FROM vehicle v WHERE v.tariff_id = t.id AND v.org_id = t.org_id)"
	    " FROM tariff t WHERE t.org_id = ? ORDER BY t.name, t.id");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	int i = 0, rc;
	char buf[24];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *t = hdfx_child(list, i++);
		hdf_set_value(t, "id", db_text(st, 0));
		hdf_set_value(t, "name", db_text(st, 1));
		hdf_set_value(t, "per_hour", ui_money(r, buf, sqlite3_column_int64(st, 2)));
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			hdf_set_value(t, "max_24h", ui_money(r, buf, sqlite3_column_int64(st, 3)));
		hdf_set_value(t, "per_km", ui_money(r, buf, sqlite3_column_int64(st, 4)));
		hdf_set_value(t, "vehicles", db_text(st, 5));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "admin tariffs");
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
	}
	ui_title(r, "adm.tariffs.title");
	hdf_set_value(r->hdf, "Adm.section", "tariffs");
	return app_render(r, status, "admin_tariffs.cs");
}

/* An amount in euros with a decimal comma or point and at most two decimals, as cents in out->i. */
static const char *v_euro(struct req *r, const char *raw, struct fval *out)
{
	switch (money_parse(raw, false, &out->i)) {
	case MONEY_OK: return NULL;
	case MONEY_DECIMALS: return "adm.tariffs.decimals";
	case MONEY_RANGE: return "adm.tariffs.range";
	default: return "adm.tariffs.amount";
	}
}

enum { T_NAME, T_PER_HOUR, T_MAX_24H, T_PER_KM, T_NFIELDS };
static const struct field tariff_fields[T_NFIELDS] = {
	[T_NAME] = {"name", v_text, true, 100},
	[T_PER_HOUR] = {"per_hour", v_euro, true, 20},
	[T_MAX_24H] = {"max_24h", v_euro, false, 20},   /* empty: no cap */
	[T_PER_KM] = {"per_km", v_euro, false, 20},     /* empty: 0 */
};

/* Reads and checks the tariff form into out; returns the number of invalid fields. */
static int read_tariff(struct req *r, struct adm_tariff *out)
{
	struct fval v[T_NFIELDS];
	int bad = input_read(r, tariff_fields, T_NFIELDS, v);
	if (v[T_NAME].ok)
		snprintf(out->name, sizeof out->name, "%s", v[T_NAME].s);
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
	hdf_set_value(f, "per_hour", ui_money(r, buf, t.per_hour));
	if (t.max_24h >= 0)
		hdf_set_value(f, "max_24h", ui_money(r, buf, t.max_24h));
	hdf_set_value(f, "per_km", ui_money(r, buf, t.per_km));
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
		hdf_set_value(f, "per_hour", ui_money(r, buf, old.per_hour));
		if (old.max_24h >= 0)
			hdf_set_value(f, "max_24h", ui_money(r, buf, old.max_24h));
		hdf_set_value(f, "per_km", ui_money(r, buf, old.per_km));
		error_n(r, "delete", n == 1 ? "adm.tariffs.in_use_one" : "adm.tariffs.in_use", n);
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
	struct local_tm lt;
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
	sqlite3_stmt *st = db_stmt("SELECT id, name, created_at, last_call_at FROM api_account WHERE org_id = ? ORDER BY name");
	if (!st)
		return ST_ERROR;
	sqlite3_bind_int64(st, 1, r->org.id);
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		HDF *c = hdfx_child(list, i++);
		hdf_set_value(c, "id", db_text(st, 0));
		hdf_set_value(c, "name", db_text(st, 1));
		hdf_set_value(c, "created", local_time(r, buf, sizeof buf, sqlite3_column_int64(st, 2)));
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			hdf_set_value(c, "last_call", local_time(r, buf, sizeof buf, sqlite3_column_int64(st, 3)));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_result(rc, "admin api accounts");
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
static const char *v_api_name(struct req *r, const char *raw, struct fval *out)
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
static const struct field api_fields[K_NFIELDS] = {
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
	struct fval v[K_NFIELDS];
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

static const char *v_period(struct req *r, const char *raw, struct fval *out)
{
	if (strcmp(raw, "month") != 0 && strcmp(raw, "quarter") != 0)
		return "adm.settings.bad_period";
	out->s = raw;
	return NULL;
}

static const char *v_grid(struct req *r, const char *raw, struct fval *out)
{
	if (strcmp(raw, "15") != 0 && strcmp(raw, "30") != 0)
		return "adm.settings.bad_grid";
	out->i = raw[0] == '1' ? 15 : 30;
	return NULL;
}

static const char *v_lang(struct req *r, const char *raw, struct fval *out)
{
	if (strcmp(raw, "de") != 0 && strcmp(raw, "en") != 0)
		return "adm.settings.bad_lang";
	out->s = raw;
	return NULL;
}

/* A time zone the server knows (tu_to_local answers 0 only for an installed IANA zone). */
static const char *v_tz(struct req *r, const char *raw, struct fval *out)
{
	struct local_tm t;
	if (tu_to_local(raw, r->now, &t) != 0)
		return "adm.settings.bad_tz";
	out->s = raw;
	return NULL;
}

enum { S_NAME, S_TZ, S_CANCEL, S_PERIOD, S_GRID, S_LANG, S_STORNO, S_NFIELDS };
static const struct field settings_fields[S_NFIELDS] = {
	[S_NAME] = {"name", v_text, true, 100},
	[S_TZ] = {"tz", v_tz, true, 63},
	[S_CANCEL] = {"cancel_hours", v_int, true, 4},
	[S_PERIOD] = {"billing_period", v_period, true, 8},
	[S_GRID] = {"grid_minutes", v_grid, true, 2},
	[S_LANG] = {"lang", v_lang, true, 2},
	[S_STORNO] = {"storno_share_pct", v_int, false, 4},   /* absent: unchanged */
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
	return settings_form(r, 200);
}

int ui_admin_do_settings(struct req *r)
{
	struct fval v[S_NFIELDS];
	int bad = input_read(r, settings_fields, S_NFIELDS, v);
	if (v[S_CANCEL].ok && (v[S_CANCEL].i < 0 || v[S_CANCEL].i > 720)) {
		input_error(r, "cancel_hours", "adm.settings.bad_cancel");
		bad++;
	}
	if (v[S_STORNO].ok && v[S_STORNO].present && (v[S_STORNO].i < 0 || v[S_STORNO].i > 100)) {
		input_error(r, "storno_share_pct", "adm.settings.bad_storno");
		bad++;
	}
	if (bad)
		return settings_form(r, 422);
	struct actor a = ui_actor(r);
	struct adm_settings s;
	s.storno_share_pct = v[S_STORNO].present ? (int)v[S_STORNO].i : -1;   /* -1: unchanged */
	snprintf(s.name, sizeof s.name, "%s", v[S_NAME].s);
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

/* Writes one CSV row of n cells (quoted, formula-protected, ';'-separated, CRLF). */
static void csv_row(struct req *r, const char *const *cells, int n)
{
	char buf[2048];
	for (int i = 0; i < n; i++) {
		if (i)
			app_write(r, ";", 1);
		size_t need = csvf_cell(buf, sizeof buf, cells[i]);
		if (need >= sizeof buf) {
			char *big = malloc(need + 1);
			if (!big)
				continue;
			csvf_cell(big, need + 1, cells[i]);
			app_write(r, big, need);
			free(big);
		} else {
			app_write(r, buf, need);
		}
	}
	app_write(r, "\r\n", 2);
}

/* Streams a CSV file (UTF-8 with BOM, for spreadsheets) of kind, in the columns the import reads. */
static int csv_export(struct req *r, enum imp_kind kind)
{
	sqlite3_stmt *st = kind == IMP_MEMBERS
	    ? db_stmt("SELECT login, descr, member_no, is_admin, locked FROM member WHERE org_id = ? ORDER BY login")
	    : db_stmt("SELECT v.name, v.descr, a.name, v.sort FROM vehicle v JOIN area a ON a.id = v.area_id"
	              " WHERE v.org_id = ? ORDER BY a.sort, a.name, a.id, v.sort, v.name, v.id");
	if (!st)
		return app_db_failure(r, ST_ERROR);
	sqlite3_bind_int64(st, 1, r->org.id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return app_db_failure(r, db_result(rc, "csv export"));
	}
	app_begin_stream(r, 200, "text/csv; charset=utf-8", kind == IMP_MEMBERS ? "teilnehmer.csv" : "fahrzeuge.csv");
	if (strcmp(r->method, "HEAD") == 0) {
		sqlite3_reset(st);
		return 200;
	}
	const char *const *cols = imp_columns(kind);
	int n = 0;
	while (cols[n])
		n++;
	app_write(r, "\xef\xbb\xbf", 3);
	csv_row(r, cols, n);
	while (rc == SQLITE_ROW) {
		const char *cells[5];
		for (int i = 0; i < n; i++)
			cells[i] = db_text(st, i);
		csv_row(r, cells, n);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		app_log(r, "csv export ended early: sqlite %d", rc);
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
		hdf_set_value(hdfx_child(hc, k), "name", cols[k]);
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
		hdf_set_value(row, "changes", ir->changes);
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

static const char *v_kind(struct req *r, const char *raw, struct fval *out)
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
static const struct field import_fields[I_NFIELDS] = {
	[I_KIND] = {"kind", v_kind, true, 10},
};

/* The upload: reads and checks the file without writing master data. A faultless file that changes
 * something is kept for the confirmation and shown with a confirm button; otherwise the preview shows
 * every error with its line and column. */
int ui_admin_do_import(struct req *r)
{
	struct fval v[I_NFIELDS];
	int bad = input_read(r, import_fields, I_NFIELDS, v);
	const struct mp_part *file = request_upload(r, "file");
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
