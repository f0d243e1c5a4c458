/*
 * sync_object_race.h — races on synchronization objects themselves, as
 * ThreadSanitizer finds them: creating or destroying a mutex, rwlock,
 * spinlock, condition variable, barrier or semaphore writes the object,
 * and every use (lock, signal, wait, post) reads it. So an init
 * racing with a lock, a destroy racing with an unlock, or a free of the
 * memory racing with a signal is reported like any data race; uses never
 * race with each other.
 *
 * Only instrumented callers are checked (caller_module.h). The access
 * covers the object's first byte. It is made by the
 * interceptor, with the caller's pc, before any release the call makes
 * (so that a thread that acquires from the call is ordered after it) and
 * after the acquisition of a lock. Never on the access fast path.
 */
#ifndef RT_SYNC_OBJECT_RACE_H
#define RT_SYNC_OBJECT_RACE_H

#include "rt_defs.h"

/* The calling thread writes (creates, destroys) or reads (uses) the
 * object at addr; pc is its caller's. Nothing when accesses are ignored. */
void sync_object_access(uptr addr, bool is_write, uptr pc);

#endif
