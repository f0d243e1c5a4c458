/*
 * pct.c — the serial scheduler of sched=pct (pct.h): the turn, priorities
 * and change points, waiting for releases and signals, the watchdog.
 *
 * Invariants, under `lock`:
 *   owner == t  exactly when t->turn == 1 (owner NULL: the turn is free,
 *               which happens only while no announced thread is eligible
 *               and some run outside the turn);
 *   an entry of `pool` is in use exactly when its state is not UNUSED.
 * `releases` only grows; it is atomic because a thread that lost the turn
 * to the watchdog may release before it notices.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "pct.h"
#include "prng.h"

/* Change points are at most this many (pct_depth − 1). */
#define PCT_MAX_CHANGES 63
/* How often a waiting thread checks that the holder makes progress. */
#define WATCH_MS 10

enum pct_state {
    UNUSED,
    RUNNABLE,   /* wants the turn, or holds it */
    BLOCKED,    /* a try on `object` failed: eligible once it is released (NULL:
                   anything is), or once virtual time reaches `wake` */
    PARKED,     /* spun too long: eligible after any release, or when no one else is */
    COND_WAIT,  /* eligible once signaled, or once virtual time reaches `wake`;
                   a timed wait without a virtual deadline also when no one else is */
    SLEEPING,   /* eligible once virtual time reaches `wake` */
    OUTSIDE,    /* in a call that may block in the kernel: never eligible */
};

struct pct_thread {
    enum pct_state state;
    uint32_t turn;            /* futex word */
    uint64_t priority;        /* higher runs first */
    uint64_t order;           /* announcement order in the run: breaks ties */
    uint64_t since;           /* PARKED, BLOCKED on NULL: `releases` when it stopped */
    const void *object;       /* BLOCKED: what it waits for (NULL: any release) */
    bool kicked;              /* BLOCKED: `object` was released since */
    unsigned run_length;      /* points in a row that kept the turn */
    uint64_t last_turn;       /* `steps` when it last got the turn */
    unsigned boost_left;      /* points it keeps the turn, starved before */
    const void *cond;         /* COND_WAIT */
    uint64_t ticket;          /* COND_WAIT: FIFO among waiters */
    bool timed, woken;        /* COND_WAIT */
    bool give_up;             /* BLOCKED, COND_WAIT: granted to block for real */
    bool fresh;               /* announced, not yet at its first point */
    bool drop_pending;        /* drops to the bottom at its next point (not a creation's) */
    bool signaled;            /* has had its first signal's coin (pct_signal_point) */
    uint64_t wake;            /* SLEEPING, BLOCKED, COND_WAIT: virtual time (ns) it
                                 waits until (PCT_NO_DEADLINE: none) */
    struct prng rng;          /* its own draws, made while it holds the turn */
};

static struct pct_thread pool[PCT_MAX_THREADS];
static unsigned pool_hwm;
static uint32_t lock_word;
static struct pct_thread *owner;
static uint64_t releases;
static uint64_t progress;     /* turn changes and steps: the watchdog's evidence */
static uint64_t depth = 1, steps, tickets, announced;
/* Virtual time of the run (ns): moves only when every thread that could
 * run sleeps or waits with a deadline, to the earliest wake-up or
 * deadline, and when a sleeper goes on early. */
static uint64_t vnow;
static uint64_t change_at[PCT_MAX_CHANGES];
static unsigned changes, next_change;
/* Threads whose creation returned to the parent, and threads announced:
 * futex word of the parent waiting in pct_after_create. */
static uint32_t created, started;

static __thread struct pct_thread *self __attribute__((tls_model("initial-exec")));
/* Inside this file's code: a signal handler arriving then must not
 * re-enter (the lock may be held). */
static __thread bool busy __attribute__((tls_model("initial-exec")));
/* The program's errno, kept across the futex calls: a point may sit
 * between a failing call and the program's read of errno. */
static __thread int saved_errno __attribute__((tls_model("initial-exec")));

static void futex_wait(uint32_t *word, uint32_t val, long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, &ts, NULL, 0);
}

static void futex_wake(uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void lock(void)
{
    while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&lock_word, __ATOMIC_RELAXED))
            sched_yield();
}

static void unlock(void) { __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE); }

/* Enters this file's code on behalf of an announced thread; false when
 * there is none or when re-entered from a signal handler. */
static bool enter(void)
{
    if (!self || busy)
        return false;
    busy = true;
    saved_errno = errno;
    return true;
}

