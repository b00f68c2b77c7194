/* test_actionlog: unit tests for the exact action-log line format, its time zones, UTF-8 upper-casing and length bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/actionlog.h"

#define BERLIN "Europe/Berlin"

/* The DESIGN.md example, in Berlin (CET). */
#define EX_NOW 1140429187LL     /* 20.02.06 10:53:07 */
#define EX_START 1140247800LL   /* 18.02.06 08:30 */
#define EX_END 1140375600LL     /* 19.02.06 20:00 */
#define EX_CREATED 1140009379LL /* 15.02.06 14:16:19 */

static struct al_booking example(void)
{
	return (struct al_booking){ .id = 7618, .vehicle = "VW Golf", .start = EX_START,
		                    .end = EX_END, .member = "neumann", .creator = "Huber",
		                    .created_at = EX_CREATED, .purpose = "Kurzurlaub" };
}

/* Checks that s is well-formed UTF-8 (so no sequence was split). */
static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		if (n == 0)
			return 0;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

static void design_example_exact(void **state)
{
	char buf[AL_LINE_MAX];
	struct al_booking b = example();
	const char *want = "20.02.06 10:53:07 MEIER: VIEW 7618 VW-GOLF 18.02.06 08:30--19.02.06 20:00 "
	                   "NEUMANN, created by HUBER at 15.02.06 14:16:19: Kurzurlaub";
	size_t n = al_format_booking(buf, BERLIN, EX_NOW, "meier", "VIEW", &b);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void every_action(void **state)
{
	static const char *const actions[] = { "CREATE", "VIEW",   "DELETE", "STORNO",
		                               "EDIT",   "CHANGE", "CHGSTO", "CHGDEL" };
	char buf[AL_LINE_MAX], want[256];
	struct al_booking b = example();
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		al_format_booking(buf, BERLIN, EX_NOW, "MEIER", actions[i], &b);
		strcpy(want, "20.02.06 10:53:07 MEIER: ");
		strcat(want, actions[i]);
		strcat(want, " 7618 VW-GOLF 18.02.06 08:30--19.02.06 20:00 NEUMANN, created by HUBER at "
		             "15.02.06 14:16:19: Kurzurlaub");
		assert_string_equal(buf, want);
	}
}

static void summer_time_and_switch_days(void **state)
{
	char buf[AL_LINE_MAX];
	/* CEST: 2026-07-01 10:00 UTC is 12:00 in Berlin. */
	struct al_booking b = { .id = 1, .vehicle = "Ford Ka", .start = 1782900000,
		                .end = 1782900000 + 5400, .member = "anna", .creator = "anna",
		                .created_at = 1782900000 - 86400, .purpose = "Einkauf" };
	al_format_booking(buf, BERLIN, 1782900000 + 7, "anna", "CREATE", &b);
	assert_string_equal(buf, "01.07.26 12:00:07 ANNA: CREATE 1 FORD-KA 01.07.26 12:00--01.07.26 "
	                         "13:30 ANNA, created by ANNA at 30.06.26 12:00:00: Einkauf");
	/* Across the autumn switch: 02:30 CEST to 02:30 CET is one hour, both written as 02:30. */
	b.start = 1792888200;
	b.end = 1792891800;
	b.created_at = 1792879200; /* 25.10.26 00:00:00 CEST */
	b.purpose = "";
	al_format_booking(buf, BERLIN, 1792969200 - 1, "anna", "VIEW", &b);
	assert_string_equal(buf, "25.10.26 23:59:59 ANNA: VIEW 1 FORD-KA 25.10.26 02:30--25.10.26 "
	                         "02:30 ANNA, created by ANNA at 25.10.26 00:00:00");
	/* Across the spring switch: 01:30 CET to 03:30 CEST is one hour. */
	b.start = 1774746000 - 1800;
	b.end = 1774746000 + 1800;
	al_format_booking(buf, BERLIN, 1774746000, "anna", "VIEW", &b);
	assert_string_equal(buf, "29.03.26 03:00:00 ANNA: VIEW 1 FORD-KA 29.03.26 01:30--29.03.26 "
	                         "03:30 ANNA, created by ANNA at 25.10.26 00:00:00");
	/* The same instants in another zone. */
	al_format_booking(buf, "America/New_York", 1774746000, "anna", "VIEW", &b);
	assert_string_equal(buf, "28.03.26 21:00:00 ANNA: VIEW 1 FORD-KA 28.03.26 20:30--28.03.26 "
	                         "21:30 ANNA, created by ANNA at 24.10.26 18:00:00");
	/* Unknown zone: UTC. */
	struct al_booking e = example();
	al_format_booking(buf, "Atlantis/Capital", EX_NOW, "meier", "VIEW", &e);
	assert_string_equal(buf, "20.02.06 09:53:07 MEIER: VIEW 7618 VW-GOLF 18.02.06 07:30--19.02.06 "
	                         "19:00 NEUMANN, created by HUBER at 15.02.06 13:16:19: Kurzurlaub");
}

