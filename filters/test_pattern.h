/*
 * test_pattern.h — -run, -skip and -list patterns matched the way Go matches
 * test names, with racetest's two levels: every test id is FILE/TEST.
 *
 * Owns: splitting a pattern into its `/`-separated elements (a `/` inside
 * [...] or (...) or escaped by a backslash does not split, as in Go's
 * splitRegexp) and matching each element against its level:
 *   one element  `E`       matches a test when E matches its FILE or its TEST
 *                          (so `-run '^test_push$'` and `-skip cache_test`
 *                          both do what they say);
 *   more         `F.../T`  the last element matches TEST, the ones before it
 *                          (joined by `/`, since a FILE holds slashes) match
 *                          FILE: `-run 'cache_test.c/test_lazy'`.
 * Each element is an unanchored PCRE2 pattern (filters/pattern.h); an empty
 * element matches everything, as in Go (`-run 'dir/'`).
 *
 * Invariants: as filters/pattern.h (one pattern, one thread at a time).
 */
#ifndef RACETEST_TEST_PATTERN_H
#define RACETEST_TEST_PATTERN_H

#include "filter_error.h"

typedef struct test_pattern test_pattern;

/* Compiles regex for the flag named flag; errors as pattern_compile's,
 * naming the element that does not compile. */
int test_pattern_compile(const char *flag, const char *regex, test_pattern **out, filter_error *err);

/* 1 if p matches the test TEST of file FILE, 0 if not, -1 with err set. */
int test_pattern_match(test_pattern *p, const char *file, const char *test, filter_error *err);

/* Whether a test runs: it matches run (NULL: every test does) and does not
 * match skip (NULL: none is skipped). 1, 0, or -1 with err set. */
int test_pattern_selects(test_pattern *run, test_pattern *skip, const char *file, const char *test,
                         filter_error *err);

void test_pattern_free(test_pattern *p);

#endif