static void leave(void)
{
    errno = saved_errno;
    busy = false;
}

static uint64_t released(void) { return __atomic_load_n(&releases, __ATOMIC_RELAXED); }

/* Pass 0: who may run. Pass 1, when no one may: timed waits time out
 * (time passes only when every thread waits). Pass 2: parked spinners,
 * longest waiting first. */
static bool eligible(const struct pct_thread *t, int pass)
{
    switch (t->state) {
    case RUNNABLE:
        return pass == 0;
    case BLOCKED:
        return pass == 0 && (t->kicked || (!t->object && released() > t->since) ||
                             t->wake <= vnow);
    case PARKED:
        return (pass == 0 && released() > t->since) || pass == 2;
    case COND_WAIT:
        return (pass == 0 && (t->woken || t->wake <= vnow)) || (pass == 1 && t->timed);
    case SLEEPING:
        return pass == 0 && t->wake <= vnow;
    case UNUSED:
    case OUTSIDE:
        break;
    }
    return false;
}

static bool before(const struct pct_thread *a, const struct pct_thread *b)
{
    return a->priority != b->priority ? a->priority > b->priority : a->order < b->order;
}

/* The eligible thread of highest priority; failing any, the best of those
 * that may go when nothing else can. An eligible thread left waiting for
 * PCT_FAIR_STEPS steps goes first, for PCT_FAIR_SLICE steps: priorities
 * alone would let two high-priority threads that loop until a
 * low-priority one stops them (a flag, a join) take turns forever. */
/* Under the lock: when no thread may run, time passes: virtual time jumps
 * to the earliest wake-up of a sleeper or deadline of a timed wait.
 * Returns whether one was reached. */
static bool time_passes(void)
{
    uint64_t earliest = PCT_NO_DEADLINE;
    for (unsigned i = 0; i < pool_hwm; i++) {
        enum pct_state st = pool[i].state;
        if ((st == SLEEPING || st == BLOCKED || st == COND_WAIT) && pool[i].wake < earliest)
            earliest = pool[i].wake;
    }
    if (earliest == PCT_NO_DEADLINE)
        return false;
    vnow = earliest;
    return true;
}

static struct pct_thread *pick(void)
{
    for (int pass = 0; pass < 3; pass++) {
        struct pct_thread *best = NULL, *starved = NULL;
        for (unsigned i = 0; i < pool_hwm; i++) {
            struct pct_thread *t = &pool[i];
            if (!eligible(t, pass))
                continue;
            /* Spinners take turns: the one that waited longest goes, or
             * the highest-priority spinner would starve the others. */
            if (!best || (pass == 2 ? t->last_turn < best->last_turn : before(t, best)))
                best = t;
            if (pass == 0 && steps - t->last_turn > PCT_FAIR_STEPS &&
                (!starved || t->last_turn < starved->last_turn))
                starved = t;
        }
        if (starved && starved != owner) {
            starved->boost_left = PCT_FAIR_SLICE;
            return starved;
        }
        if (best)
            return best;
        if (pass == 0 && time_passes())
            pass = -1;
    }
    return NULL;
}

/* Who goes next. When no one may, the model is stuck: a thread that
 * holds a lock waits for it again (an error-checking mutex answers
 * EDEADLK), waits for a signal only the kernel sees, or waits for a
 * thread that is blocked outside the turn. Then the waiting threads, best
 * first, give up modeling and block for real (outside the turn), where
 * the real objects decide. NULL: no thread waits in the model at all. */
static struct pct_thread *pick_or_give_up(void)
{
    struct pct_thread *best = pick();
    if (best)
        return best;
    for (unsigned i = 0; i < pool_hwm; i++) {
        struct pct_thread *t = &pool[i];
        if ((t->state == BLOCKED || (t->state == COND_WAIT && !t->timed)) &&
            (!best || before(t, best)))
            best = t;
    }
    if (best)
        best->give_up = true;
    return best;
}

static void grant(struct pct_thread *t)
{
    owner = t;
    progress++;
    if (!t)
        return;
    t->state = RUNNABLE;
    t->run_length = 0;
    t->last_turn = steps;
    __atomic_store_n(&t->turn, 1, __ATOMIC_RELEASE);
    futex_wake(&t->turn);
}

