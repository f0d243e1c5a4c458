/*
 * build_constraint_test.c — unit tests of filters/build_constraint: the
 * //racetest:build grammar and its precedence, legacy // +build lines,
 * evaluation against tag sets, canonical text, explanations, and the exact
 * wording and columns of errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filters/build_constraint.h"

static constraint *parse_ok(const char *text)
{
    constraint *c = NULL;
    filter_error err = {0};
    int rc = constraint_parse(text, strlen(text), NULL, &c, &err);
    if (rc != 0)
        fail_msg("'%s' did not parse: %s", text, err.msg);
    assert_non_null(c);
    return c;
}

static constraint *parse_plus_ok(const char *text)
{
    constraint *c = NULL;
    filter_error err = {0};
    int rc = constraint_parse_plus_build(text, strlen(text), NULL, &c, &err);
    if (rc != 0)
        fail_msg("'%s' did not parse: %s", text, err.msg);
    assert_non_null(c);
    return c;
}

/* Parses text, which must fail, and returns the message. */
static const char *parse_error_of(const char *text, bool plus_build, filter_error *err)
{
    constraint *c = (constraint *)1;
    int rc = plus_build ? constraint_parse_plus_build(text, strlen(text), NULL, &c, err)
                        : constraint_parse(text, strlen(text), NULL, &c, err);
    assert_int_equal(rc, -1);
    assert_null(c);
    return err->msg;
}

