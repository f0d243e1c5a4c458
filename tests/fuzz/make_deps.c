/*
 * Fuzz target: make dependency rules as `cc -MM` prints them
 * (runner/cc/make_deps.h). The input is the text. Properties: every
 * prerequisite is a non-empty word listed once; written back as one rule
 * with make's escapes ("\ ", "\#", "\\", "$$"), they parse to the same list.
 */
#include "runner/cc/make_deps.h"
#include "tests/fuzz/fuzz_util.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    size_t n = 0;
    char **deps = make_deps_parse(text, &n);
    FUZZ_CHECK(deps && deps[n] == NULL, "parse failed");
    size_t cap = 8;
    char **sorted = malloc((n + 1) * sizeof *sorted);
    memcpy(sorted, deps, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_name);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(deps[i][0] != '\0', "an empty prerequisite");
        FUZZ_CHECK(i == 0 || strcmp(sorted[i - 1], sorted[i]) != 0, "'%s' listed twice", sorted[i]);
        cap += 2 * strlen(deps[i]) + 4;
    }
    free(sorted);
    char *rule = malloc(cap), *p = rule;
    p += sprintf(p, "x.o:");
    for (size_t i = 0; i < n; i++) {
        *p++ = ' ';
        for (const char *c = deps[i]; *c; c++) {
            if (*c == ' ' || *c == '#' || *c == '\\')
                *p++ = '\\';
            else if (*c == '$')
                *p++ = '$';
            *p++ = *c;
        }
        *p++ = ' ';
        *p++ = '\\';
        *p++ = '\n';
    }
    *p = '\0';
    size_t nb = 0;
    char **back = make_deps_parse(rule, &nb);
    FUZZ_CHECK(back && nb == n, "%zu prerequisites came back as %zu from\n%s", n, nb, rule);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(strcmp(back[i], deps[i]) == 0, "'%s' came back as '%s'", deps[i], back[i]);
    for (size_t i = 0; i < nb; i++)
        free(back[i]);
    free(back);
    for (size_t i = 0; i < n; i++)
        free(deps[i]);
    free(deps);
    free(rule);
    free(text);
    return 0;
}
