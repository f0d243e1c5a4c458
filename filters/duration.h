/*
 * duration.h — Go-style durations for -timeout, -duration and similar flags.
 *
 * Owns: reading "2s", "1m30s", "500ms", "1.5h", "10m" (Go's
 * time.ParseDuration: a sequence of decimal numbers, each with an optional
 * fraction and a unit ns, us (or µs), ms, s, m, h; "0" needs no unit) and
 * printing a duration the way Go's Duration.String does ("1m30s", "10m0s",
 * "1.5s", "500ms", "0s"), so messages read like go test's ("timed out after
 * 10m0s").
 *
 * Invariants: results are whole nanoseconds in [0, INT64_MAX]; fractions are
 * computed as Go computes them, so the same text gives the same value. Unlike
 * Go, a negative duration is an error: every racetest flag that takes one
 * means a length of time. Errors name the flag, the text and what is wrong.
 */
#ifndef RACETEST_DURATION_H
#define RACETEST_DURATION_H

#include <stddef.h>
#include <stdint.h>

#include "filter_error.h"

#define DURATION_SECOND INT64_C(1000000000)

/* Parses text for the flag named flag ("-timeout"). Returns 0 with *ns set,
 * or -1 with err set, e.g. "-timeout: missing unit in duration '10' (units:
 * ns, us, ms, s, m, h)". */
int duration_parse(const char *flag, const char *text, int64_t *ns, filter_error *err);

/* Go's Duration.String of ns; snprintf-like (textbuf.h). */
size_t duration_format(int64_t ns, char *buf, size_t size);

#endif
