/* test_ics: unit tests for iCalendar output (format/ics): folding on UTF-8 boundaries, TEXT escaping, CRLF, times with TZID on DST days, and libical accepting what is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "base/utf8.h"
#include "format/ics.h"

/* Every line of text ends in CRLF, is at most 75 octets and valid UTF-8 on its own. */
static void check_lines(const char *text)
{
	const char *p = text;
	while (*p) {
		const char *crlf = strstr(p, "\r\n");
		assert_non_null(crlf);
		size_t len = (size_t)(crlf - p);
		assert_true(len <= 75);
		assert_true(utf8_valid(p, len));
		assert_null(memchr(p, '\n', len));
		p = crlf + 2;
	}
}

/* Unfolds text (removes CRLF + space) into a new string. */
static char *unfold(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;
	for (const char *p = text; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static void escape(void **state)
{
	char out[128];
	assert_string_equal(ics_escape(out, sizeof out, "a,b;c\\d"), "a\\,b\\;c\\\\d");
	assert_string_equal(ics_escape(out, sizeof out, "eins\nzwei\r\ndrei"), "eins\\nzwei\\ndrei");
	assert_string_equal(ics_escape(out, sizeof out, "tab\there\x01"), "tabhere");
	assert_string_equal(ics_escape(out, sizeof out, "Grüße: ok"), "Grüße: ok");
	/* cut at a character boundary, never inside an escape */
	char small[6];
	assert_string_equal(ics_escape(small, sizeof small, "aaaä"), "aaaä");
	assert_string_equal(ics_escape(small, sizeof small, "aaaaä"), "aaaa");
	assert_string_equal(ics_escape(small, sizeof small, "aaaa,"), "aaaa");
}

static void folding_never_splits_a_character(void **state)
{
	/* Put a two-byte umlaut across octet 75 at every offset, and a four-byte emoji too. */
	for (int pad = 60; pad < 80; pad++) {
		char value[400];
		memset(value, 'x', (size_t)pad);
		strcpy(value + pad, "äöü\xf0\x9f\x9a\x97€ und weiter und weiter und weiter und weiter und weiter");
		struct ics_out o = {0};
		ics_line(&o, "SUMMARY", value);
		assert_false(o.oom);
		check_lines(o.p);
		char *u = unfold(o.p);
		char want[500];
		snprintf(want, sizeof want, "SUMMARY:%s\r\n", value);
		assert_string_equal(u, want);
		free(u);
		free(o.p);
	}
}

static void berlin_dst_and_libical(void **state)
{
	struct ics_out o;
	ics_begin(&o, NULL, "Buchungen von NEUMANN, Demo; \"Test\"", "Europe/Berlin");
	/* 2026-03-29: clocks go from 02:00 to 03:00. 00:30 UTC = 01:30 CET; 01:30 UTC = 03:30 CEST. */
	struct ics_event e = {
		.uid = "wagenbuch-booking-7-1700000000@1.wagenbuch", .start = 1774744200, .end = 1774744200 + 3600,
		.dtstamp = 1774700000, .seq = 3, .summary = "VW Golf, Kombi; Zürich\\Bern",
		.description = "Umzug:\nKisten, Lampen; Möbel – ÄÖÜäöüß ÄÖÜäöüß ÄÖÜäöüß ÄÖÜäöüß ÄÖÜäöüß",
	};
	ics_event(&o, "Europe/Berlin", &e);
	struct ics_event c = e;
	c.uid = "wagenbuch-booking-8-1700000001@1.wagenbuch";
	c.cancelled = true;
	c.start = 1792890000; /* 2026-10-25 01:00 UTC = 02:00 CET, after the change back */
	c.end = c.start + 1800;
	ics_event(&o, "Europe/Berlin", &c);
	ics_end(&o);
	check_lines(o.p);
	char *u = unfold(o.p);
	assert_non_null(strstr(u, "DTSTART;TZID=Europe/Berlin:20260329T013000\r\n"));
	assert_non_null(strstr(u, "DTEND;TZID=Europe/Berlin:20260329T033000\r\n"));
	assert_non_null(strstr(u, "DTSTART;TZID=Europe/Berlin:20261025T020000\r\n"));
	assert_non_null(strstr(u, "SUMMARY:VW Golf\\, Kombi\\; Zürich\\\\Bern\r\n"));
	assert_non_null(strstr(u, "DESCRIPTION:Umzug:\\nKisten\\, Lampen\\; Möbel"));
	assert_non_null(strstr(u, "STATUS:CANCELLED\r\n"));
	assert_non_null(strstr(u, "SEQUENCE:3\r\n"));
	assert_non_null(strstr(u, "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"));
	assert_null(strstr(u, "METHOD:"));
	free(u);

	/* libical parses it without errors and reads the same values back. */
	icalcomponent *cal = icalparser_parse_string(o.p);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_summary(ev), "VW Golf, Kombi; Zürich\\Bern");
	assert_string_equal(icalcomponent_get_description(ev),
	                    "Umzug:\nKisten, Lampen; Möbel – ÄÖÜäöüß ÄÖÜäöüß ÄÖÜäöüß ÄÖÜäöüß ÄÖÜäöüß");
	struct icaltimetype st = icalcomponent_get_dtstart(ev);
	assert_int_equal(st.hour, 1);
	assert_int_equal(st.minute, 30);
	assert_string_equal(icaltime_get_tzid(st), "Europe/Berlin");
	icalcomponent_free(cal);
	free(o.p);
}

static void utc_for_other_zones_and_method(void **state)
{
	struct ics_out o;
	ics_begin(&o, "CANCEL", NULL, "America/New_York");
	struct ics_event e = {.uid = "u1", .start = 1774747800, .end = 1774751400, .dtstamp = 1774700000, .seq = 1,
	                      .cancelled = true, .organizer = "a@example.org", .attendee = "b@example.org"};
	ics_event(&o, "America/New_York", &e);
	ics_end(&o);
	assert_non_null(strstr(o.p, "METHOD:CANCEL\r\n"));
	assert_non_null(strstr(o.p, "DTSTART:20260329T013000Z\r\n"));
	assert_null(strstr(o.p, "VTIMEZONE"));
	assert_non_null(strstr(o.p, "ORGANIZER:mailto:a@example.org\r\n"));
	icalcomponent *cal = icalparser_parse_string(o.p);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_CANCEL);
	icalcomponent_free(cal);
	free(o.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape),
		cmocka_unit_test(folding_never_splits_a_character),
		cmocka_unit_test(berlin_dst_and_libical),
		cmocka_unit_test(utc_for_other_zones_and_method),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
