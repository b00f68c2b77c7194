/* ui_mail: the administrators' "E-Mails" page (settings, outbox, resend, cron status) and a member's address set by an administrator. */
#include "ui/ui_mail.h"

#include <stdio.h>
#include <string.h>

#include "format/mime.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "store/mailstore.h"
#include "store/outbox.h"
#include "store/sealed.h"
#include "ui/ui_shared.h"

/* Validators of this page. */
static const char *v_email(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	if (!mime_address_ok(raw))
		return "mail.err.address";
	out->s = raw;
	return NULL;
}

static const char *v_transport(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	if (strcmp(raw, "none") && strcmp(raw, "smtp") && strcmp(raw, "sendmail"))
		return "mail.err.choice";
	out->s = raw;
	return NULL;
}

static const char *v_security(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	if (strcmp(raw, "starttls") && strcmp(raw, "tls") && strcmp(raw, "none"))
		return "mail.err.choice";
	out->s = raw;
	return NULL;
}

static const char *v_host(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	for (const char *p = raw; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-' || *p == ':' || *p == '[' || *p == ']'))
			return "mail.err.host";
	out->s = raw;
	return NULL;
}

static const char *v_url(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	if (strncmp(raw, "https://", 8) && strncmp(raw, "http://", 7))
		return "mail.err.url";
	for (const unsigned char *p = (const unsigned char *)raw; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' || *p == '>')
			return "mail.err.url";
	out->s = raw;
	return NULL;
}

/* Fills the outbox list and the cron status. */
static void fill_page(struct req *r)
{
	HDF *list = hdfx_node(r->hdf, "Mail.outbox");
	struct outbox_list *l = outbox_list_open(r->org.id, 200);
	struct outbox_row row;
	int i = 0;
	while (l && outbox_list_row(l, &row)) {
		HDF *n = hdfx_child(list, i++);
		hdfx_set_int(n, "id", row.id);
		hdfx_set_time(n, r->org.tz, "queued", row.queued_at);
		if (row.sent_at)
			hdfx_set_time(n, r->org.tz, "sent", row.sent_at);
		if (!strcmp(row.status, "queued"))
			hdfx_set_time(n, r->org.tz, "next", row.next_at);
		hdfx_set_int(n, "attempts", row.attempts);
		hdf_set_value(n, "kind", row.kind);
		hdf_set_value(n, "action", row.action);
		hdf_set_value(n, "recipient", row.recipient);
		hdf_set_value(n, "subject", row.subject);
		hdf_set_value(n, "status", row.status);
		hdf_set_value(n, "answer", row.answer);
	}
	outbox_list_close(l);
	int64_t last = outbox_cron_last_run();
	HDF *c = hdfx_node(r->hdf, "Mail.cron");
	if (last)
		hdfx_set_time(c, r->org.tz, "last", last);
	if (r->now - last > OUTBOX_CRON_LATE)
		hdf_set_value(c, "late", "1");
}

static int page(struct req *r, int status)
{
	fill_page(r);
	ui_title(r, "mail.title");
	hdf_set_value(r->hdf, "Adm.section", "mail");
	return app_render(r, status, "admin_mail.cs");
}

int ui_mail_page(struct req *r)
{
	struct mailstore_settings s;
	enum store_status res = mailstore_settings_load(r->org.id, &s);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "sender", s.sender);
	hdf_set_value(f, "transport", s.transport);
	hdf_set_value(f, "smtp_host", s.smtp_host);
	hdfx_set_int(f, "smtp_port", s.smtp_port);
	hdf_set_value(f, "smtp_security", s.smtp_security);
	hdf_set_value(f, "smtp_user", s.smtp_user);
	hdf_set_value(f, "base_url", s.base_url);
	hdfx_set_int(f, "reminder_minutes", s.reminder_minutes);
	hdf_set_value(f, "requests_enabled", s.requests_enabled ? "1" : "");
	if (s.has_password)
		hdf_set_value(r->hdf, "Mail.has_password", "1");
	return page(r, 200);
}

enum { M_SENDER, M_TRANSPORT, M_HOST, M_PORT, M_SECURITY, M_USER, M_PASSWORD, M_CLEARPW, M_URL, M_REMIND,
       M_REQUESTS, M_NFIELDS };
static const struct input_field settings_fields[M_NFIELDS] = {
	[M_SENDER] = {"sender", v_email, false, 254},
	[M_TRANSPORT] = {"transport", v_transport, true, 12},
	[M_HOST] = {"smtp_host", v_host, false, 253},
	[M_PORT] = {"smtp_port", input_int, false, 6},
	[M_SECURITY] = {"smtp_security", v_security, false, 12},
	[M_USER] = {"smtp_user", input_text, false, 254},
	[M_PASSWORD] = {"smtp_password", input_text, false, 512},
	[M_CLEARPW] = {"clear_password", input_bool, false, 8},
	[M_URL] = {"base_url", v_url, false, 250},
	[M_REMIND] = {"reminder_minutes", input_int, false, 6},
	[M_REQUESTS] = {"requests_enabled", input_bool, false, 8},
};

int ui_mail_do_settings(struct req *r)
{
	struct input_val v[M_NFIELDS];
	int bad = input_read(r, settings_fields, M_NFIELDS, v);
	hdf_remove_tree(r->hdf, "Form.smtp_password"); /* never shown again */
	struct mailstore_settings s;
	memset(&s, 0, sizeof s);
	if (v[M_TRANSPORT].ok) {
		snprintf(s.transport, sizeof s.transport, "%s", v[M_TRANSPORT].s);
		if (strcmp(s.transport, "none") && !v[M_SENDER].present && v[M_SENDER].ok) {
			input_error(r, "sender", "mail.err.sender");
			bad++;
		}
		if (!strcmp(s.transport, "smtp") && !v[M_HOST].present && v[M_HOST].ok) {
			input_error(r, "smtp_host", "mail.err.host_required");
			bad++;
		}
	}
	s.smtp_port = v[M_PORT].present && v[M_PORT].ok ? (int)v[M_PORT].i : 587;
	if (v[M_PORT].ok && (s.smtp_port < 1 || s.smtp_port > 65535)) {
		input_error(r, "smtp_port", "mail.err.port");
		bad++;
	}
	s.reminder_minutes = v[M_REMIND].present && v[M_REMIND].ok ? (int)v[M_REMIND].i : 120;
	if (v[M_REMIND].ok && (s.reminder_minutes < 0 || s.reminder_minutes > 10080)) {
		input_error(r, "reminder_minutes", "mail.err.reminder");
		bad++;
	}
	if (bad) {
		struct mailstore_settings old;
		if (mailstore_settings_load(r->org.id, &old) == ST_OK && old.has_password)
			hdf_set_value(r->hdf, "Mail.has_password", "1");
		return page(r, 422);
	}
	snprintf(s.sender, sizeof s.sender, "%s", v[M_SENDER].present ? v[M_SENDER].s : "");
	snprintf(s.smtp_host, sizeof s.smtp_host, "%s", v[M_HOST].present ? v[M_HOST].s : "");
	snprintf(s.smtp_security, sizeof s.smtp_security, "%s", v[M_SECURITY].present ? v[M_SECURITY].s : "starttls");
	snprintf(s.smtp_user, sizeof s.smtp_user, "%s", v[M_USER].present ? v[M_USER].s : "");
	snprintf(s.base_url, sizeof s.base_url, "%s", v[M_URL].present ? v[M_URL].s : "");
	size_t ul = strlen(s.base_url);
	while (ul && s.base_url[ul - 1] == '/')
		s.base_url[--ul] = '\0';
	s.requests_enabled = v[M_REQUESTS].present && v[M_REQUESTS].i;
	char sealed[SEALED_MAX];
	const char *pw = NULL;
	if (v[M_CLEARPW].present && v[M_CLEARPW].i) {
		pw = "";
	} else if (v[M_PASSWORD].present) {
		if (!sealed_seal(v[M_PASSWORD].s, sealed, sizeof sealed)) {
			app_log(r, "mail: the key file for sealed secrets cannot be used");
			return ui_failure(r, ST_ERROR);
		}
		pw = sealed;
	}
	struct actor a = ui_actor(r);
	enum store_status res = mailstore_settings_save(&a, &s, pw);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/mail?saved=1");
}

int ui_mail_do_resend(struct req *r)
{
	struct actor a = ui_actor(r);
	enum store_status res = outbox_resend(&a, r->id);
	if (res != ST_OK)
		return ui_failure(r, res);
	return ui_redirect(r, "admin", "/mail?resent=1");
}

static int member_page(struct req *r, int status, const struct mailstore_member *m)
{
	HDF *n = hdfx_node(r->hdf, "Mail.member");
	hdfx_set_int(n, "id", m->member_id);
	hdf_set_value(n, "login", m->login);
	hdf_set_value(n, "pending", m->pending_email);
	ui_title(r, "mail.member.title");
	hdf_set_value(r->hdf, "Adm.section", "members");
	return app_render(r, status, "admin_member_mail.cs");
}

int ui_mail_member(struct req *r)
{
	struct actor a = ui_actor(r);
	struct mailstore_member m;
	enum store_status res = mailstore_member_load(&a, r->id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *f = hdfx_node(r->hdf, "Form");
	hdf_set_value(f, "email", m.email);
	hdf_set_value(f, "off_booking", m.off_booking ? "1" : "");
	hdf_set_value(f, "off_reminder", m.off_reminder ? "1" : "");
	hdf_set_value(f, "off_trip", m.off_trip ? "1" : "");
	return member_page(r, 200, &m);
}

enum { E_EMAIL, E_OFFB, E_OFFR, E_OFFT, E_NFIELDS };
static const struct input_field member_fields[E_NFIELDS] = {
	[E_EMAIL] = {"email", v_email, false, 254},
	[E_OFFB] = {"off_booking", input_bool, false, 8},
	[E_OFFR] = {"off_reminder", input_bool, false, 8},
	[E_OFFT] = {"off_trip", input_bool, false, 8},
};

int ui_mail_do_member(struct req *r)
{
	struct actor a = ui_actor(r);
	struct mailstore_member m;
	enum store_status res = mailstore_member_load(&a, r->id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	struct input_val v[E_NFIELDS];
	if (input_read(r, member_fields, E_NFIELDS, v))
		return member_page(r, 422, &m);
	snprintf(m.email, sizeof m.email, "%s", v[E_EMAIL].present ? v[E_EMAIL].s : "");
	m.off_booking = v[E_OFFB].present && v[E_OFFB].i;
	m.off_reminder = v[E_OFFR].present && v[E_OFFR].i;
	m.off_trip = v[E_OFFT].present && v[E_OFFT].i;
	res = mailstore_member_save(&a, r->id, &m);
	if (res != ST_OK)
		return ui_failure(r, res);
	char rest[64];
	snprintf(rest, sizeof rest, "/members/%lld/mail?saved=1", (long long)r->id);
	return ui_redirect(r, "admin", rest);
}
