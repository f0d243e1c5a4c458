/*
 * affinity.c — the run's CPU set and thread placement (affinity.h).
 *
 * The state is written by affinity_init, at the start of each run while no
 * other thread of the program is alive, and only read otherwise.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "affinity.h"

static enum sched_affinity policy = SCHED_AFFINITY_FREE;
static cpu_set_t run_set;        /* the CPUs this run may use */
static uint64_t run_seed;
/* The process's own set, read once: later runs must not mistake the
 * placement an earlier run gave the main thread for it. */
static cpu_set_t allowed;
static int have_allowed;         /* 0: not read yet, 1: read, -1: unknown */
static bool placed;              /* a thread was placed: the program's set differs */

/* The system calls themselves: the runtime intercepts the libc functions
 * to show the program the set it started with (affinity_program_view). */
static void set_affinity(const cpu_set_t *set)
{
    placed = true;
    syscall(SYS_sched_setaffinity, 0, sizeof *set, set);
}

enum sched_affinity affinity_resolve(const struct sched_config *c, struct prng *r)
{
    static const enum sched_affinity drawn[] = {SCHED_AFFINITY_FREE, SCHED_AFFINITY_ONE,
                                                SCHED_AFFINITY_RANDOM};
    /* Drawn unconditionally, so the subset below is the same whichever
     * policy the options name. */
    uint64_t pick = prng_below(r, 3);
    if (c->affinity != SCHED_AFFINITY_DEFAULT)
        return c->affinity;
    /* pct runs one thread at a time anyway, and handing the turn to a
     * thread of the same CPU is the cheap kind of context switch. */
    if (c->mode == SCHED_MODE_PCT)
        return SCHED_AFFINITY_ONE;
    return c->mode == SCHED_MODE_RANDOM ? drawn[pick] : SCHED_AFFINITY_FREE;
}

int affinity_pick(const cpu_set_t *set, struct prng *r)
{
    int count = CPU_COUNT(set);
    if (count == 0)
        return -1;
    uint64_t k = prng_below(r, (uint64_t)count);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (CPU_ISSET(cpu, set) && k-- == 0)
            return cpu;
    return -1;
}

void affinity_subset(cpu_set_t *set, uint64_t n, struct prng *r)
{
    /* Drop CPUs drawn at random until n are left. */
    while (n > 0 && (uint64_t)CPU_COUNT(set) > n)
        CPU_CLR(affinity_pick(set, r), set);
}

static void pin_to(int cpu)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    set_affinity(&one);
}

/* The CPU of thread `index` under the current policy. */
static void place(uint64_t index)
{
    struct prng r;
    switch (policy) {
    case SCHED_AFFINITY_ONE:
        /* Every thread draws from the same per-run stream: one CPU for all. */
        r = prng_stream(run_seed, PRNG_RUN_AFFINITY, 1);
        pin_to(affinity_pick(&run_set, &r));
        break;
    case SCHED_AFFINITY_RANDOM:
        r = prng_stream(run_seed, PRNG_THREAD_AFFINITY, index);
        pin_to(affinity_pick(&run_set, &r));
        break;
    case SCHED_AFFINITY_FREE:
    case SCHED_AFFINITY_DEFAULT:
        set_affinity(&run_set);
        break;
    }
}

void affinity_init(const struct sched_config *c, uint64_t seed)
{
    bool again = have_allowed != 0;
    if (!have_allowed)
        have_allowed = syscall(SYS_sched_getaffinity, 0, sizeof allowed, &allowed) > 0 && CPU_COUNT(&allowed) > 0
                           ? 1
                           : -1;
    run_seed = seed;
    struct prng r = prng_stream(seed, PRNG_RUN_AFFINITY, 0);
    policy = affinity_resolve(c, &r);
    if (have_allowed < 0) {
        policy = SCHED_AFFINITY_FREE;   /* unknown set: leave placement alone */
        return;
    }
    run_set = allowed;
    affinity_subset(&run_set, c->cpus, &r);
    if (again || policy != SCHED_AFFINITY_FREE || c->cpus != 0)
        place(0);
}

void affinity_thread_start(uint64_t creation_index)
{
    /* Under free, threads inherit the run's set from their creator. */
    if (policy != SCHED_AFFINITY_FREE)
        place(creation_index);
}

enum sched_affinity affinity_policy(void)
{
    return policy;
}

void affinity_program_view(cpu_set_t *mask, size_t size)
{
    if (!placed || have_allowed != 1 || !mask)
        return;
    memset(mask, 0, size);
    memcpy(mask, &allowed, size < sizeof allowed ? size : sizeof allowed);
}
