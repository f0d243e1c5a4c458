/*
 * report/race.h — what the report files (JUnit, SARIF) say about one unique
 * race: its two accesses (kind, thread, stack) read back from the JSON the
 * aggregator kept (rt_race.accesses_json: the runtime's "accesses", current
 * access first), where the memory is (the report's "Location is ..." line),
 * and a one-line title in the style of ThreadSanitizer's SUMMARY line:
 * "data race tests/counter_test.c:14 in worker".
 *
 * A report of another kind (lock-order inversion, mutex misuse, thread
 * leak, signal-unsafe call) reads the same way: its "accesses" are the
 * stacks it shows, its title and rule name its kind.
 *
 * Pure: no I/O. A race whose accesses are missing or unreadable still gets
 * a title (from its key) and zero accesses: reports degrade, never fail.
 */
#ifndef RACETEST_REPORT_RACE_H
#define RACETEST_REPORT_RACE_H

#include <stddef.h>

#include "runner/suite/model.h"

struct race_frame {
    char *func; /* "" when unknown */
    char *file; /* "" when unknown */
    unsigned line;
};

struct race_access {
    char *kind;   /* "read", "write", "atomic write", ... ("access" when unknown) */
    char *thread; /* "main thread", "thread T2", ... ("a thread" when unknown) */
    struct race_frame *frames; /* innermost first */
    size_t nframes;
};

struct race_info {
    struct race_access acc[2]; /* [0] the access that found the race, [1] the previous one */
    size_t nacc;
    char *location; /* "global 'counter'", "heap block of size 8", or NULL */
    char *title;    /* "data race FILE:LINE in FUNC", "lock-order-inversion FILE:LINE in FUNC" */
    const char *rule; /* "data-race", or the report's kind ("lock-order-inversion", ...) */
};

void race_info_get(const struct rt_race *r, struct race_info *out);
void race_info_free(struct race_info *ri);

/* "FILE:LINE in FUNC" of a frame (or the parts known), malloc'd. */
char *race_frame_text(const struct race_frame *f);

#endif
