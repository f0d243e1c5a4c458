/*
 * interceptors_c11threads.c — C11 <threads.h>: thrd_*, mtx_*, cnd_*,
 * call_once.
 *
 * glibc implements them on its pthread internals, calling those directly,
 * so the pthread interceptors never see them: a thread started by
 * thrd_create would be invisible and mtx_lock would order nothing. Each is
 * modeled here like its pthread twin. thrd_create goes through our
 * pthread_create (glibc's thrd_t is a pthread_t and a C11 thread is a
 * pthread whose int result travels as a pointer), so thrd_join,
 * thrd_detach and thrd_exit work on it as glibc's own would.
 */
#include <errno.h>
#include <stdint.h>
#include <threads.h>

#include "interceptors.h"

struct thrd_args {
    thrd_start_t fn;
    void *arg;
};

static void *thrd_trampoline(void *p)
{
    struct thrd_args a = *(struct thrd_args *)p;
    rt_free(p);
    return (void *)(intptr_t)a.fn(a.arg);
}

int thrd_create(thrd_t *thr, thrd_start_t fn, void *arg)
{
    struct thrd_args *a = rt_alloc(sizeof *a);
    a->fn = fn;
    a->arg = arg;
    int err = pthread_create(thr, NULL, thrd_trampoline, a);
    if (err)
        rt_free(a);
    return err == 0 ? thrd_success : err == EAGAIN ? thrd_nomem : thrd_error;
}

int thrd_join(thrd_t thr, int *res)
{
    void *ret;
    if (pthread_join(thr, &ret) != 0)
        return thrd_error;
    if (res)
        *res = (int)(intptr_t)ret;
    return thrd_success;
}

int thrd_detach(thrd_t thr)
{
    return pthread_detach(thr) == 0 ? thrd_success : thrd_error;
}

int mtx_init(mtx_t *m, int type)
{
    SYNC_CREATE(m);
    return REAL(mtx_init)(m, type);
}

void mtx_destroy(mtx_t *m)
{
    mutex_hook_pre_destroy((uptr)m, CALLER_PC());
    SYNC_DESTROY(m);
    RESET(m);
    REAL(mtx_destroy)(m);
}

int mtx_lock(mtx_t *m)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    mutex_hook_pre_lock((uptr)m, pthread_mutex_misuse_flags(m), CALLER_PC());
    int err;
    BLOCKING_ACQUIRE(t, m, err, REAL(mtx_trylock)(m), err == thrd_busy, REAL(mtx_lock)(m));
    if (err == thrd_success)
        LOCK_ACQUIRED(m, true);
    return err;
}

int mtx_trylock(mtx_t *m)
{
    int err = REAL(mtx_trylock)(m);
    if (err == thrd_success)
        LOCK_ACQUIRED(m, true);
    return err;
}

int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict ts)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    mutex_hook_pre_lock((uptr)m, pthread_mutex_misuse_flags(m), CALLER_PC());
    int err;
    TIMED_ACQUIRE(t, m, err, REAL(mtx_trylock)(m), err == thrd_busy, REAL(mtx_timedlock)(m, SCHED_REAL_DEADLINE(CLOCK_REALTIME, ts)), CLOCK_REALTIME, ts, thrd_timedout);
    if (err == thrd_success)
        LOCK_ACQUIRED(m, true);
    return err;
}

int mtx_unlock(mtx_t *m)
{
    mutex_hook_pre_unlock((uptr)m, pthread_mutex_misuse_flags(m), CALLER_PC());
    LOCK_RELEASING(m);
    int err = REAL(mtx_unlock)(m);
    perturb(cur_thread(), SCHED_AFTER_UNLOCK);
    return err;
}

int cnd_init(cnd_t *c)
{
    SYNC_CREATE(c);
    return REAL(cnd_init)(c);
}

void cnd_destroy(cnd_t *c)
{
    SYNC_DESTROY(c);
    RESET(c);
    REAL(cnd_destroy)(c);
}

/* Serial schedules: the scheduler's condition model, shared with the
 * pthread interceptors. glibc's mtx_t and cnd_t are pthread objects under
 * another name (mtx_lock calls pthread_mutex_lock on the same bytes). */
static int serial_wait_result(int err)
{
    return err == 0 ? thrd_success : err == ETIMEDOUT ? thrd_timedout : thrd_error;
}

int cnd_signal(cnd_t *c)
{
    SYNC_USE(c);
    RELEASE(c);
    serial_cond_signal(c, false);
    int err = REAL(cnd_signal)(c);
    perturb(cur_thread(), SCHED_AFTER_SIGNAL);
    return err;
}

int cnd_broadcast(cnd_t *c)
{
    SYNC_USE(c);
    RELEASE(c);
    serial_cond_signal(c, true);
    int err = REAL(cnd_broadcast)(c);
    perturb(cur_thread(), SCHED_AFTER_SIGNAL);
    return err;
}

/* As pthread_cond_wait: the wait releases and re-takes the mutex inside
 * glibc, where we cannot see it. */
int cnd_wait(cnd_t *c, mtx_t *m)
{
    struct rt_thread *t = cur_thread();
    SYNC_USE(c);
    RELEASE(m);
    int err;
    if (serial(t)) {
        err = serial_wait_result(
            serial_cond_wait(t, c, (pthread_mutex_t *)m, false, SCHED_NO_DEADLINE));
    } else {
        perturb(t, SCHED_BEFORE_WAIT);
        err = REAL(cnd_wait)(c, m);
        perturb(t, SCHED_AFTER_WAIT);
    }
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}

int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict ts)
{
    struct rt_thread *t = cur_thread();
    SYNC_USE(c);
    RELEASE(m);
    int err;
    if (serial(t)) {
        err = serial_wait_result(serial_cond_wait(t, c, (pthread_mutex_t *)m, true,
                                                  serial_deadline(t, CLOCK_REALTIME, ts)));
        if (err == thrd_timedout)
            sched_time_reached(CLOCK_REALTIME, ts);
    } else {
        perturb(t, SCHED_BEFORE_WAIT);
        err = REAL(cnd_timedwait)(c, m, SCHED_REAL_DEADLINE(CLOCK_REALTIME, ts));
    }
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}

void call_once(once_flag *flag, void (*fn)(void))
{
    REAL(call_once)(flag, fn);
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        rt_enter(t);
        sync_acq_rel(t, (uptr)flag);
        rt_leave(t);
    }
}
