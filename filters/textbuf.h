/*
 * textbuf.h — appending text to a caller-provided, fixed-size buffer.
 *
 * Owns: the snprintf-like contract shared by every formatting function in
 * filters/: the result is always NUL-terminated when the buffer has room for
 * at least the terminator, it is cut (never overflowed) when too long, and
 * the function reports the length the whole text would have had, so a caller
 * can detect truncation or size a second attempt. It also keeps a 64-bit
 * FNV-1a hash of the whole text, so that a text used as an identity (a race
 * key) can be fingerprinted even when only its length fits.
 *
 * Invariants: len and hash cover everything appended so far, even the part
 * that did not fit; buf[min(len, size - 1)] == '\0' whenever size > 0.
 * No allocation and no libc calls, so the detector runtime may use it (as
 * race_key.c does) from its report path.
 */
#ifndef RACETEST_TEXTBUF_H
#define RACETEST_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *buf;     /* may be NULL when size is 0: then only len and hash are kept */
    size_t size;   /* capacity in bytes, terminator included */
    size_t len;    /* length of the complete text, stored or not */
    uint64_t hash; /* FNV-1a (64-bit) of the complete text */
} textbuf;

void textbuf_init(textbuf *tb, char *buf, size_t size);
void textbuf_put(textbuf *tb, const char *s, size_t n);
void textbuf_puts(textbuf *tb, const char *s);
void textbuf_putc(textbuf *tb, char c);
void textbuf_putu(textbuf *tb, unsigned long long value); /* decimal */

#endif
