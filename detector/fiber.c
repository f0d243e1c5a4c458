/*
 * fiber.c — ThreadSanitizer's fiber API (<sanitizer/tsan_interface.h>):
 * contexts a program switches between by hand (ucontext, coroutines).
 *
 * A fiber is checked as a thread of its own: it has a thread slot (its
 * clock, history, shadow call stack and mutex set), created with
 * everything its creator did so far happening before it. A switch runs the
 * target's slot on the calling pthread; unless the program says
 * __tsan_switch_to_fiber_no_sync, the switch itself is synchronization
 * (everything the fiber switched from did happens-before what the target
 * does next), as in TSan: on one pthread, code before a switch has run.
 * A pthread's own slot is its fiber for __tsan_get_current_fiber.
 */
#include "thread.h"
#include "sync.h"

/* TSan's flag of __tsan_switch_to_fiber. */
#define SWITCH_NO_SYNC 1u

void *__tsan_get_current_fiber(void)
{
    return cur_thread();
}

void *__tsan_create_fiber(unsigned flags)
{
    (void)flags;
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    struct rt_thread *f = thread_create_fiber(t, CALLER_PC());
    rt_leave(t);
    return f;
}

void __tsan_destroy_fiber(void *fiber)
{
    struct rt_thread *t = cur_thread();
    if (!fiber || fiber == t)
        return;
    rt_enter(t);
    thread_destroy_fiber(fiber);
    rt_leave(t);
}

void __tsan_switch_to_fiber(void *fiber, unsigned flags)
{
    struct rt_thread *from = cur_thread(), *to = fiber;
    if (!to || to == from || from->ignore)
        return;
    bool sync = !(flags & SWITCH_NO_SYNC);
    rt_enter(from);
    if (sync)
        sync_release(from, (uptr)to);
    /* The pthread's cache of acquired versions described from's clock. */
    sync_forget_joined();
    rt_leave(from);
    rt_cur = to;
    if (sync) {
        rt_enter(to);
        sync_acquire(to, (uptr)to);
        rt_leave(to);
    }
}

void __tsan_set_fiber_name(void *fiber, const char *name)
{
    struct rt_thread *t = cur_thread();
    if (!fiber || !name)
        return;
    rt_enter(t);
    thread_set_name(((struct rt_thread *)fiber)->uid, name);
    rt_leave(t);
}
