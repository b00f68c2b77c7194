/* ui_feed: calendar feeds — the iCalendar file behind a secret token (with ETag and Last-Modified), and the page where members and administrators enable, regenerate and revoke them. */
#include "ui/ui_feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format/ics.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "store/feedstore.h"
#include "store/outbox.h"
#include "ui/ui_shared.h"

#define MAX_VEHICLES 500

/* RFC 7231 date of t into buf (40 bytes). */
static char *http_date(char *buf, int64_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof tm);
	snprintf(buf, 40, "%s, %02u %s %04u %02u:%02u:%02u GMT", days[(unsigned)tm.tm_wday % 7u], (unsigned)tm.tm_mday % 100u,
	         mons[(unsigned)tm.tm_mon % 12u], (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
	return buf;
}

/* Parses an RFC 7231 IMF-fixdate; -1 when it is not one. */
static int64_t parse_http_date(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = s ? strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm) : NULL;
	if (!end || *end)
		return -1;
	return (int64_t)timegm(&tm);
}

/* The token of a query: 64 lower-case hex characters, else "". */
static const char *token_of(const char *t)
{
	if (!t || strlen(t) != 64)
		return "";
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return "";
	return t;
}

int ui_feed_ics(struct req *r)
{
	struct feedstore_owner o;
	enum store_status res = feedstore_resolve(token_of(hdf_get_value(r->hdf, "Query.token", NULL)), r->now, &o);
	if (res != ST_OK)
		return ui_failure(r, res);
	/* The content depends on the data and on the day (the window moves, cancellations expire). */
	char etag[96], lm[40];
	snprintf(etag, sizeof etag, "\"f%lld-%lld-%c%lld\"", (long long)feedstore_version(), (long long)(r->now / 86400),
	         o.vehicle_id ? 'v' : 'm', (long long)(o.vehicle_id ? o.vehicle_id : o.member_id));
	int64_t last = feedstore_last_modified(&o, r->now);
	app_header(r, "ETag", etag);
	app_header(r, "Last-Modified", http_date(lm, last));
	app_header(r, "Cache-Control", "private, no-cache");
	const char *inm = app_env(r, "HTTP_IF_NONE_MATCH");
	const char *ims = app_env(r, "HTTP_IF_MODIFIED_SINCE");
	if (inm ? strcmp(inm, etag) == 0 : (ims && parse_http_date(ims) >= last))
		return app_not_modified(r);

	char calname[200];
	snprintf(calname, sizeof calname, "Wagenbuch – %s", o.name);
	struct ics_out out;
	ics_begin(&out, NULL, calname, o.tz);
	struct feedstore_cursor *c = feedstore_open(&o, r->now);
	if (!c) {
		free(out.p);
		return ui_failure(r, ST_ERROR);
	}
	struct feedstore_event e;
	while (feedstore_row(c, &e)) {
		char uid[96], summary[300];
		if (o.vehicle_id)
			snprintf(summary, sizeof summary, "%s", e.foreign ? e.org_name : e.member);
		else
			snprintf(summary, sizeof summary, "%s", e.vehicle);
		struct ics_event ev = {
			.uid = outbox_uid(uid, sizeof uid, e.booking_id, e.created_at, o.org_id),
			.start = e.start, .end = e.end, .dtstamp = e.changed_at, .last_modified = e.changed_at,
			.seq = e.seq, .cancelled = e.cancelled, .summary = summary, .description = e.purpose,
			.location = o.vehicle_id ? NULL : e.vehicle,
		};
		ics_event(&out, o.tz, &ev);
	}
	feedstore_close(c);
	ics_end(&out);
	if (out.oom) {
		free(out.p);
		return ui_failure(r, ST_ERROR);
	}
	app_begin_stream(r, 200, "text/calendar; charset=utf-8", NULL);
	app_write(r, out.p, out.len);
	free(out.p);
	return 200;
}

/* The feed's addresses: https (or http) and webcal, from the request's own host (shown to the
 * signed-in member only). */
static void feed_links(struct req *r, HDF *node, const char *hex)
{
	char path[256], rest[128], url[600];
	snprintf(rest, sizeof rest, "/feed.ics?token=%s", hex);
	app_url(r, path, sizeof path, "calendar", rest);
	const char *host = app_env(r, "HTTP_HOST");
	const char *https = app_env(r, "HTTPS");
	snprintf(url, sizeof url, "%s://%s%s", https && *https ? "https" : "http", host ? host : "localhost", path);
	hdf_set_value(node, "http", url);
	snprintf(url, sizeof url, "webcal://%s%s", host ? host : "localhost", path);
	hdf_set_value(node, "webcal", url);
}

static int page(struct req *r, int status)
{
	struct actor a = ui_actor(r);
	int64_t since = feedstore_member_since(&a);
	if (since)
		hdfx_set_time(hdfx_node(r->hdf, "Feed"), r->org.tz, "since", since);
	if (r->user.is_admin) {
		static struct feedstore_vehicle v[MAX_VEHICLES];
		int n = feedstore_vehicles(&a, v, MAX_VEHICLES);
		HDF *list = hdfx_node(r->hdf, "Feed.vehicles");
		for (int i = 0; i < n; i++) {
			HDF *x = hdfx_child(list, i);
			hdfx_set_int(x, "id", v[i].id);
			hdf_set_value(x, "name", v[i].name);
			if (v[i].since)
				hdfx_set_time(x, r->org.tz, "since", v[i].since);
		}
	}
	ui_title(r, "feed.title");
	return app_render(r, status, "feed.cs");
}

int ui_feed_page(struct req *r)
{
	return page(r, 200);
}

/* "enable" (also regenerates) or "revoke". */
static const char *v_action(struct req *r, const char *raw, struct input_val *out)
{
	(void)r;
	if (strcmp(raw, "enable") && strcmp(raw, "revoke"))
		return "mail.err.choice";
	out->s = raw;
	return NULL;
}

static const struct input_field action_fields[1] = {{"action", v_action, true, 8}};

int ui_feed_do(struct req *r)
{
	struct input_val v[1];
	if (input_read(r, action_fields, 1, v))
		return page(r, 422);
	struct actor a = ui_actor(r);
	if (!strcmp(v[0].s, "revoke")) {
		enum store_status res = feedstore_member_revoke(&a);
		if (res != ST_OK)
			return ui_failure(r, res);
		hdf_set_value(r->hdf, "Feed.revoked", "1");
		return page(r, 200);
	}
	char hex[TOKENS_HEX];
	enum store_status res = feedstore_member_enable(&a, hex);
	if (res != ST_OK)
		return ui_failure(r, res);
	/* The secret is shown this once: only its hash is kept. */
	feed_links(r, hdfx_node(r->hdf, "Feed.new"), hex);
	return page(r, 200);
}

int ui_feed_do_vehicle(struct req *r)
{
	struct input_val v[1];
	if (input_read(r, action_fields, 1, v))
		return page(r, 422);
	struct actor a = ui_actor(r);
	enum store_status res;
	if (!strcmp(v[0].s, "revoke")) {
		res = feedstore_vehicle_revoke(&a, r->id);
		if (res != ST_OK)
			return ui_failure(r, res);
		hdf_set_value(r->hdf, "Feed.revoked", "1");
		return page(r, 200);
	}
	char hex[TOKENS_HEX];
	res = feedstore_vehicle_enable(&a, r->id, hex);
	if (res != ST_OK)
		return ui_failure(r, res);
	HDF *n = hdfx_node(r->hdf, "Feed.vnew");
	hdfx_set_int(n, "id", r->id);
	feed_links(r, n, hex);
	return page(r, 200);
}
