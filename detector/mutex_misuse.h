/*
 * mutex_misuse.h — the lock hooks: what the lock interceptors (pthread,
 * C11, TSan's custom-mutex annotations) call besides the happens-before
 * model, to report misuse of a lock (TSan's report_mutex_bugs,
 * report_destroy_locked) and to feed the lock-order graph (deadlock.h).
 *
 * Misuse is reported where the program's behaviour is undefined and the
 * lock does not say so itself: a lock of a non-recursive mutex that its
 * own holder already holds (it would wait forever: reported before it
 * blocks), an unlock by a thread that does not hold it, a destroy of a
 * held lock. An error-checking mutex (MC_CHECKED) returns EDEADLK / EPERM
 * for the first two: the program is told, and handling that is its
 * business, so those are not reported for it.
 *
 * Each hook is called by the thread doing the operation, outside the
 * runtime (it enters itself), and does nothing while the thread is inside
 * it (t->ignore).
 */
#ifndef RT_MUTEX_MISUSE_H
#define RT_MUTEX_MISUSE_H

#include "rt_defs.h"

enum {
    MC_READ = 1,        /* a shared (reader) acquisition or release */
    MC_TRY = 2,         /* a try-lock: never waits */
    MC_RECURSIVE = 4,   /* its holder may take it again */
    MC_CHECKED = 8,     /* the lock returns an error for a double lock or a bad unlock */
};

/* Before a lock of addr at pc: double-lock check and lock-order edges. */
void mutex_hook_pre_lock(uptr addr, unsigned flags, uptr pc);
/* Before an unlock of addr at pc: the unlocking thread must hold it. */
void mutex_hook_pre_unlock(uptr addr, unsigned flags, uptr pc);
/* Before a destroy of addr at pc: it must not be held. */
void mutex_hook_pre_destroy(uptr addr, uptr pc);
/* A condition wait on the mutex at addr released it (reacquired: false)
 * or took it again (true), inside libc. */
void mutex_hook_cond_wait(uptr addr, bool reacquired);
/* The object at addr was (re)initialized or destroyed: it is free, with
 * no lock order (called with the thread inside the runtime). */
void mutex_hook_forget(uptr addr);

#endif
