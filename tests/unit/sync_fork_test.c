/*
 * sync_fork_test.c — a fork child never waits for a sync object that a
 * vanished thread was creating (detector/sync.c, sync_fork_child).
 *
 * The runtime allocator is replaced here by one that can park its caller
 * for good: a thread creating an object has then claimed the table entry
 * (its key) but never publishes the object, exactly as if the process
 * forked at that instant. The child must find the object all the same;
 * a child that waits is killed by its alarm and the test fails.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "detector/sync.h"

void sync_fork_child(void);   /* a hook of interceptors_fork.c */

static int park_next_alloc;   /* atomic: the next rt_alloc never returns */
static int parked;            /* atomic: a thread is parked in rt_alloc */

void *rt_alloc(size_t size)
{
    if (__atomic_exchange_n(&park_next_alloc, 0, __ATOMIC_ACQ_REL)) {
        __atomic_store_n(&parked, 1, __ATOMIC_RELEASE);
        for (;;)
            pause();
    }
    void *p = calloc(1, size);
    assert_non_null(p);
    return p;
}

void rt_free(void *p)
{
    free(p);
}

static int half_made_key;     /* its address: the object being created */
static int other_key;

static void *create(void *arg)
{
    sync_get((uptr)arg, true);
    return NULL;
}

static void test_child_finishes_half_made_entry(void **state)
{
    (void)state;
    sync_init();
    struct sync_var *before = sync_get((uptr)&other_key, true);
    __atomic_store_n(&park_next_alloc, 1, __ATOMIC_RELEASE);
    pthread_t creator;
    assert_int_equal(pthread_create(&creator, NULL, create, &half_made_key), 0);
    pthread_detach(creator);
    while (!__atomic_load_n(&parked, __ATOMIC_ACQUIRE))
        sched_yield();
    /* In this process the entry stays half-made: its creator is parked. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(5);
        sync_fork_child();
        struct sync_var *v = sync_get((uptr)&half_made_key, false);
        struct sync_var *w = sync_get((uptr)&other_key, false);
        _exit(v && v->addr == (uptr)&half_made_key && v->id != before->id && w == before ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        fail_msg("the child was killed by signal %d (it waited for the half-made object)",
                 WTERMSIG(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_child_finishes_half_made_entry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
