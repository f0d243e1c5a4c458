/*
 * serial_poll.h — poll, ppoll, select, pselect and epoll_wait timeouts in
 * virtual time under sched=pct (sched_fuzz.h, "timed waits").
 *
 * A poll-like wait with a finite timeout on descriptors that only this
 * process's threads can make ready (anonymous pipes, socketpairs; none at
 * all: a sleep) is a loop in the turn: a probe with a zero timeout, and
 * while it finds nothing, a wait in the model until another thread
 * releases anything (a write is a release point) or virtual time reaches
 * the timeout. So it takes no real time, and a seed replays it.
 *
 * Everything else waits for real, outside the turn, as before: an infinite
 * timeout, a descriptor that something outside the process may make ready
 * (a network or named socket, a named FIFO, a file, eventfd/timerfd/
 * signalfd, a nested epoll), a process that has forked (a pipe may be the
 * other process's), or a program the scheduler does not hold.
 *
 * Threading: called by the polling thread only; no state of its own.
 */
#ifndef RACETEST_SERIAL_POLL_H
#define RACETEST_SERIAL_POLL_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/select.h>
#include <time.h>

#include "thread.h"

struct serial_poll {
    uint64_t at;          /* the deadline in virtual time */
    struct timespec end;  /* the program's CLOCK_MONOTONIC at the timeout */
    bool timed_out, gave_up;
};

/* Whether the wait may be virtual: the caller is in the serial schedule,
 * timeout_ns > 0 (negative: infinite) and the scheduler gives it a
 * virtual deadline. The descriptors are checked by the caller, after this
 * (the check costs system calls). */
bool serial_poll_begin(struct rt_thread *t, struct serial_poll *sp, int64_t timeout_ns);
/* After a probe found nothing: waits in the model. True: probe again.
 * False: stop, with sp->timed_out (the clocks moved to the timeout: the
 * answer is "nothing ready") or sp->gave_up (wait for real). */
bool serial_poll_wait(struct rt_thread *t, struct serial_poll *sp);

/* Whether only this process's threads can make these descriptors ready
 * (called inside rt_enter: they call libc). */
bool poll_fds_internal(const struct pollfd *fds, nfds_t n);
bool select_fds_internal(int nfds, const fd_set *rd, const fd_set *wr, const fd_set *ex);
bool epoll_fds_internal(int epfd);

/* A poll-like wait: r = PROBE (the call with a zero timeout) in virtual
 * time when the wait may be virtual and INTERNAL holds; else, or when the
 * model gives up, r = BLOCK (the real call) between the wait points. */
#define SERIAL_POLL(t, r, timeout_ns, INTERNAL, PROBE, BLOCK)                                   \
    do {                                                                                       \
        struct serial_poll sp_;                                                                \
        bool in_ = serial_poll_begin((t), &sp_, (timeout_ns));                                 \
        if (in_) {                                                                             \
            rt_enter(t);                                                                       \
            in_ = (INTERNAL);                                                                  \
            rt_leave(t);                                                                       \
        }                                                                                      \
        if (in_) {                                                                             \
            while (((r) = (PROBE)) == 0 && serial_poll_wait((t), &sp_))                        \
                ;                                                                              \
            if (!sp_.gave_up)                                                                  \
                break;                                                                         \
        }                                                                                      \
        perturb((t), SCHED_BEFORE_WAIT);                                                       \
        (r) = (BLOCK);                                                                         \
        perturb((t), SCHED_AFTER_WAIT);                                                        \
    } while (0)

#endif
