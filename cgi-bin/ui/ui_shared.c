/* ui_shared: the actor, titles, redirects, language strings with an argument, failures and money display of every screen. */
#include "ui/ui_shared.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/numfmt.h"
#include "base/utf8.h"

struct actor ui_actor(struct req *r)
{
	struct actor a = {
		.member_id = r->user.id, .org_id = r->org.id, .login = r->user.login,
		.is_admin = r->user.is_admin, .tz = r->org.tz, .cancel_hours = r->org.cancel_hours,
		.grid_minutes = r->org.grid_minutes, .now = r->now, .session_csrf = r->user.csrf,
	};
	return a;
}

void ui_title(struct req *r, const char *key)
{
	hdf_set_value(r->hdf, "Page.title", app_lang(r, key));
}

int ui_redirect(struct req *r, const char *page, const char *rest)
{
	char url[512];
	return app_redirect(r, app_url(r, url, sizeof url, page, rest));
}

/* Writes s with its first occurrence of mark replaced by arg, cut on a character boundary. */
static void lang_subst(const char *s, const char *mark, const char *arg, char *out, size_t size)
{
	assert(size > 0);
	const char *at = strstr(s, mark);
	if (!at)
		snprintf(out, size, "%s", s);
	else
		snprintf(out, size, "%.*s%s%s", (int)(at - s), s, arg, at + strlen(mark));
	utf8_trim_partial(out);
}

void ui_lang_a(struct req *r, const char *key, const char *arg, char *out, size_t size)
{
	lang_subst(app_lang(r, key), "{a}", arg, out, size);
}

void ui_lang_n(struct req *r, const char *key, int64_t n, char *out, size_t size)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)n);
	/* key.one for exactly 1, key.other for every other count; a key without forms stands as is.
	 * app_lang answers its default pointer itself when the string is missing. */
	char form[128];
	snprintf(form, sizeof form, "%s.%s", key, n == 1 ? "one" : "other");
	const char *s = app_lang(r, form);
	if (s == form)
		s = app_lang(r, key);
	lang_subst(s, "{n}", num, out, size);
}

int ui_failure(struct req *r, enum store_status res)
{
	assert(res != ST_OK);
	switch (res) {
	case ST_NOT_FOUND: return app_error(r, 404, NULL);
	case ST_FORBIDDEN: return app_error(r, 403, NULL);
	case ST_BUSY: return app_db_failure(r, ST_BUSY);
	default: return app_db_failure(r, ST_ERROR);
	}
}

char *ui_money(struct req *r, char *buf, int64_t cents)
{
	return money_fmt_display(buf, cents, r->org.lang);
}

void ui_money_hdf(struct req *r, HDF *node, const char *name, int64_t cents)
{
	char buf[MONEY_DISPLAY_BUF];
	hdf_set_value(node, name, ui_money(r, buf, cents));
}

char *ui_money_input(struct req *r, char *buf, int64_t cents)
{
	return money_fmt(buf, cents, money_mark(r->org.lang));
}

void ui_decimal_hdf(struct req *r, HDF *node, const char *name, double value, int places)
{
	char buf[NUMFMT_BUF];
	hdf_set_value(node, name, numfmt_decimal(buf, sizeof buf, value, places, r->org.lang));
}
