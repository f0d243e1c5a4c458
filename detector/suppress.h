/*
 * suppress.h — what the user told us not to report: suppression files
 * (option suppressions=FILE, race:/race_top: entries, see
 * filters/suppressions.h) and RACETEST_BENIGN ranges (include/racetest.h).
 *
 * Loaded at start-up; consulted by the report path under the report lock.
 * Benign ranges are registered by any thread (under their own lock) and
 * dropped when their memory is freed.
 */
#ifndef RT_SUPPRESS_H
#define RT_SUPPRESS_H

#include "rt_defs.h"

struct stack;

/* Reads the file named by the suppressions option; a file that cannot be
 * read or parsed is fatal, with its name and line. */
void suppress_init(void);
/* True if a race between these stacks, on addr, must not be reported. */
bool suppress_race(uptr addr, const struct stack *const *stacks, unsigned nstacks);
/* Counts one more suppressed race (the caller counts each race once). */
void suppress_count_race(void);
/* Forgets benign ranges inside [addr, addr+size) (memory being freed). */
void suppress_forget_range(uptr addr, uptr size);
/* How many races were suppressed, and by how many distinct entries. */
void suppress_counts(unsigned long *races, unsigned long *entries);

#endif
