/*
 * fuzz_util.h — what every libFuzzer harness in tests/fuzz/ shares.
 *
 * A harness gets bytes that may hold anything (NULs, invalid UTF-8, no
 * terminator); these helpers turn them into the shapes the parsers take.
 * FUZZ_CHECK is the harness's own assertion: a broken property (a round
 * trip that does not come back, an error without a message) aborts, which
 * libFuzzer records as a crash with its input, like any sanitizer finding.
 */
#ifndef RACETEST_FUZZ_UTIL_H
#define RACETEST_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);     \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* A NUL-terminated copy of data (the bytes after an embedded NUL are then
 * invisible to a C-string parser, which is what reading such a file gives). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Splits data at its first byte equal to sep: *rest and *rest_size get what
 * follows it (empty when there is none). Returns a NUL-terminated copy of
 * what precedes it. */
static inline char *fuzz_take(const uint8_t **data, size_t *size, uint8_t sep)
{
    const uint8_t *end = memchr(*data, sep, *size);
    size_t n = end ? (size_t)(end - *data) : *size;
    char *s = fuzz_cstr(*data, n);
    *data += end ? n + 1 : n;
    *size -= end ? n + 1 : n;
    return s;
}

/* An error message must be a complete, non-empty line. */
#define FUZZ_CHECK_MESSAGE(msg)                                                                \
    FUZZ_CHECK((msg)[0] != '\0' && strlen(msg) < 4096, "empty or unterminated error message")

#endif
