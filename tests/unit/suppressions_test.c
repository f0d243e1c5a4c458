/*
 * suppressions_test.c — unit tests of filters/suppressions: the file format
 * and its errors, merging files, and which entry suppresses a report (TSan's
 * search order, race vs race_top, the type of each report kind, the global
 * variable, hit counts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filters/suppressions.h"

static void parse_ok(suppressions *list, const char *text, const char *path)
{
    filter_error err = {0};
    if (suppressions_parse(list, text, strlen(text), path, &err) != 0)
        fail_msg("did not parse: %s", err.msg);
}

static void test_parse_format(void **state)
{
    (void)state;
    suppressions list = {0};
    parse_ok(&list,
             "# racetest suppressions\n"
             "\n"
             "race:worker\n"
             "  race_top : ^helper$  \r\n"
             "\t# indented comment\n"
             "thread:pool_*\n"
             "mutex:lib.c\n"
             "signal:handler\n"
             "deadlock:lock_both\n"
             "called_from_lib:libfoo.so\n"
             "race:a:b", /* last line without newline; pattern may hold ':' */
             "configs/supp.txt");
    assert_int_equal(list.count, 8);
    static const struct {
        supp_type type;
        const char *pattern;
        unsigned line;
    } want[] = {
        {SUPP_RACE, "worker", 3},        {SUPP_RACE_TOP, "^helper$", 4},
        {SUPP_THREAD, "pool_*", 6},      {SUPP_MUTEX, "lib.c", 7},
        {SUPP_SIGNAL, "handler", 8},     {SUPP_DEADLOCK, "lock_both", 9},
        {SUPP_CALLED_FROM_LIB, "libfoo.so", 10}, {SUPP_RACE, "a:b", 11},
    };
    for (size_t i = 0; i < list.count; i++) {
        assert_int_equal(list.entries[i].type, want[i].type);
        assert_string_equal(list.entries[i].pattern, want[i].pattern);
        assert_int_equal(list.entries[i].line, want[i].line);
        assert_string_equal(list.entries[i].path, "configs/supp.txt");
        assert_int_equal(list.entries[i].hits, 0);
    }
    suppressions_free(&list);
    assert_int_equal(list.count, 0);
}

static void test_empty_input(void **state)
{
    (void)state;
    suppressions list = {0};
    parse_ok(&list, "", NULL);
    parse_ok(&list, "\n\n# nothing\n", NULL);
    assert_int_equal(list.count, 0);
    suppressions_free(&list);
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(supp_type_name(SUPP_RACE), "race");
    assert_string_equal(supp_type_name(SUPP_RACE_TOP), "race_top");
    assert_string_equal(supp_type_name(SUPP_CALLED_FROM_LIB), "called_from_lib");
    assert_string_equal(supp_type_name((supp_type)99), "?");
}

static void assert_parse_error(const char *text, const char *path, const char *msg,
                               unsigned line, unsigned column)
{
    suppressions list = {0};
    parse_ok(&list, "race:kept\n", "first.txt");
    filter_error err = {0};
    assert_int_equal(suppressions_parse(&list, text, strlen(text), path, &err), -1);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    /* A file with an error adds nothing. */
    assert_int_equal(list.count, 1);
    assert_int_equal(list.path_count, 1);
    assert_string_equal(list.entries[0].pattern, "kept");
    suppressions_free(&list);
}

static void test_parse_errors(void **state)
{
    (void)state;
    assert_parse_error("race:ok\n# fine\nworker\n", "supp.txt",
                       "supp.txt:3:1: expected TYPE:PATTERN (e.g. race:my_function), got 'worker'",
                       3, 1);
    assert_parse_error("race:ok\n  rcae:worker\n", "supp.txt",
                       "supp.txt:2:3: unknown suppression type 'rcae' (known: race, race_top, "
                       "thread, mutex, signal, deadlock, called_from_lib)",
                       2, 3);
    assert_parse_error("Race:worker", "supp.txt",
                       "supp.txt:1:1: unknown suppression type 'Race' (known: race, race_top, "
                       "thread, mutex, signal, deadlock, called_from_lib)",
                       1, 1);
    assert_parse_error("race:", "supp.txt", "supp.txt:1:6: empty pattern after 'race:'", 1, 6);
    assert_parse_error("\n\nrace_top:   \n", "s", "s:3:10: empty pattern after 'race_top:'", 3, 10);
    assert_parse_error(" :worker", NULL,
                       "line 1, column 2: expected TYPE:PATTERN (e.g. race:my_function), got "
                       "':worker'",
                       1, 2);
}

