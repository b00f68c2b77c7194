/* test_mime: unit tests for mail messages (format/mime): RFC 2047 words split on characters, quoted-printable lines, headers without CR/LF injection, the calendar attachment, addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "base/utf8.h"
#include "format/mime.h"

/* Decodes the encoded words of a header value back to UTF-8 (B encoding only). */
static void decode_words(const char *in, char *out, size_t n)
{
	size_t j = 0;
	const char *p = in;
	while ((p = strstr(p, "=?UTF-8?B?"))) {
		p += 10;
		const char *end = strstr(p, "?=");
		assert_non_null(end);
		assert_true(end - p + 12 <= 75);
		size_t len = 0;
		assert_int_equal(sodium_base642bin((unsigned char *)out + j, n - j - 1, p, (size_t)(end - p), NULL, &len, NULL,
		                                   sodium_base64_VARIANT_ORIGINAL), 0);
		/* each word holds whole characters */
		assert_true(utf8_valid(out + j, len));
		j += len;
		p = end + 2;
	}
	out[j] = '\0';
}

static void words(void **state)
{
	char out[2048], back[2048];
	assert_string_equal(mime_encode_words(out, sizeof out, "Plain subject"), "Plain subject");
	assert_string_equal(mime_encode_words(out, sizeof out, "evil\r\nBcc: x@y.z"), "evilBcc: x@y.z");
	const char *s = "Buchung bestätigt: VW Golf, 02.12.2026 10:00 – Größe Ärger Übermut ÄÖÜ äöü ß € \xf0\x9f\x9a\x97 Ende";
	mime_encode_words(out, sizeof out, s);
	assert_int_equal(strncmp(out, "=?UTF-8?B?", 10), 0);
	assert_null(strchr(out, '\n') ? strstr(out, "\n=") : NULL);
	decode_words(out, back, sizeof back);
	assert_string_equal(back, s);
	/* "=?" in plain ASCII is encoded so that it cannot be read as a word */
	mime_encode_words(out, sizeof out, "a =?x?= b");
	decode_words(out, back, sizeof back);
	assert_string_equal(back, "a =?x?= b");
}

static void addresses(void **state)
{
	assert_true(mime_address_ok("nina.neumann@example.org"));
	assert_true(mime_address_ok("a+b@sub.example.de"));
	assert_false(mime_address_ok("kein-at"));
	assert_false(mime_address_ok("a@b"));
	assert_false(mime_address_ok("a@@b.de"));
	assert_false(mime_address_ok("a b@c.de"));
	assert_false(mime_address_ok("a@c.de>\r\nBcc: x@y.de"));
	assert_false(mime_address_ok("\"a\"@c.de"));
	assert_false(mime_address_ok("ä@c.de"));
	assert_false(mime_address_ok("a@c."));
}

static void message(void **state)
{
	char body[3000];
	snprintf(body, sizeof body, "Zeile mit Umlauten äöü und = Zeichen\nlange Zeile %s\nEnde mit Leerzeichen \n",
	         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	struct mime_msg m = {
		.from = "buchung@example.org", .from_name = "Demo-CarSharing \"Süd\"", .to = "nina@example.org",
		.to_name = "Nina Neumann", .subject = "Erinnerung: Fahrzeug ab 10:00", .body = body,
		.message_id = "wb.1.2@example.org", .date = 1764649800,
		.ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", .ics_method = "REQUEST", .ics_file = "booking.ics",
	};
	size_t len;
	char *msg = mime_build(&m, &len);
	assert_non_null(msg);
	assert_int_equal(strlen(msg), len);
	assert_non_null(strstr(msg, "Date: Tue, 02 Dec 2025 04:30:00 +0000\r\n"));
	assert_non_null(strstr(msg, "From: =?UTF-8?B?"));
	assert_non_null(strstr(msg, "To: \"Nina Neumann\" <nina@example.org>\r\n"));
	assert_non_null(strstr(msg, "Subject: Erinnerung: Fahrzeug ab 10:00\r\n"));
	assert_non_null(strstr(msg, "Message-ID: <wb.1.2@example.org>\r\n"));
	assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(msg, "Content-Type: multipart/mixed; boundary="));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
	assert_non_null(strstr(msg, "Umlauten =C3=A4=C3=B6=C3=BC und =3D Zeichen\r\n"));
	assert_non_null(strstr(msg, "Leerzeichen=20\r\n"));
	assert_non_null(strstr(msg, "Content-Type: text/calendar; charset=UTF-8; method=REQUEST;\r\n name=\"booking.ics\""));
	assert_non_null(strstr(msg, "QkVHSU46VkNBTEVOREFSDQpFTkQ6VkNBTEVOREFSDQo=\r\n"));
	/* every line ends in CRLF and has at most 78 characters; no bare LF */
	for (const char *p = msg; *p;) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 78);
		assert_null(memchr(p, '\n', (size_t)(e - p)));
		p = e + 2;
	}
	free(msg);
	/* without attachment: a single text part */
	m.ics = NULL;
	msg = mime_build(&m, &len);
	assert_null(strstr(msg, "multipart"));
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words),
		cmocka_unit_test(addresses),
		cmocka_unit_test(message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
