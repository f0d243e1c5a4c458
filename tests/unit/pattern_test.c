/*
 * pattern_test.c — unit tests of filters/pattern: -run/-skip regexes
 * (unanchored PCRE2 matching, Go-style anchors) and the wording of compile and match errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filters/pattern.h"

static pattern *compile_ok(const char *flag, const char *regex)
{
    pattern *p = NULL;
    filter_error err = {0};
    if (pattern_compile(flag, regex, &p, &err) != 0)
        fail_msg("'%s' did not compile: %s", regex, err.msg);
    assert_non_null(p);
    return p;
}

static int match(const char *regex, const char *name)
{
    pattern *p = compile_ok("-run", regex);
    int rc = pattern_match(p, name, NULL);
    pattern_free(p);
    return rc;
}

static void test_unanchored_match(void **state)
{
    (void)state;
    assert_int_equal(match("push", "test_push"), 1);
    assert_int_equal(match("push", "test_push_many"), 1);
    assert_int_equal(match("pop", "test_push"), 0);
    assert_int_equal(match("", "anything"), 1); /* Go: empty -run matches all */
    assert_int_equal(match("Push", "test_push"), 0);
    assert_int_equal(match("(?i)Push", "test_push"), 1);
}

static void test_anchors_and_alternation(void **state)
{
    (void)state;
    assert_int_equal(match("^test_push$", "test_push"), 1);
    assert_int_equal(match("^test_push$", "test_push_many"), 0);
    assert_int_equal(match("^test_push$", "xtest_push"), 0);
    assert_int_equal(match("push|pop", "test_pop"), 1);
    assert_int_equal(match("^(push|pop)$", "test_pop"), 0);
    assert_int_equal(match("_[0-9]+$", "test_case_12"), 1);
    assert_int_equal(match("_[0-9]+$", "test_case_12a"), 0);
}

static void test_utf8_and_invalid_names(void **state)
{
    (void)state;
    assert_int_equal(match("caf.$", "test_caf\xc3\xa9"), 1); /* é is one character */
    /* A name that is not UTF-8 is matched, not an error. */
    assert_int_equal(match("ok", "\xff\xfe_ok"), 1);
    assert_int_equal(match("nope", "\xff\xfe_ok"), 0);
}

static void assert_compile_error(const char *flag, const char *regex, const char *msg,
                                 unsigned column)
{
    pattern *p = (pattern *)1;
    filter_error err = {0};
    assert_int_equal(pattern_compile(flag, regex, &p, &err), -1);
    assert_null(p);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.column, column);
}

static void test_compile_errors(void **state)
{
    (void)state;
    assert_compile_error("-run", "(abc", "-run: missing closing parenthesis at offset 4 in '(abc'",
                         5);
    assert_compile_error("-skip", "[a", "-skip: missing terminating ] for character class at "
                                        "offset 2 in '[a'", 3);
    assert_compile_error("-run", "*a", "-run: quantifier does not follow a repeatable item at "
                                       "offset 0 in '*a'", 1);
    assert_compile_error("-run", "a\\", "-run: \\ at end of pattern at offset 2 in 'a\\'", 3);
}

static void test_match_error(void **state)
{
    (void)state;
    /* Exponential backtracking: PCRE2 stops at its match limit. */
    pattern *p = compile_ok("-run", "(a|aa)*$");
    filter_error err = {0};
    const char *name = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
    assert_int_equal(pattern_match(p, name, &err), -1);
    char want[512];
    snprintf(want, sizeof want, "-run: matching '%s' against '(a|aa)*$': match limit exceeded",
             name);
    assert_string_equal(err.msg, want);
    pattern_free(p);
}

/* Found by tests/fuzz/pattern.c: "^(a+)+$" spent a second on one 40-letter
 * name under PCRE2's default limit of 10 million steps. The limit is now
 * 100000: a name that needs more is an error, at once. This one matches
 * (at its end) after about a million steps, so it shows which limit holds. */
static void test_match_limit_is_low(void **state)
{
    (void)state;
    pattern *p = compile_ok("-run", "(a|aa)*$");
    filter_error err = {0};
    assert_int_equal(pattern_match(p, "aaaaaaaaaaaaaaaaaaaaaaaa!", &err), -1);
    assert_non_null(strstr(err.msg, "match limit exceeded"));
    pattern_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unanchored_match),
        cmocka_unit_test(test_anchors_and_alternation),
        cmocka_unit_test(test_utf8_and_invalid_names),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_match_error),
        cmocka_unit_test(test_match_limit_is_low),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
