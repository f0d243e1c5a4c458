/* Unit tests of runner/report/quote.c: shell words and regex literals for
 * the commands racetest prints for pasting, with hostile file names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "runner/report/quote.h"

static void check_shell(const char *in, const char *want)
{
    struct jbuf b;
    jbuf_init(&b);
    quote_shell(&b, in);
    assert_string_equal(b.s, want);
    jbuf_free(&b);
}

static void check_regex(const char *in, const char *want)
{
    struct jbuf b;
    jbuf_init(&b);
    quote_regex(&b, in);
    assert_string_equal(b.s, want);
    jbuf_free(&b);
}

static void test_shell_words(void **state)
{
    (void)state;
    check_shell("tests/a_test.c", "tests/a_test.c");
    check_shell("c++_test.c", "c++_test.c");
    check_shell("", "''");
    check_shell("with space_test.c", "'with space_test.c'");
    check_shell("$(touch PWNED)_test.c", "'$(touch PWNED)_test.c'");
    check_shell("it's", "'it'\\''s'");
    check_shell("`id`", "'`id`'");
    check_shell("a;b", "'a;b'");
    check_shell("*", "'*'");
    check_shell("~x", "'~x'");
}

static void test_regex_literals(void **state)
{
    (void)state;
    check_regex("test_push", "test_push");
    check_regex("c++_test", "c\\+\\+_test");
    check_regex("a.b|c(d)[e]{1}^$?*\\/", "a\\.b\\|c\\(d\\)\\[e\\]\\{1\\}\\^\\$\\?\\*\\\\\\/");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shell_words),
        cmocka_unit_test(test_regex_literals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
