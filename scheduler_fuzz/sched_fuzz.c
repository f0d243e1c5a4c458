/*
 * sched_fuzz.c — the entry points the detector calls (sched_fuzz.h): the
 * run's configuration and seed, each thread's decision stream and access
 * countdown, and the dispatch of each point to plan.h and perturb.h.
 *
 * With sched=off every entry point returns after one test of a read-only
 * global, and the countdown starts (in every thread's TLS image) and stays
 * at SCHED_COUNTDOWN_NEVER, so the access path's decrement never reaches
 * zero in any realistic run.
 */
#include <time.h>
#include <unistd.h>

#include "affinity.h"
#include "pct.h"
#include "perturb.h"
#include "plan.h"
#include "prng.h"
#include "sched_fuzz.h"
#include "sched_options.h"

__thread long sched_countdown __attribute__((tls_model("initial-exec"))) =
    SCHED_COUNTDOWN_NEVER;

/* Written by sched_option, sched_init and sched_run_begin, while no other
 * thread of the program is alive. */
static struct sched_config config = SCHED_CONFIG_DEFAULTS;
static uint64_t process_seed, run_seed;
/* Creation index of the thread before the run's first: threads are
 * numbered from 1 in each run. */
static unsigned long run_index_base;
static bool run_begun;
bool sched_active, sched_serial;

/* A thread that the detector never announced keeps the all-zero stream
 * (still a valid stream, merely shared by all such threads) and is no
 * laggard. */
static __thread struct prng thread_rng __attribute__((tls_model("initial-exec")));
static __thread bool thread_laggard __attribute__((tls_model("initial-exec")));

static void write_stderr(const char *s, size_t n)
{
    if (write(2, s, n) < 0) {
        /* stderr is closed: the message has nowhere to go */
    }
}

static void append(char *buf, size_t *len, size_t cap, const char *s)
{
    while (*s && *len + 1 < cap)
        buf[(*len)++] = *s++;
}

bool sched_option(const char *key, const char *value)
{
    const char *expected = "";
    switch (sched_config_set(&config, key, value, &expected)) {
    case SCHED_OPTION_UNKNOWN:
        return false;
    case SCHED_OPTION_SET:
        return true;
    case SCHED_OPTION_BAD:
        break;
    }
    /* No snprintf: this may run before the runtime (and its malloc
     * interceptor) is initialized. */
    char msg[512];
    size_t n = 0;
    append(msg, &n, sizeof msg, "racetest: RACETEST_OPTIONS: bad value for ");
    append(msg, &n, sizeof msg, key);
    append(msg, &n, sizeof msg, " (expected ");
    append(msg, &n, sizeof msg, expected);
    append(msg, &n, sizeof msg, "); ignored\n");
    write_stderr(msg, n);
    return true;
}

/* Time and pid: different for runs started together, as a runner's
 * parallel workers are. */
static uint64_t fresh_seed(void)
{
    struct timespec real, mono;
    clock_gettime(CLOCK_REALTIME, &real);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    return prng_mix((uint64_t)real.tv_sec * 1000000000ull + (uint64_t)real.tv_nsec) ^
           prng_mix((uint64_t)mono.tv_nsec ^ ((uint64_t)getpid() << 32));
}

unsigned sched_seed_note(char *buf, unsigned n)
{
    static const char prefix[] = "racetest: sched seed 0x";
    unsigned len = sizeof prefix - 1;
    if (config.mode == SCHED_MODE_OFF || config.seed_given || n < len + 17)
        return 0;
    for (unsigned i = 0; i < len; i++)
        buf[i] = prefix[i];
    for (int shift = 60; shift >= 0; shift -= 4)
        buf[len++] = "0123456789abcdef"[(process_seed >> shift) & 15];
    buf[len++] = '\n';
    return len;
}

static void start_thread_stream(uint64_t index)
{
    thread_rng = prng_stream(run_seed, PRNG_THREAD_DECISIONS, index);
    thread_laggard = plan_laggard(&thread_rng, &config);
    sched_countdown = plan_countdown(&thread_rng, &config);
}

