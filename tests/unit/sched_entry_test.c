/*
 * sched_entry_test.c — unit tests of the entry points in
 * scheduler_fuzz/sched_fuzz.c, the way the detector calls them: options,
 * then sched_init, then points. The configuration is set once per process,
 * so each scenario runs in a forked child.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "scheduler_fuzz/plan.h"
#include "scheduler_fuzz/sched_fuzz.h"

/* Runs `scenario` in a child whose stderr goes to `err` (NUL-terminated);
 * returns the child's exit status. */
static int in_child(void (*scenario)(int), int arg, char *err, size_t cap)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        scenario(arg);
        _exit(0);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t got;
    while (n + 1 < cap && (got = read(fds[0], err + n, cap - 1 - n)) > 0)
        n += (size_t)got;
    err[n] = 0;
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void off_scenario(int arg)
{
    (void)arg;
    if (sched_countdown != SCHED_COUNTDOWN_NEVER)
        _exit(10);
    if (sched_option("log_path", "stderr") || !sched_option("sched", "off"))
        _exit(11);
    sched_init();
    for (int i = 0; i < 1000; i++)
        sched_point(SCHED_BEFORE_LOCK);
    sched_access_slow();
    _exit(sched_countdown == SCHED_COUNTDOWN_NEVER ? 0 : 12);
}

static void test_off_never_samples(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(in_child(off_scenario, 0, err, sizeof err), 0);
    assert_string_equal(err, "");   /* nothing printed when off */
}

static void bad_value_scenario(int arg)
{
    (void)arg;
    _exit(sched_option("sched_prob", "1.5") ? 0 : 1);
}

static void test_bad_value_warns(void **state)
{
    (void)state;
    char err[512];
    assert_int_equal(in_child(bad_value_scenario, 0, err, sizeof err), 0);
    assert_non_null(strstr(err, "sched_prob"));
    assert_non_null(strstr(err, "expected a probability in 0..1"));
}

/* Exit status: the countdowns of the main thread and of thread `arg`
 * packed as main * 16 + thread, with a mean of 5 accesses. */
static void countdown_scenario(int arg)
{
    sched_option("sched", "random");
    sched_option("sched_seed", "0x5eed");
    sched_option("sched_access_rate", "4");
    sched_option("sched_affinity", "free");
    sched_option("sched_budget_us", "0");
    sched_option("sched_budget", "0");   /* no action may run: no delays in tests */
    sched_init();
    long main_countdown = sched_countdown;
    sched_thread_start((unsigned long)arg);
    long thread_countdown = sched_countdown;
    for (int i = 0; i < 100; i++) {
        sched_point(SCHED_BEFORE_LOCK);
        sched_access_slow();
        if (sched_countdown < 1 || sched_countdown > 8)
            _exit(255);
    }
    _exit((int)(main_countdown * 16 + thread_countdown));
}

static void test_random_is_reproducible(void **state)
{
    (void)state;
    char err[256];
    int a = in_child(countdown_scenario, 1, err, sizeof err);
    assert_string_equal(err, "");   /* a given seed is not printed */
    int b = in_child(countdown_scenario, 1, err, sizeof err);
    assert_int_not_equal(a, 255);
    assert_int_equal(a, b);
    assert_in_range(a / 16, 1, 8);
    assert_in_range(a % 16, 1, 8);
    /* Other threads draw other countdowns (not every index: values are
     * small, so look at several). */
    int differ = 0;
    for (int i = 2; i < 8; i++)
        differ += in_child(countdown_scenario, i, err, sizeof err) % 16 != a % 16;
    assert_true(differ > 0);
}

static void fresh_seed_scenario(int arg)
{
    (void)arg;
    sched_option("sched", "random");
    sched_option("sched_affinity", "free");
    sched_option("sched_budget_us", "0");
    sched_option("sched_budget", "0");
    sched_init();
    /* Given to the runtime for its first report, once per process. */
    char note[64];
    unsigned n = sched_seed_note(note, sizeof note);
    if (write(2, note, n) < 0)
        _exit(1);
    _exit(0);
}

static void test_fresh_seed_is_printed(void **state)
{
    (void)state;
    char a[256], b[256];
    assert_int_equal(in_child(fresh_seed_scenario, 0, a, sizeof a), 0);
    assert_int_equal(in_child(fresh_seed_scenario, 0, b, sizeof b), 0);
    assert_int_equal(strncmp(a, "racetest: sched seed 0x", 23), 0);
    assert_int_equal(strlen(a), 23 + 16 + 1);
    assert_string_not_equal(a, b);
}

/* The runner's derivation of a run's seed (runner/suite/supervisor.c),
 * written out again: the runtime must agree with it. */
static uint64_t runner_seed(uint64_t base, unsigned run)
{
    uint64_t z = (base ^ run) + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* arg 1: with sched_base; 0: without. Exit status 0 when each run got
 * the seed it should. */
static void run_seed_scenario(int with_base)
{
    sched_option("sched", "random");
    sched_option("sched_affinity", "free");
    sched_option("sched_seed", "0x1234");
    if (with_base)
        sched_option("sched_base", "0x2a");
    sched_init();
    if (sched_run_seed() != 0x1234)
        _exit(10);
    sched_run_begin(3, 1);          /* the process's first run keeps its seed */
    if (sched_run_seed() != 0x1234)
        _exit(11);
    sched_run_begin(7, 5);
    uint64_t seventh = sched_run_seed();
    if (with_base && seventh != runner_seed(0x2a, 7))
        _exit(12);
    if (!with_base && seventh == 0x1234)
        _exit(13);
    sched_run_begin(8, 9);
    if (sched_run_seed() == seventh)
        _exit(14);
    _exit(0);
}

static void test_each_run_has_its_seed(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(in_child(run_seed_scenario, 1, err, sizeof err), 0);
    assert_int_equal(in_child(run_seed_scenario, 0, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off_never_samples),
        cmocka_unit_test(test_bad_value_warns),
        cmocka_unit_test(test_random_is_reproducible),
        cmocka_unit_test(test_fresh_seed_is_printed),
        cmocka_unit_test(test_each_run_has_its_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
