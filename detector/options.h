/*
 * options.h — runtime options from RACETEST_OPTIONS="key=value key=value".
 *
 * Parsed once at initialization, read-only afterwards. Keys are GORACE's
 * (log_path, exitcode, strip_path_prefix, history_size, halt_on_error) plus
 * suppressions. An unknown key or a bad value is reported on stderr with the
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
};

extern struct rt_options rt_opts;

/* Parses the text of RACETEST_OPTIONS; warnings go to fd 2. */
void options_parse(const char *text);

#endif
