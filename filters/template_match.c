/*
 * template_match.c — glob matching with optional anchors (see
 * template_match.h).
 *
 * The classic single-backtrack-point wildcard algorithm: when a literal
 * fails, the most recent `*` takes one more character and matching resumes
 * after it. Remembering only the latest star is enough for `*`-only globs,
 * because any match found with an earlier star's longer expansion can be
 * re-found with the later star's. A missing `^` acts as a star before the
 * template, a missing `$` as a star after it.
 */
#include "template_match.h"

#include <stddef.h>

bool template_match(const char *templ, const char *str)
{
    if (!str || !*str)
        return false;
    size_t tlen = 0;
    while (templ[tlen])
        tlen++;
    bool anchored_start = tlen > 0 && templ[0] == '^';
    if (anchored_start) {
        templ++;
        tlen--;
    }
    bool anchored_end = tlen > 0 && templ[tlen - 1] == '$';
    if (anchored_end)
        tlen--;

    size_t t = 0, s = 0;
    bool have_star = !anchored_start; /* backtrack point: resume here ... */
    size_t star_t = 0, star_s = 0;    /* ... with the star having taken star_s bytes */
    while (str[s]) {
        if (t < tlen && templ[t] == '*') {
            have_star = true;
            star_t = ++t;
            star_s = s;
        } else if (t < tlen && templ[t] == str[s]) {
            t++;
            s++;
        } else if (t == tlen && !anchored_end) {
            return true; /* the implicit trailing star takes the rest */
        } else if (have_star) {
            t = star_t;
            s = ++star_s;
        } else {
            return false;
        }
    }
    while (t < tlen && templ[t] == '*')
        t++;
    return t == tlen;
}
