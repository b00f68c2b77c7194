/* test_render: unit tests for render.c's language loading, and a guard for render_lang_for's skip lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/render.h"

/* The whole file at path (NUL-terminated), or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static HDF *fresh(const char *lang)
{
	HDF *hdf = render_init();
	assert_non_null(hdf);
	render_reset(hdf, lang);
	assert_true(render_lang_ready(hdf));
	return hdf;
}

/* Without render_lang_for every page file is read (a FastCGI worker's case). */
static void every_file_by_default(void **state)
{
	HDF *hdf = fresh("de");
	assert_string_equal(hdf_get_value(hdf, "Lang.code", ""), "de");
	assert_non_null(hdf_get_value(hdf, "Lang.adm.nav", NULL));
	assert_non_null(hdf_get_value(hdf, "Lang.mkt.nav", NULL));
	assert_non_null(hdf_get_value(hdf, "Lang.cal.title", NULL));
	render_done(&hdf);
}

/* The calendar skips the admin, market, accounting and export strings and keeps the rest; a
 * program without a list reads everything again. */
static void calendar_skips_other_pages(void **state)
{
	render_lang_for("calendar");
	HDF *hdf = fresh("en");
	assert_string_equal(hdf_get_value(hdf, "Lang.code", ""), "en");
	assert_null(hdf_get_value(hdf, "Lang.adm.nav", NULL));
	assert_null(hdf_get_value(hdf, "Lang.mkt.nav", NULL));
	assert_non_null(hdf_get_value(hdf, "Lang.cal.title", NULL));
	HDF *bil = hdf_get_obj(hdf, "Lang.bil"), *shr = hdf_get_obj(hdf, "Lang.shr");
	assert_non_null(bil);
	assert_non_null(shr);
	render_done(&hdf);
	render_lang_for("admin");
	hdf = fresh("de");
	assert_non_null(hdf_get_value(hdf, "Lang.adm.nav", NULL));
	assert_non_null(hdf_get_value(hdf, "Lang.mkt.nav", NULL));
	render_done(&hdf);
	render_lang_for("no such program");
}

/* The guard: no source or template a program with a skip list shows uses a skipped file's keys
 * (adm. from admin, mkt. from market, acct. from accounting, exp. from bookingfile and export).
 * A new string of such a prefix on the calendar or login page fails here, not in production. */
static void skip_lists_match_the_sources(void **state)
{
	static const char *const files[] = {
	    "cgi-bin/ui/ui_calendar.c", "cgi-bin/ui/ui_login.c", "cgi-bin/ui/ui_shared.c", "cgi-bin/lib/http/app.c",
	    "cgi-bin/lib/http/calgrid.c", "cgi-bin/lib/http/session.c", "cgi-bin/lib/rules/booking.c",
	    "cgi-bin/lib/store/bookstore.c", "cgi-bin/lib/store/trips.c", "templates/header.cs", "templates/footer.cs",
	    "templates/error.cs", "templates/errors.cs", "templates/login.cs", "templates/password.cs",
	    "templates/booking.cs", "templates/booking_form.cs", "templates/calendar_grid.cs",
	    "templates/calendar_grid_end.cs", "templates/mine.cs", "templates/trip_form.cs", "templates/trips_missing.cs",
	};
	static const char *const prefixes[] = {"adm.", "mkt.", "acct.", "exp."};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *text = slurp(files[i]);
		if (!text)
			fail_msg("cannot read %s (run from the repository's root)", files[i]);
		for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
			char lang[16], quoted[16];
			snprintf(lang, sizeof lang, "Lang.%s", prefixes[k]);
			snprintf(quoted, sizeof quoted, "\"%s", prefixes[k]);
			if (strstr(text, lang) || strstr(text, quoted))
				fail_msg("%s uses %s keys, which render_lang_for skips for its program", files[i], prefixes[k]);
		}
		free(text);
	}
}

int main(void)
{
	setenv("WB_TEMPLATES", "templates", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_file_by_default),
		cmocka_unit_test(calendar_skips_other_pages),
		cmocka_unit_test(skip_lists_match_the_sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
