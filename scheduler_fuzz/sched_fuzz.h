/*
 * sched_fuzz.h — schedule perturbation: the contract between the detector
 * runtime (which calls these at synchronization points and on sampled
 * accesses) and scheduler_fuzz/ (which decides what to do there).
 *
 * Reproducible: every decision comes from a per-thread PRNG seeded from the
 * run seed (option sched_seed) and the thread's creation index (main = 0).
 *
 * Threading: sched_thread_start runs on the new thread before its user
 * code; every other call is made by the thread it concerns. Nothing here
 * may call instrumented code; the runtime calls these with its ignore flag
 * raised (so libc calls made here are not checked), except
 * sched_access_slow, which is called from the access fast path and so
 * calls nothing but clock_gettime, sched_yield and nanosleep (should the
 * runtime ever intercept one of those, it must raise the flag there too).
 * Nothing here allocates or takes a lock.
 *
 * Options: see sched_options.h. With sched=random (or pct) and no
 * sched_seed, the seed is drawn from time and pid; sched_seed_note gives
 * the line "racetest: sched seed 0x<16 hex digits>" that the runtime prints
 * before its first report (never into the output of a program that has
 * nothing to report); passing it back as sched_seed replays the same
 * decisions.
 */
#ifndef RACETEST_SCHED_FUZZ_H
#define RACETEST_SCHED_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

enum sched_point {
    SCHED_BEFORE_LOCK,      /* mutex/rwlock/spin lock or trylock, sem_wait */
    SCHED_AFTER_UNLOCK,     /* mutex/rwlock/spin unlock, sem_post */
    SCHED_BEFORE_WAIT,      /* a call that may block until another thread acts:
                               I/O, poll, barrier; under a serial schedule
                               the thread gives up its turn until the
                               matching SCHED_AFTER_WAIT */
    SCHED_AFTER_WAIT,       /* that call returned */
    SCHED_AFTER_SIGNAL,     /* cond signal/broadcast */
    SCHED_BEFORE_ATOMIC,    /* atomic read-modify-write, acquire load */
    SCHED_AFTER_STORE,      /* atomic release store */
    SCHED_THREAD_START,     /* first thing a new thread does */
    SCHED_BEFORE_CREATE,    /* parent, before pthread_create */
    SCHED_AFTER_CREATE,     /* parent, after pthread_create succeeded: the
                               point that decides whether parent or child
                               goes on first */
};

/* Whether any mode other than sched=off is on: set once by sched_init,
 * read by the runtime before it calls sched_point, so that points cost
 * nothing more than this load when scheduling is off. */
extern bool sched_active;

/* Per-thread countdown to the next sampled plain access. The detector's
 * fast path does `if (unlikely(--sched_countdown < 0)) sched_access_slow();`
 * With perturbation off it is never reset below LONG_MAX / 2, so the fast
 * path pays one decrement. */
extern __thread long sched_countdown __attribute__((tls_model("initial-exec")));

/* Options: returns true if `key` is a scheduler option (then it was applied,
 * or a warning naming the key and what was expected was printed to fd 2).
 * Called by the runtime's RACETEST_OPTIONS parser for every key it does not
 * know itself, before sched_init. */
bool sched_option(const char *key, const char *value);

/* After options, on the main thread, once. */
void sched_init(void);
/* The "racetest: sched seed 0x...\n" line into buf (n bytes, at least 41)
 * when the seed was drawn rather than given and perturbation is on; its
 * length, or 0 when there is nothing to say. No allocation, no locks. */
unsigned sched_seed_note(char *buf, unsigned n);
/* On every new thread, before its user code; creation_index is 1, 2, ... in
 * pthread_create order (the main thread is 0 and gets this call from
 * sched_init). Seeds the thread's decisions and places it on its CPU; it
 * does not perturb: the runtime calls sched_point(SCHED_THREAD_START) next,
 * once the thread can run user code. */
void sched_thread_start(unsigned long creation_index);
void sched_point(enum sched_point point);
void sched_access_slow(void);

/* At the start of each run of a test inside one process (the cmocka glue
 * repeats tests in-process), on the thread that runs tests, while no
 * thread of the previous run is alive: the run gets a seed of its own
 * (see sched_options.h, sched_base) and numbers the threads it creates
 * from 1 again, so that a fresh process given that seed replays it.
 * next_creation_index is the index the run's first thread will get. */
void sched_run_begin(unsigned run, unsigned long next_creation_index);
/* The run's seed: printed in reports so that the run can be replayed. */
unsigned long long sched_run_seed(void);

