/*
 * interceptors_signal.c — signal handlers: checked like any user code,
 * ordered after the signal's sender, and safe when they interrupt the
 * runtime.
 *
 * sigaction/signal install our trampoline in the kernel, with the user's
 * flags and mask, and keep the user's handler in a table (one word per
 * signal: the handler, and in bit 63 whether it takes siginfo; user-space
 * pointers never use that bit, so the trampoline always reads a consistent
 * pair). A query (oldact, signal's return value) reports the user's
 * handler, never ours.
 *
 * Happens-before: kill, raise, pthread_kill, sigqueue, tgkill, killpg and
 * the timers that send signals later (alarm, ualarm, setitimer,
 * timer_settime) release into SIGNAL_KEY; the trampoline, sigwait,
 * sigwaitinfo, sigtimedwait (and a read of a signalfd, interceptors_fd.c)
 * acquire it. So data prepared before sending a signal is visible to the
 * handler. One key for all signals: extra edges only.
 *
 * Reentrancy: if the interrupted thread is inside the runtime (its ignore
 * flag is raised: it may hold a runtime lock, or be half-way through an
 * update), the handler runs with its accesses ignored and the trampoline
 * does nothing else, so it can never deadlock or see a torn state. Otherwise
 * the trampoline acquires (with the flag raised, so a nested signal stays
 * out of the runtime) and runs the handler checked. The trampoline takes
 * no lock but the sync object's spinlock (never held by an interrupted
 * thread whose flag is down), never allocates, and keeps errno.
 */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include "interceptors.h"
#include "interceptors_keys.h"
#include "signal_unsafe.h"
#include "sync.h"
#include "thread.h"

#define HANDLER_SIGINFO (1ull << 63)

/* The user's handler of each signal (0: none of ours installed). */
static uptr user_handler[_NSIG];

typedef void (*plain_handler_t)(int);
typedef void (*info_handler_t)(int, siginfo_t *, void *);

/* Installed for every user handler, as sa_sigaction or sa_handler as the
 * user asked: on x86-64 the kernel passes info and context in registers
 * to both kinds, and we pass them on only to a handler that takes them. */
/* rt_: reports drop its frame (report.c, is_runtime_frame). */
static void rt_signal_trampoline(int sig, siginfo_t *info, void *context)
{
    if (sig <= 0 || sig >= _NSIG)
        return;
    uptr h = LOAD(&user_handler[sig]);
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        int saved = errno;
        rt_enter(t);
        sync_acquire(t, SIGNAL_KEY);
        rt_leave(t);
        errno = saved;
    }
    uptr fn = h & ~HANDLER_SIGINFO;
    if (!fn)
        return;   /* replaced by SIG_DFL/SIG_IGN while this one was on its way */
    /* Asynchronous handlers may interrupt anything (signal_unsafe.h). */
    bool async = !t->ignore && !signal_is_synchronous(sig, info);
    uptr outer_frame = t->signal_frame;
    if (async) {
        t->signal_frame = (uptr)__builtin_frame_address(0);
        t->in_signal_handler++;
    }
    if (h & HANDLER_SIGINFO)
        ((info_handler_t)fn)(sig, info, context);
    else
        ((plain_handler_t)fn)(sig);
    if (async) {
        t->in_signal_handler--;
        t->signal_frame = outer_frame;
    }
}

/* glibc keeps sa_handler and sa_sigaction in one union. */
static bool is_trampoline(const struct sigaction *sa)
{
    return sa->sa_sigaction == rt_signal_trampoline;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    if (sig <= 0 || sig >= _NSIG)
        return REAL(sigaction)(sig, act, old);
    uptr prev_user = LOAD(&user_handler[sig]);
    struct sigaction prev;
    int r;
    bool user = act && act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN;
    if (user) {
        bool info = act->sa_flags & SA_SIGINFO;
        uptr fn = info ? (uptr)act->sa_sigaction : (uptr)act->sa_handler;
        /* The table first: a signal that reaches the trampoline from now
         * on runs the new handler. */
        STORE(&user_handler[sig], fn | (info ? HANDLER_SIGINFO : 0));
        struct sigaction ours = *act;
        ours.sa_sigaction = rt_signal_trampoline;   /* also sa_handler: one union */
        /* The kernel fills siginfo only then; the trampoline reads it
         * (signal_unsafe.h: who sent the signal). */
        ours.sa_flags |= SA_SIGINFO;
        r = REAL(sigaction)(sig, &ours, &prev);
        if (r != 0)
            STORE(&user_handler[sig], prev_user);
    } else {
        r = REAL(sigaction)(sig, act, &prev);
        if (r == 0 && act)
            STORE(&user_handler[sig], 0);
    }
    if (r == 0 && old) {
        *old = prev;
        if (is_trampoline(&prev)) {
            if (prev_user & HANDLER_SIGINFO) {
                old->sa_sigaction = (info_handler_t)(prev_user & ~HANDLER_SIGINFO);
            } else {
                old->sa_handler = (plain_handler_t)prev_user;
                old->sa_flags &= ~SA_SIGINFO;
            }
        }
    }
    return r;
}

