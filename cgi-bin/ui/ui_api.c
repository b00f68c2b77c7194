/* ui_api: the api screens' handlers — the billing API for accounting systems — billing records as XML over HTTP Basic auth of an API account, and its XSD. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/money.h"
#include "http/app.h"
#include "ui/ui_api.h"
#include "ui/ui_shared.h"
#include "format/xmlout.h"
#include "http/input.h"
#include "base/timeutil.h"
#include "store/billing.h"
#include "rules/pricing.h"
#include "store/adminstore.h"

/* Field mapping of <billing> (also documented in htdocs/api/billing.xsd):
 *   assignmentId = booking number          billingDate = first retrieval (ms), empty before
 *   billingId = record id (creation ms)    classification = normal|storno|chgsto|reversal
 *   company = organisation name            costCenter = tariff name
 *   currency = EUR                         duration = end - start (ms)
 *   endDate / startDate = booking span     firstname / lastname = from the member description
 *   language = organisation language       location = area of the vehicle
 *   objectId = vehicle number              objectType = "vehicle"
 *   objectTypeName = vehicle description   oe = organisation number
 *   personnelNumber = member number        price = EUR with 2 places, negative for reversals
 *   provider = vehicle owner's org name    subObjectId = CHGSTO version / reversed billingId, else empty
 *   teaser = booking purpose               title = vehicle name
 *   userLogin = member login */

#define OUTBUF 16384

/* ---- Output: format/xmlout (escaping, valid UTF-8 always) into the response, nothing for HEAD. */

static void sink(void *ctx, const char *data, size_t len)
{
	app_write(ctx, data, len);
}

static void xml_start(struct req *r, struct xmlout *x)
{
	xmlout_init(x, strcmp(r->method, "HEAD") == 0 ? NULL : sink, r);
}

/* ---- Errors: a small XML body, so that clients parse every answer the same way. */

static int api_fail(struct req *r, int status, const char *message)
{
	if (status == 401)
		app_header(r, "WWW-Authenticate", "Basic realm=\"Wagenbuch billing API\", charset=\"UTF-8\"");
	app_begin_stream(r, status, "application/xml; charset=utf-8", NULL);
	struct xmlout *x = malloc(sizeof *x);
	if (!x)
		return status;
	xml_start(r, x);
	xmlout_decl(x);
	xmlout_el(x, "error", message);
	xmlout_raw(x, "\n");
	xmlout_flush(x);
	free(x);
	return status;
}

static int api_db_fail(struct req *r, int dbs)
{
	if (dbs == ST_BUSY) {
		app_header(r, "Retry-After", "2");
		return api_fail(r, 503, "database busy, try again");
	}
	return api_fail(r, 500, "internal error");
}

/* ---- Request parsing. */

