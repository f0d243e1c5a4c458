/*
 * sync.h — synchronization objects: the happens-before state attached to an
 * address that is used for synchronization (a mutex, an atomic variable, a
 * condition variable, a semaphore, a file descriptor, an annotation, ...).
 *
 * The table maps an address to its sync object; lookups and inserts are
 * lock-free (open addressing, keys installed by CAS, never removed: a
 * destroyed or freed object is reset in place, so an object's address is
 * its identity for the life of the process). Only synchronization
 * operations come here, never plain accesses.
 *
 * Each object's clocks are written under its own spinlock. The release
 * clock is also read without it (acquires, the common operation, never
 * wait for one another): it follows the shared-clock protocol of
 * vector_clock.h, and every release into it bumps the object's version
 * after the entries, with release order. A thread remembers which version of the
 * objects it acquired last its clock already contains (a small per-thread
 * cache, touched only with the thread's ignore flag raised, so a signal
 * handler never sees it half-written); acquiring an unchanged object again
 * then costs one load. Thread clocks only grow over a thread's life, which
 * is what keeps a remembered version true.
 */
#ifndef RT_SYNC_H
#define RT_SYNC_H

#include "rt_defs.h"
#include "vector_clock.h"

struct rt_thread;

struct sync_var {
    uptr addr;
    u32 id;                     /* M<id> in reports */
    u32 create_stack;           /* stack_depot id: where it was first locked */
    rt_spinlock lock;
    u64 version;                /* bumped (release order) after every release into clock */
    struct vclock clock;        /* released by writers / unlockers / posters */
    struct vclock read_clock;   /* released by rwlock readers */
    struct sync_var *next_all;  /* every object ever created (fork child) */
};

/* The sync object of addr, created if `create`; NULL if absent. */
struct sync_var *sync_get(uptr addr, bool create);
/* Forgets the synchronization state at addr (a destroyed mutex). Memory
 * that is freed keeps its objects: a new object at the same address then
 * inherits extra happens-before edges, which can hide a race but never
 * invent one. */
void sync_reset(uptr addr);

/* A new test execution starts (__racetest_test_begin, no other thread of
 * the test alive): every object forgets where it was created, so the next
 * lock records it again and a report names the current test's stack, not
 * that of an earlier test whose object lived at the same address. Only
 * report metadata: the happens-before state is kept (dropping it could
 * invent a race). */
void sync_forget_creation(void);

/* The thread's clock is joined with the object's: everything released into
 * it happens-before what the thread does next. */
void sync_acquire(struct rt_thread *t, uptr addr);
/* The object's clock is joined with the thread's: everything the thread did
 * so far happens-before any later acquire of the object. */
void sync_release(struct rt_thread *t, uptr addr);
/* Both, atomically with respect to other operations on the object. */
void sync_acq_rel(struct rt_thread *t, uptr addr);

/* Standalone fences (atomics.c). A relaxed load collects what it could
 * have acquired into the thread's pending fence clock (fence_acquire); a
 * relaxed store publishes the clock of the thread's latest release fence
 * (fence_release). */
void sync_acquire_for_fence(struct rt_thread *t, uptr addr);
void sync_release_fence_clock(struct rt_thread *t, uptr addr);

/* rwlock read side: readers acquire only the writers' clock, and release
 * into a separate clock that the next writer acquires. */
void sync_read_acquire(struct rt_thread *t, uptr addr);
void sync_read_release(struct rt_thread *t, uptr addr);
void sync_write_acquire(struct rt_thread *t, uptr addr);

void sync_init(void);

#endif
