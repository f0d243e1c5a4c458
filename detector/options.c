/*
 * options.c — RACETEST_OPTIONS parsing (see options.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "sched_fuzz.h"

struct rt_options rt_opts = {
    .log_path = "stderr",
    .exitcode = 66,
    .history_size = 1,   /* GORACE's documented default: 64K events */
    .detect_deadlocks = true,
    .report_mutex_bugs = true,
    .report_destroy_locked = true,
    .report_thread_leaks = true,
    .report_signal_unsafe = true,
};

/* The 0/1 switches, by their ThreadSanitizer names. */
static const struct {
    const char *key;
    bool *value;
} switches[] = {
    {"halt_on_error", &rt_opts.halt_on_error},
    {"detect_deadlocks", &rt_opts.detect_deadlocks},
    {"report_mutex_bugs", &rt_opts.report_mutex_bugs},
    {"report_destroy_locked", &rt_opts.report_destroy_locked},
    {"report_thread_leaks", &rt_opts.report_thread_leaks},
    {"report_signal_unsafe", &rt_opts.report_signal_unsafe},
};

static void warn(const char *fmt, const char *a, const char *b)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, fmt, a, b);
    if (n > 0 && write(2, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1) < 0) {
        /* stderr is gone; nothing to do */
    }
}

static bool parse_int(const char *key, const char *val, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(val, &end, 10);
    if (errno || end == val || *end || v < lo || v > hi) {
        char range[64];
        snprintf(range, sizeof range, "an integer in %ld..%ld", lo, hi);
        warn("racetest: RACETEST_OPTIONS: bad value for %s (expected %s); ignored\n", key, range);
        return false;
    }
    *out = (int)v;
    return true;
}

static void set_string(char *dst, size_t cap, const char *key, const char *val)
{
    if (strlen(val) >= cap) {
        warn("racetest: RACETEST_OPTIONS: value of %s is too long%s; ignored\n", key, "");
        return;
    }
    strcpy(dst, val);
}

static void apply(const char *key, const char *val)
{
    int v;
    for (size_t i = 0; i < sizeof switches / sizeof switches[0]; i++)
        if (!strcmp(key, switches[i].key)) {
            if (parse_int(key, val, 0, 1, &v))
                *switches[i].value = v;
            return;
        }
    if (!strcmp(key, "log_path"))
        set_string(rt_opts.log_path, sizeof rt_opts.log_path, key, val);
    else if (!strcmp(key, "exitcode")) {
        if (parse_int(key, val, 0, 255, &v))
            rt_opts.exitcode = v;
    } else if (!strcmp(key, "strip_path_prefix"))
        set_string(rt_opts.strip_path_prefix, sizeof rt_opts.strip_path_prefix, key, val);
    else if (!strcmp(key, "history_size")) {
        if (parse_int(key, val, 0, 7, &v))
            rt_opts.history_size = v;
    } else if (!strcmp(key, "suppressions"))
        set_string(rt_opts.suppressions, sizeof rt_opts.suppressions, key, val);
    else if (!sched_option(key, val))
        warn("racetest: RACETEST_OPTIONS: unknown option '%s'%s; ignored\n", key, "");
}

void options_parse(const char *text)
{
    if (!text)
        return;
    char buf[4096];
    if (strlen(text) >= sizeof buf) {
        warn("racetest: RACETEST_OPTIONS is longer than %s bytes%s; ignored\n", "4095", "");
        return;
    }
    strcpy(buf, text);
    /* Words are separated by blanks, as in GORACE. */
    for (char *save = NULL, *word = strtok_r(buf, " \t\n", &save); word;
         word = strtok_r(NULL, " \t\n", &save)) {
        char *eq = strchr(word, '=');
        if (!eq || eq == word) {
            warn("racetest: RACETEST_OPTIONS: '%s' is not key=value%s; ignored\n", word, "");
            continue;
        }
        *eq = 0;
        apply(word, eq + 1);
    }
}
