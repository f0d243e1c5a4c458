/*
 * test_file_header_test.c — unit tests of filters/test_file_header: where
 * the header ends (blank lines, line and block comments), each directive,
 * // +build lines and their combination with //racetest:build, word
 * splitting with quotes, and every error with its line and column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "filters/test_file_header.h"

static void parse_ok(const char *text, test_header *h)
{
    filter_error err = {0};
    if (test_header_parse(text, strlen(text), "t_test.c", h, &err) != 0)
        fail_msg("did not parse: %s", err.msg);
}

static void assert_build(const test_header *h, const char *want, unsigned line)
{
    char buf[256];
    constraint_format(h->build, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(h->build_line, line);
}

/* want: NULL-terminated list of the expected words. */
static void assert_words(const word_list *list, const char *const *want)
{
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(list->count, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(list->words[i], want[i]);
    if (n)
        assert_null(list->words[n]);
    else
        assert_null(list->words);
}

static const char *const none[] = {NULL};

static void test_full_header(void **state)
{
    (void)state;
    test_header h;
    parse_ok("/* Copyright 2024 The Authors.\n"
             " * //racetest:build ignore  (inside a block comment: not a directive)\n"
             " */\n"
             "\n"
             "// counter_test.c: tests of the counter.\n"
             "//racetest:build race && !slow\n"
             "//racetest:cflags -O1 -DMSG=\"hello world\" -I\"inc dir\"\n"
             "//racetest:ldflags -lm\n"
             "  //racetest:sources ../src/counter.c \"../src/with space.c\"\n"
             "//racetest:cflags\t-DSECOND\n"
             "\n"
             "#include <cmocka.h>\n"
             "// a comment below the code that mentions //racetest:build\n"
             "static void test_x(void **state) { (void)state; }\n",
             &h);
    assert_build(&h, "race && !slow", 6);
    static const char *const cflags[] = {"-O1", "-DMSG=hello world", "-Iinc dir", "-DSECOND",
                                         NULL};
    static const char *const ldflags[] = {"-lm", NULL};
    static const char *const sources[] = {"../src/counter.c", "../src/with space.c", NULL};
    assert_words(&h.cflags, cflags);
    assert_words(&h.ldflags, ldflags);
    assert_words(&h.sources, sources);
    test_header_free(&h);
    assert_null(h.build);
    assert_int_equal(h.cflags.count, 0);
}

static void test_no_directives(void **state)
{
    (void)state;
    const char *texts[] = {
        "",
        "\n\n",
        "int main(void) { return 0; }\n",
        "// just a comment\n#include <stdio.h>\n",
        "// racetest:build race  (a space after // makes it an ordinary comment)\n",
        "// +buildx\n",
        "//go:build race\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        test_header h;
        parse_ok(texts[i], &h);
        assert_null(h.build);
        assert_int_equal(h.build_line, 0);
        assert_words(&h.cflags, none);
        assert_words(&h.ldflags, none);
        assert_words(&h.sources, none);
        test_header_free(&h);
    }
}

static void test_plus_build_lines_combine(void **state)
{
    (void)state;
    test_header h;
    parse_ok("// Legacy constraints.\n"
             "\n"
             "// +build linux,amd64 darwin\n"
             "//+build !race\n"
             "\n"
             "int x;\n",
             &h);
    assert_build(&h, "((linux && amd64) || darwin) && !race", 3);
    test_header_free(&h);
}

static void test_racetest_build_decides_over_plus_build(void **state)
{
    (void)state;
    test_header h;
    parse_ok("// +build ignore\n"
             "//racetest:build race\n",
             &h);
    assert_build(&h, "race", 2);
    test_header_free(&h);
}

static void test_line_endings_and_bom(void **state)
{
    (void)state;
    test_header h;
    parse_ok("\xef\xbb\xbf//racetest:build race\r\n"
             "//racetest:sources a.c b.c\r\n"
             "// +build linux\r\n"
             "\r\n"
             "int x;\r\n",
             &h);
    assert_build(&h, "race", 1);
    static const char *const sources[] = {"a.c", "b.c", NULL};
    assert_words(&h.sources, sources);
    test_header_free(&h);

    /* The last line needs no newline. */
    parse_ok("//racetest:cflags -O0", &h);
    static const char *const cflags[] = {"-O0", NULL};
    assert_words(&h.cflags, cflags);
    test_header_free(&h);
}

static void test_block_comments(void **state)
{
    (void)state;
    test_header h;
    /* Several comments on one line, and a block comment ending before a
     * directive line, stay in the header. */
    parse_ok("/* a */ /* b */ // c\n"
             "/*\n"
             "//racetest:build ignore\n"
             "*/\n"
             "//racetest:build race\n"
             "/* a // line comment inside a block comment does not end it */\n"
             "//racetest:ldflags -lm\n",
             &h);
    assert_build(&h, "race", 5);
    static const char *const ldflags[] = {"-lm", NULL};
    assert_words(&h.ldflags, ldflags);
    test_header_free(&h);

    /* A block-comment opener inside a line comment opens nothing. */
    parse_ok("// see /* here\n"
             "//racetest:build race\n",
             &h);
    assert_build(&h, "race", 2);
    test_header_free(&h);
}

static void test_word_quoting(void **state)
{
    (void)state;
    test_header h;
    parse_ok("//racetest:cflags -DQ=\"a \\\"quoted\\\" b\" \"C:\\\\dir\" a\\b \"x\"\"y\" \"\"z\n", &h);
    static const char *const cflags[] = {"-DQ=a \"quoted\" b", "C:\\dir", "a\\b", "xy", "z", NULL};
    assert_words(&h.cflags, cflags);
    test_header_free(&h);
}

/* Parses text, which must fail, and checks the message and location. */
static void assert_error(const char *text, const char *path, const char *msg, unsigned line,
                         unsigned column)
{
    test_header h;
    filter_error err = {0};
    assert_int_equal(test_header_parse(text, strlen(text), path, &h, &err), -1);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    /* Nothing is left behind. */
    assert_null(h.build);
    assert_int_equal(h.cflags.count + h.ldflags.count + h.sources.count, 0);
    assert_null(h.cflags.words);
}

static void test_constraint_errors(void **state)
{
    (void)state;
    assert_error("// x\n\n//racetest:build race &&\n", "t_test.c",
                 "t_test.c:3:25: expected a tag, '!' or '(' but found end of expression", 3, 25);
    assert_error("  //racetest:build a b\n", "t_test.c",
                 "t_test.c:1:22: expected '&&', '||' or end of expression but found 'b'", 1, 22);
    assert_error("//racetest:build\n", "t_test.c", "t_test.c:1:17: empty build constraint", 1,
                 17);
    assert_error("// +build a,,b\n", "t_test.c", "t_test.c:1:13: empty term in ',' list", 1, 13);
    assert_error("// +build\n", "t_test.c", "t_test.c:1:10: empty // +build line", 1, 10);
    /* A bad // +build line is an error even when //racetest:build decides. */
    assert_error("//racetest:build race\n// +build a-b\n", "t_test.c",
                 "t_test.c:2:12: unexpected character '-' in tag: tags are made of letters, "
                 "digits, '_' and '.'", 2, 12);
    assert_error("// x\n//racetest:build race\n// y\n//racetest:build linux\n", "t_test.c",
                 "t_test.c:4:1: second //racetest:build line (the first is line 2); combine "
                 "them with &&", 4, 1);
    assert_error("\n//racetest:build (a\n", NULL,
                 "line 2, column 20: missing ')' to close the '(' at column 18", 2, 20);
}

static void test_directive_errors(void **state)
{
    (void)state;
    assert_error("//racetest:cflag -O2\n", "t_test.c",
                 "t_test.c:1:1: unknown directive //racetest:cflag (known: build, cflags, "
                 "ldflags, sources)", 1, 1);
    assert_error("\t//racetest:\n", "t_test.c",
                 "t_test.c:1:2: unknown directive //racetest: (known: build, cflags, ldflags, "
                 "sources)", 1, 2);
    assert_error("//racetest:sources a.c \"b c.c\n", "t_test.c",
                 "t_test.c:1:24: unterminated '\"' in //racetest:sources", 1, 24);
    assert_error("//racetest:sources a.c \"\"\n", "t_test.c",
                 "t_test.c:1:24: empty word \"\" in //racetest:sources", 1, 24);
    assert_error("//racetest:ldflags   \n", "t_test.c",
                 "t_test.c:1:19: //racetest:ldflags needs at least one flag", 1, 19);
    assert_error("//racetest:sources\n", "t_test.c",
                 "t_test.c:1:19: //racetest:sources needs at least one file", 1, 19);
}

static void test_misplaced_directives(void **state)
{
    (void)state;
    assert_error("#include <stdio.h>\n//racetest:cflags -O2\n", "t_test.c",
                 "t_test.c:2:1: //racetest:cflags must come before the first line of code "
                 "(line 1)", 2, 1);
    assert_error("// header\n\nint x;\n\n  // +build race\n", "t_test.c",
                 "t_test.c:5:3: // +build must come before the first line of code (line 3)", 5,
                 3);
    /* Code after a block comment on the same line ends the header. */
    assert_error("/*\n */ int x;\n//racetest:build race\n", "t_test.c",
                 "t_test.c:3:1: //racetest:build must come before the first line of code "
                 "(line 2)", 3, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_header),
        cmocka_unit_test(test_no_directives),
        cmocka_unit_test(test_plus_build_lines_combine),
        cmocka_unit_test(test_racetest_build_decides_over_plus_build),
        cmocka_unit_test(test_line_endings_and_bom),
        cmocka_unit_test(test_block_comments),
        cmocka_unit_test(test_word_quoting),
        cmocka_unit_test(test_constraint_errors),
        cmocka_unit_test(test_directive_errors),
        cmocka_unit_test(test_misplaced_directives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
