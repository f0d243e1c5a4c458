/*
 * crash.c — a crash that the program does not handle itself (SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL, SIGABRT) prints the crashing thread's stack, from
 * the shadow call stack, before the process dies of the signal as it would
 * have anyway. The runner shows it with the crashed test.
 *
 * Installed at start-up only where the disposition is the default one; a
 * handler the program installs later replaces ours.
 */
#include <signal.h>
#include <ucontext.h>

#include "interceptors.h"
#include "report.h"
#include "thread.h"

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

static void crash_handler(int sig, siginfo_t *info, void *uctx)
{
    /* si_addr means something only for faults raised by the CPU. */
    bool fault = info->si_code > 0 && sig != SIGABRT;
    uptr pc = (uptr)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP];
    report_crash(sig, fault ? (uptr)info->si_addr : (uptr)-1, fault ? pc : (uptr)-1);
    /* SA_RESETHAND restored the default action: a fault re-executes and
     * dies; a raised signal is raised again. */
    if (sig == SIGABRT || info->si_code <= 0)
        raise(sig);
}

void crash_init(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = crash_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        struct sigaction old;
        if (REAL(sigaction)(crash_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
            !(old.sa_flags & SA_SIGINFO))
            REAL(sigaction)(crash_signals[i], &sa, NULL);
    }
}
