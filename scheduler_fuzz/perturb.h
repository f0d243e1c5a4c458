/*
 * perturb.h — carrying out planned actions (plan.h) within a time budget.
 *
 * The budget is what keeps perturbation affordable in long, lock-heavy
 * programs while short racy programs get it at full strength: all threads
 * together may spend in actions at most
 *     sched_budget_us + sched_budget × (time since perturb_init)
 * measured on CLOCK_MONOTONIC (a yield is charged for the time others ran
 * meanwhile). An action that does not fit is skipped, so the program runs
 * at most about 1 / (1 − sched_budget) times longer, plus sched_budget_us.
 * Summing the threads' delays counts overlapping ones twice: the bound
 * errs on the cheap side.
 */
#ifndef SCHED_PERTURB_H
#define SCHED_PERTURB_H

#include <stdbool.h>

#include "plan.h"
#include "sched_options.h"

/* Before any perturb_run: starts the budget afresh. */
void perturb_init(const struct sched_config *c);
/* Carries out `a` if it fits the budget; returns whether it did. Leaves
 * errno as it found it (a sampled access may sit between a failing call
 * and the program's read of errno). Async-signal-safe. */
bool perturb_run(struct sched_action a);

#endif
