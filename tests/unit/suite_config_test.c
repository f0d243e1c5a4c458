/* Unit tests of runner/suite/config.c: the -config file format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "runner/suite/config.h"

static void test_settings_become_flags(void **state)
{
    (void)state;
    struct config_args c;
    char err[256];
    const char *text = "# nightly\n\ncount = 100\n  failfast\nrace=false\n-timeout = 5m # not a comment\n"
                       "paths = ./a/... b_test.c\n";
    assert_int_equal(test_config_parse(text, "n.conf", &c, err, sizeof err), 0);
    assert_int_equal(c.argc, 6);
    assert_string_equal(c.argv[0], "-count=100");
    assert_string_equal(c.argv[1], "-failfast");
    assert_string_equal(c.argv[2], "-race=false");
    assert_string_equal(c.argv[3], "-timeout=5m # not a comment");
    assert_string_equal(c.argv[4], "./a/...");
    assert_string_equal(c.argv[5], "b_test.c");
    test_config_free(&c);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    struct config_args c;
    char err[256];
    assert_int_equal(test_config_parse("count = 1\ncount 2\n", "x.conf", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "x.conf:2:"));
    assert_int_equal(test_config_parse("= 3\n", "x.conf", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "x.conf:1:"));
    assert_int_equal(test_config_parse("config = other.conf\n", "x.conf", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "x.conf:1:"));
}

/* Found by tests/fuzz/config.c: "paths = a \fb" gave the path "\fb", which
 * a rewritten file (paths = \fb) read back as "b". Paths are separated by
 * the same blanks that are trimmed. */
static void test_paths_split_at_every_blank(void **state)
{
    (void)state;
    struct config_args c;
    char err[256];
    assert_int_equal(test_config_parse("paths = a \fb\vc\rd\n", "n.conf", &c, err, sizeof err), 0);
    assert_int_equal(c.argc, 4);
    assert_string_equal(c.argv[0], "a");
    assert_string_equal(c.argv[1], "b");
    assert_string_equal(c.argv[2], "c");
    assert_string_equal(c.argv[3], "d");
    test_config_free(&c);
}

/* Found by tests/fuzz/config.c: "paths = -v" became the flag -v. */
static void test_path_that_looks_like_a_flag(void **state)
{
    (void)state;
    struct config_args c;
    char err[256];
    assert_int_equal(test_config_parse("count = 2\npaths = ./a -v\n", "n.conf", &c, err, sizeof err), -1);
    assert_string_equal(err, "n.conf:2: path \"-v\" starts with '-', which makes it a flag; write ./-v");
    assert_int_equal(c.argc, 0);
}

static void test_find(void **state)
{
    (void)state;
    char *argv1[] = {"-v", "-config", "a.conf", "x"};
    assert_string_equal(test_config_find(4, argv1), "a.conf");
    char *argv2[] = {"--config=b.conf", "--", "-config", "c.conf"};
    assert_string_equal(test_config_find(4, argv2), "b.conf");
    char *argv3[] = {"-v"};
    assert_null(test_config_find(1, argv3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settings_become_flags),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_paths_split_at_every_blank),
        cmocka_unit_test(test_path_that_looks_like_a_flag),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