/* A decimal number of 1..16 digits (below 2^53) without sign or leading zeros; -1 otherwise. */
static int64_t parse_num(const char *s, size_t len)
{
	if (len == 0 || len > 16 || (len > 1 && s[0] == '0'))
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The two numbers of /v1/billing/getBillings/usergroup/{org}/datalimit/{n}: the route table only
 * keeps one id, so PATH_INFO is read here (the route's "*" segments). Returns false when it is not of
 * that form; a part that is no number (abc, -1, 1.5, 01, 20 digits) is -1. */
static bool parse_path(const char *path, int64_t *org, int64_t *limit)
{
	static const char p1[] = "/v1/billing/getBillings/usergroup/", p2[] = "/datalimit/";
	if (strncmp(path, p1, sizeof p1 - 1) != 0)
		return false;
	const char *a = path + sizeof p1 - 1;
	const char *slash = strchr(a, '/');
	if (!slash || strncmp(slash, p2, sizeof p2 - 1) != 0)
		return false;
	*org = parse_num(a, (size_t)(slash - a));
	const char *b = slash + sizeof p2 - 1;
	size_t bl = strlen(b);
	if (bl && b[bl - 1] == '/')
		bl--;
	*limit = parse_num(b, bl);
	return true;
}

/* "true"/"false" (any case), "1"/"0" into i. */
static const char *v_hbool(struct req *r, const char *raw, struct input_val *out)
{
	if (!strcasecmp(raw, "true") || !strcmp(raw, "1"))
		out->i = 1;
	else if (!strcasecmp(raw, "false") || !strcmp(raw, "0"))
		out->i = 0;
	else
		return "bad";
	return NULL;
}

/* Milliseconds since 1970: a decimal of 1..16 digits without sign or leading zeros, into i. */
static const char *v_ms(struct req *r, const char *raw, struct input_val *out)
{
	out->i = parse_num(raw, strlen(raw));
	return out->i < 0 ? "bad" : NULL;
}

/* The request headers the billing call reads, each declared with its validator. */
enum { H_MARK, H_INCL, H_START, H_END, H_NFIELDS };
static const struct input_field billing_headers[H_NFIELDS] = {
	[H_MARK] = {"markAsRetrieved", v_hbool, false, 8},
	[H_INCL] = {"includeRetrievedBillingData", v_hbool, false, 8},
	[H_START] = {"startTime", v_ms, false, 24},
	[H_END] = {"endTime", v_ms, false, 24},
};
static const char *const header_errors[H_NFIELDS] = {
	[H_MARK] = "markAsRetrieved must be true or false",
	[H_INCL] = "includeRetrievedBillingData must be true or false",
	[H_START] = "startTime must be milliseconds since 1970",
	[H_END] = "endTime must be milliseconds since 1970",
};

/* ---- Handlers. */

/* Writes one <billing> element. */
static void write_billing(struct xmlout *o, int64_t org, const struct billing_record *b)
{
	char first[256], last[256], price[24];
	billing_names(b->member_descr, b->login, first, sizeof first, last, sizeof last);
	xmlout_raw(o, "<billing>");
	xmlout_el_int(o, "assignmentId", b->booking_id);
	if (b->billing_date >= 0)
		xmlout_el_int(o, "billingDate", b->billing_date);
	else
		xmlout_el(o, "billingDate", "");
	xmlout_el_int(o, "billingId", b->id);
	xmlout_el(o, "classification", b->kind);
	xmlout_el(o, "company", b->org_name);
	xmlout_el(o, "costCenter", b->tariff);
	xmlout_el(o, "currency", "EUR");
	xmlout_el_int(o, "duration", (b->end - b->start) * 1000);
	xmlout_el_int(o, "endDate", b->end * 1000);
	xmlout_el(o, "firstname", first);
	xmlout_el(o, "language", b->lang);
	xmlout_el(o, "lastname", last);
	xmlout_el(o, "location", b->area);
	xmlout_el_int(o, "objectId", b->vehicle_id);
	xmlout_el(o, "objectType", "vehicle");
	xmlout_el(o, "objectTypeName", b->vehicle_descr);
	xmlout_el_int(o, "oe", org);
	xmlout_el(o, "personnelNumber", b->member_no);
	xmlout_el(o, "price", money_fmt(price, b->price, '.'));
	xmlout_el(o, "provider", b->org_name);
	xmlout_el_int(o, "startDate", b->start * 1000);
	if (b->reverses)
		xmlout_el_int(o, "subObjectId", b->reverses);
	else if (b->version_id)
		xmlout_el_int(o, "subObjectId", b->version_id);
	else
		xmlout_el(o, "subObjectId", "");
	xmlout_el(o, "teaser", b->purpose);
	xmlout_el(o, "title", b->vehicle);
	xmlout_el(o, "userLogin", b->login);
	xmlout_raw(o, "</billing>\n");
}

/* GET /v1/billing/getBillings/usergroup/{org}/datalimit/{n} */
int ui_api_get_billings(struct req *r)
{
	/* The account was authenticated by the route flag, before anything of the path was looked at. */
	int64_t org = 0, limit = 0;
	if (!parse_path(r->path, &org, &limit))
		return api_fail(r, 404, "no such resource");
	/* Another organisation's usergroup gets the answer a wrong token gets: a guessed token is never
	 * confirmed by the path. */
	if (org < 1)
		return api_fail(r, 400, "usergroup must be an organisation number");
	if (org != r->api_org)
		return api_fail(r, 401, "wrong API account or token");
	if (limit < 1 || limit > BIL_MAX_LIMIT)
		return api_fail(r, 400, "datalimit must be a number from 1 to 10000");
	struct input_val h[H_NFIELDS];
	if (input_headers(r, billing_headers, H_NFIELDS, h))
		for (int i = 0; i < H_NFIELDS; i++)
			if (!h[i].ok)
				return api_fail(r, 400, header_errors[i]);
	int mark = h[H_MARK].present ? (int)h[H_MARK].i : 0;
	int incl = h[H_INCL].present ? (int)h[H_INCL].i : 0;
	int64_t start = h[H_START].present ? h[H_START].i : -1;
	int64_t end = h[H_END].present ? h[H_END].i : INT64_MAX;

	int64_t *ids = malloc((size_t)limit * sizeof *ids);
	if (!ids)
		return api_fail(r, 500, "internal error");
	struct billing_query q = {
		.org_id = org, .limit = (int)limit, .include_retrieved = incl, .mark = mark,
		.start = start, .end = end, .now_ms = tu_now_ms(),
	};
	int n = 0;
	int dbs = billing_retrieve(&q, ids, &n);
	if (dbs == ST_OK)
		adm_api_touch(r->api_account, r->now);   /* after the records are safe */
	if (dbs != ST_OK) {
		free(ids);
		return api_db_fail(r, dbs);
	}

	app_begin_stream(r, 200, "application/xml; charset=utf-8", NULL);
	struct xmlout *o = malloc(sizeof *o);
	if (!o) {
		free(ids);
		return 200;
	}
	xml_start(r, o);
	xmlout_decl(o);
	xmlout_raw(o, "<billings>\n");
	struct billing_record *b = malloc(sizeof *b);
	for (int i = 0; b && i < n; i++) {
		bool found = false;
		if (billing_load(org, ids[i], b, &found) != ST_OK) {
			app_log(r, "billing record %lld could not be read", (long long)ids[i]);
			break;
		}
		if (found)
			write_billing(o, org, b);
	}
	xmlout_raw(o, "</billings>\n");
	xmlout_flush(o);
	free(b);
	free(o);
	free(ids);
	return 200;
}

/* The XSD, read once per worker from htdocs/api/billing.xsd (beside the templates directory). */
int ui_api_get_xsd(struct req *r)
{
	static char *xsd;
	static size_t xsd_len;
	if (!xsd) {
		char path[4096];
		const char *tpl = getenv("WB_TEMPLATES");
		if (tpl && *tpl)
			snprintf(path, sizeof path, "%s/../htdocs/api/billing.xsd", tpl);
		else
			snprintf(path, sizeof path, "htdocs/api/billing.xsd");
		FILE *f = fopen(path, "rb");
		if (!f) {
			app_log(r, "cannot read %s", path);
			return api_fail(r, 500, "internal error");
		}
		char *buf = malloc(65536);
		size_t n = buf ? fread(buf, 1, 65536, f) : 0;
		fclose(f);
		if (!buf || n == 0 || n == 65536) {
			free(buf);
			return api_fail(r, 500, "internal error");
		}
		xsd = buf;
		xsd_len = n;
	}
	app_header(r, "Cache-Control", "public, max-age=3600");
	app_begin_stream(r, 200, "application/xml; charset=utf-8", NULL);
	if (strcmp(r->method, "HEAD") != 0)
		app_write(r, xsd, xsd_len);
	return 200;
}

