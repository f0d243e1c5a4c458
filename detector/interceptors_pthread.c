/*
 * interceptors_pthread.c — happens-before of threads and of the pthread
 * synchronization objects.
 *
 * Each model brackets the real call: release before a call that lets
 * another thread proceed (unlock, post, signal, create), acquire after a
 * call that waited for one (lock, wait, join). Only successful calls
 * acquire. glibc's cond_wait re-locks the mutex internally, invisibly to
 * us, so the wait itself releases and re-acquires the mutex.
 *
 * Under a serial schedule (sched=pct) blocking calls become try-and-wait
 * (BLOCKING_ACQUIRE), condition variables are the scheduler's
 * (serial_cond_wait), and join waits for the scheduler to see the thread
 * end: the thread that would unblock a waiter can only run once the
 * waiter gave up its turn.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "interceptors.h"
#include "mutex_set.h"
#include "sync.h"
#include "thread.h"

/* ---- threads ---------------------------------------------------------- */

struct start_args {
    struct rt_thread *self;
    void *(*fn)(void *);
    void *arg;
};

static void rt_thread_cleanup(void *self)
{
    rt_enter(self);
    mutex_set_thread_ends(self);
    rt_leave(self);
    thread_finish(self);
}

/* The start routine of every thread created through pthread_create. The
 * cleanup handler also runs on pthread_exit and cancellation. */
static void *rt_thread_trampoline(void *p)
{
    struct start_args a = *(struct start_args *)p;
    rt_free(p);
    thread_start(a.self);
    void *ret;
    pthread_cleanup_push(rt_thread_cleanup, a.self);
    ret = a.fn(a.arg);
    pthread_cleanup_pop(1);
    return ret;
}

int pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return REAL(pthread_create)(th, attr, fn, arg);
    perturb(t, SCHED_BEFORE_CREATE);
    rt_enter(t);
    struct rt_thread *child = thread_prepare_child(t, CALLER_PC());
    struct start_args *a = rt_alloc(sizeof *a);   /* freed by the child */
    a->self = child;
    a->fn = fn;
    a->arg = arg;
    int err = REAL(pthread_create)(th, attr, rt_thread_trampoline, a);
    if (err) {
        thread_abandon_child(child);
        rt_free(a);
    } else {
        thread_set_pthread(child, *th);
        /* Created detached: nobody will join it (thread leaks, slot reuse). */
        int state;
        if (attr && pthread_attr_getdetachstate(attr, &state) == 0 && state == PTHREAD_CREATE_DETACHED)
            thread_detached(*th);
    }
    rt_leave(t);
    if (!err)
        perturb(t, SCHED_AFTER_CREATE);
    return err;
}

/* glibc frees the stacks of exited threads inside join and detach (its
 * stack cache, __nptl_free_stacks), and with them their dynamic TLS
 * blocks (_dl_deallocate_tls: the malloc'ed TLS of dlopen'ed libraries).
 * Those blocks may belong to a detached thread, or to the joined one
 * before join is modeled: the free would race with the owner's own
 * writes. glibc frees them only once the owner is gone (the kernel clears
 * its tid), so these calls run unchecked; an unchecked free forgets the
 * block's history (interceptors_malloc.c). */
#define UNCHECKED(t, call)                                                                     \
    ({                                                                                         \
        rt_enter(t);                                                                           \
        __typeof__(call) r_ = (call);                                                          \
        rt_leave(t);                                                                           \
        r_;                                                                                    \
    })

int pthread_join(pthread_t th, void **ret)
{
    struct rt_thread *t = cur_thread();
    int err;
    if (serial(t)) {
        perturb(t, SCHED_BEFORE_LOCK);
        while (!thread_has_finished(th) && serial_wait(t, (const void *)th))
            ;
    }
    if (serial(t) && thread_has_finished(th)) {
        /* Its end is past: the real join waits only for glibc's exit
         * path, which needs no turn, so the caller keeps its own. */
        err = UNCHECKED(t, REAL(pthread_join)(th, ret));
    } else {
        perturb(t, SCHED_BEFORE_WAIT);
        err = UNCHECKED(t, REAL(pthread_join)(th, ret));
        perturb(t, SCHED_AFTER_WAIT);
    }
    if (err == 0 && !t->ignore) {
        rt_enter(t);
        thread_joined(t, th);
        rt_leave(t);
    }
    return err;
}

