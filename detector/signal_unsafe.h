/*
 * signal_unsafe.h — calls that are not async-signal-safe made from a
 * signal handler that interrupted the program at an arbitrary point
 * (TSan's "signal-unsafe call inside of a signal", option
 * report_signal_unsafe): the allocator, whose locks the interrupted code
 * may hold.
 *
 * The signal trampoline (interceptors_signal.c) counts the asynchronous
 * handlers running on the thread (t->in_signal_handler); longjmp and
 * siglongjmp out of one end it too (signal_unsafe_leaving_by_jump, from
 * interceptors_setjmp.c); the allocator
 * interceptors call signal_unsafe_check, which costs them one load. A
 * synchronous signal (a fault, or one the process sent to its own thread
 * with tgkill/raise) is delivered at a point the program chose: its
 * handler is not counted, as in TSan.
 */
#ifndef RT_SIGNAL_UNSAFE_H
#define RT_SIGNAL_UNSAFE_H

#include <signal.h>

#include "rt_defs.h"
#include "thread.h"

/* Whether the delivery of sig (with info, possibly NULL) is synchronous. */
bool signal_is_synchronous(int sig, const siginfo_t *info);

NOINLINE __attribute__((cold)) void signal_unsafe_report(struct rt_thread *t, uptr pc);

/* The allocator was called at pc by t (outside the runtime). A handler
 * left by siglongjmp never returned through the trampoline: a caller whose
 * frame is above the handler's (the stack grows down) is no longer in it. */
static ALWAYS_INLINE void signal_unsafe_check(struct rt_thread *t, uptr pc)
{
    if (likely(!t->in_signal_handler) || t->ignore)
        return;
    if ((uptr)__builtin_frame_address(0) > t->signal_frame)
        t->in_signal_handler = 0;
    else
        signal_unsafe_report(t, pc);
}

/* A (sig)longjmp is about to be made. One made from inside the innermost
 * asynchronous handler (below its trampoline's frame) lands outside it:
 * the thread is no longer in a handler. (A jump that stays inside its
 * handler is rare and only costs reports.) */
static ALWAYS_INLINE void signal_unsafe_leaving_by_jump(struct rt_thread *t)
{
    if (t->in_signal_handler && (uptr)__builtin_frame_address(0) < t->signal_frame)
        t->in_signal_handler = 0;
}

#endif