/* Everything a run's seed decides, for the calling thread (index 0). */
static void start_run(void)
{
    perturb_init(&config);
    affinity_init(&config, run_seed);
    start_thread_stream(0);
    if (sched_serial)
        pct_run_start(run_seed, config.pct_depth, config.pct_steps);
}

void sched_init(void)
{
    /* A drawn seed is printed with the first report (sched_seed_note):
     * the user needs it to reproduce a failure, and a program without one
     * keeps its output to itself. */
    process_seed = run_seed = config.seed_given ? config.seed : fresh_seed();
    sched_active = config.mode != SCHED_MODE_OFF;
    sched_serial = config.mode == SCHED_MODE_PCT;
    start_run();
}

void sched_run_begin(unsigned run, unsigned long next_creation_index)
{
    run_index_base = next_creation_index - 1;
    /* The process's first run has the seed it was given; each later one a
     * seed of its own, which the runner can name without asking. */
    if (run_begun)
        run_seed = config.base_given ? prng_run_seed(config.base, run)
                                     : prng_mix(process_seed ^ prng_mix(run));
    run_begun = true;
    if (config.mode != SCHED_MODE_OFF)
        start_run();
}

unsigned long long sched_run_seed(void) { return run_seed; }

void sched_thread_start(unsigned long creation_index)
{
    uint64_t index = creation_index > run_index_base ? creation_index - run_index_base
                                                     : creation_index;
    start_thread_stream(index);
    affinity_thread_start(index);
    if (sched_serial)
        pct_thread_start(prng_next(&thread_rng));
}

static void serial_point(enum sched_point point)
{
    switch (point) {
    case SCHED_AFTER_UNLOCK:
    case SCHED_AFTER_STORE:
        pct_point(true);
        break;
    case SCHED_AFTER_SIGNAL:
        pct_signal_point();
        break;
    case SCHED_BEFORE_WAIT:
        pct_point(false);
        pct_outside_begin();
        break;
    case SCHED_AFTER_WAIT:
        pct_outside_end();
        break;
    case SCHED_AFTER_CREATE:
        pct_after_create();
        pct_creation_point();
        break;
    case SCHED_BEFORE_CREATE:
        pct_creation_point();
        break;
    case SCHED_BEFORE_LOCK:
    case SCHED_BEFORE_ATOMIC:
    case SCHED_THREAD_START:
        pct_point(false);
        break;
    }
}

void sched_point(enum sched_point point)
{
    if (config.mode == SCHED_MODE_OFF)
        return;
    if (sched_serial)
        serial_point(point);
    else if (point != SCHED_AFTER_WAIT)
        perturb_run(plan_at_point(&thread_rng, &config, point, thread_laggard));
}

void sched_access_slow(void)
{
    if (sched_serial)
        pct_point(false);
    else if (config.mode != SCHED_MODE_OFF)
        perturb_run(plan_access_action(&thread_rng, &config));
    sched_countdown = plan_countdown(&thread_rng, &config);
}

enum sched_wait sched_wait_release(const void *object, uint64_t deadline)
{
    switch (pct_wait_release(object, deadline)) {
    case PCT_AGAIN:
        return SCHED_WAIT_AGAIN;
    case PCT_TIMED_OUT:
        return SCHED_WAIT_TIMED_OUT;
    case PCT_GIVE_UP:
        break;
    }
    return SCHED_WAIT_GIVE_UP;
}

void sched_released(const void *object)
{
    if (sched_serial)
        pct_released(object);
}
bool sched_cond_wait(const void *cond, bool timed, uint64_t deadline)
{
    return pct_cond_wait(cond, timed, deadline);
}
void sched_cond_signal(const void *cond, bool all) { pct_cond_signal(cond, all); }

void sched_thread_finish(const void *key)
{
    if (sched_serial)
        pct_thread_finish(key);
}

void sched_fork_child(void)
{
    sched_fork_parent();   /* the same for virtual time: real from now on */
    if (sched_serial)
        pct_fork_child();
}
