/*
 * suppress.h — what the user told us not to report: suppression files
 * (option suppressions=FILE; the format and the matching order are
 * filters/suppressions.h) and RACETEST_BENIGN ranges (include/racetest.h).
 *
 * Loaded at start-up; consulted by the report path under the report lock.
 * Benign ranges are registered by any thread (under their own lock) and
 * dropped when their memory is freed.
 *
 * Which entries a report meets, as in ThreadSanitizer: a data race the race:
 * and race_top: entries, a lock-order inversion deadlock:, mutex misuse
 * mutex:, a thread leak thread:, a signal-unsafe call signal:. Each is
 * matched against the stacks the report shows (the caller passes them) and,
 * for races and mutex misuse, the global variable the report is about.
 */
#ifndef RT_SUPPRESS_H
#define RT_SUPPRESS_H

#include "rt_defs.h"
#include "suppressions.h"

struct stack;

/* Reads the file named by the suppressions option; a file that cannot be
 * read or parsed is fatal, with its name and line. */
void suppress_init(void);
/* True if a race between these stacks, on addr, must not be reported: addr
 * is in a benign range, or a race:/race_top: entry matches a frame of the
 * stacks or the global variable at addr. */
bool suppress_race(uptr addr, const struct stack *const *stacks, unsigned nstacks);
/* True if an entry of this type matches a frame of the stacks (innermost
 * frame first), or the name or module of the global variable that holds
 * global (0: none). */
bool suppress_match(supp_type type, const struct stack *const *stacks, unsigned nstacks,
                    uptr global);
/* Forgets benign ranges inside [addr, addr+size) (memory being freed). */
void suppress_forget_range(uptr addr, uptr size);
/* How many distinct entries suppressed at least one report. */
unsigned long suppress_entries_matched(void);

#endif
