/*
 * interceptors_sleep.c — calls that only wait: sleeps, waiting for a child
 * process, pause.
 *
 * They create no happens-before edge (a sleep orders nothing: that is the
 * classic "synchronized by sleep" race, which must stay visible), so the
 * only thing modeled here is the schedule: under a serial schedule
 * (sched=pct) a thread must not wait in the kernel while it holds the
 * turn, so each call runs between SCHED_BEFORE_WAIT and SCHED_AFTER_WAIT.
 * glibc's sleep and usleep reach nanosleep internally, where no
 * interceptor sees them: each entry point is wrapped.
 */
#include <errno.h>
#include <signal.h>
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

unsigned int sleep(unsigned int seconds) { WAITING(unsigned int, sleep, (seconds)); }

int usleep(useconds_t us) { WAITING(int, usleep, (us)); }

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    WAITING(int, nanosleep, (req, rem));
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
    WAITING(int, clock_nanosleep, (clk, flags, req, rem));
}

pid_t waitpid(pid_t pid, int *status, int options) { WAITING(pid_t, waitpid, (pid, status, options)); }

pid_t wait(int *status) { WAITING(pid_t, wait, (status)); }

int waitid(idtype_t type, id_t id, siginfo_t *info, int options)
{
    WAITING(int, waitid, (type, id, info, options));
}

int pause(void) { WAITING(int, pause, ()); }
