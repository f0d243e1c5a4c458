/*
 * crash.c — a crash that the program does not handle itself (SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL, SIGABRT) prints the crashing thread's stack
 * before the process dies of the signal as it would have anyway. The
 * runner shows it with the crashed test, as an error.
 *
 * Installed at start-up only where the disposition is the default one; a
 * handler the program installs later replaces ours. cmocka installs its
 * own around every test, which turns a crash into a test failure (or, in
 * another thread than the test's, into a longjmp across threads and exit
 * status 255): the cmocka glue takes the signals back at the start of each
 * test (__racetest_crash_signals_take), so that a crash is a crash.
 *
 * The stack comes from libunwind, from the context the signal interrupted:
 * the shadow call stack knows only instrumented functions, each by its
 * caller's return address, so a crash inside libc or an uninstrumented
 * library would show neither those frames nor the line of the
 * instrumented function that called into them (nor, after abort(), the
 * line that called abort). The shadow stack is the fallback when libunwind
 * finds nothing. This is libunwind's only use: it is too slow for the
 * paths that run often (allocation stacks, interceptors), where the shadow
 * stack plus the caller's pc is what is kept.
 */
#include <signal.h>
#include <ucontext.h>
#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "interceptors.h"
#include "racetest_rt.h"
#include "report.h"
#include "stack_capture.h"
#include "thread.h"

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

#define CRASH_FRAMES 256

/* The interrupted context's stack: pcs[0] is the interrupted instruction
 * plus one (so that, like the return addresses after it, pc - 1 lies in
 * its instruction). Returns 0 when libunwind cannot unwind it. */
static unsigned unwind_context(void *uctx, uptr *pcs, unsigned max)
{
    unw_cursor_t cursor;
    if (unw_init_local2(&cursor, (unw_context_t *)uctx, UNW_INIT_SIGNAL_FRAME) < 0)
        return 0;
    unsigned n = 0;
    do {
        unw_word_t ip;
        if (unw_get_reg(&cursor, UNW_REG_IP, &ip) < 0 || !ip)
            break;
        pcs[n] = n == 0 ? ip + 1 : ip;
        n++;
    } while (n < max && unw_step(&cursor) > 0);
    return n;
}

static void crash_handler(int sig, siginfo_t *info, void *uctx)
{
    /* si_addr means something only for faults raised by the CPU. */
    bool fault = info->si_code > 0 && sig != SIGABRT;
    struct rt_thread *t = cur_thread();
    uptr pcs[CRASH_FRAMES];
    unsigned n = 0;
    /* Inside the runtime its locks may be held: no stack then. */
    if (!t->ignore) {
        n = unwind_context(uctx, pcs, CRASH_FRAMES);
        if (n < 2) {
            uptr pc = (uptr)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP];
            n = stack_capture(t, pc + 1, pcs, CRASH_FRAMES);
        }
    }
    report_crash(sig, fault ? (uptr)info->si_addr : (uptr)-1, pcs, n);
    /* SA_RESETHAND restored the default action: a fault re-executes and
     * dies; a raised signal is raised again. */
    if (sig == SIGABRT || info->si_code <= 0)
        raise(sig);
}

static void install(bool only_over_default)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = crash_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        struct sigaction old;
        if (only_over_default &&
            (REAL(sigaction)(crash_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
             (old.sa_flags & SA_SIGINFO)))
            continue;
        REAL(sigaction)(crash_signals[i], &sa, NULL);
    }
}

void crash_init(void) { install(true); }

void __racetest_crash_signals_take(void) { install(false); }
