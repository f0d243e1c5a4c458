/*
 * textbuf.c — bounded appends (see textbuf.h). Byte loops instead of memcpy
 * and strlen keep the file free of libc calls for the runtime's sake (check
 * with `nm -u` after changing a loop: compilers recognize library idioms).
 */
#include "textbuf.h"

#define FNV_OFFSET_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

void textbuf_init(textbuf *tb, char *buf, size_t size)
{
    tb->buf = buf;
    tb->size = buf ? size : 0;
    tb->len = 0;
    tb->hash = FNV_OFFSET_BASIS;
    if (tb->size)
        buf[0] = '\0';
}

static void append(textbuf *tb, char c)
{
    if (tb->len + 1 < tb->size)
        tb->buf[tb->len] = c;
    tb->len++;
    tb->hash = (tb->hash ^ (unsigned char)c) * FNV_PRIME;
}

static void terminate(textbuf *tb)
{
    if (tb->size)
        tb->buf[tb->len < tb->size ? tb->len : tb->size - 1] = '\0';
}

void textbuf_put(textbuf *tb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        append(tb, s[i]);
    terminate(tb);
}

/* Appends while scanning, rather than measuring first: a separate length
 * loop is what gcc turns into a strlen call. */
void textbuf_puts(textbuf *tb, const char *s)
{
    while (*s)
        append(tb, *s++);
    terminate(tb);
}

void textbuf_putc(textbuf *tb, char c)
{
    textbuf_put(tb, &c, 1);
}

void textbuf_putu(textbuf *tb, unsigned long long value)
{
    char digits[20]; /* 2^64 - 1 has 20 decimal digits */
    size_t n = sizeof digits;
    do {
        digits[--n] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    textbuf_put(tb, digits + n, sizeof digits - n);
}