static void purpose_empty_and_sanitised(void **state)
{
	char buf[AL_LINE_MAX];
	const char *head = "20.02.06 10:53:07 MEIER: DELETE 7618 VW-GOLF 18.02.06 08:30--19.02.06 "
	                   "20:00 NEUMANN, created by HUBER at 15.02.06 14:16:19";
	struct al_booking b = example();
	b.purpose = "";
	size_t n = al_format_booking(buf, BERLIN, EX_NOW, "meier", "DELETE", &b);
	assert_string_equal(buf, head);
	assert_int_equal(n, strlen(head));
	b.purpose = NULL;
	al_format_booking(buf, BERLIN, EX_NOW, "meier", "DELETE", &b);
	assert_string_equal(buf, head);

	char want[512];
	b.purpose = "Umzug\r\nnach Köln\tmit Kiste\x1b[31m\x7f";
	al_format_booking(buf, BERLIN, EX_NOW, "meier", "DELETE", &b);
	strcpy(want, head);
	strcat(want, ": Umzug  nach Köln mit Kiste [31m ");
	assert_string_equal(buf, want);
	assert_null(strchr(buf, '\n'));
	assert_null(strchr(buf, '\r'));
	assert_null(strchr(buf, '\t'));

	/* Purpose is not upper-cased and malformed bytes pass through unchanged. */
	b.purpose = "klein \xff\xfe gro\xc3";
	al_format_booking(buf, BERLIN, EX_NOW, "meier", "DELETE", &b);
	strcpy(want, head);
	strcat(want, ": klein \xff\xfe gro\xc3");
	assert_string_equal(buf, want);

	/* A purpose that is only a line break is not empty: it becomes one space. */
	b.purpose = "\n";
	al_format_booking(buf, BERLIN, EX_NOW, "meier", "DELETE", &b);
	strcpy(want, head);
	strcat(want, ":  ");
	assert_string_equal(buf, want);
}

static void names_upper_dashed_and_missing(void **state)
{
	char buf[AL_LINE_MAX];
	struct al_booking b = example();
	b.vehicle = "Škoda  Octavia Kombi\t1";
	b.member = "jörg.müller";
	b.creator = "élodie";
	b.purpose = NULL;
	b.id = 0;
	al_format_booking(buf, BERLIN, EX_NOW, "straße", "EDIT", &b);
	assert_string_equal(buf, "20.02.06 10:53:07 STRAßE: EDIT 0 ŠKODA--OCTAVIA-KOMBI-1 18.02.06 "
	                         "08:30--19.02.06 20:00 JÖRG.MÜLLER, created by ÉLODIE at 15.02.06 "
	                         "14:16:19");
	/* Logins keep spaces (they are not dashed), but control characters become spaces. */
	b.member = "a\nb";
	b.creator = NULL;
	b.vehicle = "";
	b.id = INT64_MAX;
	al_format_booking(buf, BERLIN, EX_NOW, NULL, "CHANGE", &b);
	assert_string_equal(buf, "20.02.06 10:53:07 ?: CHANGE 9223372036854775807 ? 18.02.06 "
	                         "08:30--19.02.06 20:00 A B, created by ? at 15.02.06 14:16:19");
	b.id = -5;
	b.vehicle = "x";
	b.member = "y";
	b.creator = "z";
	al_format_booking(buf, BERLIN, EX_NOW, "", "CHANGE", &b);
	assert_string_equal(buf, "20.02.06 10:53:07 ?: CHANGE -5 X 18.02.06 08:30--19.02.06 20:00 Y, "
	                         "created by Z at 15.02.06 14:16:19");
}

