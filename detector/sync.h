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
    u64 store_seq;              /* atomics: odd while a store replaces clock */
    struct vclock merged;       /* atomics: every clock a store replaced */
    u32 contained_in;           /* atomics: sid + 1 of a thread whose clock
                                   contains this one (0: none known) */
    bool clock_empty;           /* atomics: a store emptied it, nothing since */
    bool replacing;             /* atomics: the store in progress lowers it */
    bool not_only_atomics;      /* a release other than an atomic operation's
                                   (a lock, an annotation) went into clock:
                                   stores join instead of replacing */
    struct sync_var *next_all;  /* every object ever created (fork child) */
    /* As a lock: __tsan_mutex_create's flags (annotations_mutex.c) and
     * MUTEX_MISUSED once a misuse of it was reported (mutex_misuse.c);
     * its lock-order graph node, or NULL (deadlock.c). */
    u32 mutex_flags;
    struct dd_node *dd;
};

/* The sync object of addr, created if `create`; NULL if absent. */
struct sync_var *sync_get(uptr addr, bool create);
/* sync_get(addr, true) through the calling thread's cache of the objects
 * it synchronized with lately: the lock it just acquired costs one
 * compare. Called inside the runtime. */
struct sync_var *sync_get_cached(uptr addr);
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

/* ---- atomic variables: release sequences ----------------------------------
 * Only read-modify-writes continue a release sequence (C++20
 * [intro.races]): a store, atomic but not a read-modify-write, starts a
 * new one, so it replaces the variable's release clock (with the thread's
 * clock for a release store, with the clock of its latest release fence,
 * or with nothing), while a read-modify-write that releases joins it.
 * Not so for an object that also took another kind of release (a lock
 * built on the variable and annotated as one, AnnotateHappensBefore on its
 * address): ThreadSanitizer keeps those across every store, code annotated
 * for it relies on that, and a store then joins (the precision of release
 * sequences is given up there, never an edge).
 *
 * A replacement lowers entries, so an acquirer must join the clock that
 * goes with the value it read. Stores replace under the object's lock,
 * with the value store in the same critical section, and store_seq odd;
 * releasing read-modify-writes also hold the lock across their operation.
 * Loads and the other read-modify-writes stay lock-free: they note
 * store_seq before the operation and, if a replacement came between, also
 * join `merged`, which holds every clock a replacement removed (extra
 * edges, never a missing one). */

/* Before a load, or a read-modify-write that does not release: the
 * replacement count to give sync_atomic_read_end. */
u64 sync_atomic_read_begin(struct rt_thread *t, uptr addr);
/* After it: joins what the value read carries into the thread's clock
 * (acquire) or into its pending fence clock. */
void sync_atomic_read_end(struct rt_thread *t, uptr addr, u64 seq, bool acquire);
/* Around a store: begin locks the object (NULL, nothing to do: there is
 * none and src is NULL, or its clock is empty already), end replaces its
 * clock with src (NULL: empty; else part of the thread's clock) and
 * unlocks. A thread that releases into an object whose clock its own
 * contains only joins (the common single-publisher flag: no lowering, so
 * readers need no fallback). Cheap skips only ever leave extra edges: a
 * store that finds no object in its thread's negative cache, or an empty
 * clock, clears nothing. */
struct sync_var *sync_atomic_store_begin(struct rt_thread *t, uptr addr,
                                         const struct vclock *src);
void sync_atomic_store_end(struct rt_thread *t, struct sync_var *v, const struct vclock *src);
/* Around a read-modify-write that releases src (the thread's clock or its
 * release fence's): begin locks and joins, end acquires (or collects for a
 * fence) and unlocks. */
struct sync_var *sync_atomic_rmw_begin(struct rt_thread *t, uptr addr, const struct vclock *src);
void sync_atomic_rmw_end(struct rt_thread *t, struct sync_var *v, bool acquire);

/* rwlock read side: readers acquire only the writers' clock, and release
 * into a separate clock that the next writer acquires. */
void sync_read_acquire(struct rt_thread *t, uptr addr);
void sync_read_release(struct rt_thread *t, uptr addr);
void sync_write_acquire(struct rt_thread *t, uptr addr);

/* The calling pthread goes on running another thread slot (a fiber
 * switch, fiber.c): what its cache remembers about its clock is void.
 * Called inside the runtime. */
void sync_forget_joined(void);

void sync_init(void);

#endif
