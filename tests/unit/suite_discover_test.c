/* Unit tests of the pure path handling of runner/suite/discover.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runner/suite/discover.h"

static void check_clean(const char *in, const char *want)
{
    char *got = path_clean_abs(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_clean(void **state)
{
    (void)state;
    check_clean("/a/b/c", "/a/b/c");
    check_clean("/a/./b//c/", "/a/b/c");
    check_clean("/a/b/../c", "/a/c");
    check_clean("/a/../../c", "/c");
    check_clean("/", "/");
    check_clean("/..", "/");
    check_clean("/w/./tests/../tests/x_test.c", "/w/tests/x_test.c");
}

static void check_display(const char *abs, const char *cwd, const char *want)
{
    char *got = path_display(abs, cwd);
    assert_string_equal(got, want);
    free(got);
}

static void test_display(void **state)
{
    (void)state;
    check_display("/w/tests/x_test.c", "/w", "tests/x_test.c");
    check_display("/wx/x_test.c", "/w", "/wx/x_test.c");
    check_display("/other/x_test.c", "/w", "/other/x_test.c");
    check_display("/x_test.c", "/", "x_test.c");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_display),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
