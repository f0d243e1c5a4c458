/*
 * interceptors_sleep.c — calls that only wait: sleeps, waiting for a child
 * process, pause; and the clocks the program reads.
 *
 * They create no happens-before edge (a sleep orders nothing: that is the
 * classic "synchronized by sleep" race, which must stay visible), so the
 * only thing modeled here is the schedule: under a serial schedule
 * (sched=pct) a thread must not wait in the kernel while it holds the
 * turn, so each call runs between SCHED_BEFORE_WAIT and SCHED_AFTER_WAIT.
 * glibc's sleep and usleep reach nanosleep internally, where no
 * interceptor sees them: each entry point is wrapped.
 *
 * Under sched=pct a sleep may be virtual (sched_fuzz.h, "virtual time"):
 * no real time passes and the clocks jump instead, so clock_gettime,
 * gettimeofday and time add the scheduler's skew (0 in every other mode).
 */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "interceptors.h"

#define WAITING(type, fn, call)                                                                \
    do {                                                                                       \
        struct rt_thread *t = cur_thread();                                                    \
        perturb(t, SCHED_BEFORE_WAIT);                                                         \
        type r_ = REAL(fn) call;                                                               \
        int saved_ = errno;                                                                    \
        perturb(t, SCHED_AFTER_WAIT);                                                          \
        errno = saved_;                                                                        \
        return r_;                                                                             \
    } while (0)

/* Whether the sleep was made in virtual time (then it returns success). */
static bool virtual_sleep(clockid_t clk, bool absolute, const struct timespec *req)
{
    struct rt_thread *t = cur_thread();
    if (!serial(t))
        return false;
    t->ignore++;
    bool done = sched_sleep(clk, absolute, req);
    t->ignore--;
    return done;
}

unsigned int sleep(unsigned int seconds)
{
    if (virtual_sleep(CLOCK_MONOTONIC, false, &(struct timespec){.tv_sec = seconds}))
        return 0;
    WAITING(unsigned int, sleep, (seconds));
}

int usleep(useconds_t us)
{
    struct timespec req = {.tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000};
    if (virtual_sleep(CLOCK_MONOTONIC, false, &req))
        return 0;
    WAITING(int, usleep, (us));
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (virtual_sleep(CLOCK_MONOTONIC, false, req))
        return 0;
    WAITING(int, nanosleep, (req, rem));
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
    if (virtual_sleep(clk, flags & TIMER_ABSTIME, req))
        return 0;
    struct timespec real_req;
    if (flags & TIMER_ABSTIME)
        req = sched_real_deadline(clk, req, &real_req);
    WAITING(int, clock_nanosleep, (clk, flags, req, rem));
}

/* Clock readings: one test of a global when there is no skew. */
static void add_skew(clockid_t clk, time_t *sec, long *frac, long per_s, long ns_per_unit)
{
    int64_t ns = sched_clock_skew(clk);
    if (ns == 0)
        return;
    *sec += (time_t)(ns / 1000000000);
    *frac += (long)(ns % 1000000000) / ns_per_unit;
    if (*frac >= per_s) {
        *frac -= per_s;
        (*sec)++;
    }
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    int r = REAL(clock_gettime)(clk, ts);
    if (unlikely(sched_serial) && r == 0)
        add_skew(clk, &ts->tv_sec, &ts->tv_nsec, 1000000000, 1);
    return r;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    int r = REAL(gettimeofday)(tv, tz);
    if (unlikely(sched_serial) && r == 0) {
        long usec = tv->tv_usec;
        add_skew(CLOCK_REALTIME, &tv->tv_sec, &usec, 1000000, 1000);
        tv->tv_usec = usec;
    }
    return r;
}

time_t time(time_t *tloc)
{
    struct timespec ts;
    time_t now;
    if (unlikely(sched_serial) && sched_clock_skew(CLOCK_REALTIME) != 0 &&
        clock_gettime(CLOCK_REALTIME, &ts) == 0)
        now = ts.tv_sec;
    else
        now = REAL(time)(NULL);
    if (tloc)
        *tloc = now;
    return now;
}
