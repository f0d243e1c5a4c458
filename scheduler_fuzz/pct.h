/*
 * pct.h — the serial scheduler behind sched=pct: probabilistic concurrency
 * testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010).
 *
 * One announced thread runs at a time: it holds the turn. At each
 * scheduling point (the perturbation points of sched_fuzz.h) the turn goes
 * to the eligible thread of highest priority. The main thread gets a
 * random priority; a new thread gets one right above or right below its
 * parent's (a coin: pct_thread_start says why), all at least pct_depth,
 * and at d − 1 change points, steps drawn at random among the first
 * pct_steps of the run, the running thread's priority drops below every
 * initial one. With uniform random priorities (PCT proper) a bug that
 * needs d ordering constraints between n threads in k steps is found with
 * probability at least 1 / (n k^(d−1)) per run; placing children next to
 * their parent gives up that bound for some orders of siblings, in
 * exchange for the orders that order-dependent races hide behind (50–70%
 * of runs instead of about 1/3: bench/sched/RESULTS.md). Besides the
 * change points, drops to the bottom (creation, a first condition signal:
 * pct_thread_start, pct_signal_point) reverse the usual order right after
 * a creation or a handoff. A seed replays the
 * same schedule: which thread runs next depends only on the seed and on
 * the steps taken so far.
 *
 * A thread must never block in the kernel while it holds the turn, since
 * the thread that would wake it cannot run. So:
 *   - blocking synchronization is turned into try-and-wait by the
 *     interceptors: a failed try (mutex busy, semaphore at zero, thread not
 *     finished) calls pct_wait_release(object), which makes the thread
 *     ineligible until another thread releases that object (pct_released:
 *     an unlock, a post; pct_thread_finish: a thread's end). Waking on any
 *     release instead would let a high-priority waiter retry, and hand the
 *     turn back, at every unlock of every lock in the program;
 *   - condition variables are modeled here (pct_cond_wait/pct_cond_signal),
 *     waking waiters in FIFO order;
 *   - sleeps take no real time while no thread is outside the turn
 *     (pct_sleep, virtual_time.c), and timed waits given a deadline in
 *     virtual time (pct_deadline) time out when virtual time reaches it;
 *   - other blocking calls (I/O, poll, barriers) run outside the turn
 *     (pct_outside_begin/end). Schedules stay exact as long as threads
 *     wait for each other through the modeled primitives; when they wait
 *     through I/O, the moment a thread comes back depends on the kernel.
 *   - a holder that makes no progress for PCT_STEAL_MS (blocked in a call
 *     that nothing intercepts, or spinning on a plain variable) loses the
 *     turn to the waiting threads' watchdog: the program goes on, at the
 *     price of exactness.
 * Two departures from pure priorities keep programs that wait by looping
 * alive: a thread that passes PCT_SPIN_STEPS points in a row without
 * anyone else running is taken for a spin-wait (on an atomic flag,
 * typically) and parked until another thread releases something, and an
 * eligible thread left waiting PCT_FAIR_STEPS steps runs next, for
 * PCT_FAIR_SLICE steps. Without them a high-priority thread looping until
 * a low-priority one sets a flag would never let it run. Both depend on
 * steps only, so they replay like the rest.
 *
 * Threading: every function is called by the thread it concerns, with the
 * runtime's ignore flag raised. State is shared under one internal
 * spinlock, held for a few dozen instructions and never across a wait;
 * waiting is a futex on the waiting thread's own word. Nothing allocates.
 * Threads that were never announced (more than PCT_MAX_THREADS alive, or
 * created while the runtime ignored the parent) run unserialized.
 */
#ifndef SCHED_PCT_H
#define SCHED_PCT_H

#include <stdbool.h>
#include <stdint.h>

#define PCT_MAX_THREADS 4096
#define PCT_SPIN_STEPS 1000
#define PCT_STEAL_MS 500
#define PCT_FAIR_STEPS 2000
#define PCT_FAIR_SLICE 100

