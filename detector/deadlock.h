/*
 * deadlock.h — lock-order inversions (potential deadlocks): a graph with an
 * edge A -> B whenever a thread waits for lock B while holding lock A, and
 * a report (TSan's "lock-order-inversion", option detect_deadlocks) when a
 * new edge closes a cycle, whether or not the program deadlocked.
 *
 * Only what can deadlock is reported: try-locks add no edge (they never
 * wait), read (shared) acquisitions and holds are left out of the graph
 * (a cycle of shared holds waits for nothing), and a cycle whose every edge
 * was made while holding one common lock (a gate lock) is not a deadlock.
 * Called from the lock hooks (mutex_misuse.c) inside the runtime, by the
 * locking thread; the graph is under one spinlock, taken only when a
 * thread that already holds a lock takes another whose edge is new.
 */
#ifndef RT_DEADLOCK_H
#define RT_DEADLOCK_H

#include "rt_defs.h"

struct rt_thread;
struct sync_var;

/* Before t waits for the lock v (exclusively) at pc. */
void deadlock_before_lock(struct rt_thread *t, struct sync_var *v, uptr pc);
/* The lock v was destroyed or re-initialized: its edges are forgotten, so
 * that a new lock at the same address starts without an order. */
void deadlock_forget(struct sync_var *v);
/* Memory [addr, addr+size) was freed: forgets the locks it held. */
void deadlock_forget_range(uptr addr, uptr size);

#endif
