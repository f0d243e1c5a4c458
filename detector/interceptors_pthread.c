/*
 * interceptors_pthread.c — happens-before of threads and of the pthread
 * synchronization objects.
 *
 * Each model brackets the real call: release before a call that lets
 * another thread proceed (unlock, post, signal, create), acquire after a
 * call that waited for one (lock, wait, join). Only successful calls
 * acquire. glibc's cond_wait re-locks the mutex internally, invisibly to
 * us, so the wait itself releases and re-acquires the mutex.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>

#include "interceptors.h"
#include "sync.h"
#include "thread.h"

void *interceptor_resolve(const char *name, const char *version)
{
    void *p = version ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
    if (!p)
        rt_fatal("cannot find the real %s in libc", name);
    return p;
}

/* ---- threads ---------------------------------------------------------- */

struct start_args {
    struct rt_thread *self;
    void *(*fn)(void *);
    void *arg;
};

static void rt_thread_cleanup(void *self)
{
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
    }
    rt_leave(t);
    return err;
}

int pthread_join(pthread_t th, void **ret)
{
    struct rt_thread *t = cur_thread();
    int err = REAL(pthread_join)(th, ret);
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
    int err = REAL(pthread_tryjoin_np)(th, ret);
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
    int err = REAL(pthread_timedjoin_np)(th, ret, abstime);
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
    /* Mark first: once detached, the thread may exit and be gone. */
    rt_enter(t);
    thread_detached(th);
    rt_leave(t);
    return REAL(pthread_detach)(th);
}

/* ---- helpers shared by the object models ------------------------------- */

#define ACQUIRE(obj)                                                                           \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        if (!t_->ignore) {                                                                     \
            rt_enter(t_);                                                                      \
            sync_acquire(t_, (uptr)(obj));                                                     \
            rt_leave(t_);                                                                      \
        }                                                                                      \
    } while (0)

#define RELEASE(obj)                                                                           \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        if (!t_->ignore) {                                                                     \
            rt_enter(t_);                                                                      \
            sync_release(t_, (uptr)(obj));                                                     \
            rt_leave(t_);                                                                      \
        }                                                                                      \
    } while (0)

#define RESET(obj)                                                                             \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        rt_enter(t_);                                                                          \
        sync_reset((uptr)(obj));                                                               \
        rt_leave(t_);                                                                          \
    } while (0)

/* ---- mutexes ----------------------------------------------------------- */

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
    RESET(m);
    return REAL(pthread_mutex_init)(m, attr);
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
    int err = REAL(pthread_mutex_destroy)(m);
    if (err == 0)
        RESET(m);
    return err;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
    int err = REAL(pthread_mutex_lock)(m);
    /* EOWNERDEAD: the lock is ours, the previous owner died holding it. */
    if (err == 0 || err == EOWNERDEAD)
        ACQUIRE(m);
    return err;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    int err = REAL(pthread_mutex_trylock)(m);
    if (err == 0 || err == EOWNERDEAD)
        ACQUIRE(m);
    return err;
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
    int err = REAL(pthread_mutex_timedlock)(m, abstime);
    if (err == 0 || err == EOWNERDEAD)
        ACQUIRE(m);
    return err;
}

int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk, const struct timespec *abstime)
{
    int err = REAL(pthread_mutex_clocklock)(m, clk, abstime);
    if (err == 0 || err == EOWNERDEAD)
        ACQUIRE(m);
    return err;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    /* Release first: the moment the real unlock returns, another thread
     * may lock and acquire. An unlock that fails (not the owner) released
     * nothing real, but modeling it costs only extra edges, never a false
     * report. */
    RELEASE(m);
    return REAL(pthread_mutex_unlock)(m);
}

/* ---- condition variables ----------------------------------------------- */
/* glibc keeps an old ABI of these for compatibility: ask for the current. */
#define COND_VERSION "GLIBC_2.3.2"

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
    RESET(c);
    return REAL_VERSIONED(pthread_cond_init, COND_VERSION)(c, attr);
}

int pthread_cond_destroy(pthread_cond_t *c)
{
    RESET(c);
    return REAL_VERSIONED(pthread_cond_destroy, COND_VERSION)(c);
}

int pthread_cond_signal(pthread_cond_t *c)
{
    RELEASE(c);
    return REAL_VERSIONED(pthread_cond_signal, COND_VERSION)(c);
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
    RELEASE(c);
    return REAL_VERSIONED(pthread_cond_broadcast, COND_VERSION)(c);
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    RELEASE(m);
    int err = REAL_VERSIONED(pthread_cond_wait, COND_VERSION)(c, m);
    /* Whatever the outcome, the mutex is held again. A wakeup follows a
     * signal (or is spurious: then the extra edge costs nothing). */
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
    RELEASE(m);
    int err = REAL_VERSIONED(pthread_cond_timedwait, COND_VERSION)(c, m, abstime);
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}

int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk,
                           const struct timespec *abstime)
{
    RELEASE(m);
    int err = REAL(pthread_cond_clockwait)(c, m, clk, abstime);
    ACQUIRE(m);
    ACQUIRE(c);
    return err;
}