static void test_parse_error_nul_byte(void **state)
{
    (void)state;
    suppressions list = {0};
    filter_error err = {0};
    static const char text[] = "race:ok\nrace:a\0b\n";
    assert_int_equal(suppressions_parse(&list, text, sizeof text - 1, "supp.txt", &err), -1);
    assert_string_equal(err.msg, "supp.txt:2:7: NUL byte in suppression line");
    assert_int_equal(list.count, 0);
    suppressions_free(&list);
}

static void test_text_need_not_be_terminated(void **state)
{
    (void)state;
    suppressions list = {0};
    const char *text = "race:worker\nrace:second";
    assert_int_equal(suppressions_parse(&list, text, strlen("race:worker\nrace:sec"), NULL, NULL),
                     0);
    assert_int_equal(list.count, 2);
    assert_string_equal(list.entries[1].pattern, "sec");
    assert_string_equal(list.entries[1].path, "");
    suppressions_free(&list);
}

static void test_files_merge(void **state)
{
    (void)state;
    suppressions list = {0};
    parse_ok(&list, "race:a\n", "configs/default.supp");
    parse_ok(&list, "\nrace:b\nrace:c\n", "project.supp");
    assert_int_equal(list.count, 3);
    assert_string_equal(list.entries[0].path, "configs/default.supp");
    assert_string_equal(list.entries[2].path, "project.supp");
    assert_int_equal(list.entries[2].line, 3);
    suppressions_free(&list);
}

/* The usual race: worker() writes, main() read before, in tests/x_test.c. */
static const supp_frame write_frames[] = {
    {"worker", "tests/x_test.c", "/tmp/x_test"},
    {"helper", "src/vendor/pool.c", "/usr/lib/libpool.so"},
};
static const supp_frame read_frames[] = {
    {"helper", "src/vendor/pool.c", "/usr/lib/libpool.so"},
    {"main", "tests/x_test.c", "/tmp/x_test"},
};
static const supp_stack race_stacks[] = {{write_frames, 2}, {read_frames, 2}};

/* The pattern of the entry that suppresses the usual race under `text`,
 * or NULL. */
static const char *suppressor(const char *text, supp_type type)
{
    static char pattern[64];
    suppressions list = {0};
    parse_ok(&list, text, "t.supp");
    const supp_entry *e = suppressions_match(&list, type, race_stacks, 2);
    if (e)
        snprintf(pattern, sizeof pattern, "%s:%s", supp_type_name(e->type), e->pattern);
    suppressions_free(&list);
    return e ? pattern : NULL;
}

static void test_race_matches_function_file_module(void **state)
{
    (void)state;
    assert_string_equal(suppressor("race:worker", SUPP_RACE), "race:worker");
    assert_string_equal(suppressor("race:^main$", SUPP_RACE), "race:^main$");
    assert_string_equal(suppressor("race:src/vendor/*", SUPP_RACE), "race:src/vendor/*");
    assert_string_equal(suppressor("race:libpool.so", SUPP_RACE), "race:libpool.so");
    assert_string_equal(suppressor("race:x_test.c$", SUPP_RACE), "race:x_test.c$");
    assert_null(suppressor("race:^work$", SUPP_RACE));
    assert_null(suppressor("race:other.c", SUPP_RACE));
    assert_null(suppressor("", SUPP_RACE));
}

static void test_type_must_agree(void **state)
{
    (void)state;
    /* Entries of other types never suppress a race... */
    assert_null(suppressor("mutex:worker\nthread:worker\ncalled_from_lib:libpool.so",
                           SUPP_RACE));
    /* ...and race entries do not suppress other reports. */
    assert_null(suppressor("race:worker\nrace_top:worker", SUPP_MUTEX));
    assert_string_equal(suppressor("race:worker\nmutex:worker", SUPP_MUTEX), "mutex:worker");
}

