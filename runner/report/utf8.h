/*
 * report/utf8.h — the one UTF-8 validity rule of the reports: JSON strings
 * (report/json.c), SARIF and JUnit texts replace what it rejects by U+FFFD,
 * as Go's test2json does, so no test output can make a report unreadable.
 *
 * Header-only (static inline) so that the small programs the e2e tests build
 * from report/json.c alone need nothing more.
 */
#ifndef RACETEST_REPORT_UTF8_H
#define RACETEST_REPORT_UTF8_H

#include <stddef.h>

#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Length of the well-formed UTF-8 sequence at s (n >= 1 bytes available):
 * 1 for ASCII, 2..4 for a valid multi-byte character (no overlong forms, no
 * surrogates, nothing above U+10FFFF), 0 for an invalid or cut sequence. */
static inline size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

#endif
