/* ui_splitbill: the master's split billing page (GET /market/billing): the form (period, vehicle, subscriber, PDF or Excel) and the download it asks for. */
#include "ui/ui_splitbill.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "http/hdfx.h"
#include "http/input.h"
#include "store/marketstore.h"
#include "ui/ui_market.h"
#include "ui/ui_shared.h"
#include "store/splitbill.h"
#include "format/splitbill_out.h"
#include "base/period.h"
#include "base/timeutil.h"

/* "pdf" (default) or "xlsx". */
static const char *v_sbformat(struct req *r, const char *raw, struct input_val *out)
{
	if (!strcmp(raw, "pdf"))
		out->i = 0;
	else if (!strcmp(raw, "xlsx"))
		out->i = 1;
	else
		return "shr.bill.bad_format";
	out->s = raw;
	return NULL;
}

enum { F_FROM, F_TO, F_FORMAT, F_VEHICLE, F_ORG, F_N };
static const struct input_field fields[F_N] = {
	[F_FROM] = {"from", input_month, false, 7},
	[F_TO] = {"to", input_month, false, 7},
	[F_FORMAT] = {"format", v_sbformat, false, 4},
	[F_VEHICLE] = {"vehicle", input_id, false, 20},
	[F_ORG] = {"org", input_id, false, 20},
};

/* The rows of the query src, as the file writers read them. */
static int rows_of(void *src, sbout_row_fn fn, void *ctx)
{
	return splitbill_each(src, fn, ctx);
}

/* Where the finished file goes: the response body, or nowhere for HEAD. */
static void http_sink(void *ctx, const char *data, size_t len)
{
	struct req *r = ctx;
	if (strcmp(r->method, "HEAD") != 0)
		app_write(r, data, len);
}

/* Appends an (id, name) row to the HDF list ctx. */
static int add_choice(void *ctx, const struct mks_named *row)
{
	HDF *list = ctx;
	int i = 0;
	for (HDF *c = hdf_obj_child(list); c; c = hdf_obj_next(c))
		i++;
	HDF *h = hdfx_child(list, i);
	hdfx_set_int(h, "id", row->id);
	hdf_set_value(h, "name", row->name);
	return 0;
}

/* The form with status; Form.* holds what was sent (or the defaults). */
static int billing_form(struct req *r, int status)
{
	int64_t portal;
	int s = ui_market_begin(r, "billing", &portal);
	if (s)
		return s;
	enum store_status st = mks_shared_vehicles_each(r->org.id, add_choice, hdfx_node(r->hdf, "Vehicles"));
	if (st == ST_OK)
		st = mks_subscriber_orgs_each(r->org.id, add_choice, hdfx_node(r->hdf, "Subscribers"));
	if (st != ST_OK)
		return app_db_failure(r, st);
	ui_title(r, "shr.bill.title");
	return app_render(r, status, "market_billing.cs");
}

int ui_splitbill_page(struct req *r)
{
	struct input_val v[F_N];
	int bad = input_read(r, fields, F_N, v);
	bool any = false;
	for (int i = 0; i < F_N; i++)
		any = any || v[i].sent;
	/* Default: the previous month (billing looks back), to = from. */
	int64_t prev = period_month_add(period_month_of(r->org.tz, r->now), -1);
	if (!any) {
		/* Nothing asked for yet: the form, with the previous month. */
		char ym[16];
		snprintf(ym, sizeof ym, "%04d-%02d", (int)(prev / 100), (int)(prev % 100));
		HDF *f = hdfx_node(r->hdf, "Form");
		hdf_set_value(f, "from", ym);
		hdf_set_value(f, "to", ym);
		hdf_set_value(f, "format", "pdf");
		return billing_form(r, 200);
	}
	if (bad)
		return billing_form(r, 422);
	int64_t from = v[F_FROM].present ? v[F_FROM].i : prev;
	int64_t to = v[F_TO].present ? v[F_TO].i : from;
	int64_t months = period_months_between((int)from, (int)to);
	if (months < 0 || months >= 24) {
		input_error(r, "to", "shr.bill.bad_period");
		return billing_form(r, 422);
	}
	bool xlsx = v[F_FORMAT].present && v[F_FORMAT].i == 1;

	struct splitbill_query q = {
		.master = r->org.id,
		.vehicle = v[F_VEHICLE].present ? v[F_VEHICLE].i : 0,
		.subscriber = v[F_ORG].present ? v[F_ORG].i : 0, .now = r->now,
	};
	period_span(r->org.tz, (int)from, (int)to, &q.from, &q.to);
	char period[160], name[96];
	snprintf(period, sizeof period, "%s %02d/%04d – %02d/%04d", app_lang(r, "shr.bill.period"),
	         (int)(from % 100), (int)(from / 100), (int)(to % 100), (int)(to / 100));
	char base[48];
	utf8_copy(base, sizeof base, app_lang(r, "shr.bill.file"));
	snprintf(name, sizeof name, "%s-%04d-%02d_%04d-%02d.%s", base, (int)(from / 100), (int)(from % 100),
	         (int)(to / 100), (int)(to % 100), xlsx ? "xlsx" : "pdf");
	struct sbout_labels l = {
		.title = app_lang(r, "shr.bill.title"), .org = r->org.name, .period = period,
		.cols = {
			app_lang(r, "shr.bill.subscriber"), app_lang(r, "shr.bill.member_no"), app_lang(r, "shr.bill.booking"),
			app_lang(r, "shr.bill.vehicle"), app_lang(r, "shr.bill.start"), app_lang(r, "shr.bill.end"),
			app_lang(r, "shr.bill.fee"), app_lang(r, "shr.bill.rate"), app_lang(r, "shr.bill.split_fee"),
		},
		.total = app_lang(r, "shr.bill.total"), .total_all = app_lang(r, "shr.bill.total_all"),
		.none = app_lang(r, "shr.bill.none"), .tz = r->org.tz,
		.mark = strcmp(r->org.lang, "en") == 0 ? '.' : ',',
	};

	if (xlsx) {
		struct tabout *t;
		int s = sbout_xlsx(rows_of, &q, &l, &t);
		if (s > 0)
			return app_db_failure(r, s);
		if (s != 0) {
			app_log(r, "split billing xlsx could not be written");
			return app_error(r, 500, NULL);
		}
		app_begin_stream(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
		tabout_send(t, http_sink, r);
		return 200;
	}

	/* cairo writes the PDF into an anonymous temp file (gone when closed), which then goes out in
	 * pieces; nothing has been sent before the file is complete, so a failure is still a clean 500. */
	FILE *f = tmpfile();
	if (!f) {
		app_log(r, "cannot create a temp file for the split billing PDF");
		return app_error(r, 500, NULL);
	}
	int s = sbout_pdf(f, rows_of, &q, &l);
	if (s != 0) {
		fclose(f);
		if (s > 0)
			return app_db_failure(r, s);
		app_log(r, "split billing PDF could not be written");
		return app_error(r, 500, NULL);
	}
	rewind(f);
	app_begin_stream(r, 200, "application/pdf", name);
	char buf[16384];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		http_sink(r, buf, n);
	fclose(f);
	return 200;
}
