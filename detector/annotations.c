/*
 * annotations.c — explicit happens-before for synchronization the runtime
 * cannot see (custom lock-free code, uninstrumented libraries): the
 * functions behind include/racetest.h, and ThreadSanitizer's public
 * __tsan_acquire/__tsan_release with the same meaning.
 */
#include "sync.h"
#include "thread.h"

void __racetest_happens_before(const volatile void *addr)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    rt_enter(t);
    sync_release(t, (uptr)addr);
    rt_leave(t);
}

void __racetest_happens_after(const volatile void *addr)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    rt_enter(t);
    sync_acquire(t, (uptr)addr);
    rt_leave(t);
}

void __tsan_release(void *addr)
{
    __racetest_happens_before(addr);
}

void __tsan_acquire(void *addr)
{
    __racetest_happens_after(addr);
}

void __tsan_ignore_thread_begin(void)
{
    cur_thread()->ignore++;
}

void __tsan_ignore_thread_end(void)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore > 0)
        t->ignore--;
}
