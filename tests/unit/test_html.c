/* test_html: unit tests for the HTML output buffer and escaping (html.c) and the calendar rows writer (calgrid.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/calgrid.h"
#include "http/html.h"

/* Every character ClearSilver's html escaping changes is changed alike; the rest passes through. */
static void escapes_like_clearsilver(void **state)
{
	struct html h;
	html_init(&h, 0);
	html_txt(&h, "a&b<c>d\"e'f\r\ng\xc3\xa4");
	assert_string_equal(h.buf, "a&amp;b&lt;c&gt;d&quot;e&#39;f\ng\xc3\xa4");
	html_txt(&h, NULL);
	html_txt(&h, "");
	assert_string_equal(h.buf, "a&amp;b&lt;c&gt;d&quot;e&#39;f\ng\xc3\xa4");
	h.len = 0;
	html_txt(&h, "<script>alert(1)</script>");
	assert_null(strchr(h.buf, '<'));
	html_free(&h);
	assert_null(h.buf);
}

/* The buffer grows far past its first guess, keeps every byte and stays NUL-terminated. */
static void grows_and_terminates(void **state)
{
	struct html h;
	html_init(&h, 8);
	for (int i = 0; i < 100000; i++)
		HTML_LIT(&h, "0123456789");
	assert_int_equal(h.len, 1000000);
	assert_int_equal(h.buf[h.len], '\0');
	assert_memory_equal(h.buf + 999990, "0123456789", 10);
	assert_false(h.oom);
	html_free(&h);
}

static void numbers(void **state)
{
	struct html h;
	html_init(&h, 0);
	html_int(&h, 0);
	HTML_LIT(&h, " ");
	html_int(&h, -42);
	HTML_LIT(&h, " ");
	html_int(&h, INT64_MAX);
	HTML_LIT(&h, " ");
	html_int(&h, INT64_MIN);
	HTML_LIT(&h, " ");
	html_2d(&h, 7);
	html_2d(&h, 59);
	assert_string_equal(h.buf, "0 -42 9223372036854775807 -9223372036854775808 0759");
	html_free(&h);
}

static const struct calgrid_col cols[2] = {
	{.s = 0, .label = "Mo 30.11.", .start = NULL},   /* past */
	{.s = 96, .label = "Di 01.12.", .start = "2026-12-01T08:00"},
};

/* A row with hostile names: everything the user typed is escaped, links carry the right ids. */
static void row_escapes_and_links(void **state)
{
	struct html h;
	html_init(&h, 0);
	const struct calgrid g = {.out = &h, .week = true, .ncols = 2, .cols = cols, .base = "/calendar",
	                          .word_book = "Buchen", .word_book_ext = "Extern", .word_link_mode = "Link"};
	const struct calgrid_vehicle v = {.id = 12, .name = "<b>VW\"", .descr = "x'&"};
	calgrid_row_begin(&g, &v);
	const struct calgrid_booking own = {.s = 100, .w = 8, .id = 77, .member = 5, .label = "ANNA<",
	                                    .title = "ANNA · \"t\""};
	calgrid_booking(&g, &own);
	const struct calgrid_booking other = {.s = 120, .w = 4, .label = "Org&Co", .title = "<i>"};
	calgrid_booking(&g, &other);
	calgrid_row_end(&g);
	const char *o = h.buf;
	assert_non_null(strstr(o, "data-vehicle=\"12\""));
	assert_non_null(strstr(o, "title=\"x&#39;&amp;\">&lt;b&gt;VW&quot;<span class=\"vd\">x&#39;&amp;</span>"));
	assert_non_null(strstr(o, "<span class=\"past s0 w96\"></span>"));
	assert_non_null(strstr(o, "<a class=\"free s96 w96\" href=\"/calendar/booking/new?vehicle=12&amp;start=2026-12-01T08:00\""
	                          " aria-label=\"Buchen &lt;b&gt;VW&quot; Di 01.12.\">+</a>"));
	assert_non_null(strstr(o, "<a class=\"bk s100 w8\" data-m=\"5\" href=\"/calendar/booking/77\" data-booking=\"77\">"
	                          "<span class=\"bl\">ANNA&lt;</span><span class=\"pop\"> ANNA · &quot;t&quot;</span></a>"));
	assert_non_null(strstr(o, "<span class=\"bk other s120 w4\" tabindex=\"0\" role=\"note\"><span class=\"bl\">Org&amp;Co</span>"
	                          "<span class=\"pop\"> &lt;i&gt;</span></span>"));
	assert_null(strstr(o, "class=\"now"));    /* the window does not hold now */
	assert_null(strstr(o, "class=\"tday"));
	assert_null(strstr(o, "class=\"bt"));     /* no times given */
	assert_null(strstr(o, "<b>"));
	assert_null(strstr(o, "<i>"));
	assert_null(strstr(o, "Link"));
	assert_non_null(strstr(o, "</div>\n</div>"));
	html_free(&h);
}

