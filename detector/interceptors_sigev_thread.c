/*
 * interceptors_sigev_thread.c — threads that the C library starts itself:
 * the notification threads of timer_create and mq_notify (SIGEV_THREAD).
 *
 * glibc starts them with its internal pthread_create, which no interceptor
 * sees, so they would run unknown to the runtime and their accesses
 * unchecked. The sigevent is rewritten to run the user's function through
 * sigev_trampoline, which makes the thread known (thread_adopt, created at
 * the timer_create / mq_notify call), orders it after what notifies it, runs
 * the function and ends the thread (also on pthread_exit).
 *
 * Happens-before: a timer's thread acquires SIGNAL_KEY, where timer_create
 * and timer_settime release (interceptors_signal.c: a timer is a signal
 * sender). A message queue's thread acquires the queue descriptor's key,
 * where mq_send releases and mq_receive acquires too (interceptors_fd.c's
 * model: an mqd_t is a descriptor); the message buffers are checked like
 * write and read buffers.
 *
 * A thunk (the user's function and value) is never freed: glibc may start a
 * notification thread after timer_delete or a new mq_notify returned.
 *
 * Not covered: aio's and getaddrinfo_a's SIGEV_THREAD notifications (the
 * sigevent lives in the caller's control block, which glibc keeps using).
 */
#include <errno.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "fd_race.h"
#include "interceptors.h"
#include "interceptors_keys.h"
#include "thread.h"

struct thunk {
    void (*fn)(union sigval);
    union sigval value;
    int mqd;                 /* the queue of mq_notify; -1 for a timer */
    uptr *create_stack;
    unsigned create_depth;
};

static void sigev_cleanup(void *self)
{
    thread_finish(self);
}

static void sigev_trampoline(union sigval v)
{
    struct thunk *k = v.sival_ptr;
    struct rt_thread *self =
        thread_adopt(k->mqd >= 0 ? "mq_notify" : "timer_create", k->create_stack, k->create_depth);
    thread_start(self);
    rt_enter(self);
    if (k->mqd >= 0)
        fd_sync_acquire(self, k->mqd);
    else
        sync_acquire(self, SIGNAL_KEY);
    rt_leave(self);
    pthread_cleanup_push(sigev_cleanup, self);
    k->fn(k->value);
    pthread_cleanup_pop(1);
}

/* *out: the sigevent to pass on; returns in (unchanged) or out. */
static const struct sigevent *wrap(struct rt_thread *t, const struct sigevent *in,
                                   struct sigevent *out, int mqd, uptr pc)
{
    if (t->ignore || !in || in->sigev_notify != SIGEV_THREAD)
        return in;
    rt_enter(t);
    struct thunk *k = rt_alloc(sizeof *k);
    k->fn = in->sigev_notify_function;
    k->value = in->sigev_value;
    k->mqd = mqd;
    k->create_stack = thread_stack_snapshot(t, pc, &k->create_depth);
    rt_leave(t);
    *out = *in;
    out->sigev_notify_function = sigev_trampoline;
    out->sigev_value.sival_ptr = k;
    return out;
}

int timer_create(clockid_t clock, struct sigevent *sev, timer_t *timer)
{
    struct rt_thread *t = cur_thread();
    struct sigevent copy;
    const struct sigevent *ev = wrap(t, sev, &copy, -1, CALLER_PC());
    if (ev != sev)
        RELEASE(SIGNAL_KEY);
    return REAL(timer_create)(clock, (struct sigevent *)ev, timer);
}

int mq_notify(mqd_t mqd, const struct sigevent *sev)
{
    struct sigevent copy;
    return REAL(mq_notify)(mqd, wrap(cur_thread(), sev, &copy, mqd, CALLER_PC()));
}

/* ---- messages: the descriptor model (interceptors_fd.c) ------------------- */

int mq_send(mqd_t mqd, const char *msg, size_t len, unsigned prio)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        fd_before_send(t, mqd, msg, len, CALLER_PC());
    return REAL(mq_send)(mqd, msg, len, prio);
}

int mq_timedsend(mqd_t mqd, const char *msg, size_t len, unsigned prio,
                 const struct timespec *timeout)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        fd_before_send(t, mqd, msg, len, CALLER_PC());
    return REAL(mq_timedsend)(mqd, msg, len, prio, timeout);
}

/* A receive: the descriptor is used from the start of the call. */
#define MQ_RECEIVE(call)                                                                       \
    struct rt_thread *t = cur_thread();                                                        \
    if (t->ignore)                                                                             \
        return call;                                                                           \
    uptr pc = CALLER_PC();                                                                     \
    fd_race_use(t, mqd, pc);                                                                   \
    ssize_t r = call;                                                                          \
    fd_after_receive(t, mqd, msg, r, pc);                                                      \
    return r

ssize_t mq_receive(mqd_t mqd, char *msg, size_t len, unsigned *prio)
{
    MQ_RECEIVE(REAL(mq_receive)(mqd, msg, len, prio));
}

ssize_t mq_timedreceive(mqd_t mqd, char *msg, size_t len, unsigned *prio,
                        const struct timespec *timeout)
{
    MQ_RECEIVE(REAL(mq_timedreceive)(mqd, msg, len, prio, timeout));
}
