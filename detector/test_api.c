/*
 * test_api.c — test attribution and shadow-stack repair for the cmocka glue
 * (racetest_rt.h, test_api.h).
 */
#include <stdio.h>

#include "racetest_rt.h"
#include "sync.h"
#include "test_api.h"
#include "stack_capture.h"
#include "thread.h"

static char test_name[512];
static unsigned test_run;
static u64 test_seq;
static unsigned long test_races;

const char *test_api_name(void) { return test_name; }
unsigned test_api_run(void) { return test_run; }
u64 test_api_seq(void) { return test_seq; }
void test_api_count_race(void) { __atomic_add_fetch(&test_races, 1, __ATOMIC_RELAXED); }

void __racetest_test_begin(const char *test_id, unsigned run)
{
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    snprintf(test_name, sizeof test_name, "%s", test_id ? test_id : "");
    test_run = run;
    __atomic_store_n(&test_races, 0, __ATOMIC_RELAXED);
    __atomic_add_fetch(&test_seq, 1, __ATOMIC_RELAXED);
    /* Each run its own schedule seed, threads numbered from 1 again. */
    sched_run_begin(run, thread_next_creation_index());
    /* Reports name only this execution's objects. */
    sync_forget_creation();
    rt_leave(t);
}

void __racetest_test_end(void)
{
    test_name[0] = 0;
    test_run = 0;
}

unsigned long __racetest_test_races(void)
{
    return __atomic_load_n(&test_races, __ATOMIC_RELAXED);
}

void __racetest_stack_mark(unsigned long *depth_token)
{
    *depth_token = cur_thread()->depth;
}

void __racetest_stack_restore(unsigned long depth_token)
{
    stack_unwind(cur_thread(), depth_token);
}
