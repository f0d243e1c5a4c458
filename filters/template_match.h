/*
 * template_match.h — ThreadSanitizer's suppression templates.
 *
 * Owns: matching one template (the PATTERN of a `race:PATTERN` line) against
 * one string (a function, file or module name):
 *   - `*` matches any run of characters, including none;
 *   - a leading `^` anchors the template at the start of the string, a
 *     trailing `$` at its end; without them the template may match anywhere
 *     (a substring match, as TSan's TemplateMatch: "race:foo" matches
 *     "do_foo_bar");
 *   - every other character, `^`/`$` elsewhere included, matches itself.
 * It differs from TSan on purpose in one case: TSan matches each literal
 * piece at its first occurrence and never backtracks, so "^a*b$" fails on
 * "abxb"; here it matches, as the glob reading says it should.
 *
 * Invariants: an empty or NULL string never matches (an unknown file or
 * function is not suppressed by "race:*"). No allocation, no libc calls, no
 * recursion, O(len(template) * len(string)) worst case: the detector runtime
 * calls it from its report path.
 */
#ifndef RACETEST_TEMPLATE_MATCH_H
#define RACETEST_TEMPLATE_MATCH_H

#include <stdbool.h>

bool template_match(const char *templ, const char *str);

#endif
