/*
 * pattern.c — -run/-skip patterns on top of PCRE2 (see pattern.h).
 */
#include "pattern.h"

#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct pattern {
    char *flag;  /* for error messages */
    char *regex; /* as given, for error messages */
    pcre2_code *code;
    pcre2_match_data *match;
    pcre2_match_context *limits;
};

/* PCRE2's default match limit (10 million backtracking steps) lets one
 * pathological -run pattern spend a second on each test name, minutes on a
 * suite. A test name is short: a legitimate pattern needs a tiny fraction of
 * this to decide it, a pathological one fails fast with "match limit
 * exceeded" (found by tests/fuzz/pattern.c). */
#define PATTERN_MATCH_LIMIT 100000

void pattern_free(pattern *p)
{
    if (!p)
        return;
    pcre2_match_context_free(p->limits);
    pcre2_match_data_free(p->match);
    pcre2_code_free(p->code);
    free(p->regex);
    free(p->flag);
    free(p);
}

int pattern_compile(const char *flag, const char *regex, pattern **out, filter_error *err)
{
    *out = NULL;
    pattern *p = calloc(1, sizeof *p);
    if (!p || !(p->flag = strdup(flag)) || !(p->regex = strdup(regex))) {
        pattern_free(p);
        filter_error_set(err, 0, 0, "%s: out of memory", flag);
        return -1;
    }
    int code;
    PCRE2_SIZE offset;
    p->code = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &offset, NULL);
    if (!p->code) {
        PCRE2_UCHAR reason[256];
        if (pcre2_get_error_message(code, reason, sizeof reason) < 0)
            strcpy((char *)reason, "invalid pattern");
        filter_error_set(err, 0, (unsigned)offset + 1, "%s: %s at offset %zu in '%s'", flag,
                         (const char *)reason, (size_t)offset, regex);
        pattern_free(p);
        return -1;
    }
    p->match = pcre2_match_data_create_from_pattern(p->code, NULL);
    p->limits = pcre2_match_context_create(NULL);
    if (!p->match || !p->limits) {
        pattern_free(p);
        filter_error_set(err, 0, 0, "%s: out of memory", flag);
        return -1;
    }
    pcre2_set_match_limit(p->limits, PATTERN_MATCH_LIMIT);
    *out = p;
    return 0;
}

int pattern_match(pattern *p, const char *name, filter_error *err)
{
    int rc = pcre2_match(p->code, (PCRE2_SPTR)name, strlen(name), 0, 0, p->match, p->limits);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    PCRE2_UCHAR reason[256];
    if (pcre2_get_error_message(rc, reason, sizeof reason) < 0)
        strcpy((char *)reason, "matching failed");
    filter_error_set(err, 0, 0, "%s: matching '%s' against '%s': %s", p->flag, name, p->regex,
                     (const char *)reason);
    return -1;
}