/* ---- serial schedules (sched=pct, scheduler_fuzz/pct.h) ------------------
 * One thread runs at a time, so a thread must not block in the kernel on
 * something another thread will do. When sched_serial is set (once, by
 * sched_init), the interceptors turn blocking synchronization into
 * try-and-wait: a failed try calls sched_wait_release, which returns when
 * another thread released the object (and the try is worth repeating), or
 * false when no other thread can run: the call then blocks for real,
 * between SCHED_BEFORE_WAIT and SCHED_AFTER_WAIT. Condition variables are
 * modeled by sched_cond_*: the interceptor unlocks the mutex, waits there,
 * and locks it again (true: signaled; false: a timed wait timed out, an
 * untimed one must block for real). */
extern bool sched_serial;
/* The answers of sched_wait_release (SCHED_WAIT_TIMED_OUT only for a
 * deadline other than SCHED_NO_DEADLINE: see "virtual time" below). */
enum sched_wait { SCHED_WAIT_AGAIN, SCHED_WAIT_TIMED_OUT, SCHED_WAIT_GIVE_UP };
enum sched_wait sched_wait_release(const void *object, uint64_t deadline);
/* Under a serial schedule, before a release of `object` (unlock, post):
 * threads waiting to take it become eligible again. */
void sched_released(const void *object);
bool sched_cond_wait(const void *cond, bool timed, uint64_t deadline);
void sched_cond_signal(const void *cond, bool all);
/* The thread has ended (after its last checked access; its joiner may go
 * on once the detector marked it finished). `key` is what a joiner waits
 * on: the thread's pthread_t. */
void sched_thread_finish(const void *key);
/* In a fork child, on its only thread; time stays real from then on in the
 * child (a sleep or a poll may be waiting for the parent). */
void sched_fork_child(void);
/* In the parent, after a fork: time stays real from then on (a sleep or a
 * poll may be waiting for the child). */
void sched_fork_parent(void);

/* ---- virtual time (sched=pct, scheduler_fuzz/virtual_time.c) -------------
 * While the serial scheduler holds the whole program (pct_holds_program),
 * a sleep takes no real time: it is a scheduling point, where the sleeper
 * stays eligible and its priority decides whether it goes on at once or
 * the others run first, and the program's clocks then jump forward so that
 * the sleeper sees at least the time it asked for pass. The clocks are the
 * real ones plus the time skipped so far (the skew: one value for every
 * clock, that only grows), so they stay monotonic and consistent with each
 * other; schedules depend on steps only, never on the skew, so a seed
 * replays as before. */
/* A sleep on clock clk: until req (absolute) or for req. Returns false when
 * the caller must sleep for real (not serial, the program not held, a
 * clock time does not model, an invalid req: the real call answers). */
bool sched_sleep(clockid_t clk, bool absolute, const struct timespec *req);
/* Timed waits (condition variables, timed locks and semaphore waits, polls
 * on descriptors only the program's threads can make ready): under the
 * same conditions as a sleep, a wait until req (absolute) or for req on
 * clk gets a deadline in virtual time, and times out when virtual time
 * reaches it (in deadline order with the sleepers), taking no real time;
 * the caller then moves the clocks (sched_time_reached). An absolute
 * deadline's remaining time is rounded to the millisecond, as a sleep's.
 * SCHED_NO_DEADLINE: wait as before (the model's "nothing else can run",
 * or the real call with sched_real_deadline). */
#define SCHED_NO_DEADLINE UINT64_MAX
uint64_t sched_wait_deadline(clockid_t clk, bool absolute, const struct timespec *req);
/* Nanoseconds to add to a reading of clk (0 for CPU-time clocks). */
int64_t sched_clock_skew(clockid_t clk);
/* A timed wait timed out in the model: the clocks move up to its deadline. */
void sched_time_reached(clockid_t clk, const struct timespec *deadline);
/* The deadline to hand a real timed call (the program computed it from
 * skewed clocks): deadline minus the skew, in *buf; deadline itself when
 * there is no skew. */
const struct timespec *sched_real_deadline(clockid_t clk, const struct timespec *deadline,
                                           struct timespec *buf);
/* The same, as an argument of the real call (the buffer lives as long as
 * the full expression). */
#define SCHED_REAL_DEADLINE(clk, deadline)                                                     \
    sched_real_deadline((clk), (deadline), &(struct timespec){0})

#endif
