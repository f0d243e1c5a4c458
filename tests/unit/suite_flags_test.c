/* Unit tests of runner/suite/flags.c: Go-style flag syntax, defaults,
 * values, and the messages of bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "runner/suite/flags.h"

static int parse(struct test_opts *o, char *err, size_t errlen, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, errlen);
    for (char *a; (a = va_arg(ap, char *)) != NULL;)
        argv[argc++] = a;
    va_end(ap);
    test_opts_init(o);
    return test_flags_parse(o, argc, argv, err, errlen);
}

static void test_defaults(void **state)
{
    (void)state;
    struct test_opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
    assert_int_equal(o.count, 1);
    assert_true(o.race);
    assert_false(o.verbose);
    assert_int_equal(o.timeout_ms, 600000);
    assert_int_equal(o.shuffle, SHUFFLE_OFF);
    assert_int_equal(o.npaths, 0);
    test_opts_free(&o);
}

static void test_forms(void **state)
{
    (void)state;
    struct test_opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "-count=100", "--run", "^test_push$", "./tests/...", "-v",
                           "-race=false", "-p", "3", "-timeout", "1m30s", "x_test.c", NULL),
                     0);
    assert_int_equal(o.count, 100);
    assert_string_equal(o.run, "^test_push$");
    assert_true(o.verbose);
    assert_false(o.race);
    assert_int_equal(o.parallel, 3);
    assert_int_equal(o.timeout_ms, 90000);
    assert_int_equal(o.npaths, 2);
    assert_string_equal(o.paths[0], "./tests/...");
    assert_string_equal(o.paths[1], "x_test.c");
    test_opts_free(&o);
}

static void test_double_dash_ends_flags(void **state)
{
    (void)state;
    struct test_opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "-v", "--", "-weird-dir", NULL), 0);
    assert_int_equal(o.npaths, 1);
    assert_string_equal(o.paths[0], "-weird-dir");
    test_opts_free(&o);
}

static void test_shuffle(void **state)
{
    (void)state;
    struct test_opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "-shuffle=on", NULL), 0);
    assert_int_equal(o.shuffle, SHUFFLE_ON);
    assert_false(o.shuffle_seed_set);
    assert_int_equal(parse(&o, err, sizeof err, "-shuffle", "1234", NULL), 0);
    assert_true(o.shuffle_seed_set);
    assert_int_equal(o.shuffle_seed, 1234);
    assert_int_equal(parse(&o, err, sizeof err, "-shuffle", "sometimes", NULL), -1);
    assert_non_null(strstr(err, "-shuffle"));
    test_opts_free(&o);
}

static void test_errors_name_the_flag(void **state)
{
    (void)state;
    struct test_opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "-count=abc", NULL), -1);
    assert_non_null(strstr(err, "-count"));
    assert_int_equal(parse(&o, err, sizeof err, "-count=0", NULL), -1);
    assert_non_null(strstr(err, "at least 1"));
    assert_int_equal(parse(&o, err, sizeof err, "-nosuch", NULL), -1);
    assert_non_null(strstr(err, "-nosuch"));
    assert_int_equal(parse(&o, err, sizeof err, "-run", NULL), -1);
    assert_non_null(strstr(err, "needs an argument"));
    assert_int_equal(parse(&o, err, sizeof err, "-timeout", "10", NULL), -1);
    assert_non_null(strstr(err, "-timeout"));
    assert_int_equal(parse(&o, err, sizeof err, "-v=maybe", NULL), -1);
    assert_non_null(strstr(err, "-v"));
    test_opts_free(&o);
}

static void test_timeout_zero_and_rounding(void **state)
{
    (void)state;
    struct test_opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "-timeout=0", NULL), 0);
    assert_int_equal(o.timeout_ms, 0);
    assert_int_equal(parse(&o, err, sizeof err, "-timeout=1us", NULL), 0);
    assert_int_equal(o.timeout_ms, 1);
    test_opts_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_double_dash_ends_flags),
        cmocka_unit_test(test_shuffle),
        cmocka_unit_test(test_errors_name_the_flag),
        cmocka_unit_test(test_timeout_zero_and_rounding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
