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

/* ---- Buffered output, so that a file of 10,000 records goes out in large writes without being held whole. */

struct out {
	struct req *r;
	char buf[OUTBUF];
	size_t len;
	bool head;   /* HEAD request: nothing is written */
};

static void out_flush(struct out *o)
{
	if (o->len && !o->head)
		app_write(o->r, o->buf, o->len);
	o->len = 0;
}

static void out_put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > sizeof o->buf)
		out_flush(o);
	if (n > sizeof o->buf) {
		if (!o->head)
			app_write(o->r, s, n);
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

/* Writes text with XML escaping; characters XML 1.0 forbids (controls but tab, LF, CR) are dropped. */
static void out_xml(struct out *o, const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '&': out_str(o, "&amp;"); break;
		case '<': out_str(o, "&lt;"); break;
		case '>': out_str(o, "&gt;"); break;
		case '"': out_str(o, "&quot;"); break;
		case '\'': out_str(o, "&apos;"); break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				break;
			out_put(o, p, 1);
		}
	}
}

/* <name>escaped text</name> */
static void out_el(struct out *o, const char *name, const char *text)
{
	out_str(o, "<");
	out_str(o, name);
	out_str(o, ">");
	out_xml(o, text);
	out_str(o, "</");
	out_str(o, name);
	out_str(o, ">");
}

static void out_el_int(struct out *o, const char *name, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	out_el(o, name, buf);
}

/* ---- Errors: a small XML body, so that clients parse every answer the same way. */

static int api_fail(struct req *r, int status, const char *message)
{
	if (status == 401)
		app_header(r, "WWW-Authenticate", "Basic realm=\"Wagenbuch billing API\", charset=\"UTF-8\"");
	app_begin_stream(r, status, "application/xml; charset=utf-8", NULL);
	struct out o = { .r = r, .head = strcmp(r->method, "HEAD") == 0 };
	out_str(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	out_el(&o, "error", message);
	out_str(&o, "\n");
	out_flush(&o);
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

/* A boolean request header: absent -> dflt; "true"/"false" (any case), "1"/"0"; else -1. */
static int header_bool(struct req *r, const char *env, int dflt)
{
	const char *v = app_env(r, env);
	if (!v)
		return dflt;
	if (!strcasecmp(v, "true") || !strcmp(v, "1"))
		return 1;
	if (!strcasecmp(v, "false") || !strcmp(v, "0"))
		return 0;
	return -1;
}

/* A millisecond request header: absent -> dflt; else a decimal number, or -2 when malformed. */
static int64_t header_ms(struct req *r, const char *env, int64_t dflt)
{
	const char *v = app_env(r, env);
	if (!v)
		return dflt;
	int64_t n = parse_num(v, strlen(v));
	return n < 0 ? -2 : n;
}

/* ---- Handlers. */

/* Writes one <billing> element. */
static void write_billing(struct out *o, int64_t org, const struct billing_record *b)
{
	char first[256], last[256], price[24];
	billing_names(b->member_descr, b->login, first, sizeof first, last, sizeof last);
	out_str(o, "<billing>");
	out_el_int(o, "assignmentId", b->booking_id);
	if (b->billing_date >= 0)
		out_el_int(o, "billingDate", b->billing_date);
	else
		out_el(o, "billingDate", "");
	out_el_int(o, "billingId", b->id);
	out_el(o, "classification", b->kind);
	out_el(o, "company", b->org_name);
	out_el(o, "costCenter", b->tariff);
	out_el(o, "currency", "EUR");
	out_el_int(o, "duration", (b->end - b->start) * 1000);
	out_el_int(o, "endDate", b->end * 1000);
	out_el(o, "firstname", first);
	out_el(o, "language", b->lang);
	out_el(o, "lastname", last);
	out_el(o, "location", b->area);
	out_el_int(o, "objectId", b->vehicle_id);
	out_el(o, "objectType", "vehicle");
	out_el(o, "objectTypeName", b->vehicle_descr);
	out_el_int(o, "oe", org);
	out_el(o, "personnelNumber", b->member_no);
	out_el(o, "price", money_fmt(price, b->price, '.'));
	out_el(o, "provider", b->org_name);
	out_el_int(o, "startDate", b->start * 1000);
	if (b->reverses)
		out_el_int(o, "subObjectId", b->reverses);
	else if (b->version_id)
		out_el_int(o, "subObjectId", b->version_id);
	else
		out_el(o, "subObjectId", "");
	out_el(o, "teaser", b->purpose);
	out_el(o, "title", b->vehicle);
	out_el(o, "userLogin", b->login);
	out_str(o, "</billing>\n");
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
	int mark = header_bool(r, "HTTP_MARKASRETRIEVED", 0);
	if (mark < 0)
		return api_fail(r, 400, "markAsRetrieved must be true or false");
	int incl = header_bool(r, "HTTP_INCLUDERETRIEVEDBILLINGDATA", 0);
	if (incl < 0)
		return api_fail(r, 400, "includeRetrievedBillingData must be true or false");
	int64_t start = header_ms(r, "HTTP_STARTTIME", -1);
	if (start == -2)
		return api_fail(r, 400, "startTime must be milliseconds since 1970");
	int64_t end = header_ms(r, "HTTP_ENDTIME", INT64_MAX);
	if (end == -2)
		return api_fail(r, 400, "endTime must be milliseconds since 1970");

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
	struct out *o = malloc(sizeof *o);
	if (!o) {
		free(ids);
		return 200;
	}
	o->r = r;
	o->len = 0;
	o->head = strcmp(r->method, "HEAD") == 0;
	out_str(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<billings>\n");
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
	out_str(o, "</billings>\n");
	out_flush(o);
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

