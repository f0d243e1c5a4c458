/*
 * cc/make_deps.c — parser for make dependency rules written by cc -M/-MM.
 *
 * Invariants: a target (text before the rule's first unescaped ':' that is
 * followed by whitespace or the end of the line) is never returned as a
 * prerequisite; duplicates are dropped; the input is not modified.
 */
#include "runner/cc/make_deps.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool push_unique(char ***v, size_t *n, size_t *cap, const char *w)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], w) == 0)
            return true;
    if (*n + 2 > *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        char **nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return false;
        *v = nv;
        *cap = c;
    }
    if (!((*v)[*n] = strdup(w)))
        return false;
    (*v)[++*n] = NULL;
    return true;
}

char **make_deps_parse(const char *text, size_t *n_out)
{
    size_t n = 0, cap = 0;
    char **v = calloc(1, sizeof *v);
    char *word = malloc(strlen(text) + 1);
    if (!v || !word)
        goto oom;
    bool in_prereqs = false; /* past the current rule's ':' */
    const char *p = text;
    while (*p) {
        if (*p == '\\' && p[1] == '\n') { /* continuation */
            p += 2;
            continue;
        }
        if (*p == '\n') {
            in_prereqs = false;
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\r') {
            p++;
            continue;
        }
        size_t len = 0;
        bool is_target_end = false;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (*p == '\\' && p[1] == '\n')
                break;
            if (*p == '\\' && (p[1] == ' ' || p[1] == '#' || p[1] == '\\')) {
                word[len++] = p[1];
                p += 2;
                continue;
            }
            if (*p == '$' && p[1] == '$') {
                word[len++] = '$';
                p += 2;
                continue;
            }
            if (!in_prereqs && *p == ':' &&
                (p[1] == '\0' || p[1] == ' ' || p[1] == '\t' || p[1] == '\n' ||
                 p[1] == '\r' || (p[1] == '\\' && p[2] == '\n'))) {
                is_target_end = true;
                p++;
                break;
            }
            word[len++] = *p++;
        }
        word[len] = '\0';
        if (is_target_end) {
            in_prereqs = true;
            continue;
        }
        if (in_prereqs && len && !push_unique(&v, &n, &cap, word))
            goto oom;
    }
    free(word);
    if (n_out)
        *n_out = n;
    return v;
oom:
    free(word);
    if (v) {
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
    }
    return NULL;
}
