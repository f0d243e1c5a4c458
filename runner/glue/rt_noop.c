/*
 * glue/rt_noop.c — the racetest_rt.h API without a detector, for test binaries
 * built with `racetest -race=false` (plain stress runs). Linked as
 * lib/racetest/libracetest_rt_noop.a after the cmocka glue, so the same glue
 * works with and without the runtime.
 *
 * Only the event stream does something: events are written with one write(2)
 * each to RACETEST_EVENTS_FD (a file opened O_APPEND by the runner, so lines
 * of different threads do not interleave). No races are ever counted.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "detector/racetest_rt.h"

static int events_fd(void)
{
    static int fd = -2;
    if (fd == -2) {
        const char *v = getenv("RACETEST_EVENTS_FD");
        char *end;
        long n = v && *v ? strtol(v, &end, 10) : -1;
        fd = (v && *v && *end == '\0' && n >= 0 && n < 1 << 20) ? (int)n : -1;
    }
    return fd;
}

void __racetest_test_begin(const char *test_id, unsigned run)
{
    (void)test_id;
    (void)run;
}

void __racetest_test_end(void) {}

unsigned long __racetest_test_races(void)
{
    return 0;
}

int __racetest_event_write(const char *line, size_t len)
{
    int fd = events_fd();
    if (fd < 0)
        return -1;
    while (len > 0) {
        ssize_t w = write(fd, line, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        line += w;
        len -= (size_t)w;
    }
    return 0;
}

void __racetest_stack_mark(unsigned long *depth_token)
{
    *depth_token = 0;
}

void __racetest_stack_restore(unsigned long depth_token)
{
    (void)depth_token;
}

/* No stack to print: the default action, so that the process dies of the
 * signal and the runner reports the crash. */
void __racetest_crash_signals_take(void)
{
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);
}