/* Under the lock, by the holder: gives the turn to `next` (NULL: frees it). */
static void hand_over(struct pct_thread *next)
{
    if (owner == self) {
        __atomic_store_n(&self->turn, 0, __ATOMIC_RELAXED);
        owner = NULL;
    }
    grant(next);
}

/* Under the lock, called by a waiting thread every WATCH_MS: a holder
 * that has not moved for PCT_STEAL_MS is taken to be blocked where no
 * interceptor sees it, and loses the turn. */
static void watchdog(uint64_t *seen, unsigned *idle_ms)
{
    if (progress != *seen) {
        *seen = progress;
        *idle_ms = 0;
        return;
    }
    *idle_ms += WATCH_MS;
    if (owner && *idle_ms < PCT_STEAL_MS)
        return;
    if (owner) {
        __atomic_store_n(&owner->turn, 0, __ATOMIC_RELAXED);
        owner->state = OUTSIDE;   /* comes back at its next point */
        owner = NULL;
    }
    grant(pick_or_give_up());
    *seen = progress;
    *idle_ms = 0;
}

/* Without the lock: until this thread holds the turn. */
static void wait_turn(void)
{
    uint64_t seen = 0;
    unsigned idle_ms = 0;
    while (!__atomic_load_n(&self->turn, __ATOMIC_ACQUIRE)) {
        futex_wait(&self->turn, 0, WATCH_MS);
        if (__atomic_load_n(&self->turn, __ATOMIC_ACQUIRE))
            break;
        lock();
        watchdog(&seen, &idle_ms);
        unlock();
    }
}

/* Under the lock, the caller in a waiting state: the turn goes to `next`
 * (the caller itself: its wait is over at once); unlocks, then waits until
 * the caller holds the turn. */
static void wait_for(struct pct_thread *next)
{
    if (next == self)
        self->state = RUNNABLE;
    else
        hand_over(next);
    unlock();
    if (next != self)
        wait_turn();
}

/* A thread that does not hold the turn (a new thread at its first point,
 * one coming back from outside or robbed by the watchdog) asks for it. */
static void rejoin(void)
{
    lock();
    self->state = RUNNABLE;
    if (!owner)
        grant(pick_or_give_up());
    unlock();
    wait_turn();
}

void pct_run_start(uint64_t run_seed, uint64_t pct_depth, uint64_t pct_steps)
{
    struct prng r = prng_stream(run_seed, PRNG_RUN_PCT, 0);
    lock();
    depth = pct_depth;
    steps = 0;
    vnow = 0;
    next_change = 0;
    changes = pct_depth - 1 < PCT_MAX_CHANGES ? (unsigned)(pct_depth - 1) : PCT_MAX_CHANGES;
    for (unsigned i = 0; i < changes; i++)
        change_at[i] = 1 + prng_below(&r, pct_steps);
    announced = 0;
    if (!self && pool_hwm < PCT_MAX_THREADS)
        self = &pool[pool_hwm++];
    if (self) {
        self->state = RUNNABLE;
        self->priority = depth + (prng_next(&r) >> 1);
        self->rng = prng_stream(run_seed, PRNG_RUN_PCT, 1);
        self->order = announced++;
        if (!owner)
            grant(self);
    }
    unlock();
}

void pct_after_create(void)
{
    /* Counted even for a parent without an entry: the child counts itself
     * in `started` all the same. */
    uint32_t n = __atomic_add_fetch(&created, 1, __ATOMIC_RELAXED);
    if (!enter())
        return;
    uint32_t s;
    while ((int32_t)((s = __atomic_load_n(&started, __ATOMIC_ACQUIRE)) - n) < 0)
        futex_wait(&started, s, WATCH_MS);
    leave();
}

/* Under the lock: a priority next to the parent's, above it or below it
 * (by `above`), between the parent and the nearest live thread on that
 * side, so that the child runs right before or right after its parent.
 * Uniform priorities make an order-dependent race between two children of
 * one thread a 1-in-3 draw (the elder must come last of three); next to
 * the parent it is 1 in 2: below the parent, children run newest first
 * once it waits, which is the opposite of the usual start order, and above
 * it, a child runs before its parent goes on, which is the opposite of the
 * usual "the parent keeps running". When the gap is used up the child ties
 * with the parent and the announcement order puts it after. */