/* signal() and friends are sigaction with fixed flags (as glibc does it). */
static sighandler_t install(int sig, sighandler_t handler, int flags, bool mask_self)
{
    struct sigaction act, old;
    act.sa_handler = handler;
    sigemptyset(&act.sa_mask);
    if (mask_self && sig > 0 && sig < _NSIG)
        sigaddset(&act.sa_mask, sig);
    act.sa_flags = flags;
    if (sigaction(sig, &act, &old) != 0)
        return SIG_ERR;
    return old.sa_handler;
}

sighandler_t signal(int sig, sighandler_t handler)
{
    return install(sig, handler, SA_RESTART, true);
}

sighandler_t bsd_signal(int sig, sighandler_t handler)
{
    return install(sig, handler, SA_RESTART, true);
}

sighandler_t sysv_signal(int sig, sighandler_t handler)
{
    return install(sig, handler, SA_RESETHAND | SA_NODEFER, false);
}

sighandler_t __sysv_signal(int sig, sighandler_t handler)
{
    return install(sig, handler, SA_RESETHAND | SA_NODEFER, false);
}

/* ---- senders: release ------------------------------------------------------ */

static void release_signal(void)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    int saved = errno;
    rt_enter(t);
    sync_release(t, SIGNAL_KEY);
    rt_leave(t);
    errno = saved;
}

int kill(pid_t pid, int sig)
{
    release_signal();
    return REAL(kill)(pid, sig);
}

int killpg(pid_t pgrp, int sig)
{
    release_signal();
    return REAL(killpg)(pgrp, sig);
}

int raise(int sig)
{
    release_signal();
    return REAL(raise)(sig);
}

int pthread_kill(pthread_t th, int sig)
{
    release_signal();
    return REAL(pthread_kill)(th, sig);
}

int pthread_sigqueue(pthread_t th, int sig, const union sigval value)
{
    release_signal();
    return REAL(pthread_sigqueue)(th, sig, value);
}

int sigqueue(pid_t pid, int sig, const union sigval value)
{
    release_signal();
    return REAL(sigqueue)(pid, sig, value);
}

int tgkill(pid_t tgid, pid_t tid, int sig)
{
    release_signal();
    return REAL(tgkill)(tgid, tid, sig);
}

unsigned alarm(unsigned seconds)
{
    release_signal();
    return REAL(alarm)(seconds);
}

useconds_t ualarm(useconds_t value, useconds_t interval)
{
    release_signal();
    return REAL(ualarm)(value, interval);
}

int setitimer(__itimer_which_t which, const struct itimerval *value, struct itimerval *old)
{
    release_signal();
    return REAL(setitimer)(which, value, old);
}

int timer_settime(timer_t timer, int flags, const struct itimerspec *value,
                  struct itimerspec *old)
{
    release_signal();
    return REAL(timer_settime)(timer, flags, value, old);
}

/* ---- receivers that are not handlers: acquire ------------------------------- */

/* A wait for a signal: another thread may have to run first (sched_fuzz.h). */
static void blocking_begin(void)
{
    int saved = errno;
    perturb(cur_thread(), SCHED_BEFORE_WAIT);
    errno = saved;
}

static void blocking_end(void)
{
    int saved = errno;
    perturb(cur_thread(), SCHED_AFTER_WAIT);
    errno = saved;
}

static void acquire_signal(void)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    int saved = errno;
    rt_enter(t);
    sync_acquire(t, SIGNAL_KEY);
    rt_leave(t);
    errno = saved;
}

int sigwait(const sigset_t *set, int *sig)
{
    blocking_begin();
    int r = REAL(sigwait)(set, sig);
    blocking_end();
    if (r == 0)
        acquire_signal();
    return r;
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
    blocking_begin();
    int r = REAL(sigwaitinfo)(set, info);
    blocking_end();
    if (r > 0)
        acquire_signal();
    return r;
}

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
    blocking_begin();
    int r = REAL(sigtimedwait)(set, info, timeout);
    blocking_end();
    if (r > 0)
        acquire_signal();
    return r;
}