/* Link mode: free cells lead to the owner's site, or offer nothing without a usable link; the
 * day view's cells are 4 slots wide. */
static void link_mode_rows(void **state)
{
	struct html h;
	html_init(&h, 0);
	const struct calgrid g = {.out = &h, .week = false, .ncols = 2, .cols = cols, .base = "/c",
	                          .word_book = "Buchen", .word_book_ext = "Extern", .word_link_mode = "Link"};
	const struct calgrid_vehicle with = {.id = 3, .name = "BUS", .descr = "", .link = true,
	                                     .url = "https://example.org/book?a=1&b=2"};
	calgrid_row_begin(&g, &with);
	calgrid_row_end(&g);
	assert_non_null(strstr(h.buf, "<a class=\"free ext s96 w4\" href=\"https://example.org/book?a=1&amp;b=2\""
	                              " rel=\"external noopener noreferrer\" aria-label=\"Extern BUS Di 01.12.\">"));
	assert_non_null(strstr(h.buf, "<span class=\"vd lm\">Link</span>"));
	assert_null(strstr(h.buf, "booking/new"));
	h.len = 0;
	const struct calgrid_vehicle without = {.id = 4, .name = "BUS", .descr = "", .link = true};
	calgrid_row_begin(&g, &without);
	calgrid_row_end(&g);
	assert_null(strstr(h.buf, "<a "));
	assert_non_null(strstr(h.buf, "<span class=\"past s96 w4\"></span>"));
	html_free(&h);
}

static const struct calgrid_col week[7] = {
	{.s = 0, .label = "Mo"}, {.s = 96, .label = "Di"}, {.s = 192, .label = "Mi", .start = "x"},
	{.s = 288, .label = "Do", .start = "x"}, {.s = 384, .label = "Fr", .start = "x"},
	{.s = 480, .label = "Sa", .start = "x"}, {.s = 576, .label = "So", .start = "x"},
};

/* The week's head: 06, 12 and 18 inside every day at their slots, today's column marked, the
 * now line at its slot; every row repeats today's band and the line. */