static uint64_t next_to(const struct pct_thread *parent, bool above)
{
    uint64_t p = parent->priority, lo = depth, hi = UINT64_MAX;
    if (p < depth)
        return p;   /* a demoted parent: change points own that band */
    for (unsigned i = 0; i < pool_hwm; i++) {
        const struct pct_thread *t = &pool[i];
        if (t->state == UNUSED || t == parent)
            continue;
        if (above && t->priority > p && t->priority < hi)
            hi = t->priority;
        if (!above && t->priority < p && t->priority > lo)
            lo = t->priority;
    }
    return above ? p + (hi - p) / 2 : lo + (p - lo) / 2;
}

void pct_thread_start(uint64_t priority_draw)
{
    lock();
    /* The parent holds the turn while it waits in pct_after_create for
     * this announcement (a parent outside the schedule has no say). */
    uint64_t priority = depth + (priority_draw >> 1);
    bool above = priority_draw & 1;
    if (owner) {
        priority = next_to(owner, above);
        /* Whichever of parent and child goes on first may drop below
         * everyone at its next point: a parent that went on (with
         * probability 1/2) lets its child's first synchronization come
         * before its own; a child that went first (1/4) lets its parent
         * catch up. Each reverses the usual order once more, after the
         * creation, where order-dependent races sit. */
        owner->drop_pending = !above && ((priority_draw >> 1) & 1);
    }
    struct pct_thread *t = NULL;
    for (unsigned i = 0; i < pool_hwm && !t; i++)
        if (pool[i].state == UNUSED)
            t = &pool[i];
    if (!t && pool_hwm < PCT_MAX_THREADS)
        t = &pool[pool_hwm++];
    if (t) {
        *t = (struct pct_thread){
            .state = RUNNABLE,
            .priority = priority,
            .order = announced++,
            .last_turn = steps,
            .fresh = true,
            .drop_pending = owner && above && ((priority_draw >> 1) & 3) == 0,
            .rng = {prng_mix(priority_draw)},
        };
        self = t;
    }
    unlock();
    /* Counted even without an entry: the parent waits for the count. */
    __atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
    futex_wake(&started);
}

/* Under the lock: the threads blocked on `object` may try again. */
static void kick(const void *object)
{
    for (unsigned i = 0; i < pool_hwm; i++)
        if (pool[i].state == BLOCKED && pool[i].object == object)
            pool[i].kicked = true;
}

void pct_thread_finish(const void *key)
{
    if (!enter())
        return;
    __atomic_add_fetch(&releases, 1, __ATOMIC_RELAXED);
    lock();
    kick(key);
    self->state = UNUSED;
    if (owner == self)
        hand_over(pick_or_give_up());
    unlock();
    self = NULL;
    leave();
}

enum point_kind { PLAIN, RELEASE, CREATION, SIGNAL };

/* A scheduling point of a thread that entered (enter()); CREATION: one of
 * the points around a pthread_create (pct_creation_point); SIGNAL: right
 * after a condition signal (pct_signal_point), a release. */
static void step(enum point_kind kind)
{
    bool release = kind == RELEASE || kind == SIGNAL;
    if (release)
        __atomic_add_fetch(&releases, 1, __ATOMIC_RELAXED);
    /* A new thread's first point only waits for the turn, whether or not
     * it was granted already: no step, or the step count would depend on
     * how fast the kernel started the thread. */
    if (self->fresh || !__atomic_load_n(&self->turn, __ATOMIC_ACQUIRE)) {
        self->fresh = false;
        if (!__atomic_load_n(&self->turn, __ATOMIC_ACQUIRE))
            rejoin();
        return;
    }
    lock();
    steps++;
    progress++;
    while (next_change < changes && steps >= change_at[next_change])
        self->priority = depth - 1 - next_change++;
    if (self->drop_pending && kind != CREATION) {
        self->drop_pending = false;
        self->priority = 0;
    }
    if (kind == SIGNAL && !self->signaled) {
        self->signaled = true;
        if (prng_next(&self->rng) & 1)
            self->priority = 0;
    }
    self->last_turn = steps;
    struct pct_thread *next = self;
    if (self->boost_left)
        self->boost_left--;
    else
        next = pick();
    if (next == self && ++self->run_length >= PCT_SPIN_STEPS) {
        self->state = PARKED;
        self->since = released();
        next = pick();
        if (next == self)
            self->state = RUNNABLE;
        self->run_length = 0;
    }
    if (next != self)
        hand_over(next);
    unlock();
    if (next != self)
        wait_turn();
}

void pct_point(bool release)
{
    if (!enter())
        return;
    step(release ? RELEASE : PLAIN);
    leave();
}