static void admin_line(void **state)
{
	char buf[AL_LINE_MAX];
	size_t n = al_format_admin(buf, BERLIN, EX_NOW, "huber", "Fahrzeug VW Golf\r\numbenannt");
	assert_string_equal(buf, "20.02.06 10:53:07 HUBER: ADMIN Fahrzeug VW Golf  umbenannt");
	assert_int_equal(n, strlen(buf));
	n = al_format_admin(buf, BERLIN, 1782900000, "huber", "");
	assert_string_equal(buf, "01.07.26 12:00:00 HUBER: ADMIN");
	assert_int_equal(n, 30);
	al_format_admin(buf, BERLIN, 1782900000, "huber", NULL);
	assert_string_equal(buf, "01.07.26 12:00:00 HUBER: ADMIN");
	/* Text is never a format string. */
	al_format_admin(buf, BERLIN, 1782900000, "huber", "%s%n%x");
	assert_string_equal(buf, "01.07.26 12:00:00 HUBER: ADMIN %s%n%x");
}

static void al_upper_cases(void **state)
{
	char out[128];
	struct {
		const char *in;
		int dash;
		const char *want;
	} cases[] = {
		{ "vw golf", 1, "VW-GOLF" },
		{ "vw golf", 0, "VW GOLF" },
		{ "äöüß", 0, "ÄÖÜß" },
		{ "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ", 0, "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ" },
		{ "ÄÖÜ ÀÉ", 1, "ÄÖÜ-ÀÉ" },
		{ "ÿ", 0, "Ÿ" },
		{ "÷×µ", 0, "÷×µ" },
		{ "łódź żółć ščř ő ı", 1, "ŁÓDŹ-ŻÓŁĆ-ŠČŘ-Ő-ı" },
		{ "ŁÓDŹ", 0, "ŁÓDŹ" },
		{ "€ 😀 ä", 1, "€-😀-Ä" },
		{ "a\xff" "b\xc3" "(c\x80" "d", 0, "A\xff" "B\xc3" "(C\x80" "D" },
		/* overlong "/" and a UTF-16 surrogate stay bytes, not decoded */
		{ "\xc0\xaf" "x\xed\xa0\x80" "y", 0, "\xc0\xaf" "X\xed\xa0\x80" "Y" },
		{ "trailing \xc3", 1, "TRAILING-\xc3" },
		{ "tab\there\nnl", 1, "TAB-HERE-NL" },
		{ "tab\there", 0, "TAB HERE" },
		{ "", 1, "" },
		{ "0-9_./@", 0, "0-9_./@" },
		{ "{|}~`", 0, "{|}~`" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = al_upper(out, sizeof out, cases[i].in, cases[i].dash);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\"", i, out);
		assert_int_equal(n, strlen(cases[i].want));
	}
	assert_int_equal(al_upper(out, sizeof out, NULL, 0), 0);
	assert_string_equal(out, "");
}

