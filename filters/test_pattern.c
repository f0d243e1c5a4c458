/*
 * test_pattern.c — FILE/TEST patterns on top of filters/pattern.h (see
 * test_pattern.h).
 */
#include "test_pattern.h"

#include <stdlib.h>
#include <string.h>

#include "pattern.h"

struct test_pattern {
    pattern *file; /* the elements before the last, or NULL (one element) */
    pattern *test; /* the last element (the only one: matches FILE or TEST) */
};

void test_pattern_free(test_pattern *p)
{
    if (!p)
        return;
    pattern_free(p->file);
    pattern_free(p->test);
    free(p);
}

/* Offset of the last `/` that separates elements, or -1. */
static long last_split(const char *re)
{
    long last = -1;
    int brackets = 0, parens = 0;
    for (long i = 0; re[i]; i++) {
        char c = re[i];
        if (c == '\\' && re[i + 1]) {
            i++;
        } else if (brackets) {
            if (c == ']')
                brackets = 0;
        } else if (c == '[') {
            brackets = 1;
            if (re[i + 1] == '^')
                i++;
            if (re[i + 1] == ']') /* a leading ] is a literal */
                i++;
        } else if (c == '(') {
            parens++;
        } else if (c == ')' && parens > 0) {
            parens--;
        } else if (c == '/' && parens == 0) {
            last = i;
        }
    }
    return last;
}

int test_pattern_compile(const char *flag, const char *regex, test_pattern **out, filter_error *err)
{
    *out = NULL;
    test_pattern *p = calloc(1, sizeof *p);
    if (!p) {
        filter_error_set(err, 0, 0, "%s: out of memory", flag);
        return -1;
    }
    long split = last_split(regex);
    int rc = 0;
    if (split >= 0) {
        char *file = strndup(regex, (size_t)split);
        if (!file) {
            filter_error_set(err, 0, 0, "%s: out of memory", flag);
            rc = -1;
        } else {
            rc = pattern_compile(flag, file, &p->file, err);
            free(file);
        }
    }
    if (rc == 0)
        rc = pattern_compile(flag, split >= 0 ? regex + split + 1 : regex, &p->test, err);
    if (rc != 0) {
        test_pattern_free(p);
        return -1;
    }
    *out = p;
    return 0;
}

int test_pattern_match(test_pattern *p, const char *file, const char *test, filter_error *err)
{
    if (p->file) {
        int m = pattern_match(p->file, file, err);
        return m != 1 ? m : pattern_match(p->test, test, err);
    }
    int m = pattern_match(p->test, test, err);
    return m != 0 ? m : pattern_match(p->test, file, err);
}

int test_pattern_selects(test_pattern *run, test_pattern *skip, const char *file, const char *test,
                         filter_error *err)
{
    int selected = run ? test_pattern_match(run, file, test, err) : 1;
    if (selected != 1 || !skip)
        return selected;
    int skipped = test_pattern_match(skip, file, test, err);
    return skipped < 0 ? -1 : !skipped;
}
