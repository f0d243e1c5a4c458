/*
 * omp_model.h — OpenMP's synchronization as happens-before, shared by the
 * two ways the runtime learns about it: interception of gcc's libgomp
 * entry points (interceptors_gomp.c) and the OMPT tool interface of
 * LLVM's libomp (ompt_tool.c).
 *
 * Everything is expressed with sync objects (sync.h) at keys derived from
 * a few identities:
 *  - a region: any address unique while the parallel region runs (the
 *    caller's own bookkeeping object for it). Its keys are region+0 (fork),
 *    +1 (join), +2/+3 (barriers, alternating), +4 (tasks of the region
 *    done), +5 (ordered); the object behind the address must span 8 bytes.
 *    A region address reused by a later region carries the older region's
 *    clocks: all of them happened before the later fork, so no edge is
 *    invented;
 *  - a task token: an address unique from the task's creation until it
 *    starts (omp_task_token_new/omp_task_token_free);
 *  - a lock key: a critical section's name, an omp_lock_t, the global
 *    atomic lock; dependences of tasks live in a key space of their own.
 *
 * Where the runtime's guarantee is narrower than what can be modeled, the
 * model errs towards more happens-before (a missed race), never towards a
 * false one: taskwait and taskgroup wait for every task of the region that
 * finished, not only for the waiter's children; a task with dependences
 * waits for every task that finished with one on the same address.
 *
 * Barriers alternate between two objects: a thread that leaves barrier n
 * and reaches barrier n+1 before a slower thread has left barrier n must
 * not hand the slow one what it did in between. Every member of a team
 * passes the same barriers in the same order (OpenMP requires it), so
 * each counts them (struct omp_member) and the parity names the object.
 *
 * All functions may be called from any thread; they do nothing for a
 * thread the runtime ignores (ignore raised).
 */
#ifndef RT_OMP_MODEL_H
#define RT_OMP_MODEL_H

#include "rt_defs.h"

/* One thread's membership in one region: its barrier count. */
struct omp_member {
    const void *region;
    unsigned barriers;
};

/* The master forks: its past happens before every member's start. */
void omp_fork(const void *region);
/* A member (the master too) starts / ends its implicit task. */
void omp_member_begin(const void *region);
void omp_member_end(const void *region);
/* The master is back after the region: every member's work, and every
 * task of the region, happens before what follows. */
void omp_join(const void *region);

/* Arrival at / departure from a barrier of the member's team (departure
 * counts the barrier). A barrier also completes the region's tasks. */
void omp_barrier_arrive(const struct omp_member *m);
void omp_barrier_leave(struct omp_member *m);

/* Task creation: a token that carries the creator's past to the task. */
void *omp_task_token_new(void);
/* The task starts: it acquires its token (which it then frees, unless
 * `shared`, for tokens that several tasks start from: taskloop) and what
 * tasks that finished with one of its dependences released. */
void omp_task_begin(void *token, bool shared, const uptr *deps, unsigned ndeps);
/* A token no task will start from any more. */
void omp_task_token_free(void *token);
/* The task ends: releases into its region's tasks-done object and into
 * its dependences. */
void omp_task_end(const void *region, const uptr *deps, unsigned ndeps);
/* taskwait, end of taskgroup: the region's finished tasks happen before. */
void omp_tasks_wait(const void *region);

/* Mutual exclusion: critical, atomic, ordered, omp locks. */
void omp_lock_acquired(uptr key);
void omp_lock_releasing(uptr key);
/* The ordered key of a region. */
static inline uptr omp_ordered_key(const void *region) { return (uptr)region + 5; }

#endif