void pct_signal_point(void)
{
    if (!enter())
        return;
    step(SIGNAL);
    leave();
}

void pct_creation_point(void)
{
    if (!enter())
        return;
    step(CREATION);
    leave();
}

/* Consumes the thread's give-up grant. Its holder reads it without the
 * lock: it was written before the grant that gave it the turn. */
static bool gave_up(void)
{
    bool g = self->give_up;
    self->give_up = false;
    return g;
}

void pct_released(const void *object)
{
    if (!enter())
        return;
    __atomic_add_fetch(&releases, 1, __ATOMIC_RELAXED);
    lock();
    kick(object);
    unlock();
    leave();
}

enum pct_wait pct_wait_release(const void *object, uint64_t deadline)
{
    if (!enter())
        return PCT_GIVE_UP;
    lock();
    self->state = BLOCKED;
    self->object = object;
    self->kicked = false;
    self->since = released();
    self->wake = deadline;
    wait_for(pick_or_give_up());
    enum pct_wait r = PCT_AGAIN;
    if (gave_up())
        r = PCT_GIVE_UP;
    else if (!self->kicked && (object || released() == self->since) && self->wake <= vnow)
        r = PCT_TIMED_OUT;
    leave();
    return r;
}

uint64_t pct_deadline(uint64_t ns)
{
    if (!enter())
        return PCT_NO_DEADLINE;
    lock();
    uint64_t at = vnow < PCT_NO_DEADLINE - ns ? vnow + ns : PCT_NO_DEADLINE - 1;
    unlock();
    leave();
    return at;
}

void pct_outside_begin(void)
{
    if (!enter())
        return;
    lock();
    self->state = OUTSIDE;
    if (owner == self)
        hand_over(pick_or_give_up());
    unlock();
    leave();
}

void pct_outside_end(void)
{
    if (!enter())
        return;
    rejoin();
    leave();
}

bool pct_sleep(uint64_t ns)
{
    if (!enter())
        return false;
    if (!__atomic_load_n(&self->turn, __ATOMIC_ACQUIRE) || (prng_next(&self->rng) & 7)) {
        /* Early: the others were slower than the sleep (7 times in 8). */
        step(PLAIN);
        lock();
        if (vnow < UINT64_MAX - ns)
            vnow += ns;
        unlock();
        leave();
        return true;
    }
    lock();
    steps++;
    progress++;
    self->state = SLEEPING;
    self->wake = vnow < UINT64_MAX - ns ? vnow + ns : UINT64_MAX;
    wait_for(pick());   /* never NULL: the sleeper wakes at last */
    leave();
    return true;
}

bool pct_holds_program(void)
{
    if (!enter())
        return false;
    bool all_in = true;
    lock();
    for (unsigned i = 0; i < pool_hwm && all_in; i++)
        all_in = pool[i].state != OUTSIDE;
    unlock();
    leave();
    return all_in;
}

bool pct_cond_wait(const void *cond, bool timed, uint64_t deadline)
{
    if (!enter())
        return true;
    __atomic_add_fetch(&releases, 1, __ATOMIC_RELAXED);   /* the mutex */
    lock();
    self->state = COND_WAIT;
    self->cond = cond;
    self->ticket = tickets++;
    self->timed = timed;
    self->wake = deadline;
    self->woken = false;
    wait_for(pick_or_give_up());   /* self: timed out, or gave up */
    /* As give_up: signals target COND_WAIT threads only, so no one writes
     * `woken` while this thread holds the turn. */
    bool woken = self->woken && !gave_up();
    self->woken = false;
    leave();
    return woken;
}

void pct_cond_signal(const void *cond, bool all)
{
    if (!enter())
        return;
    lock();
    struct pct_thread *first = NULL;
    for (unsigned i = 0; i < pool_hwm; i++) {
        struct pct_thread *t = &pool[i];
        if (t->state != COND_WAIT || t->cond != cond || t->woken)
            continue;
        if (all)
            t->woken = true;
        else if (!first || t->ticket < first->ticket)
            first = t;
    }
    if (first)
        first->woken = true;
    unlock();
    leave();
}

void pct_fork_child(void)
{
    lock_word = 0;
    busy = false;
    for (unsigned i = 0; i < pool_hwm; i++)
        if (&pool[i] != self)
            pool[i].state = UNUSED;
    owner = NULL;
    created = started = 0;
    if (self)
        grant(self);
}