static void test_race_top_only_matches_top_frames(void **state)
{
    (void)state;
    /* main is not the top frame of either stack. */
    assert_null(suppressor("race_top:main", SUPP_RACE));
    assert_string_equal(suppressor("race_top:worker", SUPP_RACE), "race_top:worker");
    /* helper tops the read stack. */
    assert_string_equal(suppressor("race_top:^helper$", SUPP_RACE), "race_top:^helper$");
    /* race_top is a race suppression only. */
    assert_null(suppressor("race_top:worker", SUPP_THREAD));
}

static void test_search_order(void **state)
{
    (void)state;
    /* Same string: first entry in file order. */
    assert_string_equal(suppressor("race:work\nrace:worker", SUPP_RACE), "race:work");
    /* Frames innermost first: worker (frame 0) before helper (frame 1). */
    assert_string_equal(suppressor("race:helper\nrace:worker", SUPP_RACE), "race:worker");
    /* Within a frame: function before file before module. */
    assert_string_equal(suppressor("race:/tmp/x_test\nrace:x_test.c\nrace:worker", SUPP_RACE),
                        "race:worker");
    assert_string_equal(suppressor("race:/tmp/x_test\nrace:x_test.c", SUPP_RACE),
                        "race:x_test.c");
    /* Stack by stack: race_top on the first stack's top frame beats race on
     * the second stack. */
    assert_string_equal(suppressor("race:^main$\nrace_top:worker", SUPP_RACE),
                        "race_top:worker");
    /* Within a stack: race on any frame before race_top on its top frame. */
    assert_string_equal(suppressor("race_top:worker\nrace:libpool", SUPP_RACE), "race:libpool");
}

static void test_unknown_names_never_match(void **state)
{
    (void)state;
    suppressions list = {0};
    parse_ok(&list, "race:*\nrace_top:*", NULL);
    const supp_frame unknown[] = {{NULL, "", NULL}, {"", NULL, ""}};
    const supp_stack stacks[] = {{unknown, 2}, {NULL, 0}};
    assert_null(suppressions_match(&list, SUPP_RACE, stacks, 2));
    assert_null(suppressions_match(&list, SUPP_RACE, NULL, 0));
    assert_int_equal(suppressions_matched(&list), 0);
    suppressions_free(&list);
}

static void test_hits(void **state)
{
    (void)state;
    suppressions list = {0};
    parse_ok(&list, "race:worker\nrace:unused\nrace_top:helper\n", "t.supp");
    assert_int_equal(suppressions_matched(&list), 0);
    for (int i = 0; i < 3; i++)
        assert_ptr_equal(suppressions_match(&list, SUPP_RACE, race_stacks, 2), &list.entries[0]);
    /* Only the read stack: helper tops it, worker is absent. */
    assert_ptr_equal(suppressions_match(&list, SUPP_RACE, &race_stacks[1], 1), &list.entries[2]);
    assert_int_equal(list.entries[0].hits, 3);
    assert_int_equal(list.entries[1].hits, 0);
    assert_int_equal(list.entries[2].hits, 1);
    assert_int_equal(suppressions_matched(&list), 2);
    suppressions_free(&list);
}

/* Each report kind meets the entries of its own type only, as in TSan:
 * deadlock (lock-order inversions), mutex (misuse), thread (leaks),
 * signal (signal-unsafe calls). */
