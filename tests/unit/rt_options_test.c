/* Unit tests of detector/options.c: RACETEST_OPTIONS parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "detector/options.h"

/* The scheduler's keys are its own business; here every key it is offered
 * is unknown to it. */
bool sched_option(const char *key, const char *value)
{
    (void)value;
    return !strcmp(key, "sched");
}

/* options.c's initial values, taken before any test parses. */
static struct rt_options defaults;

static int reset(void **state)
{
    (void)state;
    rt_opts = defaults;
    return 0;
}

static void test_defaults_are_gorace_defaults(void **state)
{
    (void)state;
    options_parse(NULL);
    assert_string_equal(rt_opts.log_path, "stderr");
    assert_int_equal(rt_opts.exitcode, 66);
    assert_int_equal(rt_opts.history_size, 1);
    assert_false(rt_opts.halt_on_error);
    /* ThreadSanitizer's defaults for its other report kinds: all on. */
    assert_true(rt_opts.detect_deadlocks);
    assert_true(rt_opts.report_mutex_bugs);
    assert_true(rt_opts.report_destroy_locked);
    assert_true(rt_opts.report_thread_leaks);
    assert_true(rt_opts.report_signal_unsafe);
}

static void test_report_kind_switches(void **state)
{
    (void)state;
    options_parse("detect_deadlocks=0 report_mutex_bugs=0 report_destroy_locked=0 report_thread_leaks=0 "
                  "report_signal_unsafe=0");
    assert_false(rt_opts.detect_deadlocks);
    assert_false(rt_opts.report_mutex_bugs);
    assert_false(rt_opts.report_destroy_locked);
    assert_false(rt_opts.report_thread_leaks);
    assert_false(rt_opts.report_signal_unsafe);
    options_parse("report_thread_leaks=2 detect_deadlocks=yes");
    assert_false(rt_opts.report_thread_leaks);
    assert_false(rt_opts.detect_deadlocks);
}

static void test_all_keys(void **state)
{
    (void)state;
    options_parse("log_path=/tmp/race exitcode=3  strip_path_prefix=/src/ history_size=7 "
                  "halt_on_error=1 suppressions=supp.txt sched=random");
    assert_string_equal(rt_opts.log_path, "/tmp/race");
    assert_int_equal(rt_opts.exitcode, 3);
    assert_string_equal(rt_opts.strip_path_prefix, "/src/");
    assert_int_equal(rt_opts.history_size, 7);
    assert_true(rt_opts.halt_on_error);
    assert_string_equal(rt_opts.suppressions, "supp.txt");
}

static void test_bad_values_keep_the_default(void **state)
{
    (void)state;
    options_parse("history_size=8 exitcode=x halt_on_error=2 nokey =1 bogus=1");
    assert_int_equal(rt_opts.history_size, 1);
    assert_int_equal(rt_opts.exitcode, 66);
    assert_false(rt_opts.halt_on_error);
}

int main(void)
{
    defaults = rt_opts;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_defaults_are_gorace_defaults, reset),
        cmocka_unit_test_setup(test_report_kind_switches, reset),
        cmocka_unit_test_setup(test_all_keys, reset),
        cmocka_unit_test_setup(test_bad_values_keep_the_default, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
