/*
 * interceptors_fork.c — fork: the child starts with a working detector.
 *
 * In the child only the forking thread exists. Two things must hold there:
 *
 * 1. No runtime lock is held. A lock that another thread held at the
 *    moment of the fork would stay held forever in the child. So the
 *    runtime's locks are taken just before the fork and dropped after it,
 *    in both processes, by fork handlers registered with pthread_atfork
 *    before any other (at preinit): glibc runs the prepare handlers in
 *    reverse order of registration, so ours runs last, after the
 *    program's own prepare handlers (which may lock mutexes, and so enter
 *    the runtime); the child handlers run in order, so ours runs first,
 *    before the program's (which may unlock them). Per-object locks (sync
 *    objects, which are too many to take) are reset in the child instead:
 *    only whole, monotone clock updates happen under them.
 *    Each module provides its own hooks (declared below).
 *
 * 2. Everything any thread did before the fork happens-before the child's
 *    code: the memory the child sees is the snapshot of that moment. The
 *    child's clock joins the current epoch of every slot, and the other
 *    threads are marked finished (their slots can be reused).
 *
 * A fork called while the thread is inside the runtime (from a signal
 * handler that interrupted it, say) must not take the locks (it may hold
 * one): then nothing is done, in either process.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/types.h>
#include <unistd.h>

#include "interceptors.h"
#include "thread.h"

/* Hooks of the modules that own locks: *_prepare takes the module's locks
 * (in the runtime's lock order: report, threads, then the rest), *_parent
 * drops them, *_child makes them free again in the single-threaded child
 * and repairs what the other threads may have left half-done. */
void report_fork_prepare(void);
void report_fork_parent(void);
void report_fork_child(void);
void thread_fork_prepare(void);
void thread_fork_parent(void);
void thread_fork_child(struct rt_thread *self);
void heap_block_fork_prepare(void);
void heap_block_fork_parent(void);
void heap_block_fork_child(void);
void stack_depot_fork_child(void);
void caller_module_fork_child(void);
void annotations_fork_child(void);
void suppress_fork_prepare(void);
void suppress_fork_parent(void);
void suppress_fork_child(void);
void sync_fork_child(void);
void deadlock_fork_prepare(void);
void deadlock_fork_parent(void);
void deadlock_fork_child(void);
void atomics_fork_child(void);

/* Whether this thread's fork is being handled (set by prepare). */
static __thread bool fork_handled __attribute__((tls_model("initial-exec")));

static void fork_prepare(void)
{
    struct rt_thread *t = cur_thread();
    fork_handled = t->ignore == 0;
    if (!fork_handled)
        return;
    rt_enter(t);
    report_fork_prepare();
    thread_fork_prepare();
    heap_block_fork_prepare();
    suppress_fork_prepare();
    deadlock_fork_prepare();
}

static void fork_parent(void)
{
    if (!fork_handled)
        return;
    deadlock_fork_parent();
    suppress_fork_parent();
    heap_block_fork_parent();
    thread_fork_parent();
    report_fork_parent();
    sched_fork_parent();
    rt_leave(cur_thread());
}

/* The child's clock covers every event of every slot so far. */
static void join_all_slots(struct rt_thread *t)
{
    unsigned n = LOAD(&rt_slots_hwm);
    for (unsigned sid = 0; sid < n; sid++) {
        struct rt_thread *s = LOAD(&rt_slots[sid]);
        if (!s)
            continue;
        u64 e = LOAD(&s->epoch);
        if (t->clock.e[sid] < e)
            t->clock.e[sid] = e;
    }
    if (t->clock.len < n)
        t->clock.len = n;
    thread_sync_own_entry(t);
}

static void fork_child(void)
{
    if (!fork_handled)
        return;
    struct rt_thread *t = cur_thread();
    deadlock_fork_child();
    suppress_fork_child();
    stack_depot_fork_child();
    caller_module_fork_child();
    annotations_fork_child();
    heap_block_fork_child();
    thread_fork_child(t);
    report_fork_child();
    sync_fork_child();
    atomics_fork_child();
    join_all_slots(t);
    sched_fork_child();
    rt_leave(t);
}

static void register_fork_handlers(void)
{
    if (pthread_atfork(fork_prepare, fork_parent, fork_child) != 0)
        rt_fatal("cannot register the fork handlers");
}

/* Before every constructor, so before any handler the program registers. */
__attribute__((section(".preinit_array"), used)) static void (*fork_preinit)(void) =
    register_fork_handlers;

/* _Fork (glibc 2.34) runs no fork handlers: do what they would. */
pid_t _Fork(void)
{
    fork_prepare();
    pid_t pid = REAL(_Fork)();
    if (pid == 0)
        fork_child();
    else
        fork_parent();
    return pid;
}
