/* ui_mymail: a member's own e-mail address (changed only through a link sent to the new address) and which mails they get. */
#include "ui/ui_mymail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/mime.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "store/mailstore.h"
#include "ui/ui_shared.h"

static int page(struct req *r, int status, const struct mailstore_member *m)
{
	HDF *n = hdfx_node(r->hdf, "My");
	hdf_set_value(n, "email", m->email);
	hdf_set_value(n, "pending", m->pending_email);
	ui_title(r, "mymail.title");
	return app_render(r, status, "mymail.cs");
}

int ui_mymail_form(struct req *r)
{
	struct actor a = ui_actor(r);
	struct mailstore_member m;
	enum store_status res = mailstore_member_load(&a, a.member_id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "email", m.pending_email[0] ? m.pending_email : m.email);
	hdf_set_value(f, "off_booking", m.off_booking ? "1" : "");
	hdf_set_value(f, "off_reminder", m.off_reminder ? "1" : "");
	hdf_set_value(f, "off_trip", m.off_trip ? "1" : "");
	return page(r, 200, &m);
}

static const char *v_email(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	if (!mime_address_ok(raw))
		return "mail.err.address";
	out->s = raw;
	return NULL;
}

enum { E_EMAIL, E_OFFB, E_OFFR, E_OFFT, E_NFIELDS };
static const struct input_field fields[E_NFIELDS] = {
	[E_EMAIL] = {"email", v_email, false, 254},
	[E_OFFB] = {"off_booking", input_bool, false, 8},
	[E_OFFR] = {"off_reminder", input_bool, false, 8},
	[E_OFFT] = {"off_trip", input_bool, false, 8},
};

int ui_mymail_do(struct req *r)
{
	struct actor a = ui_actor(r);
	struct mailstore_member m;
	enum store_status res = mailstore_member_load(&a, a.member_id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	struct input_val v[E_NFIELDS];
	if (input_read(r, fields, E_NFIELDS, v))
		return page(r, 422, &m);
	res = mailstore_prefs_save(&a, v[E_OFFB].present && v[E_OFFB].i, v[E_OFFR].present && v[E_OFFR].i,
	                           v[E_OFFT].present && v[E_OFFT].i);
	if (res != ST_OK)
		return ui_failure(r, res);
	if (v[E_EMAIL].present && strcmp(v[E_EMAIL].s, m.email) != 0) {
		const char *fb = getenv("WB_BASE_URL");
		res = mailstore_email_request(&a, v[E_EMAIL].s, fb ? fb : "");
		if (res == ST_FORBIDDEN) {
			input_error(r, "email", "mymail.no_mail");
			return page(r, 422, &m);
		}
		if (res != ST_OK)
			return ui_failure(r, res);
		return ui_redirect(r, "login", "/mail?sent=1");
	}
	return ui_redirect(r, "login", "/mail?saved=1");
}

int ui_mymail_confirm(struct req *r)
{
	const char *t = hdf_get_value(r->hdf, "Query.token", NULL);
	char email[256] = "";
	enum store_status res = mailstore_email_confirm(t && strlen(t) == 64 ? t : "", r->now, email, sizeof email);
	if (res != ST_OK && res != ST_NOT_FOUND)
		return ui_failure(r, res);
	hdf_set_value(r->hdf, res == ST_OK ? "Confirm.email" : "Confirm.invalid", res == ST_OK ? email : "1");
	ui_title(r, "mymail.title");
	return app_render(r, res == ST_OK ? 200 : 404, "mymail_confirm.cs");
}
