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

#include "rt_defs.h"

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

#endif