int pthread_tryjoin_np(pthread_t th, void **ret)
{
    struct rt_thread *t = cur_thread();
    int err = UNCHECKED(t, REAL(pthread_tryjoin_np)(th, ret));
    if (err == 0 && !t->ignore) {
        rt_enter(t);
        thread_joined(t, th);
        rt_leave(t);
    }
    return err;
}

int pthread_timedjoin_np(pthread_t th, void **ret, const struct timespec *abstime)
{
    struct rt_thread *t = cur_thread();
    int err = UNCHECKED(t, REAL(pthread_timedjoin_np)(th, ret, SCHED_REAL_DEADLINE(CLOCK_REALTIME, abstime)));
    if (err == 0 && !t->ignore) {
        rt_enter(t);
        thread_joined(t, th);
        rt_leave(t);
    }
    return err;
}

/* glibc 2.31: a joined thread is not a leak (thread_leak.h). */
int pthread_clockjoin_np(pthread_t th, void **ret, clockid_t clk, const struct timespec *abstime)
{
    struct rt_thread *t = cur_thread();
    int err = REAL(pthread_clockjoin_np)(th, ret, clk, abstime);
    if (err == 0 && !t->ignore) {
        rt_enter(t);
        thread_joined(t, th);
        rt_leave(t);
    }
    return err;
}

int pthread_detach(pthread_t th)
{
    struct rt_thread *t = cur_thread();
    /* Mark first: once detached, the thread may exit and be gone. The real
     * call frees the stack of a thread that already ended (see UNCHECKED). */
    rt_enter(t);
    thread_detached(th);
    int err = REAL(pthread_detach)(th);
    rt_leave(t);
    return err;
}

/* ---- mutexes ----------------------------------------------------------- */

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
    SYNC_CREATE(m);
    return REAL(pthread_mutex_init)(m, attr);
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
    mutex_hook_pre_destroy((uptr)m, CALLER_PC());
    SYNC_DESTROY(m);
    int err = REAL(pthread_mutex_destroy)(m);
    if (err == 0)
        RESET(m);
    return err;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    mutex_hook_pre_lock((uptr)m, pthread_mutex_misuse_flags(m), CALLER_PC());
    int err;
    BLOCKING_ACQUIRE(t, m, err, REAL(pthread_mutex_trylock)(m), err == EBUSY, REAL(pthread_mutex_lock)(m));
    /* EOWNERDEAD: the lock is ours, the previous owner died holding it. */
    if (err == 0 || err == EOWNERDEAD)
        LOCK_ACQUIRED(m, true);
    return err;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    perturb(cur_thread(), SCHED_BEFORE_LOCK);
    int err = REAL(pthread_mutex_trylock)(m);
    if (err == 0 || err == EOWNERDEAD)
        LOCK_ACQUIRED(m, true);
    return err;
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    mutex_hook_pre_lock((uptr)m, pthread_mutex_misuse_flags(m), CALLER_PC());
    int err;
    TIMED_ACQUIRE(t, m, err, REAL(pthread_mutex_trylock)(m), err == EBUSY, REAL(pthread_mutex_timedlock)(m, SCHED_REAL_DEADLINE(CLOCK_REALTIME, abstime)), CLOCK_REALTIME, abstime, ETIMEDOUT);
    if (err == 0 || err == EOWNERDEAD)
        LOCK_ACQUIRED(m, true);
    return err;
}

