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

static void test_empty(void **state)
{
    (void)state;
    char *out = test_output_strip_cmocka("", 0);
    assert_string_equal(out, "");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strip),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_strip_races),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
