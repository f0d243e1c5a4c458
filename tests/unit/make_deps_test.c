/*
 * make_deps_test.c — reading `cc -MM` output (runner/cc/make_deps.h), which
 * decides when a cached `racetest run` program is stale.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "runner/cc/make_deps.h"

static void free_all(char **v)
{
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

static void test_rules_with_continuations(void **state)
{
    (void)state;
    size_t n = 0;
    char **v = make_deps_parse("a.o: a.c inc/a.h \\\n  b.h\nc.o: c.c b.h\n", &n);
    assert_non_null(v);
    assert_int_equal(n, 4);
    assert_string_equal(v[0], "a.c");
    assert_string_equal(v[1], "inc/a.h");
    assert_string_equal(v[2], "b.h");
    assert_string_equal(v[3], "c.c");
    assert_null(v[4]);
    free_all(v);
}

static void test_escapes_and_phony_targets(void **state)
{
    (void)state;
    size_t n = 0;
    /* -MP adds "b.h:" rules; spaces and dollars are escaped by cc. */
    char **v = make_deps_parse("my\\ prog.o: my\\ prog.c co$$t.h\n\nco$$t.h:\n", &n);
    assert_non_null(v);
    assert_int_equal(n, 2);
    assert_string_equal(v[0], "my prog.c");
    assert_string_equal(v[1], "co$t.h");
    free_all(v);
}

static void test_empty_input(void **state)
{
    (void)state;
    size_t n = 7;
    char **v = make_deps_parse("", &n);
    assert_non_null(v);
    assert_int_equal(n, 0);
    assert_null(v[0]);
    free_all(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_with_continuations),
        cmocka_unit_test(test_escapes_and_phony_targets),
        cmocka_unit_test(test_empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
