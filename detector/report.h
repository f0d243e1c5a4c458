/*
 * report.h — race reports: deduplication, the Go-format text, the event
 * stream, counting, and the end-of-process verdict.
 *
 * Entered from the access fast path when a check fails; everything here is
 * slow path and runs under one report lock, with the reporting thread's
 * interceptors in pass-through mode.
 */
#ifndef RT_REPORT_H
#define RT_REPORT_H

#include "rt_defs.h"
#include "shadow.h"

struct rt_thread;

/* The current access `cur` (of `size` bytes at addr, at pc) races with the
 * earlier access recorded in cell `old`. */
NOINLINE __attribute__((cold)) void report_race(struct rt_thread *t, uptr addr, unsigned size,
                                                shadow_t cur, shadow_t old, uptr pc);

/* The thread is dying of signal sig (fault address addr, ~0 for a signal
 * that was not a fault): prints the signal's name and the n pcs of its
 * stack (innermost first, each one past its instruction; none when the
 * crash is inside the runtime). Called from the crash handler (crash.c). */
void report_crash(int sig, uptr addr, const uptr *pcs, unsigned n);
/* Installs the crash handler (crash.c). */
void crash_init(void);

/* Opens the log and the event stream (init). */
void report_init(void);
/* Writes text to the log (log_path), as a report is written: between
 * report_enter and report_leave (report_text.h). */
void report_write(const char *text, size_t len);
/* Redirects the log: to `fd`, or (fd -1) to `path` as log_path names it,
 * opened at the next write (sanitizer_interface.c). */
void report_set_log(const char *path, int fd);
/* Prints "Found N data race(s)" and returns the exit status to use instead
 * of the program's, or -1 when no race was reported. */
int report_finish(void);

#endif
