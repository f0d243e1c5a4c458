/*
 * sched_options.c — parsing of the scheduler's option keys (sched_options.h).
 *
 * Numbers are parsed here rather than with strtoull/strtod: those accept
 * octal, signs, blanks and locale-dependent forms that a key=value option
 * should reject, and strtod may allocate, which the runtime must not do
 * before it is initialized.
 */
#include <stddef.h>
#include <string.h>

#include "sched_options.h"

/* Decimal, or hexadecimal after 0x; the whole string, no sign or blanks. */
static bool parse_u64(const char *s, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

/* A decimal fraction in [0, 1]: "0", "1", "0.25", ".5", "1.0". */
static bool parse_unit_interval(const char *s, double *out)
{
    double v = 0, scale = 1;
    bool digits = false, point = false;
    for (; *s; s++) {
        if (*s == '.' && !point) {
            point = true;
        } else if (*s >= '0' && *s <= '9') {
            digits = true;
            if (point) {
                scale /= 10;
                v += (*s - '0') * scale;
            } else {
                v = v * 10 + (*s - '0');
            }
            if (v > 1)
                return false;
        } else {
            return false;
        }
    }
    if (!digits)
        return false;
    *out = v;
    return true;
}

static bool parse_choice(const char *s, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i])) {
            *out = i;
            return true;
        }
    return false;
}

enum kind { KIND_MODE, KIND_AFFINITY, KIND_SEED, KIND_BASE, KIND_U64, KIND_UNIT };

struct key {
    const char *name;
    enum kind kind;
    size_t offset;          /* of the field in struct sched_config */
    uint64_t min, max;      /* KIND_U64 */
    const char *expected;
};

#define FIELD(f) offsetof(struct sched_config, f)

/* Upper bounds keep microsecond products far from overflow and catch typos
 * (a "sleep" of an hour is never what was meant). */
static const struct key keys[] = {
    {"sched", KIND_MODE, FIELD(mode), 0, 0, "off, random or pct"},
    {"sched_seed", KIND_SEED, FIELD(seed), 0, 0, "a 64-bit integer, decimal or 0x hex"},
    {"sched_base", KIND_BASE, FIELD(base), 0, 0, "a 64-bit integer, decimal or 0x hex"},
    {"sched_prob", KIND_UNIT, FIELD(prob), 0, 0, "a probability in 0..1"},
    {"sched_sleep_us", KIND_U64, FIELD(sleep_us), 1, 10000000,
     "microseconds in 1..10000000"},
    {"sched_access_rate", KIND_U64, FIELD(access_rate), 0, 1000000000,
     "a mean number of accesses in 0..1000000000 (0: no access sampling)"},
    {"sched_affinity", KIND_AFFINITY, FIELD(affinity), 0, 0, "free, one or random"},
    {"sched_cpus", KIND_U64, FIELD(cpus), 0, 1024, "a CPU count in 0..1024 (0: all allowed)"},
    {"sched_starve_prob", KIND_UNIT, FIELD(starve_prob), 0, 0, "a probability in 0..1"},
    {"sched_starve_us", KIND_U64, FIELD(starve_us), 1, 10000000,
     "microseconds in 1..10000000"},
    {"sched_lag_prob", KIND_UNIT, FIELD(lag_prob), 0, 0, "a probability in 0..1"},
    {"sched_budget", KIND_UNIT, FIELD(budget), 0, 0, "a share of elapsed time in 0..1"},
    {"sched_budget_us", KIND_U64, FIELD(budget_us), 0, 100000000,
     "microseconds in 0..100000000"},
    {"pct_depth", KIND_U64, FIELD(pct_depth), 1, 64, "a depth in 1..64"},
    {"pct_steps", KIND_U64, FIELD(pct_steps), 1, 1000000000, "a step count in 1..1000000000"},
};

static const char *const mode_names[] = {
    [SCHED_MODE_OFF] = "off",
    [SCHED_MODE_RANDOM] = "random",
    [SCHED_MODE_PCT] = "pct",
};
/* Indexed by enum sched_affinity; "" keeps DEFAULT from being chosen by name. */
static const char *const affinity_names[] = {
    [SCHED_AFFINITY_DEFAULT] = "",
    [SCHED_AFFINITY_FREE] = "free",
    [SCHED_AFFINITY_ONE] = "one",
    [SCHED_AFFINITY_RANDOM] = "random",
};

enum sched_option_result sched_config_set(struct sched_config *c, const char *key,
                                          const char *value, const char **expected)
{
    const struct key *k = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(key, keys[i].name))
            k = &keys[i];
    if (!k)
        return SCHED_OPTION_UNKNOWN;

    char *field = (char *)c + k->offset;
    uint64_t u;
    double d;
    int choice;
    bool ok = false;
    switch (k->kind) {
    case KIND_MODE:
        if ((ok = *value && parse_choice(value, mode_names, 3, &choice)))
            *(enum sched_mode *)field = (enum sched_mode)choice;
        break;
    case KIND_AFFINITY:
        if ((ok = *value && parse_choice(value, affinity_names, 4, &choice)))
            *(enum sched_affinity *)field = (enum sched_affinity)choice;
        break;
    case KIND_SEED:
        if ((ok = parse_u64(value, &u))) {
            c->seed = u;
            c->seed_given = true;
        }
        break;
    case KIND_BASE:
        if ((ok = parse_u64(value, &u))) {
            c->base = u;
            c->base_given = true;
        }
        break;
    case KIND_U64:
        if ((ok = parse_u64(value, &u) && u >= k->min && u <= k->max))
            *(uint64_t *)field = u;
        break;
    case KIND_UNIT:
        if ((ok = parse_unit_interval(value, &d)))
            *(double *)field = d;
        break;
    }
    if (!ok) {
        *expected = k->expected;
        return SCHED_OPTION_BAD;
    }
    return SCHED_OPTION_SET;
}
