/*
 * suite/labels.c — see suite/labels.h.
 */
#include "runner/suite/labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filters/pattern.h"

struct label_filter {
    pattern *want, *skip; /* either may be NULL */
};

int label_filter_compile(const char *label, const char *skip_label, struct label_filter **out, char *err,
                         size_t errlen)
{
    *out = NULL;
    if (!label && !skip_label)
        return 0;
    struct label_filter *lf = xcalloc(1, sizeof *lf);
    filter_error ferr;
    memset(&ferr, 0, sizeof ferr);
    if ((label && pattern_compile("-label", label, &lf->want, &ferr) != 0) ||
        (skip_label && pattern_compile("-skip-label", skip_label, &lf->skip, &ferr) != 0)) {
        snprintf(err, errlen, "%s", ferr.msg);
        label_filter_free(lf);
        return -1;
    }
    *out = lf;
    return 0;
}

/* 1 when one of the labels matches p, 0 when none does, -1 on error. */
static int any_label(pattern *p, const struct strv *labels, filter_error *ferr)
{
    for (size_t i = 0; i < labels->n; i++) {
        int r = pattern_match(p, labels->v[i], ferr);
        if (r != 0)
            return r;
    }
    return 0;
}

int label_filter_apply(struct label_filter *lf, struct rt_model *m, char *err, size_t errlen)
{
    filter_error ferr;
    memset(&ferr, 0, sizeof ferr);
    for (size_t i = 0; lf && i < m->ntests; i++) {
        struct rt_test *t = &m->tests[i];
        if (!t->selected)
            continue;
        const struct strv *labels = &m->files[t->file].labels;
        int want = lf->want ? any_label(lf->want, labels, &ferr) : 1;
        int skip = want == 1 && lf->skip ? any_label(lf->skip, labels, &ferr) : 0;
        if (want < 0 || skip < 0) {
            snprintf(err, errlen, "%s", ferr.msg);
            return -1;
        }
        t->selected = want == 1 && skip == 0;
    }
    return 0;
}

void label_filter_free(struct label_filter *lf)
{
    if (!lf)
        return;
    pattern_free(lf->want);
    pattern_free(lf->skip);
    free(lf);
}