static void assert_format(const constraint *c, const char *want)
{
    char buf[256];
    size_t n = constraint_format(c, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void assert_canonical(const char *text, const char *want)
{
    constraint *c = parse_ok(text);
    assert_format(c, want);
    /* The canonical text parses back to the same canonical text. */
    constraint *again = parse_ok(want);
    assert_format(again, want);
    constraint_free(again);
    constraint_free(c);
}

static void test_canonical_text(void **state)
{
    (void)state;
    assert_canonical("race", "race");
    assert_canonical("  race \t", "race");
    assert_canonical("!race", "!race");
    assert_canonical("linux&&amd64", "linux && amd64");
    assert_canonical("a && b || c", "(a && b) || c");
    assert_canonical("a || b && c", "a || (b && c)");
    assert_canonical("(a || b) && c", "(a || b) && c");
    assert_canonical("a && (b || c)", "a && (b || c)");
    assert_canonical("a && b && c", "a && b && c");
    assert_canonical("a || b || c", "a || b || c");
    assert_canonical("((a))", "a");
    assert_canonical("!a && b", "!a && b");
    assert_canonical("!(a && b)", "!(a && b)");
    assert_canonical("!(a || b)", "!(a || b)");
    assert_canonical("!(!a)", "!(!a)");
    assert_canonical("go1.21 && x_86.v2 && A9", "go1.21 && x_86.v2 && A9");
}

static void test_text_need_not_be_terminated(void **state)
{
    (void)state;
    const char *line = "race && junk(";
    constraint *c = NULL;
    assert_int_equal(constraint_parse(line, 4, NULL, &c, NULL), 0);
    assert_format(c, "race");
    constraint_free(c);
}

/* Evaluates text under a comma-separated tag list. */
static bool eval(const char *text, const char *tag_list)
{
    build_tags tags = {0};
    assert_int_equal(build_tags_add_list(&tags, tag_list, NULL), 0);
    constraint *c = parse_ok(text);
    bool value = constraint_eval(c, &tags);
    constraint_free(c);
    build_tags_free(&tags);
    return value;
}

static void test_precedence(void **state)
{
    (void)state;
    /* && binds tighter than ||: a || (b && c). */
    assert_true(eval("a || b && c", "a"));
    assert_false(eval("a || b && c", "b"));
    assert_true(eval("a || b && c", "b,c"));
    /* (a && b) || c */
    assert_true(eval("a && b || c", "c"));
    assert_false(eval("a && b || c", "a"));
    /* ! binds tighter than &&: (!a) && b. */
    assert_true(eval("!a && b", "b"));
    assert_false(eval("!a && b", "a,b"));
    assert_false(eval("!a && b", ""));
    /* Parentheses override. */
    assert_false(eval("(a || b) && c", "a"));
    assert_true(eval("(a || b) && c", "b,c"));
    assert_true(eval("!(a && b)", "a"));
    assert_false(eval("!(a && b)", "a,b"));
    assert_true(eval("!(!a)", "a"));
}

static void test_race_tag_and_unknown_tags(void **state)
{
    (void)state;
    assert_false(eval("!race", "race,linux,amd64"));
    assert_true(eval("!race", "linux,amd64"));
    assert_true(eval("race && linux", "race,linux,amd64"));
    /* An unknown tag is false, so `ignore` switches a file off. */
    assert_false(eval("ignore", "race,linux"));
    assert_true(eval("!ignore", "race,linux"));
    /* Tags are case-sensitive, as in Go. */
    assert_false(eval("Linux", "linux"));
}

static void test_null_constraint_always_builds(void **state)
{
    (void)state;
    build_tags tags = {0};
    assert_true(constraint_eval(NULL, &tags));
    assert_format(NULL, "");
}

struct error_case {
    const char *text;
    const char *msg;
    unsigned column;
};

static void check_errors(const struct error_case *cases, size_t n, bool plus_build)
{
    for (size_t i = 0; i < n; i++) {
        filter_error err = {0};
        const char *msg = parse_error_of(cases[i].text, plus_build, &err);
        if (strcmp(msg, cases[i].msg) != 0)
            fail_msg("'%s': got \"%s\", want \"%s\"", cases[i].text, msg, cases[i].msg);
        assert_int_equal(err.column, cases[i].column);
        assert_int_equal(err.line, 0);
    }
}

static void test_expression_errors(void **state)
{
    (void)state;
    static const struct error_case cases[] = {
        {"", "column 1: empty build constraint", 1},
        {"   ", "column 1: empty build constraint", 1},
        {"a &&", "column 5: expected a tag, '!' or '(' but found end of expression", 5},
        {"a && ", "column 5: expected a tag, '!' or '(' but found end of expression", 5},
        {"&& a", "column 1: expected a tag, '!' or '(' but found '&&'", 1},
        {"()", "column 2: expected a tag, '!' or '(' but found ')'", 2},
        {"(a", "column 3: missing ')' to close the '(' at column 1", 3},
        {"a && (b || (c)", "column 15: missing ')' to close the '(' at column 6", 15},
        {"(a b)", "column 4: expected '&&', '||' or ')' but found 'b'", 4},
        {"a)", "column 2: unexpected ')' without a matching '('", 2},
        {"a b", "column 3: expected '&&', '||' or end of expression but found 'b'", 3},
        {"a !b", "column 3: expected '&&', '||' or end of expression but found '!'", 3},
        {"a & b", "column 3: '&' is not an operator; did you mean '&&'?", 3},
        {"a | b", "column 3: '|' is not an operator; did you mean '||'?", 3},
        {"a &| b", "column 3: '&' is not an operator; did you mean '&&'?", 3},
        {"!!a", "column 2: double negation '!!' is not allowed", 2},
        {"a && !", "column 7: expected a tag, '!' or '(' but found end of expression", 7},
        {"a-b", "column 2: unexpected character '-': tags are made of letters, digits, "
                "'_' and '.'", 2},
        {"a && b\x01", "column 7: unexpected byte 0x01", 7},
        {"linux && \xc3\xa9t\xc3\xa9", "column 10: unexpected byte 0xc3", 10},
    };
    check_errors(cases, sizeof cases / sizeof cases[0], false);
}

static void test_error_located_in_file(void **state)
{
    (void)state;
    /* "//racetest:build a &&" — the expression starts at column 18. */
    filter_origin origin = {.path = "tests/x_test.c", .line = 3, .column = 18};
    constraint *c = NULL;
    filter_error err = {0};
    assert_int_equal(constraint_parse("a &&", 4, &origin, &c, &err), -1);
    assert_string_equal(err.msg, "tests/x_test.c:3:22: expected a tag, '!' or '(' but found "
                                 "end of expression");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 22);

    filter_origin no_path = {.line = 7, .column = 5};
    assert_int_equal(constraint_parse("(a", 2, &no_path, &c, &err), -1);
    assert_string_equal(err.msg, "line 7, column 7: missing ')' to close the '(' at column 5");
}

static void test_nesting_and_size_limits(void **state)
{
    (void)state;
    char text[4096];
    size_t n = 0;
    /* 100 levels of parentheses are fine, 101 are not. */
    for (int i = 0; i < 100; i++)
        text[n++] = '(';
    text[n++] = 'a';
    for (int i = 0; i < 100; i++)
        text[n++] = ')';
    text[n] = '\0';
    constraint *c = parse_ok(text);
    assert_format(c, "a");
    constraint_free(c);

    memmove(text + 1, text, n + 1);
    text[0] = '(';
    filter_error err = {0};
    assert_string_equal(parse_error_of(text, false, &err),
                        "column 101: build constraint is nested too deeply (more than 100 "
                        "levels)");

    /* 500 tags joined by || are 999 nodes; 501 are 1001, too many. */
    n = 0;
    for (int i = 0; i < 501; i++)
        n += (size_t)sprintf(text + n, i ? "||a" : "a");
    assert_string_equal(parse_error_of(text, false, &err),
                        "column 1499: build constraint is too complex (more than 1000 terms)");
    text[n - 3] = '\0';
    c = parse_ok(text);
    constraint_free(c);
}

static void test_plus_build(void **state)
{
    (void)state;
    constraint *c = parse_plus_ok("a,b c");
    assert_format(c, "(a && b) || c");
    constraint_free(c);

    c = parse_plus_ok("  linux,!race \t darwin  ");
    assert_format(c, "(linux && !race) || darwin");
    constraint_free(c);

    c = parse_plus_ok("!race");
    assert_format(c, "!race");
    constraint_free(c);

    c = parse_plus_ok("a b,c,d e");
    assert_format(c, "a || (b && c && d) || e");
    constraint_free(c);

    build_tags tags = {0};
    assert_int_equal(build_tags_add_list(&tags, "linux", NULL), 0);
    c = parse_plus_ok("linux,!race darwin");
    assert_true(constraint_eval(c, &tags));
    assert_int_equal(build_tags_add(&tags, "race", NULL), 0);
    assert_false(constraint_eval(c, &tags));
    constraint_free(c);
    build_tags_free(&tags);
}

static void test_plus_build_lines_are_anded(void **state)
{
    (void)state;
    /* // +build a b
     * // +build !c      → (a || b) && !c */
    constraint *c = constraint_and(parse_plus_ok("a b"), parse_plus_ok("!c"), NULL);
    assert_non_null(c);
    assert_format(c, "(a || b) && !c");
    build_tags tags = {0};
    assert_int_equal(build_tags_add_list(&tags, "b", NULL), 0);
    assert_true(constraint_eval(c, &tags));
    assert_int_equal(build_tags_add(&tags, "c", NULL), 0);
    assert_false(constraint_eval(c, &tags));
    build_tags_free(&tags);
    constraint_free(c);
}

static void test_and_too_complex(void **state)
{
    (void)state;
    char text[2048];
    size_t n = 0;
    for (int i = 0; i < 250; i++)
        n += (size_t)sprintf(text + n, i ? " a%d" : "a%d", i);
    constraint *big = parse_plus_ok(text); /* 499 nodes */
    constraint *c = constraint_and(big, parse_plus_ok(text), NULL); /* 999 */
    assert_non_null(c);
    filter_error err = {0};
    assert_null(constraint_and(c, parse_plus_ok("x y"), &err)); /* 1003 */
    assert_string_equal(err.msg, "build constraint is too complex (more than 1000 terms)");
}

static void test_plus_build_errors(void **state)
{
    (void)state;
    static const struct error_case cases[] = {
        {"", "column 1: empty // +build line", 1},
        {"  ", "column 1: empty // +build line", 1},
        {"a,,b", "column 3: empty term in ',' list", 3},
        {"a, b", "column 3: empty term in ',' list", 3},
        {",a", "column 1: empty term in ',' list", 1},
        {"x !!a", "column 4: double negation '!!' is not allowed", 4},
        {"a !", "column 3: '!' must be followed by a tag", 3},
        {"a,!", "column 3: '!' must be followed by a tag", 3},
        {"a-b", "column 2: unexpected character '-' in tag: tags are made of letters, "
                "digits, '_' and '.'", 2},
        {"a (b)", "column 3: unexpected character '(' in tag: tags are made of letters, "
                  "digits, '_' and '.'", 3},
        {"a&&b", "column 2: unexpected character '&' in tag: tags are made of letters, "
                 "digits, '_' and '.'", 2},
    };
    check_errors(cases, sizeof cases / sizeof cases[0], true);
}

static void test_tags(void **state)
{
    (void)state;
    build_tags tags = {0};
    char buf[64];
    assert_int_equal(build_tags_format(&tags, buf, sizeof buf), 0);
    assert_string_equal(buf, "");

    assert_int_equal(build_tags_add_list(&tags, "slow, net,,x.y  z_1", NULL), 0);
    assert_int_equal(build_tags_add(&tags, "net", NULL), 0); /* duplicate: no-op */
    assert_int_equal(tags.count, 4);
    assert_int_equal(build_tags_format(&tags, buf, sizeof buf), strlen("slow,net,x.y,z_1"));
    assert_string_equal(buf, "slow,net,x.y,z_1");
    assert_true(build_tags_has(&tags, "x.y"));
    assert_false(build_tags_has(&tags, "x"));
    assert_false(build_tags_has(&tags, "sl"));

    filter_error err = {0};
    assert_int_equal(build_tags_add_list(&tags, "ok,b-c,later", &err), -1);
    assert_string_equal(err.msg,
                        "invalid build tag 'b-c': tags are made of letters, digits, '_' and '.'");
    assert_true(build_tags_has(&tags, "ok"));
    assert_false(build_tags_has(&tags, "later"));
    assert_int_equal(build_tags_add(&tags, "", &err), -1);
    assert_string_equal(err.msg, "empty build tag");

    /* Truncation: snprintf-like length, NUL-terminated prefix. */
    char small[6];
    assert_int_equal(build_tags_format(&tags, small, sizeof small), strlen("slow,net,x.y,z_1,ok"));
    assert_string_equal(small, "slow,");
    build_tags_free(&tags);
    assert_int_equal(tags.count, 0);
    assert_null(tags.names);
}

static void test_host_tags(void **state)
{
    (void)state;
    build_tags tags = {0};
    assert_int_equal(build_tags_add_host(&tags, true, NULL), 0);
    assert_string_equal(tags.names[0], "race");
#if defined(__linux__) && defined(__x86_64__)
    char buf[64];
    build_tags_format(&tags, buf, sizeof buf);
    assert_string_equal(buf, "race,linux,amd64");
#elif defined(__linux__) && defined(__aarch64__)
    char buf[64];
    build_tags_format(&tags, buf, sizeof buf);
    assert_string_equal(buf, "race,linux,arm64");
#endif
    build_tags_free(&tags);

    assert_int_equal(build_tags_add_host(&tags, false, NULL), 0);
    assert_false(build_tags_has(&tags, "race"));
    build_tags_free(&tags);
}

static void assert_explain(const char *text, const char *tag_list, const char *want)
{
    build_tags tags = {0};
    assert_int_equal(build_tags_add_list(&tags, tag_list, NULL), 0);
    constraint *c = text ? parse_ok(text) : NULL;
    char buf[4096];
    size_t n = constraint_explain(c, &tags, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
    constraint_free(c);
    build_tags_free(&tags);
}

static void test_explain(void **state)
{
    (void)state;
    assert_explain("!race", "race,linux,amd64",
                   "build constraint `!race` excludes it: tag race is set "
                   "(tags: race,linux,amd64)");
    assert_explain("linux && !race", "race,linux,amd64",
                   "build constraint `linux && !race` excludes it: tag race is set "
                   "(tags: race,linux,amd64)");
    /* Every operand of a false || is to blame; each tag is named once. */
    assert_explain("slow || net || slow", "race",
                   "build constraint `slow || net || slow` excludes it: tag slow is not set, "
                   "tag net is not set (tags: race)");
    /* A false && is decided by its first false operand. */
    assert_explain("a && b && c", "a",
                   "build constraint `a && b && c` excludes it: tag b is not set (tags: a)");
    assert_explain("!(a && b)", "a",
                   "build constraint `!(a && b)` includes it: tag b is not set (tags: a)");
    assert_explain("race && linux", "race,linux",
                   "build constraint `race && linux` includes it: tag race is set, "
                   "tag linux is set (tags: race,linux)");
    assert_explain("x || y && !z", "",
                   "build constraint `x || (y && !z)` excludes it: tag x is not set, "
                   "tag y is not set (no tags)");
    assert_explain(NULL, "race", "no build constraint, so it is included (tags: race)");
}

static void test_explain_large_constraint(void **state)
{
    (void)state;
    /* 500 mentions of one tag: named once, and quickly. */
    char text[2048], want[4096];
    size_t n = 0, w = (size_t)sprintf(want, "build constraint `");
    for (int i = 0; i < 500; i++) {
        n += (size_t)sprintf(text + n, i ? "||a" : "a");
        w += (size_t)sprintf(want + w, i ? " || a" : "a");
    }
    sprintf(want + w, "` excludes it: tag a is not set (tags: b)");
    assert_explain(text, "b", want);
}

static void test_explain_truncates(void **state)
{
    (void)state;
    build_tags tags = {0};
    constraint *c = parse_ok("!race");
    char buf[10];
    const char *want = "build constraint `!race` includes it: tag race is not set (no tags)";
    assert_int_equal(constraint_explain(c, &tags, buf, sizeof buf), strlen(want));
    assert_string_equal(buf, "build con");
    assert_int_equal(constraint_explain(c, &tags, NULL, 0), strlen(want));
    constraint_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_text),
        cmocka_unit_test(test_text_need_not_be_terminated),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_race_tag_and_unknown_tags),
        cmocka_unit_test(test_null_constraint_always_builds),
        cmocka_unit_test(test_expression_errors),
        cmocka_unit_test(test_error_located_in_file),
        cmocka_unit_test(test_nesting_and_size_limits),
        cmocka_unit_test(test_plus_build),
        cmocka_unit_test(test_plus_build_lines_are_anded),
        cmocka_unit_test(test_and_too_complex),
        cmocka_unit_test(test_plus_build_errors),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_host_tags),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_explain_large_constraint),
        cmocka_unit_test(test_explain_truncates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