/* At sched_init and at each run's start (only the calling thread alive):
 * draws the change points and the caller's priority. */
void pct_run_start(uint64_t run_seed, uint64_t depth, uint64_t steps);
/* The parent, right after creating a thread it announced: waits until the
 * child has announced itself (pct_thread_start), so that the next choice
 * sees it whatever the kernel's timing. */
void pct_after_create(void);
/* The new thread, before any user code; it then waits for its turn at its
 * first point. `priority_draw` is a random 64-bit value from the thread's
 * own stream. */
void pct_thread_start(uint64_t priority_draw);
/* The ending thread, after its last checked access: leaves the schedule
 * (its joiner, waiting on `key`, may go on) and hands the turn on. */
void pct_thread_finish(const void *key);

/* A scheduling point; `release` says the thread just made something
 * available to others (unlock, post, signal, store). */
void pct_point(bool release);
/* The release point right after a condition signal or broadcast: at the
 * thread's first one, a coin (its own stream) may drop it below everyone.
 * The usual order after a handoff is that the signaler goes on while the
 * woken thread wakes up slowly; races hide behind it (the signaler writes
 * after the handoff: tests/sched/cond_late_payload.c). */
void pct_signal_point(void);
/* The points around a pthread_create (before it, and after the child
 * announced itself): the same, except that they keep a drop that a
 * creation set (pct_thread_start) for the thread's next other point. */
void pct_creation_point(void);
/* `object` is being released (before the scheduling point that follows). */
void pct_released(const void *object);

/* Virtual deadlines (ns of the run's virtual time): a timed wait given one
 * also ends when virtual time reaches it, in deadline order with the
 * sleepers (time passes only when no thread may run). */
#define PCT_NO_DEADLINE UINT64_MAX
/* The deadline ns from now in virtual time (PCT_NO_DEADLINE: not announced). */
uint64_t pct_deadline(uint64_t ns);

enum pct_wait { PCT_AGAIN, PCT_TIMED_OUT, PCT_GIVE_UP };
/* A try-operation on `object` failed: waits until another thread releases
 * it (object NULL: until any thread releases anything, a poll on
 * descriptors that only the program's threads make ready) or until the
 * deadline. PCT_AGAIN: try again. PCT_GIVE_UP when no other thread can run
 * now or later and no deadline is pending (a deadlock, or a wait on
 * something outside the model): the caller then blocks for real, between
 * pct_outside_begin and pct_outside_end. */
enum pct_wait pct_wait_release(const void *object, uint64_t deadline);
void pct_outside_begin(void);
void pct_outside_end(void);

/* Condition variables. The caller has released the mutex (a release);
 * returns true when signaled, false otherwise: a timed wait then times
 * out (its deadline passed in virtual time, or, without one, no other
 * thread could run), an untimed one blocks for real (no thread can ever
 * signal it, or only one outside the model). */
bool pct_cond_wait(const void *cond, bool timed, uint64_t deadline);
void pct_cond_signal(const void *cond, bool all);

/* A sleep of ns in virtual time (the caller checked pct_holds_program):
 * 7 times in 8 (drawn from the thread's own stream) a plain scheduling
 * point, where the sleeper stays eligible and its priority decides whether
 * it goes on at once: the others were slower than the sleep, which makes
 * the orders that the sleep usually separates reachable; else the thread
 * sleeps until virtual time reaches its wake-up, which happens when no
 * other thread can run (the usual order: sleepers wake in the order of
 * their deadlines, ties by priority). Either way virtual time ends up past
 * the wake-up and no real time passes. False: not announced. */
bool pct_sleep(uint64_t ns);
/* Whether the scheduler holds the whole program: the caller takes part in
 * the schedule and no thread that does waits outside the turn (in I/O or a
 * real blocking call, where it may be waiting for real time to pass). Only
 * then may time be virtual (virtual_time.h). */
bool pct_holds_program(void);

/* In a fork child: the caller is the only thread and holds the turn. */
void pct_fork_child(void);

#endif