int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk, const struct timespec *abstime)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    mutex_hook_pre_lock((uptr)m, pthread_mutex_misuse_flags(m), CALLER_PC());
    int err;
    TIMED_ACQUIRE(t, m, err, REAL(pthread_mutex_trylock)(m), err == EBUSY, REAL(pthread_mutex_clocklock)(m, clk, SCHED_REAL_DEADLINE(clk, abstime)), clk, abstime, ETIMEDOUT);
    if (err == 0 || err == EOWNERDEAD)
        LOCK_ACQUIRED(m, true);
    return err;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    /* Release first: the moment the real unlock returns, another thread
     * may lock and acquire. An unlock that fails (not the owner) released
     * nothing real, but modeling it costs only extra edges, never a false
     * report. */
    mutex_hook_pre_unlock((uptr)m, pthread_mutex_misuse_flags(m), CALLER_PC());
    LOCK_RELEASING(m);
    int err = REAL(pthread_mutex_unlock)(m);
    perturb(cur_thread(), SCHED_AFTER_UNLOCK);
    return err;
}

/* ---- condition variables ----------------------------------------------- */
/* glibc keeps an old ABI of these for compatibility: ask for the current. */
#define COND_VERSION "GLIBC_2.3.2"

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
    SYNC_CREATE(c);
    return REAL_VERSIONED(pthread_cond_init, COND_VERSION)(c, attr);
}

int pthread_cond_destroy(pthread_cond_t *c)
{
    SYNC_DESTROY(c);
    RESET(c);
    return REAL_VERSIONED(pthread_cond_destroy, COND_VERSION)(c);
}

/* How long a waiter that gave the model up waits for real (below). */
#define GAVE_UP_WAIT_NS (10 * 1000 * 1000)

/* After the model gave an untimed wait up (no thread left in the model to
 * signal it): the real wait, outside the turn, with the mutex held again.
 * Between the model's wait and this one the mutex was free, and a thread
 * outside the turn (one the watchdog took the turn from, or one back from
 * I/O that has not reached its next scheduling point) may have changed
 * the predicate and signaled meanwhile: that signal found no waiter, in
 * the model or in the kernel. An unbounded wait would then never end
 * (xz -T2 hung so under load: tests/sched/real/cond_signal_while_kicked.c).
 * So the wait ends after GAVE_UP_WAIT_NS at most, as a spurious wakeup,
 * which POSIX allows: the program checks its predicate and waits again. */
static int gave_up_cond_wait(struct rt_thread *t, pthread_cond_t *c, pthread_mutex_t *m)
{
    struct timespec until;
    if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &until) != 0)
        return 0;
    until.tv_nsec += GAVE_UP_WAIT_NS;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    perturb(t, SCHED_BEFORE_WAIT);
    int err = REAL(pthread_cond_clockwait)(c, m, CLOCK_MONOTONIC, &until);
    perturb(t, SCHED_AFTER_WAIT);
    return err == ETIMEDOUT ? 0 : err;
}

/* Serial schedules: the scheduler's model of the wait; a bounded real one
 * when no thread in the model could signal (gave_up_cond_wait). */
int serial_cond_wait(struct rt_thread *t, void *c, pthread_mutex_t *m, bool timed,
                     uint64_t deadline)
{
    REAL(pthread_mutex_unlock)(m);
    t->ignore++;
    bool signaled = sched_cond_wait(c, timed, deadline);
    t->ignore--;
    int err;
    BLOCKING_ACQUIRE(t, m, err, REAL(pthread_mutex_trylock)(m), err == EBUSY,
                     REAL(pthread_mutex_lock)(m));
    return signaled ? 0 : timed ? ETIMEDOUT : gave_up_cond_wait(t, (pthread_cond_t *)c, m);
}

void serial_cond_signal(void *c, bool all)
{
    struct rt_thread *t = cur_thread();
    if (serial(t)) {
        t->ignore++;
        sched_cond_signal(c, all);
        t->ignore--;
    }
}

