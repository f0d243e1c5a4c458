/*
 * perturb.c — yields, spins and sleeps under the shared time budget
 * (perturb.h).
 *
 * The budget state is two process-wide counters updated with relaxed
 * atomics: no lock, nothing that could block a thread that is itself
 * inside a synchronization call.
 *
 * Refusing must be cheap: in a lock-heavy program the budget runs out
 * early and then nearly every planned action is refused, millions of
 * times. So the budget is read on the coarse clock (a few ns, jiffy
 * resolution, plenty for a budget counted in milliseconds), the precise
 * clock is read only around an action that runs, and a thread that was
 * refused skips its next checks with exponential backoff (up to
 * MAX_BACKOFF planned actions without looking at a clock at all).
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "perturb.h"

#define MAX_BACKOFF 256

static uint64_t start_ns;       /* coarse clock */
static uint64_t allowance_ns;   /* sched_budget_us */
static double share;            /* sched_budget */
static uint64_t spent_ns;       /* by all threads; atomic */

/* Planned actions this thread still refuses without looking, and the
 * length of its next backoff. */
static __thread unsigned skip_left __attribute__((tls_model("initial-exec")));
static __thread unsigned next_backoff __attribute__((tls_model("initial-exec")));

static uint64_t clock_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
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
    start_ns = clock_ns(CLOCK_MONOTONIC_COARSE);
    allowance_ns = c->budget_us * 1000;
    share = c->budget;
    __atomic_store_n(&spent_ns, 0, __ATOMIC_RELAXED);
    skip_left = 0;
    next_backoff = 0;
}

static bool affordable(uint64_t ns)
{
    if (skip_left > 0) {
        skip_left--;
        return false;
    }
    uint64_t elapsed = clock_ns(CLOCK_MONOTONIC_COARSE) - start_ns;
    uint64_t allowed = allowance_ns + (uint64_t)(share * (double)elapsed);
    if (__atomic_load_n(&spent_ns, __ATOMIC_RELAXED) + ns <= allowed) {
        next_backoff = 0;
        return true;
    }
    skip_left = next_backoff;
    next_backoff = next_backoff ? (next_backoff * 2 < MAX_BACKOFF ? next_backoff * 2 : MAX_BACKOFF)
                                : 1;
    return false;
}

bool perturb_run(struct sched_action a)
{
    if (a.kind == SCHED_ACT_NONE || !affordable(a.ns))
        return false;

    int saved_errno = errno;
    uint64_t begin = clock_ns(CLOCK_MONOTONIC);
    switch (a.kind) {
    case SCHED_ACT_YIELD:
        sched_yield();
        break;
    case SCHED_ACT_SPIN:
        while (clock_ns(CLOCK_MONOTONIC) - begin < a.ns)
            cpu_relax();
        break;
    case SCHED_ACT_SLEEP:
    case SCHED_ACT_STARVE: {
        /* A signal may cut the sleep short: the delay is then shorter,
         * which is still a delay. The raw system call, because libc's
         * nanosleep is a cancellation point: a delay inside pthread_mutex_lock
         * (not one) must not let pthread_cancel act there, nor one at a
         * thread's start act before the runtime's cleanup handler is in
         * place (the thread then never ended for the detector, and the
         * next thread with its pthread_t was reported as leaked). */
        struct timespec ts = {(time_t)(a.ns / 1000000000ull), (long)(a.ns % 1000000000ull)};
        syscall(SYS_nanosleep, &ts, NULL);
        break;
    }
    case SCHED_ACT_NONE:
        break;
    }
    __atomic_fetch_add(&spent_ns, clock_ns(CLOCK_MONOTONIC) - begin, __ATOMIC_RELAXED);
    errno = saved_errno;
    return true;
}
