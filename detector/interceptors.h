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

#include "mutex_set.h"
#include "rt_defs.h"
#include "sync.h"
#include "thread.h"

void *interceptor_resolve(const char *name, const char *version);

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
        }                                                                                      \
    } while (0)

#define LOCK_RELEASING(obj)                                                                    \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        if (!t_->ignore) {                                                                     \
            rt_enter(t_);                                                                      \
            mutex_set_unlocked(t_, (uptr)(obj));                                               \
            sync_release(t_, (uptr)(obj));                                                     \
            rt_leave(t_);                                                                      \
        }                                                                                      \
    } while (0)

#endif
