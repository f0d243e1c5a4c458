/*
 * virtual_time.c — sleeps that take no real time under sched=pct, and the
 * skew that keeps the program's clocks consistent with them (contract in
 * sched_fuzz.h, "virtual time").
 *
 * Why a skew over the real clocks rather than clocks made of steps (as
 * Shuttle's stepped time model): programs also wait by reading the clock in
 * a loop without any scheduling point (a busy wait until a deadline); a
 * clock that advanced only with steps would never let them out. The price:
 * a program whose number of scheduling points depends on how much real
 * time passes does not replay exactly, as before.
 *
 * Timed waits (sched_wait_deadline) get a deadline in virtual time under
 * the same conditions, and pct orders them with the sleepers.
 *
 * Where time stays real (the sleep is made for real, outside the turn, as
 * before): a thread of the program waits outside the model (I/O, a real
 * blocking call: the sleeper may be giving it time), the process has
 * forked or is a fork child (the sleeper may be waiting for the other
 * process, a poll for what it writes into a pipe), or the sleeping
 * thread takes no part in the schedule. Nothing sees a thread blocked in a
 * call that no interceptor knows, nor a child started by vfork or clone
 * (posix_spawn, popen and system count as a fork: interceptors_spawn.c):
 * a sleep meant to wait for those is cut short.
 *
 * Replay: the schedule sees a relative sleep's length exactly, and an
 * absolute sleep's remaining time rounded to the millisecond (measured on
 * the real clock): a deadline that the program set within microseconds of
 * a rounding boundary may sort differently against another sleeper's.
 *
 * Threading: the skew is written with a CAS by whichever thread moves the
 * clocks (under pct the one that holds the turn) and read with a relaxed
 * load by every clock reading; `forked` is written by either side of a fork.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include "pct.h"
#include "sched_fuzz.h"

#define NS_PER_S 1000000000LL
#define ABS_ROUND_NS 1000000LL

static int64_t skew;
static bool forked;

/* The clocks that measure elapsed time (the CPU-time clocks do not, and
 * neither do the per-process/thread clock ids, which are negative). */
static bool elapsed_clock(clockid_t clk)
{
    return clk >= 0 && clk != CLOCK_PROCESS_CPUTIME_ID && clk != CLOCK_THREAD_CPUTIME_ID;
}

int64_t sched_clock_skew(clockid_t clk)
{
    return elapsed_clock(clk) ? __atomic_load_n(&skew, __ATOMIC_RELAXED) : 0;
}

/* The real clock, past any interceptor of clock_gettime. */
static int64_t real_ns(clockid_t clk)
{
    struct timespec ts;
    if (syscall(SYS_clock_gettime, clk, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static bool valid(const struct timespec *ts)
{
    return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NS_PER_S &&
           ts->tv_sec < INT64_MAX / NS_PER_S - 1;
}

static int64_t ts_ns(const struct timespec *ts) { return (int64_t)ts->tv_sec * NS_PER_S + ts->tv_nsec; }

/* The program's reading of clk reaches at least `target` (ns). */
static void reach(clockid_t clk, int64_t target)
{
    int64_t need = target - real_ns(clk);
    int64_t s = __atomic_load_n(&skew, __ATOMIC_RELAXED);
    while (s < need && !__atomic_compare_exchange_n(&skew, &s, need, true, __ATOMIC_RELAXED,
                                                    __ATOMIC_RELAXED))
        ;
}

/* Whether a wait on clk until/for req may take virtual time; then *ns is
 * how long it waits, as the schedule sees it, and *target the program's
 * reading of clk at its end. `up`: an absolute wait's time left is rounded
 * up to the millisecond rather than to the nearest one. */
static bool virtual_wait(clockid_t clk, bool absolute, const struct timespec *req, bool up,
                         uint64_t *ns, int64_t *target)
{
    if (!sched_serial || __atomic_load_n(&forked, __ATOMIC_RELAXED) || !elapsed_clock(clk) ||
        !valid(req) || !pct_holds_program())
        return false;
    int64_t now = real_ns(clk) + sched_clock_skew(clk);
    *target = absolute ? ts_ns(req) : now + ts_ns(req);
    /* The schedule must not depend on the real clock: a relative wait
     * passes its own length; an absolute one what is left of it, which
     * jitters by the microseconds since the program read the clock, so it
     * is rounded to the nearest millisecond. */
    int64_t left = *target - now;
    if (absolute && left > 0)
        left = (left + (up ? ABS_ROUND_NS - 1 : ABS_ROUND_NS / 2)) / ABS_ROUND_NS * ABS_ROUND_NS;
    else if (!absolute)
        left = ts_ns(req);
    *ns = left > 0 ? (uint64_t)left : 0;
    return true;
}

bool sched_sleep(clockid_t clk, bool absolute, const struct timespec *req)
{
    uint64_t ns;
    int64_t target;
    if (!virtual_wait(clk, absolute, req, false, &ns, &target))
        return false;
    pct_sleep(ns);
    reach(clk, target);
    return true;
}

uint64_t sched_wait_deadline(clockid_t clk, bool absolute, const struct timespec *req)
{
    uint64_t ns;
    int64_t target;
    /* Up: a wait that times out moves virtual time on, so a loop of short
     * timed waits (re-armed until another thread, asleep, acts) lets time
     * reach that thread's wake-up; rounded to the nearest, a deadline under
     * 0.5 ms away would time out at once, again and again. */
    return virtual_wait(clk, absolute, req, true, &ns, &target) ? pct_deadline(ns)
                                                                : SCHED_NO_DEADLINE;
}

void sched_time_reached(clockid_t clk, const struct timespec *deadline)
{
    if (elapsed_clock(clk) && valid(deadline))
        reach(clk, ts_ns(deadline));
}

const struct timespec *sched_real_deadline(clockid_t clk, const struct timespec *deadline,
                                           struct timespec *buf)
{
    int64_t s = sched_clock_skew(clk);
    if (s == 0 || !valid(deadline))
        return deadline;
    int64_t ns = ts_ns(deadline) - s;
    if (ns < 0)
        ns = 0;
    buf->tv_sec = ns / NS_PER_S;
    buf->tv_nsec = ns % NS_PER_S;
    return buf;
}

void sched_fork_parent(void) { __atomic_store_n(&forked, true, __ATOMIC_RELAXED); }
