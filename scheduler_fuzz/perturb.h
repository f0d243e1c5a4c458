/*
 * perturb.h — carrying out planned actions (plan.h) within a time budget.
 *
 * The budget is what keeps perturbation affordable in long, lock-heavy
 * programs while short racy programs get it at full strength: all threads
 * together may spend in actions at most
 *     sched_budget_us + sched_budget × (time since perturb_init)
 * (a yield is charged for the time others ran meanwhile). An action that
 * does not fit is skipped, and so are the thread's next few planned
 * actions (see perturb.c), so the delays themselves make the program at
 * most about 1 / (1 − sched_budget) times longer, plus sched_budget_us.
 * Summing the threads' delays counts overlapping ones twice, which errs on
 * the cheap side; time other threads spend waiting for a delayed one (a
 * lock it holds, a queue it fills) is not counted, which does not.
 */
#ifndef SCHED_PERTURB_H
#define SCHED_PERTURB_H

#include <stdbool.h>

#include "plan.h"
#include "sched_options.h"

/* Before any perturb_run: starts the budget afresh (and the calling
 * thread's backoff). */
void perturb_init(const struct sched_config *c);
/* Carries out `a` if it fits the budget; returns whether it did. Leaves
 * errno as it found it (a sampled access may sit between a failing call
 * and the program's read of errno). Async-signal-safe. */
bool perturb_run(struct sched_action a);

#endif
