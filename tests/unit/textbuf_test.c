/*
 * textbuf_test.c — unit tests of filters/textbuf: the snprintf-like
 * contract (length of the whole text, NUL-terminated cut) and the running
 * FNV-1a hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "filters/textbuf.h"

static void test_appends(void **state)
{
    (void)state;
    char buf[64];
    textbuf tb;
    textbuf_init(&tb, buf, sizeof buf);
    assert_string_equal(buf, "");
    textbuf_puts(&tb, "line ");
    textbuf_putu(&tb, 0);
    textbuf_putc(&tb, '/');
    textbuf_putu(&tb, 18446744073709551615ULL);
    textbuf_put(&tb, "|xyz", 2);
    assert_string_equal(buf, "line 0/18446744073709551615|x");
    assert_int_equal(tb.len, strlen("line 0/18446744073709551615|x"));
}

static void test_truncation(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    textbuf tb;
    textbuf_init(&tb, buf, 5);
    textbuf_puts(&tb, "abcdefgh");
    assert_string_equal(buf, "abcd");
    assert_int_equal(tb.len, 8);
    assert_int_equal(buf[5], 'Z'); /* nothing written past size */

    textbuf_init(&tb, buf, 1);
    textbuf_puts(&tb, "abc");
    assert_string_equal(buf, "");
    assert_int_equal(tb.len, 3);

    textbuf_init(&tb, NULL, 0);
    textbuf_puts(&tb, "abc");
    assert_int_equal(tb.len, 3);
}

static void test_hash_covers_whole_text(void **state)
{
    (void)state;
    textbuf tb;
    textbuf_init(&tb, NULL, 0);
    assert_true(tb.hash == 0xcbf29ce484222325ULL); /* FNV-1a of "" */
    textbuf_puts(&tb, "foo");
    textbuf_puts(&tb, "bar");
    assert_true(tb.hash == 0x85944171f73967e8ULL); /* FNV-1a of "foobar" */

    char small[2];
    textbuf_init(&tb, small, sizeof small);
    textbuf_puts(&tb, "foobar");
    assert_true(tb.hash == 0x85944171f73967e8ULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appends),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_hash_covers_whole_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
