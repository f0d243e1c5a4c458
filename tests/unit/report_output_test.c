/* Unit tests of runner/report/output_common.c: cmocka's status lines are
 * removed from an execution's output, its messages kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runner/report/output.h"

static void test_strip(void **state)
{
    (void)state;
    const char *in = "[ RUN      ] test_x\n"
                     "user says hi\n"
                     "[  ERROR   ] --- 0x1 != 0x2\n"
                     "[   LINE   ] --- t.c:9: error: Failure!\n"
                     "[  FAILED  ] test_x\n"
                     "[  ERROR   ] test_x\n"
                     "\n"
                     "[==========] 3 test(s) run.\n"
                     "[  PASSED  ] 2 test(s).\n"
                     " 1 FAILED TEST(S)\n"
                     "Found 2 data race(s)\n"
                     "last line without newline";
    char *out = test_output_strip_cmocka(in, strlen(in));
    assert_string_equal(out, "user says hi\n0x1 != 0x2\nt.c:9: error: Failure!\nlast line without newline\n");
    free(out);
}

/* The runtime's end-of-process line of each other report kind is dropped
 * too; a user's line that merely starts alike is kept. */
static void test_strip_found_lines_of_every_kind(void **state)
{
    (void)state;
    const char *in = "Found 1 lock-order inversion(s)\n"
                     "Found 12 thread leak(s)\n"
                     "Found 3 signal-unsafe call(s)\n"
                     "Found nothing(s)\n"
                     "Found 2 apples\n";
    char *out = test_output_strip_cmocka(in, strlen(in));
    assert_string_equal(out, "Found nothing(s)\nFound 2 apples\n");
    free(out);
}

static void test_empty(void **state)
{
    (void)state;
    char *out = test_output_strip_cmocka("", 0);
    assert_string_equal(out, "");
    free(out);
}

/* Found by tests/fuzz/merge.c (AddressSanitizer): output that loses no
 * line and ends without a newline gets one, and the NUL after it was
 * written one byte past the copy. The fuzz corpus replays it under ASan. */
static void test_unterminated_output_kept_whole(void **state)
{
    (void)state;
    char *out = test_output_strip_cmocka("abc", 3);
    assert_string_equal(out, "abc\n");
    free(out);
    out = test_output_strip_cmocka("x\ny", 3);
    assert_string_equal(out, "x\ny\n");
    free(out);
}

static void test_strip_races(void **state)
{
    (void)state;
    const char *in = "before\n"
                     "==================\n"
                     "WARNING: DATA RACE\n"
                     "Write at 0x1 by thread T1:\n"
                     "  worker()\n"
                     "==================\n"
                     "after\n"
                     "==================\n"
                     "not a report\n";
    char *out = test_output_strip_races(in);
    assert_string_equal(out, "before\n(data race: the report is printed below with the unique races)\nafter\n"
                             "==================\nnot a report\n");
    free(out);
}

static void test_strip_reports_of_other_kinds(void **state)
{
    (void)state;
    const char *in = "==================\n"
                     "WARNING: LOCK-ORDER INVERSION (potential deadlock)\n"
                     "Cycle in lock order graph: M1 (0x1) => M2 (0x2) => M1\n"
                     "==================\n"
                     "after\n";
    char *out = test_output_strip_races(in);
    assert_string_equal(out, "(report: printed below with the unique races)\nafter\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strip),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_unterminated_output_kept_whole),
        cmocka_unit_test(test_strip_races),
        cmocka_unit_test(test_strip_reports_of_other_kinds),
        cmocka_unit_test(test_strip_found_lines_of_every_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