int pthread_cond_signal(pthread_cond_t *c)
{
    SYNC_USE(c);
    RELEASE(c);
    serial_cond_signal(c, false);
    int err = REAL_VERSIONED(pthread_cond_signal, COND_VERSION)(c);
    perturb(cur_thread(), SCHED_AFTER_SIGNAL);
    return err;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
    SYNC_USE(c);
    RELEASE(c);
    serial_cond_signal(c, true);
    int err = REAL_VERSIONED(pthread_cond_broadcast, COND_VERSION)(c);
    perturb(cur_thread(), SCHED_AFTER_SIGNAL);
    return err;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    struct rt_thread *t = cur_thread();
    SYNC_USE(c);
    RELEASE(m);
    int err;
    if (serial(t)) {
        err = serial_cond_wait(t, c, m, false, SCHED_NO_DEADLINE);
    } else {
        perturb(t, SCHED_BEFORE_WAIT);
        err = REAL_VERSIONED(pthread_cond_wait, COND_VERSION)(c, m);
        perturb(t, SCHED_AFTER_WAIT);
    }
    /* Whatever the outcome, the mutex is held again. A wakeup follows a
     * signal (or is spurious: then the extra edge costs nothing). */
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}

/* The clock a condition variable's deadlines are on (glibc keeps it in bit 1
 * of __wrefs: pthread_condattr_setclock). */
static clockid_t cond_clock(const pthread_cond_t *c)
{
    return LOAD(&c->__data.__wrefs) & 2 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
    struct rt_thread *t = cur_thread();
    SYNC_USE(c);
    RELEASE(m);
    int err;
    if (serial(t)) {
        err = serial_cond_wait(t, c, m, true, serial_deadline(t, cond_clock(c), abstime));
        if (err == ETIMEDOUT)
            sched_time_reached(cond_clock(c), abstime);
    } else {
        perturb(t, SCHED_BEFORE_WAIT);
        err = REAL_VERSIONED(pthread_cond_timedwait, COND_VERSION)(
            c, m, SCHED_REAL_DEADLINE(cond_clock(c), abstime));
    }
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}

int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk,
                           const struct timespec *abstime)
{
    struct rt_thread *t = cur_thread();
    SYNC_USE(c);
    RELEASE(m);
    int err;
    if (serial(t)) {
        err = serial_cond_wait(t, c, m, true, serial_deadline(t, clk, abstime));
        if (err == ETIMEDOUT)
            sched_time_reached(clk, abstime);
    } else {
        perturb(t, SCHED_BEFORE_WAIT);
        err = REAL(pthread_cond_clockwait)(c, m, clk, SCHED_REAL_DEADLINE(clk, abstime));
    }
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}

/* ---- rwlocks ------------------------------------------------------------ */
/* Readers acquire the writers' clock only and release into a separate read
 * clock; a writer acquires both. So readers are not ordered with each
 * other, and every reader happens-before the next writer. */

int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *attr)
{
    SYNC_CREATE(l);
    return REAL(pthread_rwlock_init)(l, attr);
}

int pthread_rwlock_destroy(pthread_rwlock_t *l)
{
    mutex_hook_pre_destroy((uptr)l, CALLER_PC());
    SYNC_DESTROY(l);
    int err = REAL(pthread_rwlock_destroy)(l);
    if (err == 0)
        RESET(l);
    return err;
}

#define RWLOCK_MODEL(t_, l_, read_)                                                            \
    do {                                                                                       \
        if (!(t_)->ignore) {                                                                   \
            rt_enter(t_);                                                                      \
            if (read_)                                                                         \
                sync_read_acquire((t_), (uptr)(l_));                                           \
            else                                                                               \
                sync_write_acquire((t_), (uptr)(l_));                                          \
            mutex_set_locked((t_), (uptr)(l_), !(read_), CALLER_PC());                         \
            rt_leave(t_);                                                                      \
            SYNC_USE(l_);                                                                      \
        }                                                                                      \
    } while (0)

/* clk_, ts_: the deadline of a timed variant (ts_ NULL: none). */
#define DEFINE_RWLOCK_ACQUIRE(name, try_, read_, params, args, clk_, ts_)                      \
    int name params                                                                            \
    {                                                                                          \
        struct rt_thread *t = cur_thread();                                                    \
        perturb(t, SCHED_BEFORE_LOCK);                                                         \
        /* glibc answers EDEADLK to a writer that holds it already. */                         \
        mutex_hook_pre_lock((uptr)l, (read_) ? MC_READ : MC_CHECKED, CALLER_PC());             \
        int err;                                                                               \
        TIMED_ACQUIRE(t, l, err, REAL(try_)(l), err == EBUSY, REAL(name) args, clk_, ts_,      \
                      ETIMEDOUT);                                                              \
        if (err == 0)                                                                          \
            RWLOCK_MODEL(t, l, read_);                                                         \
        return err;                                                                            \
    }