static void test_report_kinds_meet_their_type(void **state)
{
    (void)state;
    static const char every_type[] = "race:worker\nrace_top:worker\nthread:worker\n"
                                     "mutex:worker\nsignal:worker\ndeadlock:worker\n"
                                     "called_from_lib:worker\n";
    static const supp_type kinds[] = {SUPP_THREAD, SUPP_MUTEX, SUPP_SIGNAL, SUPP_DEADLOCK};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char want[32];
        snprintf(want, sizeof want, "%s:worker", supp_type_name(kinds[i]));
        assert_string_equal(suppressor(every_type, kinds[i]), want);
    }
    /* A file that names every type but the report's suppresses nothing. */
    assert_null(suppressor("race:worker\nrace_top:worker\nmutex:worker\nsignal:worker\n"
                           "deadlock:worker\ncalled_from_lib:worker\n",
                           SUPP_THREAD));
    assert_null(suppressor("thread:worker\nsignal:worker\ndeadlock:worker\n", SUPP_MUTEX));
    assert_null(suppressor("thread:worker\nmutex:worker\ndeadlock:worker\n", SUPP_SIGNAL));
    assert_null(suppressor("thread:worker\nmutex:worker\nsignal:worker\n", SUPP_DEADLOCK));
    /* Every frame of every stack counts, by function, file or module. */
    assert_string_equal(suppressor("deadlock:^main$", SUPP_DEADLOCK), "deadlock:^main$");
    assert_string_equal(suppressor("thread:src/vendor/", SUPP_THREAD), "thread:src/vendor/");
    assert_string_equal(suppressor("signal:libpool.so", SUPP_SIGNAL), "signal:libpool.so");
    assert_null(suppressor("mutex:^work$", SUPP_MUTEX));
}

/* The global a report is about: its name, then its module; never race_top. */
static void test_global_variable(void **state)
{
    (void)state;
    suppressions list = {0};
    parse_ok(&list, "race_top:counter\nmutex:counter\nrace:x_test$\nrace:^counter$\n", "g.supp");
    assert_ptr_equal(suppressions_match_global(&list, SUPP_RACE, "counter", "x_test"),
                     &list.entries[3]);
    assert_ptr_equal(suppressions_match_global(&list, SUPP_RACE, "total", "x_test"),
                     &list.entries[2]);
    assert_ptr_equal(suppressions_match_global(&list, SUPP_MUTEX, "counter", "x_test"),
                     &list.entries[1]);
    assert_null(suppressions_match_global(&list, SUPP_RACE, "total", "y_test"));
    assert_null(suppressions_match_global(&list, SUPP_THREAD, "counter", "x_test"));
    assert_null(suppressions_match_global(&list, SUPP_RACE, NULL, NULL));
    assert_int_equal(list.entries[0].hits, 0);
    assert_int_equal(list.entries[3].hits, 1);
    assert_int_equal(suppressions_matched(&list), 3);
    suppressions_free(&list);
}

static void test_parse_errors_of_report_kind_types(void **state)
{
    (void)state;
    assert_parse_error("thread:pool_*\ndeadlocks:lock_both\n", "kinds.supp",
                       "kinds.supp:2:1: unknown suppression type 'deadlocks' (known: race, "
                       "race_top, thread, mutex, signal, deadlock, called_from_lib)",
                       2, 1);
    assert_parse_error("\tMutex:m\n", "kinds.supp",
                       "kinds.supp:1:2: unknown suppression type 'Mutex' (known: race, race_top, "
                       "thread, mutex, signal, deadlock, called_from_lib)",
                       1, 2);
    assert_parse_error("mutex:m\nsignal:\n", "kinds.supp",
                       "kinds.supp:2:8: empty pattern after 'signal:'", 2, 8);
    assert_parse_error("thread_leak:worker\n", "kinds.supp",
                       "kinds.supp:1:1: unknown suppression type 'thread_leak' (known: race, "
                       "race_top, thread, mutex, signal, deadlock, called_from_lib)",
                       1, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_format),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_error_nul_byte),
        cmocka_unit_test(test_text_need_not_be_terminated),
        cmocka_unit_test(test_files_merge),
        cmocka_unit_test(test_race_matches_function_file_module),
        cmocka_unit_test(test_type_must_agree),
        cmocka_unit_test(test_race_top_only_matches_top_frames),
        cmocka_unit_test(test_search_order),
        cmocka_unit_test(test_unknown_names_never_match),
        cmocka_unit_test(test_hits),
        cmocka_unit_test(test_report_kinds_meet_their_type),
        cmocka_unit_test(test_global_variable),
        cmocka_unit_test(test_parse_errors_of_report_kind_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
