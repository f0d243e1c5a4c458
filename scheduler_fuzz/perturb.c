/*
 * perturb.c — yields, spins and sleeps under the shared time budget
 * (perturb.h).
 *
 * The budget state is two process-wide counters updated with relaxed
 * atomics: no lock, nothing that could block a thread that is itself
 * inside a synchronization call.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>

#include "perturb.h"

static uint64_t start_ns;
static uint64_t allowance_ns;   /* sched_budget_us */
static double share;            /* sched_budget */
static uint64_t spent_ns;       /* by all threads; atomic */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

void perturb_init(const struct sched_config *c)
{
    start_ns = now_ns();
    allowance_ns = c->budget_us * 1000;
    share = c->budget;
    __atomic_store_n(&spent_ns, 0, __ATOMIC_RELAXED);
}

bool perturb_run(struct sched_action a)
{
    if (a.kind == SCHED_ACT_NONE)
        return false;
    uint64_t begin = now_ns();
    uint64_t allowed = allowance_ns + (uint64_t)(share * (double)(begin - start_ns));
    if (__atomic_load_n(&spent_ns, __ATOMIC_RELAXED) + a.ns > allowed)
        return false;

    int saved_errno = errno;
    switch (a.kind) {
    case SCHED_ACT_YIELD:
        sched_yield();
        break;
    case SCHED_ACT_SPIN:
        while (now_ns() - begin < a.ns)
            cpu_relax();
        break;
    case SCHED_ACT_SLEEP:
    case SCHED_ACT_STARVE: {
        /* A signal may cut the sleep short: the delay is then shorter,
         * which is still a delay. */
        struct timespec ts = {(time_t)(a.ns / 1000000000ull), (long)(a.ns % 1000000000ull)};
        nanosleep(&ts, NULL);
        break;
    }
    case SCHED_ACT_NONE:
        break;
    }
    errno = saved_errno;
    __atomic_fetch_add(&spent_ns, now_ns() - begin, __ATOMIC_RELAXED);
    return true;
}
