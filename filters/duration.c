/*
 * duration.c — parsing and printing Go durations (see duration.h).
 *
 * A transcription of Go's time.ParseDuration and Duration.String
 * (src/time/format.go), including the float64 step for fractions, so that
 * racetest and go agree on every input.
 */
#include "duration.h"

#include <stdbool.h>
#include <string.h>

#include "textbuf.h"

#define UNITS "ns, us, ms, s, m, h"

static const struct {
    const char *name;
    uint64_t ns;
} units[] = {
    {"ns", 1},
    {"us", 1000},
    {"\xc2\xb5s", 1000}, /* U+00B5 MICRO SIGN */
    {"\xce\xbcs", 1000}, /* U+03BC GREEK SMALL LETTER MU */
    {"ms", 1000000},
    {"s", 1000000000},
    {"m", 60 * UINT64_C(1000000000)},
    {"h", 3600 * UINT64_C(1000000000)},
};

#define LIMIT (UINT64_C(1) << 63) /* one past INT64_MAX: Go's bound while adding up */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Go's leadingInt: false on overflow. */
static bool leading_int(const char **s, uint64_t *x)
{
    *x = 0;
    for (; is_digit(**s); (*s)++) {
        if (*x > LIMIT / 10)
            return false;
        *x = *x * 10 + (uint64_t)(**s - '0');
        if (*x > LIMIT)
            return false;
    }
    return true;
}

/* Go's leadingFraction: digits beyond what fits are consumed and ignored. */
static void leading_fraction(const char **s, uint64_t *x, double *scale)
{
    bool overflow = false;
    *x = 0;
    *scale = 1;
    for (; is_digit(**s); (*s)++) {
        if (overflow)
            continue;
        if (*x > (LIMIT - 1) / 10) {
            overflow = true;
            continue;
        }
        uint64_t y = *x * 10 + (uint64_t)(**s - '0');
        if (y > LIMIT) {
            overflow = true;
            continue;
        }
        *x = y;
        *scale *= 10;
    }
}

static int too_long(const char *flag, const char *text, filter_error *err)
{
    char max[32];
    duration_format(INT64_MAX, max, sizeof max);
    filter_error_set(err, 0, 0, "%s: duration '%s' is too long (at most %s)", flag, text, max);
    return -1;
}

int duration_parse(const char *flag, const char *text, int64_t *ns, filter_error *err)
{
    const char *s = text;
    if (*s == '-') {
        filter_error_set(err, 0, 0, "%s: negative duration '%s'", flag, text);
        return -1;
    }
    if (*s == '+')
        s++;
    if (strcmp(s, "0") == 0) {
        *ns = 0;
        return 0;
    }
    if (*s == '\0') {
        filter_error_set(err, 0, 0, "%s: empty duration (e.g. 10m, 1m30s, 500ms)", flag);
        return -1;
    }
    uint64_t total = 0;
    while (*s) {
        const char *number = s;
        uint64_t v, f = 0;
        double scale = 1;
        if (!leading_int(&s, &v))
            return too_long(flag, text, err);
        bool pre = s != number, post = false;
        if (*s == '.') {
            const char *fraction = ++s;
            leading_fraction(&s, &f, &scale);
            post = s != fraction;
        }
        if (!pre && !post) {
            filter_error_set(err, 0, (unsigned)(number - text) + 1,
                             "%s: invalid duration '%s': expected a number at offset %zu", flag,
                             text, (size_t)(number - text));
            return -1;
        }
        const char *unit = s;
        while (*s && *s != '.' && !is_digit(*s))
            s++;
        size_t unit_len = (size_t)(s - unit);
        if (unit_len == 0) {
            filter_error_set(err, 0, 0, "%s: missing unit in duration '%s' (units: " UNITS ")",
                             flag, text);
            return -1;
        }
        uint64_t unit_ns = 0;
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (strlen(units[i].name) == unit_len && memcmp(units[i].name, unit, unit_len) == 0)
                unit_ns = units[i].ns;
        if (!unit_ns) {
            filter_error_set(err, 0, 0, "%s: unknown unit '%.*s' in duration '%s' (units: " UNITS ")",
                             flag, (int)unit_len, unit, text);
            return -1;
        }
        if (v > LIMIT / unit_ns)
            return too_long(flag, text, err);
        v *= unit_ns;
        if (f > 0) {
            /* float64, as in Go: exact to the nanosecond up to hours. */
            v += (uint64_t)((double)f * ((double)unit_ns / scale));
            if (v > LIMIT)
                return too_long(flag, text, err);
        }
        total += v;
        if (total > LIMIT - 1)
            return too_long(flag, text, err);
    }
    *ns = (int64_t)total;
    return 0;
}

/* Go's fmtFrac: writes the fraction of v / 10^prec before *w (no trailing
 * zeros, no point when it is zero) and returns v / 10^prec. */
static uint64_t put_fraction(char *buf, size_t *w, uint64_t v, int prec)
{
    bool print = false;
    for (int i = 0; i < prec; i++) {
        unsigned digit = (unsigned)(v % 10);
        print = print || digit != 0;
        if (print)
            buf[--*w] = (char)('0' + digit);
        v /= 10;
    }
    if (print)
        buf[--*w] = '.';
    return v;
}

/* Go's fmtInt: writes v in decimal before *w. */
static void put_int(char *buf, size_t *w, uint64_t v)
{
    do {
        buf[--*w] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
}

size_t duration_format(int64_t ns, char *buf, size_t size)
{
    char out[32]; /* filled right to left; Go's bound */
    size_t w = sizeof out;
    uint64_t u = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
    out[--w] = 's';
    if (u == 0) {
        out[--w] = '0';
    } else if (u < (uint64_t)DURATION_SECOND) {
        int prec;
        if (u < 1000) {
            prec = 0;
            out[--w] = 'n';
        } else if (u < 1000000) {
            prec = 3;
            out[--w] = '\xb5'; /* "µ" in UTF-8, written backwards */
            out[--w] = '\xc2';
        } else {
            prec = 6;
            out[--w] = 'm';
        }
        put_int(out, &w, put_fraction(out, &w, u, prec));
    } else {
        u = put_fraction(out, &w, u, 9); /* whole seconds */
        put_int(out, &w, u % 60);
        u /= 60; /* whole minutes */
        if (u > 0) {
            out[--w] = 'm';
            put_int(out, &w, u % 60);
            u /= 60; /* whole hours */
            if (u > 0) {
                out[--w] = 'h';
                put_int(out, &w, u);
            }
        }
    }
    if (ns < 0)
        out[--w] = '-';
    textbuf tb;
    textbuf_init(&tb, buf, size);
    textbuf_put(&tb, out + w, sizeof out - w);
    return tb.len;
}
