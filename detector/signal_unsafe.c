/*
 * signal_unsafe.c — reports of allocator calls in asynchronous signal
 * handlers (see signal_unsafe.h).
 */
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>

#include "interceptors.h"
#include "options.h"
#include "report_text.h"
#include "signal_unsafe.h"

bool signal_is_synchronous(int sig, const siginfo_t *info)
{
    switch (sig) {
    case SIGSEGV: case SIGBUS: case SIGILL: case SIGTRAP: case SIGFPE: case SIGSYS:
    case SIGABRT: case SIGPIPE:
        return true;
    }
    return info && info->si_code == SI_TKILL && info->si_pid == getpid();
}

void signal_unsafe_report(struct rt_thread *t, uptr pc)
{
    if (!rt_opts.report_signal_unsafe)
        return;
    report_enter(t);
    uptr pcs[MAX_FRAMES];
    struct stack *s = rt_alloc(sizeof *s);
    symbolize_stack(pcs, report_current_stack(t, pc, pcs, MAX_FRAMES), s);
    char key[300];
    report_location_key(key, sizeof key, s, pc);
    if (!report_seen(REPORT_SIGNAL_UNSAFE, key)) {
        char thr[64];
        thread_name(thr, sizeof thr, t->uid);
        struct buf b = {0}, j = {0};
        report_open(&b, REPORT_SIGNAL_UNSAFE);
        bprintf(&b, "Call of the allocator (malloc, free, ...) in an asynchronous signal handler by %s:\n",
                thr);
        print_stack(&b, s);
        describe_thread(&b, t->uid);
        json_access(&j, true, "allocator call in a signal handler", thr, s);
        report_emit(REPORT_SIGNAL_UNSAFE, key, &b, &j);
    }
    rt_free(s);
    report_leave(t);
}

/* ---- leaving a handler by a jump -------------------------------------------
 * A handler left by (sig)longjmp never returns through the trampoline. A
 * jump made from inside the innermost asynchronous handler (below its
 * trampoline's frame) lands outside it: the thread is no longer in a
 * handler. The jump buffer's stack pointer is mangled by glibc, so the
 * target cannot be checked; a jump that stays inside its handler is rare
 * and only costs reports. */

extern void __longjmp_chk(struct __jmp_buf_tag env[1], int val) __attribute__((noreturn));

static ALWAYS_INLINE void leaving_by_jump(void)
{
    struct rt_thread *t = cur_thread();
    if (t->in_signal_handler && (uptr)__builtin_frame_address(0) < t->signal_frame)
        t->in_signal_handler = 0;
}

#define DEFINE_JUMP(name)                                                                      \
    void name(struct __jmp_buf_tag env[1], int val)                                            \
    {                                                                                          \
        leaving_by_jump();                                                                     \
        REAL(name)(env, val);                                                                  \
        __builtin_unreachable();                                                               \
    }

DEFINE_JUMP(longjmp)
DEFINE_JUMP(_longjmp)
DEFINE_JUMP(siglongjmp)
DEFINE_JUMP(__longjmp_chk)
