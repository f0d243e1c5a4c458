/*
 * cc/make_deps.c — parser for make dependency rules written by cc -M/-MM.
 *
 * Invariants: a target (text before the rule's first unescaped ':' that is
 * followed by whitespace or the end of the line) is never returned as a
 * prerequisite; duplicates are dropped; the input is not modified.
 */
#include "runner/cc/make_deps.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The prerequisites found so far, with a hash set of them (open addressing,
 * slots hold index + 1) so that dropping duplicates stays linear: a -M
 * listing of a big program names thousands of headers. */
struct deps {
    char **v; /* NULL-terminated */
    size_t n, cap;
    size_t *slots;
    size_t nslots; /* a power of two, at least twice n */
};

static size_t hash_of(const char *w)
{
    uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a */
    for (; *w; w++)
        h = (h ^ (unsigned char)*w) * UINT64_C(1099511628211);
    return (size_t)h;
}

/* The slot of w, or the empty slot where it would go. */
static size_t *slot_of(const struct deps *d, const char *w)
{
    size_t i = hash_of(w) & (d->nslots - 1);
    while (d->slots[i] && strcmp(d->v[d->slots[i] - 1], w) != 0)
        i = (i + 1) & (d->nslots - 1);
    return &d->slots[i];
}

static bool grow_slots(struct deps *d)
{
    size_t n = d->nslots ? d->nslots * 2 : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    free(d->slots);
    d->slots = slots;
    d->nslots = n;
    for (size_t k = 0; k < d->n; k++)
        *slot_of(d, d->v[k]) = k + 1;
    return true;
}

static bool push_unique(struct deps *d, const char *w)
{
    if ((d->n + 1) * 2 > d->nslots && !grow_slots(d))
        return false;
    size_t *slot = slot_of(d, w);
    if (*slot)
        return true;
    if (d->n + 2 > d->cap) {
        size_t c = d->cap ? d->cap * 2 : 16;
        char **nv = realloc(d->v, c * sizeof *nv);
        if (!nv)
            return false;
        d->v = nv;
        d->cap = c;
    }
    if (!(d->v[d->n] = strdup(w)))
        return false;
    d->v[++d->n] = NULL;
    *slot = d->n;
    return true;
}

char **make_deps_parse(const char *text, size_t *n_out)
{
    struct deps d = {.v = calloc(1, sizeof(char *))};
    char *word = malloc(strlen(text) + 1);
    if (!d.v || !word)
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
        if (in_prereqs && len && !push_unique(&d, word))
            goto oom;
    }
    free(word);
    free(d.slots);
    if (n_out)
        *n_out = d.n;
    return d.v;
oom:
    free(word);
    free(d.slots);
    if (d.v) {
        for (size_t i = 0; i < d.n; i++)
            free(d.v[i]);
        free(d.v);
    }
    return NULL;
}
