/*
 * test_pattern_test.c — unit tests of filters/test_pattern: -run/-skip
 * elements matched against their level of FILE/TEST, as Go does for
 * Test/Subtest, and selection with both flags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filters/test_pattern.h"

static test_pattern *compile_ok(const char *flag, const char *regex)
{
    test_pattern *p = NULL;
    filter_error err = {0};
    if (test_pattern_compile(flag, regex, &p, &err) != 0)
        fail_msg("'%s' did not compile: %s", regex, err.msg);
    assert_non_null(p);
    return p;
}

static int match(const char *regex, const char *file, const char *test)
{
    test_pattern *p = compile_ok("-run", regex);
    int rc = test_pattern_match(p, file, test, NULL);
    test_pattern_free(p);
    return rc;
}

static void test_levels(void **state)
{
    (void)state;
    /* One element: the file or the test. */
    assert_int_equal(match("^test_lazy$", "sub/cache_test.c", "test_lazy"), 1);
    assert_int_equal(match("cache_test", "sub/cache_test.c", "test_lazy"), 1);
    assert_int_equal(match("queue", "sub/cache_test.c", "test_lazy"), 0);
    /* FILE/TEST: each element against its level; FILE holds slashes. */
    assert_int_equal(match("cache_test.c/test_lazy", "sub/cache_test.c", "test_lazy"), 1);
    assert_int_equal(match("cache_test.c/test_lazy", "sub/cache_test.c", "test_eager"), 0);
    assert_int_equal(match("cache_test.c/test_lazy", "sub/queue_test.c", "test_lazy"), 0);
    assert_int_equal(match("^sub/cache_test\\.c$/^test_lazy$", "sub/cache_test.c", "test_lazy"), 1);
    assert_int_equal(match("test_lazy/cache", "sub/cache_test.c", "test_lazy"), 0);
    /* Empty elements match everything, as in Go. */
    assert_int_equal(match("sub/", "sub/cache_test.c", "test_x"), 1);
    assert_int_equal(match("/test_x", "a_test.c", "test_x"), 1);
    /* A slash in brackets, parentheses or escaped does not split. */
    assert_int_equal(match("^sub[/]cache", "sub/cache_test.c", "t"), 1);
    assert_int_equal(match("^(sub/cache)", "sub/cache_test.c", "t"), 1);
    assert_int_equal(match("^sub\\/cache", "sub/cache_test.c", "t"), 1);
    assert_int_equal(match("c\\+\\+_test", "c++_test.c", "c++_test"), 1);
}

static void test_selection(void **state)
{
    (void)state;
    test_pattern *run = compile_ok("-run", "^test_(push|pop)");
    test_pattern *skip = compile_ok("-skip", "slow");
    assert_int_equal(test_pattern_selects(NULL, NULL, "a_test.c", "test_anything", NULL), 1);
    assert_int_equal(test_pattern_selects(run, NULL, "a_test.c", "test_push", NULL), 1);
    assert_int_equal(test_pattern_selects(run, NULL, "a_test.c", "test_peek", NULL), 0);
    assert_int_equal(test_pattern_selects(NULL, skip, "a_test.c", "test_push_slow", NULL), 0);
    assert_int_equal(test_pattern_selects(NULL, skip, "slow_test.c", "test_push", NULL), 0);
    assert_int_equal(test_pattern_selects(NULL, skip, "a_test.c", "test_push", NULL), 1);
    assert_int_equal(test_pattern_selects(run, skip, "a_test.c", "test_pop", NULL), 1);
    assert_int_equal(test_pattern_selects(run, skip, "a_test.c", "test_pop_slow", NULL), 0);
    test_pattern_free(run);
    test_pattern_free(skip);
    test_pattern *fs = compile_ok("-skip", "cache_test.c/test_lazy");
    assert_int_equal(test_pattern_selects(NULL, fs, "cache_test.c", "test_lazy", NULL), 0);
    assert_int_equal(test_pattern_selects(NULL, fs, "cache_test.c", "test_eager", NULL), 1);
    test_pattern_free(fs);

    /* A match error in either pattern is an error, not a selection. */
    test_pattern *bad = compile_ok("-skip", "(a|aa)*$");
    filter_error err = {0};
    assert_int_equal(test_pattern_selects(NULL, bad, "f", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", &err),
                     -1);
    assert_int_equal(strncmp(err.msg, "-skip: matching", 15), 0);
    test_pattern_free(bad);
    test_pattern_free(NULL);
}

static void test_compile_error_names_element(void **state)
{
    (void)state;
    test_pattern *p = NULL;
    filter_error err = {0};
    assert_int_equal(test_pattern_compile("-run", "a_test.c/(x", &p, &err), -1);
    assert_null(p);
    assert_non_null(strstr(err.msg, "-run: "));
    assert_non_null(strstr(err.msg, "'(x'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_selection),
        cmocka_unit_test(test_compile_error_names_element),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