/* The try variants never block: their "try" is themselves, and a busy
 * lock is their answer rather than a reason to wait. */
#define RD pthread_rwlock_tryrdlock
#define WR pthread_rwlock_trywrlock
DEFINE_RWLOCK_ACQUIRE(pthread_rwlock_rdlock, RD, true, (pthread_rwlock_t *l), (l),
                      CLOCK_REALTIME, NULL)
DEFINE_RWLOCK_ACQUIRE(pthread_rwlock_timedrdlock, RD, true,
                      (pthread_rwlock_t *l, const struct timespec *ts),
                      (l, SCHED_REAL_DEADLINE(CLOCK_REALTIME, ts)), CLOCK_REALTIME, ts)
DEFINE_RWLOCK_ACQUIRE(pthread_rwlock_clockrdlock, RD, true,
                      (pthread_rwlock_t *l, clockid_t c, const struct timespec *ts),
                      (l, c, SCHED_REAL_DEADLINE(c, ts)), c, ts)
DEFINE_RWLOCK_ACQUIRE(pthread_rwlock_wrlock, WR, false, (pthread_rwlock_t *l), (l),
                      CLOCK_REALTIME, NULL)
DEFINE_RWLOCK_ACQUIRE(pthread_rwlock_timedwrlock, WR, false,
                      (pthread_rwlock_t *l, const struct timespec *ts),
                      (l, SCHED_REAL_DEADLINE(CLOCK_REALTIME, ts)), CLOCK_REALTIME, ts)
DEFINE_RWLOCK_ACQUIRE(pthread_rwlock_clockwrlock, WR, false,
                      (pthread_rwlock_t *l, clockid_t c, const struct timespec *ts),
                      (l, c, SCHED_REAL_DEADLINE(c, ts)), c, ts)
#undef RD
#undef WR

static int rwlock_try(pthread_rwlock_t *l, bool read, int (*try_)(pthread_rwlock_t *))
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    int err = try_(l);
    if (err == 0)
        RWLOCK_MODEL(t, l, read);
    return err;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
    return rwlock_try(l, true, REAL(pthread_rwlock_tryrdlock));
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
    return rwlock_try(l, false, REAL(pthread_rwlock_trywrlock));
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        rt_enter(t);
        mutex_set_unlocked(t, (uptr)l);
        /* Which side do we hold? glibc records the writer's tid in the
         * lock: the writer releases into the writers' clock, a reader into
         * the read clock. */
        if (l->__data.__cur_writer == gettid())
            sync_release(t, (uptr)l);
        else
            sync_read_release(t, (uptr)l);
        SCHED_RELEASING(l);
        rt_leave(t);
    }
    int err = REAL(pthread_rwlock_unlock)(l);
    perturb(t, SCHED_AFTER_UNLOCK);
    return err;
}

/* ---- spinlocks ---------------------------------------------------------- */

int pthread_spin_init(pthread_spinlock_t *l, int pshared)
{
    SYNC_CREATE(l);
    return REAL(pthread_spin_init)(l, pshared);
}

int pthread_spin_destroy(pthread_spinlock_t *l)
{
    mutex_hook_pre_destroy((uptr)l, CALLER_PC());
    SYNC_DESTROY(l);
    RESET(l);
    return REAL(pthread_spin_destroy)(l);
}

int pthread_spin_lock(pthread_spinlock_t *l)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    mutex_hook_pre_lock((uptr)l, 0, CALLER_PC());
    int err;
    BLOCKING_ACQUIRE(t, l, err, REAL(pthread_spin_trylock)(l), err == EBUSY, REAL(pthread_spin_lock)(l));
    if (err == 0)
        LOCK_ACQUIRED(l, true);
    return err;
}

int pthread_spin_trylock(pthread_spinlock_t *l)
{
    int err = REAL(pthread_spin_trylock)(l);
    if (err == 0)
        LOCK_ACQUIRED(l, true);
    return err;
}

