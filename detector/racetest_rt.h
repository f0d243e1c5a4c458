/*
 * racetest_rt.h — the runtime's interface to the rest of racetest.
 *
 * Who uses it: the cmocka glue linked into test binaries (runner/), and
 * nothing else. User programs only see the instrumentation ABI (__tsan_*),
 * the interceptors, and the annotations of include/racetest.h.
 *
 * Event stream. When the environment variable RACETEST_EVENTS_FD names an
 * open file descriptor, the runtime (and the glue, through
 * __racetest_event_write) writes one JSON object per line to it, each line
 * with a single write(2) while holding the runtime's report lock, so lines of
 * different threads never interleave. The runner passes a regular file opened
 * O_APPEND, so a crash or kill leaves every complete line behind.
 *
 * Race events written by the runtime:
 *   {"event":"race","id":K,"first":true,"test":"T","run":R,
 *    "report":"<full report text, as printed>",
 *    "accesses":[{"kind":"write","thread":"T2","stack":[F,...]},
 *                {"kind":"read","thread":"main","stack":[F,...]}]}
 *   F = {"func":"worker","file":"tests/x_test.c","line":14}
 *       (file after strip_path_prefix; line 0 and file "" when unknown;
 *        innermost frame first; the second access's stack is [] when it
 *        could not be restored)
 *   {"event":"race","id":K,"first":false,"test":"T","run":R}
 *       the same racing pair (same id, same process) seen again: it is not
 *       printed twice, but every occurrence is counted.
 * "test"/"run" are those of the innermost __racetest_test_begin, or "" / 0.
 * K numbers the unique races of this process from 1.
 */
#ifndef RACETEST_RT_H
#define RACETEST_RT_H

#include <stddef.h>

/* Marks the start and end of one execution of a test, so that races are
 * attributed to it. Called from the thread that runs the test. test_id is
 * copied. */
void __racetest_test_begin(const char *test_id, unsigned run);
void __racetest_test_end(void);

/* Races (first reports and repeats, suppressed ones excluded) detected since
 * the last __racetest_test_begin. */
unsigned long __racetest_test_races(void);

/* Writes one complete event line (must end in '\n') to the event stream, if
 * there is one, atomically with respect to the runtime's own events.
 * Returns 0, or -1 when no stream is configured or the write failed. */
int __racetest_event_write(const char *line, size_t len);

/* Restores the runtime's per-thread shadow call stack to the depth it had
 * when *depth_token was filled by __racetest_stack_mark(). The glue calls it
 * after cmocka longjmp'ed out of a failed test, which skipped the
 * __tsan_func_exit calls of the unwound frames. */
void __racetest_stack_mark(unsigned long *depth_token);
void __racetest_stack_restore(unsigned long depth_token);

/* Makes SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT crashes again: a
 * crash prints its signal and the crashing thread's stack, then the process
 * dies of the signal. The glue calls it at the start of each test, after
 * cmocka installed handlers that would turn a crash into a failure (or,
 * from another thread, into exit status 255). A handler the test installs
 * itself still wins. */
void __racetest_crash_signals_take(void);

#endif
