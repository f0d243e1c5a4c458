/*
 * mutex_set.h — which locks each thread holds, for reports ("by thread T2
 * (mutexes: write M1):", "Mutex M1 (0x...) created at:"): kept per thread
 * and written into the thread's history, so the set held at an earlier
 * access can be restored with its stack. Called by the lock interceptors
 * (mutex, rwlock, spinlock) from the locking thread, inside the runtime.
 * A lock held several times (recursively) is in the set as often. The
 * set is also what the misuse checks read (mutex_misuse.c): whether the
 * thread holds a lock is a scan of a few entries, never a lookup.
 */
#ifndef RT_MUTEX_SET_H
#define RT_MUTEX_SET_H

#include "rt_defs.h"

struct rt_thread;

/* After the lock at addr was taken (write: exclusively) at pc. */
void mutex_set_locked(struct rt_thread *t, uptr addr, bool write, uptr pc);
/* Before the lock at addr is released. */
void mutex_set_unlocked(struct rt_thread *t, uptr addr);
/* The stack (stack_depot id) where t took its held lock number i: the
 * call site, then the frames that were under it and are still on the
 * shadow stack (exact while the thread has not returned below that depth
 * since; the call site always is). */
u32 mutex_set_held_stack(struct rt_thread *t, unsigned i);
/* The thread ends holding the locks of its set. A robust mutex passes to
 * its next locker (EOWNERDEAD), which must then be ordered after what the
 * dead owner did: each lock held for writing is released. Locks that are
 * not robust are never taken again; the edge costs nothing there. */
void mutex_set_thread_ends(struct rt_thread *t);

#endif
