/*
 * signal_unsafe.c — reports of allocator calls in asynchronous signal
 * handlers (see signal_unsafe.h).
 */
#include <stdio.h>
#include <unistd.h>

#include "options.h"
#include "report_text.h"
#include "signal_unsafe.h"
#include "stack_capture.h"

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
    symbolize_stack(pcs, stack_capture(t, pc, pcs, MAX_FRAMES), s);
    char key[300];
    report_location_key(key, sizeof key, s, pc);
    const struct stack *shown[] = {s};
    if (!report_seen(REPORT_SIGNAL_UNSAFE, key) &&
        !report_suppressed(REPORT_SIGNAL_UNSAFE, key, shown, 1, 0)) {
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
