/*
 * suite/labels.h — -label RE / -skip-label RE: selecting a build system's
 * registered tests by their labels (CTest LABELS, Meson suites), as
 * `ctest -L/-LE` and `meson test --suite/--no-suite` do.
 *
 * A test is kept when it has a label matching -label's RE (any test when
 * -label is not given) and no label matching -skip-label's RE. The patterns
 * are PCRE2, unanchored (filters/pattern.h). Only narrows the selection that
 * -run/-skip made.
 */
#ifndef RACETEST_LABELS_H
#define RACETEST_LABELS_H

#include <stddef.h>

#include "runner/suite/model.h"

struct label_filter;

/* Compiles the two patterns (either may be NULL). Returns 0 and *out (NULL
 * when both are NULL: no filter), or -1 with a message naming the flag. */
int label_filter_compile(const char *label, const char *skip_label, struct label_filter **out, char *err,
                         size_t errlen);

/* Deselects the selected tests whose file's labels the filter rejects.
 * Returns 0, or -1 with a message (PCRE2 gave up on a label). */
int label_filter_apply(struct label_filter *lf, struct rt_model *m, char *err, size_t errlen);

void label_filter_free(struct label_filter *lf);

#endif