int pthread_spin_unlock(pthread_spinlock_t *l)
{
    mutex_hook_pre_unlock((uptr)l, 0, CALLER_PC());
    LOCK_RELEASING(l);
    int err = REAL(pthread_spin_unlock)(l);
    perturb(cur_thread(), SCHED_AFTER_UNLOCK);
    return err;
}

/* ---- barriers ------------------------------------------------------------ */
/* Everything before the barrier, in every thread, happens-before everything
 * after it. The last thread to arrive may leave before the others acquire,
 * so arrivals release (merge) and departures acquire. */

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned n)
{
    SYNC_CREATE(b);
    return REAL(pthread_barrier_init)(b, attr, n);
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
    SYNC_DESTROY(b);
    RESET(b);
    return REAL(pthread_barrier_destroy)(b);
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_WAIT);
    /* Read before the arrival only: after it, the last thread out may
     * destroy the barrier (glibc allows it), unordered with the others. */
    SYNC_USE(b);
    RELEASE(b);
    int err = REAL(pthread_barrier_wait)(b);
    perturb(t, SCHED_AFTER_WAIT);
    ACQUIRE(b);
    return err;
}

/* ---- pthread_once ---------------------------------------------------------- */
/* The initializer's effects happen-before every return from pthread_once on
 * the same control: glibc runs the routine in the first caller (its
 * completion is released) and makes the others wait or see it done. */

int pthread_once(pthread_once_t *once, void (*init)(void))
{
    int err = REAL(pthread_once)(once, init);
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        rt_enter(t);
        /* Release-then-acquire on every return: the caller that ran init
         * publishes, later callers join what earlier ones published. */
        sync_acq_rel(t, (uptr)once);
        rt_leave(t);
    }
    return err;
}

/* ---- semaphores ------------------------------------------------------------ */

int sem_init(sem_t *s, int pshared, unsigned value)
{
    SYNC_CREATE(s);
    return REAL(sem_init)(s, pshared, value);
}

int sem_destroy(sem_t *s)
{
    SYNC_DESTROY(s);
    RESET(s);
    return REAL(sem_destroy)(s);
}

int sem_post(sem_t *s)
{
    SYNC_USE(s);
    RELEASE(s);
    int err = REAL(sem_post)(s);
    perturb(cur_thread(), SCHED_AFTER_UNLOCK);
    return err;
}

/* clk_, ts_: the deadline of a timed variant (ts_ NULL: none). */
#define DEFINE_SEM_WAIT(name, params, args, clk_, ts_)                                         \
    int name params                                                                            \
    {                                                                                          \
        struct rt_thread *t = cur_thread();                                                    \
        perturb(t, SCHED_BEFORE_LOCK);                                                         \
        int err;                                                                               \
        TIMED_ACQUIRE(t, s, err, REAL(sem_trywait)(s), err != 0 && errno == EAGAIN,            \
                      REAL(name) args, clk_, ts_, (errno = ETIMEDOUT, -1));                    \
        if (err == 0) {                                                                        \
            ACQUIRE(s);                                                                        \
            SYNC_USE(s);                                                                       \
        }                                                                                      \
        return err;                                                                            \
    }

DEFINE_SEM_WAIT(sem_wait, (sem_t *s), (s), CLOCK_REALTIME, NULL)
DEFINE_SEM_WAIT(sem_timedwait, (sem_t *s, const struct timespec *ts),
                (s, SCHED_REAL_DEADLINE(CLOCK_REALTIME, ts)), CLOCK_REALTIME, ts)
DEFINE_SEM_WAIT(sem_clockwait, (sem_t *s, clockid_t c, const struct timespec *ts),
                (s, c, SCHED_REAL_DEADLINE(c, ts)), c, ts)

int sem_trywait(sem_t *s)
{
    perturb(cur_thread(), SCHED_BEFORE_LOCK);
    int err = REAL(sem_trywait)(s);
    if (err == 0) {
        ACQUIRE(s);
        SYNC_USE(s);
    }
    return err;
}