static void week_head_marks_today_and_now(void **state)
{
	struct html h;
	html_init(&h, 0);
	const struct calgrid g = {.out = &h, .week = true, .ncols = 7, .cols = week, .base = "/c",
	                          .word_book = "B", .word_vehicle = "Fahrzeug", .has_now = true, .now = 2 * 96 + 41};
	calgrid_head(&g);
	const char *o = h.buf;
	assert_non_null(strstr(o, "<div class=\"vn\" role=\"columnheader\">Fahrzeug</div>"));
	for (int d = 0; d < 7; d++)
		for (int k = 1; k < 4; k++) {
			char want[96];
			snprintf(want, sizeof want, "<span class=\"hm s%d\" data-hour=\"%02d\" aria-hidden=\"true\">%02d</span>",
			         d * 96 + k * 24, k * 6, k * 6);
			assert_non_null(strstr(o, want));
		}
	int n = 0;
	for (const char *p = o; (p = strstr(p, "class=\"hm ")); p++)
		n++;
	assert_int_equal(n, 21);
	assert_non_null(strstr(o, "<span class=\"col today s192 w96\" role=\"columnheader\" aria-current=\"date\">Mi</span>"));
	assert_non_null(strstr(o, "<span class=\"col s96 w96\" role=\"columnheader\">Di</span>"));
	assert_null(strstr(strstr(o, "aria-current") + 1, "aria-current"));   /* one day is today */
	assert_non_null(strstr(o, "<span class=\"now s233\" aria-hidden=\"true\"></span>"));
	h.len = 0;
	const struct calgrid_vehicle v = {.id = 1, .name = "VW", .descr = "", .shared = true};
	const struct calgrid gs = {.out = &h, .week = true, .ncols = 7, .cols = week, .base = "/c",
	                           .word_book = "B", .word_shared = "geteilt", .has_now = true, .now = 2 * 96 + 41};
	calgrid_row_begin(&gs, &v);
	calgrid_row_end(&gs);
	assert_non_null(strstr(h.buf, "data-shared=\"1\""));
	assert_non_null(strstr(h.buf, "<span class=\"vh\">geteilt</span>"));
	assert_non_null(strstr(h.buf, "<span class=\"tday s192 w96\" aria-hidden=\"true\"></span>"));
	assert_non_null(strstr(h.buf, "<span class=\"now s233\" aria-hidden=\"true\"></span>"));
	/* Past days offer nothing, later ones a link. */
	assert_non_null(strstr(h.buf, "<span class=\"past s96 w96\"></span>"));
	assert_non_null(strstr(h.buf, "<a class=\"free s192 w96\""));
	html_free(&h);
}

/* A block carries its times (the CSS shows them where there is room); without them, none. */
static void times_in_the_bar(void **state)
{
	struct html h;
	html_init(&h, 0);
	struct tu_tm a = {.year = 2026, .mon = 12, .day = 1, .hour = 7, .min = 5};
	struct tu_tm b = {.year = 2026, .mon = 12, .day = 2, .hour = 16, .min = 5};
	const struct calgrid wk = {.out = &h, .week = true, .ncols = 7, .cols = week, .base = "/c"};
	struct calgrid_booking k = {.s = 10, .w = 2, .id = 9, .label = "A", .title = "t", .ls = &a, .le = &b};
	calgrid_booking(&wk, &k);
	assert_non_null(strstr(h.buf, "<span class=\"bl\">A<span class=\"bt\"> 07:05–16:05</span></span>"));
	h.len = 0;
	k.ls = k.le = NULL;
	calgrid_booking(&wk, &k);
	assert_null(strstr(h.buf, "class=\"bt\""));
	/* The day view's head has no extra marks: its columns are the hours. */
	h.len = 0;
	const struct calgrid dh = {.out = &h, .week = false, .ncols = 2, .cols = cols, .base = "/c", .word_vehicle = "F"};
	calgrid_head(&dh);
	assert_null(strstr(h.buf, "class=\"hm"));
	assert_null(strstr(h.buf, "class=\"now"));
	assert_null(strstr(h.buf, "aria-current"));
	assert_non_null(strstr(h.buf, "<span class=\"col s96 w4\" role=\"columnheader\">Di 01.12.</span>"));
	/* The day view of today marks the current hour. */
	h.len = 0;
	const struct calgrid dn = {.out = &h, .week = false, .ncols = 2, .cols = cols, .base = "/c", .word_vehicle = "F",
	                           .has_now = true, .now = 5};   /* hour 1 */
	calgrid_head(&dn);
	assert_non_null(strstr(h.buf, "<span class=\"col today s96 w4\" role=\"columnheader\" aria-current=\"time\">Di 01.12.</span>"));
	assert_non_null(strstr(h.buf, "<span class=\"now s5\" aria-hidden=\"true\"></span>"));
	assert_null(strstr(h.buf, "aria-current=\"date\""));
	html_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_like_clearsilver),
		cmocka_unit_test(grows_and_terminates),
		cmocka_unit_test(numbers),
		cmocka_unit_test(row_escapes_and_links),
		cmocka_unit_test(link_mode_rows),
		cmocka_unit_test(week_head_marks_today_and_now),
		cmocka_unit_test(times_in_the_bar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
