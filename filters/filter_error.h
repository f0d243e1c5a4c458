/*
 * filter_error.h — the error record that every parser in filters/ fills in.
 *
 * Owns: the shape of an error (where + what) and the one place that turns a
 * location into text, so that all parsers word locations the same way,
 * "path:line:column: what" like a compiler, which editors and CI logs make
 * clickable.
 *
 * Invariants: after a failed call, msg is a complete NUL-terminated message
 * that can be printed as is (truncated to fit, never overflowing); line and
 * column repeat the location as numbers for machine-readable output (JSON
 * build events), 0 meaning "not applicable".
 *
 * Used by the detector runtime too (through suppressions.c), at
 * configuration time only: formatting uses vsnprintf, never on a hot path.
 */
#ifndef RACETEST_FILTER_ERROR_H
#define RACETEST_FILTER_ERROR_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    unsigned line;   /* 1-based line of the problem, 0 when the input has no lines */
    unsigned column; /* 1-based byte column, 0 when not meaningful */
    char msg[512];
} filter_error;

/* Where a piece of text being parsed came from. A parser that is handed one
 * line or one expression out of a larger file takes an origin so that its
 * errors still point into that file. */
typedef struct {
    const char *path; /* file name for messages; NULL when there is none */
    unsigned line;    /* 1-based line of the text's first byte; 0: not from a file */
    unsigned column;  /* 1-based column of the text's first byte; 0 counts as 1 */
} filter_origin;

/* The 1-based column, in origin's line, of the byte at `offset` of the text. */
unsigned filter_origin_column(const filter_origin *origin, size_t offset);

/* Sets err (if not NULL) to the message fmt with no location prefix; line and
 * column are recorded as given. */
void filter_error_set(filter_error *err, unsigned line, unsigned column,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Sets err (if not NULL) to the message fmt about the byte at `offset` of a
 * text that came from origin (NULL: a bare string), prefixed with the
 * location: "path:L:C: ", or "line L, column C: " without a path, or
 * "column C: " for a bare string. */
void filter_error_at(filter_error *err, const filter_origin *origin, size_t offset,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* filter_error_at for parsers that wrap it in their own variadic helper. */
void filter_error_vat(filter_error *err, const filter_origin *origin, size_t offset,
                      const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

#endif
