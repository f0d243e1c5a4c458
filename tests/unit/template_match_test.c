/*
 * template_match_test.c — unit tests of filters/template_match: TSan
 * suppression templates (substring by default, `^`/`$` anchors, `*`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "filters/template_match.h"

struct match_case {
    const char *templ;
    const char *str;
    bool want;
};

static void check(const struct match_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool got = template_match(cases[i].templ, cases[i].str);
        if (got != cases[i].want)
            fail_msg("template_match(\"%s\", \"%s\") = %d, want %d", cases[i].templ,
                     cases[i].str ? cases[i].str : "(null)", got, cases[i].want);
    }
}

static void test_unanchored_is_substring(void **state)
{
    (void)state;
    static const struct match_case cases[] = {
        {"foo", "foo", true},
        {"foo", "do_foo_bar", true},
        {"foo", "xfoo", true},
        {"foo", "foox", true},
        {"foo", "fo", false},
        {"foo", "f_o_o", false},
        {"foo", "FOO", false},
        {"ofo", "oofoo", true}, /* needs a retry after a partial match */
    };
    check(cases, sizeof cases / sizeof cases[0]);
}

static void test_anchors(void **state)
{
    (void)state;
    static const struct match_case cases[] = {
        {"^foo", "foobar", true},
        {"^foo", "xfoo", false},
        {"foo$", "xfoo", true},
        {"foo$", "foox", false},
        {"foo$", "foofoo", true},
        {"^foo$", "foo", true},
        {"^foo$", "foo2", false},
        {"^foo$", "2foo", false},
        {"^_M_rep$", "_M_rep", true}, /* one of TSan's built-in suppressions */
        {"^/usr/include/", "/usr/include/stdio.h", true},
        {"^/usr/include/", "/home/usr/include/x.h", false},
        /* ^ and $ anywhere else are plain characters. */
        {"a^b", "xa^by", true},
        {"a$b", "a$b", true},
        {"a$b", "ab", false},
    };
    check(cases, sizeof cases / sizeof cases[0]);
}

static void test_wildcards(void **state)
{
    (void)state;
    static const struct match_case cases[] = {
        {"*", "x", true},
        {"^*$", "anything", true},
        {"a*c", "xxabbbcyy", true},
        {"a*c", "xxcbbbayy", false},
        {"^a*b$", "ab", true},
        {"^a*b$", "abxb", true}, /* TSan itself fails here: no backtracking */
        {"^a*b$", "abxbx", false},
        {"^a*b$", "a", false},
        {"^*foo*bar*$", "xfooybarz", true},
        {"foo*bar", "barfoo", false},
        {"^a**b$", "axxb", true},
        {"std::vector*push", "std::vector<int>::push_back", true},
        {"src/vendor/*", "/home/u/proj/src/vendor/lib.c", true},
        {"^*.c$", "tests/x_test.c", true},
        {"^*.c$", "tests/x_test.cc", false},
        {"^*a*a*a*a*b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
    };
    check(cases, sizeof cases / sizeof cases[0]);
}

static void test_empty_inputs(void **state)
{
    (void)state;
    static const struct match_case cases[] = {
        /* An unknown name never matches, not even "*". */
        {"*", "", false},
        {"*", NULL, false},
        {"", "", false},
        /* An empty template (after its anchor) matches any known name. */
        {"", "x", true},
        {"^", "x", true},
        {"$", "x", true},
        {"^$", "x", false},
    };
    check(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unanchored_is_substring),
        cmocka_unit_test(test_anchors),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_empty_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
