/* test_xmlout: unit tests for the XML writer: escaping, dropped characters, broken UTF-8, buffering through the sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/utf8.h"
#include "format/xmlout.h"

struct sinkbuf {
	char *data;
	size_t len;
	int calls;
};

static void to_buf(void *ctx, const char *data, size_t len)
{
	struct sinkbuf *b = ctx;
	b->data = realloc(b->data, b->len + len + 1);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	b->calls++;
}

static void escaping(void **state)
{
	struct sinkbuf b = {0};
	struct xmlout x;
	xmlout_init(&x, to_buf, &b);
	xmlout_el(&x, "t", "a&b<c>\"d'");
	xmlout_el_int(&x, "n", -42);
	assert_int_equal(b.calls, 0); /* buffered */
	xmlout_flush(&x);
	assert_string_equal(b.data, "<t>a&amp;b&lt;c&gt;&quot;d&apos;</t><n>-42</n>");
	free(b.data);
}

static void forbidden_and_broken_text(void **state)
{
	struct sinkbuf b = {0};
	struct xmlout x;
	xmlout_init(&x, to_buf, &b);
	/* Controls but tab/LF/CR dropped; a lone continuation byte, a cut 4-byte emoji, U+FFFF dropped. */
	xmlout_text(&x, "a\x01\tb\n\x1f" "c\x80" "d\xf0\x9f\x98" "e\xef\xbf\xbf" "f\xc3\xa4\xf0\x9f\x98\x80");
	xmlout_flush(&x);
	assert_string_equal(b.data, "a\tb\ncdef\xc3\xa4\xf0\x9f\x98\x80");
	assert_true(utf8_valid(b.data, b.len));
	free(b.data);
}

static void large_output_streams(void **state)
{
	struct sinkbuf b = {0};
	struct xmlout x;
	xmlout_init(&x, to_buf, &b);
	for (int i = 0; i < 5000; i++)
		xmlout_el(&x, "v", "0123456789");
	xmlout_flush(&x);
	assert_int_equal(b.len, 5000 * strlen("<v>0123456789</v>"));
	assert_true(b.calls >= 5 && b.calls < 10);
	free(b.data);
	/* A NULL sink (HEAD) writes nothing and does not crash. */
	xmlout_init(&x, NULL, NULL);
	xmlout_decl(&x);
	xmlout_flush(&x);
	assert_int_equal(x.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping),
		cmocka_unit_test(forbidden_and_broken_text),
		cmocka_unit_test(large_output_streams),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
