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
#include "thread.h"

enum {
    MC_READ = 1,        /* a shared (reader) acquisition or release */
    MC_TRY = 2,         /* a try-lock: never waits */
    MC_RECURSIVE = 4,   /* its holder may take it again */
    MC_CHECKED = 8,     /* the lock returns an error for a double lock or a bad unlock */
};

void mutex_check_lock(struct rt_thread *t, uptr addr, unsigned flags, uptr pc);
void mutex_check_unlock(struct rt_thread *t, uptr addr, unsigned flags, uptr pc);

/* Before a lock of ADDR at PC: double-lock check and lock-order edges.
 * Nothing to check for a thread that holds no lock (the common case);
 * FLAGS is evaluated only when there is. */
#define mutex_hook_pre_lock(ADDR, FLAGS, PC)                                                   \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        if (unlikely(t_->nheld))                                                               \
            mutex_check_lock(t_, (ADDR), (FLAGS), (PC));                                       \
    } while (0)

/* Before an unlock of ADDR at PC: the unlocking thread must hold it.
 * Nothing to check when it is the lock the thread took last. */
#define mutex_hook_pre_unlock(ADDR, FLAGS, PC)                                                 \
    do {                                                                                       \
        struct rt_thread *t_ = cur_thread();                                                   \
        uptr a_ = (ADDR);                                                                      \
        unsigned n_ = t_->nheld;                                                               \
        if (unlikely(!n_ || t_->held[n_ - 1].addr != a_ || !t_->held[n_ - 1].write))          \
            mutex_check_unlock(t_, a_, (FLAGS), (PC));                                         \
    } while (0)
/* Before a destroy of addr at pc: it must not be held. */
void mutex_hook_pre_destroy(uptr addr, uptr pc);
/* The object at addr was (re)initialized or destroyed: it is free, with
 * no lock order (called with the thread inside the runtime). */
void mutex_hook_forget(uptr addr);

#endif
