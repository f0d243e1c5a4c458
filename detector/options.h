/*
 * options.h — runtime options from RACETEST_OPTIONS="key=value key=value".
 *
 * Parsed once at initialization, read-only afterwards. Keys are GORACE's
 * (log_path, exitcode, strip_path_prefix, history_size, halt_on_error) plus
 * suppressions, and ThreadSanitizer's switches of its other report kinds
 * (detect_deadlocks, report_mutex_bugs, report_destroy_locked,
 * report_thread_leaks, report_signal_unsafe; all on, as in TSan). An unknown key or a bad value is reported on stderr with the
 * key's name and what was expected, and otherwise ignored.
 */
#ifndef RT_OPTIONS_H
#define RT_OPTIONS_H

#include "rt_defs.h"

struct rt_options {
    char log_path[256];          /* "stderr", "stdout" or a path prefix */
    int exitcode;                /* exit status when races were reported */
    char strip_path_prefix[256];
    int history_size;            /* 0..7: 32K * 2^n events per thread */
    bool halt_on_error;
    char suppressions[256];      /* file of race:PATTERN lines, or "" */
    bool detect_deadlocks;       /* lock-order inversions (deadlock.c) */
    bool report_mutex_bugs;      /* double lock, bad unlock (mutex_misuse.c) */
    bool report_destroy_locked;  /* destroy of a locked mutex (mutex_misuse.c) */
    bool report_thread_leaks;    /* threads never joined (thread_leak.c) */
    bool report_signal_unsafe;   /* malloc & co. in a signal handler (signal_unsafe.c) */
};

extern struct rt_options rt_opts;

/* Parses the text of RACETEST_OPTIONS; warnings go to fd 2. */
void options_parse(const char *text);

#endif
