/*
 * pattern.h — one element of a -run/-skip/-list pattern (the levels and
 * the rule combining -run and -skip are filters/test_pattern.h's).
 *
 * Owns: compiling a user's regular expression with PCRE2 and matching it,
 * unanchored, against a name (DESIGN.md, "Test identity"). Go's habits
 * carry over: `^test_push$` matches one name, an empty pattern every name.
 *
 * Invariants: patterns are UTF-8 (PCRE2_UTF); a name that is not valid
 * UTF-8 is still matched, never an error (PCRE2_MATCH_INVALID_UTF), because
 * test names come from C strings nobody validated. A compile error names
 * the flag, PCRE2's reason, the offset (0-based, in bytes, as PCRE2 counts)
 * and the pattern. A pattern owns PCRE2 match data, so one pattern must not
 * be matched from two threads at once.
 */
#ifndef RACETEST_PATTERN_H
#define RACETEST_PATTERN_H

#include <stdbool.h>

#include "filter_error.h"

typedef struct pattern pattern;

/* Compiles regex for the flag named flag ("-run"). Returns 0 and *out, or -1
 * with err set: "-run: missing closing parenthesis at offset 4 in '(abc'". */
int pattern_compile(const char *flag, const char *regex, pattern **out, filter_error *err);

/* 1 if p matches somewhere in name, 0 if not, -1 with err set when PCRE2
 * gave up (e.g. its backtracking limit on a pathological pattern). */
int pattern_match(pattern *p, const char *name, filter_error *err);

void pattern_free(pattern *p);

#endif
