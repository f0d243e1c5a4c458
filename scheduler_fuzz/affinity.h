/*
 * affinity.h — where the program's threads run: the CPU set of the run
 * (sched_cpus) and the placement policy (sched_affinity).
 *
 * The run's CPU set is drawn from the set the process was allowed when it
 * started (sched_getaffinity: containers and taskset restrict it), never
 * beyond. Policies, chosen once per run:
 *   free    threads float over the run's set (only sched_cpus restricts it)
 *   one     every thread on one CPU of the set: interleavings come only
 *           from preemption and yields, as on a uniprocessor
 *   random  each thread pinned to a CPU of the set drawn for it
 * With sched_affinity unset the policy is free when perturbation is off,
 * drawn from the run seed under sched=random, and one under sched=pct. Failures of the affinity
 * calls leave threads where they were: placement is a hint, never a reason
 * to disturb the program.
 */
#ifndef SCHED_AFFINITY_H
#define SCHED_AFFINITY_H

#include <sched.h>
#include <stdint.h>

#include "prng.h"
#include "sched_options.h"

/* At each run's start, on the thread that runs tests (no other thread
 * alive): resolves the policy and the run's CPU set and places that
 * thread. */
void affinity_init(const struct sched_config *c, uint64_t seed);
/* On each new thread (creation_index ≥ 1), before its user code. */
void affinity_thread_start(uint64_t creation_index);
/* What the program reads back of a thread's affinity (sched_getaffinity,
 * pthread_getaffinity_np) while only the runtime placed threads: the set
 * the process started with, written over mask (size bytes), so that the
 * schedule's placement never changes what a program observes. No-op when
 * nothing was placed. */
void affinity_program_view(cpu_set_t *mask, size_t size);
/* The policy in force (never SCHED_AFFINITY_DEFAULT after affinity_init). */
enum sched_affinity affinity_policy(void);

/* Pure helpers, exposed for the unit tests. */
enum sched_affinity affinity_resolve(const struct sched_config *c, struct prng *r);
/* Keeps `n` CPUs of *set, drawn at random (all of them if n is 0 or at
 * least their number). */
void affinity_subset(cpu_set_t *set, uint64_t n, struct prng *r);
/* A CPU of *set drawn at random; -1 if the set is empty. */
int affinity_pick(const cpu_set_t *set, struct prng *r);

#endif
