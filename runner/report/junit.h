/*
 * report/junit.h — `-junit FILE`: the results as JUnit XML, the format that
 * Jenkins, GitLab (artifacts:reports:junit) and GitHub test-report actions
 * read (no official schema; tests/e2e/fixtures/ci/junit.xsd describes what
 * racetest writes).
 *
 *   <testsuites name="racetest" tests failures errors skipped time>
 *     <testsuite name=FILE tests failures errors skipped time timestamp file>
 *       <testcase name=TEST classname=FILE time file>
 *         <properties> runs, races (runs with a race), failed_runs, seed,
 *           shuffle (the last two when known) </properties>
 *         one of:
 *         <failure type="DataRace" message="data race f.c:8 in fn">each race report
 *           the test saw, with how often</failure>
 *         <error type="Crash"|"Timeout" message=...>the first such run's output</error>
 *         <failure type="Failure" message=...>the first failing run's output</failure>
 *         <skipped message=.../>   every run skipped, or the test never ran
 * A file excluded by its build constraint is a testsuite with one skipped
 * testcase named after the file ("build constraint !race"); a build failure
 * or a test process failing outside its tests is an <error> testcase
 * ("build", "test process") in its file's testsuite. Only selected tests
 * appear (a shard's JUnit has the shard's tests).
 *
 * Escaping (xml_escape): test output is untrusted text. Everything is
 * escaped, never put in CDATA; bytes that are not valid UTF-8 and characters
 * XML 1.0 forbids (controls other than tab, newline and carriage return;
 * U+FFFE, U+FFFF) become U+FFFD, so no output can break the file.
 *
 * Pure: renders into a buffer; report/collect.h writes it.
 */
#ifndef RACETEST_REPORT_JUNIT_H
#define RACETEST_REPORT_JUNIT_H

#include <stdbool.h>
#include <stddef.h>

#include "runner/report/json.h"
#include "runner/suite/flags.h"
#include "runner/suite/model.h"

struct junit_info {
    const char *timestamp; /* ISO 8601 of the start, or NULL */
    const char *seed;      /* the base seed (-seed) as text, or NULL: a run's schedule
                              seed derives from it and the run number, so seed and
                              the "first: run N" of a race reproduce it */
    const char *shuffle;   /* the -shuffle seed as text, or NULL */
    double seconds;        /* the whole command's wall time */
    const struct test_opts *opts; /* the run's flags, for the rerun commands printed
                                     beside each race and failure with its seed */
};

/* Appends the JUnit document of m (with what report_collect captured). */
void junit_render(struct jbuf *b, const struct rt_model *m, const struct junit_info *info);

/* Renders and writes it to path (atomically). Returns 0, or -1 with a
 * message naming the path. */
int junit_write(const char *path, const struct rt_model *m, const struct junit_info *info, char *err,
                size_t errlen);

/* Appends s[0..len) escaped for XML character data (attr false) or for a
 * double-quoted attribute value (attr true: also ", and tab/newline/CR as
 * character references so they survive attribute normalization). */
void xml_escape(struct jbuf *b, const char *s, size_t len, bool attr);

#endif
