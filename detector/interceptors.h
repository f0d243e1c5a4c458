/*
 * interceptors.h — how an interceptor finds the libc function it replaces.
 *
 * The runtime is linked into the executable, whose definitions of malloc,
 * pthread_mutex_lock, memcpy, ... take precedence over libc's for every
 * caller (racetest.dynlist exports them to shared libraries too). The real
 * function is looked up once with dlsym(RTLD_NEXT) — dlvsym where glibc
 * keeps several versions — and cached. An interceptor called while its
 * thread is inside the runtime (t->ignore) only forwards.
 */
#ifndef RT_INTERCEPTORS_H
#define RT_INTERCEPTORS_H

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>

#include "mutex_misuse.h"
#include "mutex_set.h"
#include "rt_defs.h"
#include "sync.h"
#include "sync_object_race.h"
#include "thread.h"

void *interceptor_resolve(const char *name, const char *version);

/* Nonzero while the calling thread is inside interceptor_resolve's dlsym
 * (interceptor_resolve.c): what glibc's dynamic-linker code frees then is
 * its own (a stale dlerror string), and free hands it straight back. */
extern __thread int rt_resolving __attribute__((tls_model("initial-exec")));

/* REAL(fn) evaluates to the real fn, typed like our own definition. */
#define REAL(fn) REAL_VERSIONED(fn, NULL)
#define REAL_VERSIONED(fn, version)                                                            \
    ({                                                                                         \
        static __typeof__(&fn) real_;                                                          \
        __typeof__(&fn) r_ = LOAD(&real_);                                                     \
        if (unlikely(!r_)) {                                                                   \
            r_ = (__typeof__(&fn))interceptor_resolve(#fn, version);                           \
            STORE(&real_, r_);                                                                 \
        }                                                                                      \
        r_;                                                                                    \
    })

/* The models shared by the interceptors of synchronization objects. */

/* Before releasing obj: threads that wait to take it may try again
 * (serial schedules only; sched_fuzz.h). */
#define SCHED_RELEASING(obj)                                                                   \
    do {                                                                                       \
        if (sched_serial)                                                                      \
            sched_released((const void *)(obj));                                              \
    } while (0)

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
            SCHED_RELEASING(obj);                                                              \
            rt_leave(t_);                                                                      \
        }                                                                                      \
    } while (0)

#define RESET(obj)                                                                             \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        rt_enter(t_);                                                                          \
        sync_reset((uptr)(obj));                                                               \
        mutex_hook_forget((uptr)(obj));                                                        \
        rt_leave(t_);                                                                          \
    } while (0)

/* The misuse checks of a glibc mutex (mutex_misuse.h) follow its type: a
 * recursive one may be taken again by its holder, and error-checking,
 * recursive, robust, priority-inheritance and priority-protected ones
 * check their owner themselves (EDEADLK, EPERM). mtx_t has the layout of
 * pthread_mutex_t. */
static inline unsigned pthread_mutex_misuse_flags(const void *m)
{
    int kind = ((const pthread_mutex_t *)m)->__data.__kind;
    if ((kind & 3) == PTHREAD_MUTEX_RECURSIVE)
        return MC_RECURSIVE | MC_CHECKED;
    if ((kind & 3) == PTHREAD_MUTEX_ERRORCHECK || (kind & (16 | 32 | 64)))
        return MC_CHECKED;
    return 0;
}

/* Races on the object itself (sync_object_race.h): its creation writes it
 * and forgets its synchronization, its destruction writes it (the caller
 * forgets once the destroy succeeded), a use reads it. A lock is read when
 * taken, not again at its unlock: the holder's read at the lock already
 * races with whatever its unlock would. In the interceptor itself: the
 * access carries its caller's pc. */
#define SYNC_CREATE(obj)                                                                       \
    do {                                                                                       \
        sync_object_access((uptr)(obj), true, CALLER_PC());                                    \
        RESET(obj);                                                                            \
    } while (0)
#define SYNC_DESTROY(obj) sync_object_access((uptr)(obj), true, CALLER_PC())
#define SYNC_USE(obj) sync_object_access((uptr)(obj), false, CALLER_PC())