static void al_upper_truncation(void **state)
{
	char out[16];
	/* Room for 2 bytes: "Ä" fits, 'b' does not. */
	memset(out, 'Z', sizeof out);
	assert_int_equal(al_upper(out, 3, "äb", 0), 2);
	assert_string_equal(out, "Ä");
	assert_int_equal(out[3], 'Z');
	/* Room for 1 byte: half an "Ä" would not be valid, so nothing. */
	assert_int_equal(al_upper(out, 2, "äb", 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(al_upper(out, 2, "ab", 0), 1);
	assert_string_equal(out, "A");
	assert_int_equal(al_upper(out, 1, "ab", 0), 0);
	assert_string_equal(out, "");
	/* 4-byte sequence with 3 bytes of room. */
	assert_int_equal(al_upper(out, 4, "😀", 0), 0);
	assert_int_equal(al_upper(out, 5, "😀x", 0), 4);
	assert_string_equal(out, "😀");
	/* Stops at the first character that does not fit; never skips to a later shorter one. */
	assert_int_equal(al_upper(out, 4, "a€b", 0), 1);
	assert_string_equal(out, "A");
	/* n = 0 writes nothing at all. */
	out[0] = 'Q';
	assert_int_equal(al_upper(out, 0, "abc", 0), 0);
	assert_int_equal(out[0], 'Q');
	/* Invalid bytes count as one character each. */
	assert_int_equal(al_upper(out, 3, "\xff\xfe\xfd", 0), 2);
	assert_string_equal(out, "\xff\xfe");
	/* Heap buffer of exactly n bytes: sanitizers catch any write past it. */
	char *h = malloc(5);
	assert_non_null(h);
	assert_int_equal(al_upper(h, 5, "ääää", 1), 4);
	assert_string_equal(h, "ÄÄ");
	free(h);
}

static void line_bound_and_utf8_cut(void **state)
{
	enum { BIG = 5000 };
	char *purpose = malloc(BIG + 1);
	assert_non_null(purpose);
	/* ASCII: the line fills exactly AL_LINE_MAX - 1 bytes. */
	memset(purpose, 'x', BIG);
	purpose[BIG] = '\0';
	char guarded[AL_LINE_MAX + 32];
	memset(guarded, 'G', sizeof guarded);
	struct al_booking b = example();
	b.purpose = purpose;
	size_t n = al_format_booking(guarded, BERLIN, EX_NOW, "meier", "VIEW", &b);
	assert_int_equal(n, AL_LINE_MAX - 1);
	assert_int_equal(strlen(guarded), AL_LINE_MAX - 1);
	for (size_t i = AL_LINE_MAX; i < sizeof guarded; i++)
		assert_int_equal(guarded[i], 'G');
	assert_memory_equal(guarded, "20.02.06 10:53:07 MEIER: VIEW 7618 VW-GOLF ", 43);

	/* Two-byte characters: cut between characters, never inside one. */
	const char *head = "20.02.06 10:53:07 MEIER: VIEW 7618 VW-GOLF 18.02.06 08:30--19.02.06 20:00 "
	                   "NEUMANN, created by HUBER at 15.02.06 14:16:19: ";
	for (int shift = 0; shift < 4; shift++) {
		/* Vary the prefix length so that the cut falls on both parities. */
		size_t p = 0;
		for (int i = 0; i < shift; i++)
			purpose[p++] = 'y';
		while (p + 2 <= BIG) {
			purpose[p++] = (char)0xC3;
			purpose[p++] = (char)0xA4; /* ä */
		}
		purpose[p] = '\0';
		char *exact = malloc(AL_LINE_MAX);
		assert_non_null(exact);
		n = al_format_booking(exact, BERLIN, EX_NOW, "meier", "VIEW", &b);
		assert_true(n >= AL_LINE_MAX - 2 && n <= AL_LINE_MAX - 1);
		assert_int_equal(strlen(exact), n);
		assert_true(valid_utf8(exact));
		assert_memory_equal(exact, head, strlen(head));
		free(exact);
	}
	/* Four-byte characters: at most 3 bytes go unused. */
	size_t p = 0;
	while (p + 4 <= BIG) {
		memcpy(purpose + p, "😀", 4);
		p += 4;
	}
	purpose[p] = '\0';
	char out[AL_LINE_MAX];
	n = al_format_booking(out, BERLIN, EX_NOW, "meier", "VIEW", &b);
	assert_true(n >= AL_LINE_MAX - 4 && n <= AL_LINE_MAX - 1);
	assert_true(valid_utf8(out));
	assert_int_equal((n - strlen(head)) % 4, 0);

	/* Admin text is bounded the same way. */
	memset(purpose, 'x', BIG);
	purpose[BIG] = '\0';
	n = al_format_admin(out, BERLIN, EX_NOW, "huber", purpose);
	assert_int_equal(n, AL_LINE_MAX - 1);
	assert_int_equal(strlen(out), n);
	assert_memory_equal(out, "20.02.06 10:53:07 HUBER: ADMIN xxx", 34);
	free(purpose);
}

static void absurd_names_keep_line_shape(void **state)
{
	enum { BIG = 3000 };
	char *name = malloc(BIG + 1);
	assert_non_null(name);
	memset(name, 'v', BIG);
	name[BIG] = '\0';
	char out[AL_LINE_MAX];
	struct al_booking b = example();
	b.vehicle = name;
	b.member = name;
	b.creator = name;
	size_t n = al_format_booking(out, BERLIN, EX_NOW, name, "VIEW", &b);
	assert_true(n < AL_LINE_MAX);
	assert_int_equal(strlen(out), n);
	/* Every part of the line is still there, names cut short. */
	assert_non_null(strstr(out, " 18.02.06 08:30--19.02.06 20:00 "));
	assert_non_null(strstr(out, ", created by "));
	assert_non_null(strstr(out, " at 15.02.06 14:16:19: Kurzurlaub"));
	assert_int_equal(out[n - 1], 'b');
	free(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(design_example_exact),
		cmocka_unit_test(every_action),
		cmocka_unit_test(summer_time_and_switch_days),
		cmocka_unit_test(purpose_empty_and_sanitised),
		cmocka_unit_test(names_upper_dashed_and_missing),
		cmocka_unit_test(admin_line),
		cmocka_unit_test(al_upper_cases),
		cmocka_unit_test(al_upper_truncation),
		cmocka_unit_test(line_bound_and_utf8_cut),
		cmocka_unit_test(absurd_names_keep_line_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
