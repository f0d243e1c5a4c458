/*
 * make_deps_test.c — reading `cc -MM` output (runner/cc/make_deps.h), which
 * decides when a cached `racetest run` program is stale.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Duplicates are dropped through a hash set (the list was searched once per
 * word, quadratic on the many-header listings fuzzing made up): 20000
 * headers, each named twice, come back once each, in order. */
static void test_many_headers(void **state)
{
    (void)state;
    enum { N = 20000 };
    char *text = malloc((size_t)N * 2 * 16 + 16), *p = text;
    p += sprintf(p, "big.o: big.c");
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++)
            p += sprintf(p, " h%d.h", i);
    size_t n = 0;
    char **deps = make_deps_parse(text, &n);
    assert_non_null(deps);
    assert_int_equal(n, N + 1);
    assert_string_equal(deps[0], "big.c");
    char want[16];
    for (int i = 0; i < N; i++) {
        snprintf(want, sizeof want, "h%d.h", i);
        assert_string_equal(deps[i + 1], want);
    }
    assert_null(deps[n]);
    for (size_t i = 0; i < n; i++)
        free(deps[i]);
    free(deps);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_with_continuations),
        cmocka_unit_test(test_escapes_and_phony_targets),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_many_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