/* A lock taken or about to be released: happens-before plus the thread's
 * mutex set (mutex_set.h). */
#define LOCK_ACQUIRED(obj, write)                                                              \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        if (!t_->ignore) {                                                                     \
            rt_enter(t_);                                                                      \
            sync_acquire(t_, (uptr)(obj));                                                     \
            mutex_set_locked(t_, (uptr)(obj), (write), CALLER_PC());                           \
            rt_leave(t_);                                                                      \
            SYNC_USE(obj);                                                                     \
        }                                                                                      \
    } while (0)

/* A blocking acquisition of OBJ. Under a serial schedule (thread.h,
 * serial()) the thread must not block holding its turn: the expression
 * TRY is repeated while BUSY (an expression of `res`) holds, each time
 * after another thread released OBJ (SCHED_RELEASING); when no other
 * thread can run, BLOCK runs for real, outside the turn. Otherwise BLOCK
 * runs directly. `res` receives the result. */
#define BLOCKING_ACQUIRE(t, obj, res, TRY, BUSY, BLOCK)                                         \
    BLOCKING_ACQUIRE_UNTIL(t, obj, res, TRY, BUSY, BLOCK, SCHED_NO_DEADLINE, (void)0)

/* The same for a timed acquisition until ABSTIME on CLK: under a serial
 * schedule its deadline may be virtual (sched_fuzz.h, "timed waits"); when
 * virtual time reaches it, the clocks move there and `res` = TIMEDOUT (an
 * expression: the call's timeout answer). */
#define TIMED_ACQUIRE(t, obj, res, TRY, BUSY, BLOCK, clk, abstime, TIMEDOUT)                    \
    BLOCKING_ACQUIRE_UNTIL(t, obj, res, TRY, BUSY, BLOCK, serial_deadline((t), (clk), (abstime)), \
                           (sched_time_reached((clk), (abstime)), (res) = (TIMEDOUT)))

#define BLOCKING_ACQUIRE_UNTIL(t, obj, res, TRY, BUSY, BLOCK, DEADLINE, ON_TIMEOUT)             \
    do {                                                                                       \
        if (serial(t)) {                                                                       \
            uint64_t at_ = (DEADLINE);                                                         \
            enum sched_wait w_ = SCHED_WAIT_AGAIN;                                             \
            while ((res) = (TRY), (BUSY) && (w_ = serial_wait_until((t), (const void *)(obj), \
                                                                    at_)) == SCHED_WAIT_AGAIN) \
                ;                                                                              \
            if (!(BUSY))                                                                       \
                break;                                                                         \
            if (w_ == SCHED_WAIT_TIMED_OUT) {                                                  \
                ON_TIMEOUT;                                                                    \
                break;                                                                         \
            }                                                                                  \
            perturb((t), SCHED_BEFORE_WAIT);                                                   \
            (res) = (BLOCK);                                                                   \
            perturb((t), SCHED_AFTER_WAIT);                                                    \
        } else {                                                                               \
            (res) = (BLOCK);                                                                   \
        }                                                                                      \
    } while (0)

/* A condition wait under a serial schedule (interceptors_pthread.c): the
 * caller has modeled the mutex's release. Returns 0 when signaled (or
 * woken spuriously: when no thread in the model could signal, it waits
 * for real for a moment), ETIMEDOUT when a timed wait times out, or the
 * real wait's error. The mutex is held again on return. cond may be a
 * cnd_t (glibc's has the layout of pthread_cond_t). */
int serial_cond_wait(struct rt_thread *t, void *cond, pthread_mutex_t *m, bool timed,
                     uint64_t deadline);
/* A signal (all: a broadcast) of a condition variable under a serial
 * schedule: wakes the scheduler's waiters (no-op otherwise). */
void serial_cond_signal(void *cond, bool all);

#define LOCK_RELEASING(obj)                                                                    \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        if (!t_->ignore) {                                                                     \
            rt_enter(t_);                                                                      \
            mutex_set_unlocked(t_, (uptr)(obj));                                               \
            sync_release(t_, (uptr)(obj));                                                     \
            SCHED_RELEASING(obj);                                                              \
            rt_leave(t_);                                                                      \
        }                                                                                      \
    } while (0)

#endif
