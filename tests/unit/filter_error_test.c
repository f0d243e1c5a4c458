/*
 * filter_error_test.c — unit tests of filters/filter_error: how locations
 * are worded for files, lines without a file, and bare strings, and that
 * long messages are cut, not overflowed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "filters/filter_error.h"

static void test_locations(void **state)
{
    (void)state;
    filter_error err;
    filter_origin file = {.path = "a/b_test.c", .line = 12, .column = 18};
    filter_error_at(&err, &file, 4, "bad %s", "thing");
    assert_string_equal(err.msg, "a/b_test.c:12:22: bad thing");
    assert_int_equal(err.line, 12);
    assert_int_equal(err.column, 22);

    filter_origin no_column = {.path = "s.supp", .line = 3};
    filter_error_at(&err, &no_column, 0, "x");
    assert_string_equal(err.msg, "s.supp:3:1: x");

    filter_origin no_line = {.path = "f"};
    filter_error_at(&err, &no_line, 2, "x");
    assert_string_equal(err.msg, "f: column 3: x");
    assert_int_equal(err.line, 0);

    filter_origin no_path = {.line = 7, .column = 5};
    filter_error_at(&err, &no_path, 1, "x");
    assert_string_equal(err.msg, "line 7, column 6: x");

    filter_error_at(&err, NULL, 9, "x");
    assert_string_equal(err.msg, "column 10: x");
    assert_int_equal(filter_origin_column(NULL, 9), 10);
    assert_int_equal(filter_origin_column(&file, 0), 18);
}

static void test_plain_and_null(void **state)
{
    (void)state;
    filter_error err;
    filter_error_set(&err, 0, 4, "-run: %s", "oops");
    assert_string_equal(err.msg, "-run: oops");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 4);
    /* A caller that does not want the message passes NULL. */
    filter_error_set(NULL, 1, 1, "ignored");
    filter_error_at(NULL, NULL, 0, "ignored");
}

static void test_long_messages_are_cut(void **state)
{
    (void)state;
    char long_path[600];
    memset(long_path, 'p', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    filter_error err;
    filter_origin o = {.path = long_path, .line = 1};
    filter_error_at(&err, &o, 0, "what");
    assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
    assert_int_equal(err.line, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_plain_and_null),
        cmocka_unit_test(test_long_messages_are_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
