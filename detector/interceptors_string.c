/*
 * interceptors_string.c — libc string and array functions as accesses of
 * their caller: a race through strlen or qsort is reported at the line
 * that called it, under a "strlen()" frame (interceptor_pc.h;
 * memcpy/memmove/memset are in interceptors_libc.c).
 *
 * Each function is checked for exactly the bytes it must touch by its
 * definition: strlen the string and its terminator, strcmp both strings
 * up to the first difference, strchr up to the match, strncpy all n bytes
 * of the destination, and so on. Vectorized libc implementations may read
 * further (within the page), but those reads cannot change the result, so
 * checking them could only produce reports on correct programs.
 *
 * strdup/strndup return a fresh heap block, prepared as interceptors_malloc.c
 * prepares what malloc returns (shadow reset, block registered with the
 * caller's allocation stack), and filled with the real memcpy (unchecked:
 * the block is new).
 * qsort checks the array as written; the comparator is user code and is
 * checked on its own.
 *
 * The runtime calls some of these itself with its ignore flag raised: the
 * interceptors then only forward.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "heap_block.h"
#include "interceptor_pc.h"
#include "interceptors.h"
#include "shadow.h"
#include "thread.h"

static ALWAYS_INLINE void rd(struct rt_thread *t, const void *p, size_t n, uptr pc)
{
    if (n)
        access_range(t, (uptr)p, n, false, false, pc);
}

static ALWAYS_INLINE void wr(struct rt_thread *t, const void *p, size_t n, uptr pc)
{
    if (n)
        access_range(t, (uptr)p, n, true, false, pc);
}

/* The number of leading bytes that two strings share, plus the first
 * differing one (or the common terminator), at most n: what a comparison
 * reads of each. */
static size_t compared(const unsigned char *a, const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n && a[i] == b[i] && a[i])
        i++;
    return i < n ? i + 1 : n;
}

#define PROLOGUE(fn, call)                                                                     \
    struct rt_thread *t = cur_thread();                                                        \
    if (t->ignore)                                                                             \
        return REAL(fn) call;                                                                  \
    uptr pc = interceptor_pc(INTERCEPTOR_##fn, CALLER_PC())

size_t strlen(const char *s)
{
    PROLOGUE(strlen, (s));
    size_t n = REAL(strlen)(s);
    rd(t, s, n + 1, pc);
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    PROLOGUE(strnlen, (s, max));
    size_t n = REAL(strnlen)(s, max);
    rd(t, s, n < max ? n + 1 : n, pc);
    return n;
}

/* memcmp and bcmp (which clang emits for memcmp() == 0): the bytes up to
 * the first difference. */
static void compared_bytes(struct rt_thread *t, const void *a, const void *b, size_t n, uptr pc)
{
    const unsigned char *x = a, *y = b;
    size_t i = 0;
    while (i < n && x[i] == y[i])
        i++;
    size_t len = i < n ? i + 1 : n;
    rd(t, a, len, pc);
    rd(t, b, len, pc);
}

int memcmp(const void *a, const void *b, size_t n)
{
    PROLOGUE(memcmp, (a, b, n));
    compared_bytes(t, a, b, n, pc);
    return REAL(memcmp)(a, b, n);
}

int bcmp(const void *a, const void *b, size_t n)
{
    PROLOGUE(bcmp, (a, b, n));
    compared_bytes(t, a, b, n, pc);
    return REAL(bcmp)(a, b, n);
}

int strcmp(const char *a, const char *b)
{
    PROLOGUE(strcmp, (a, b));
    size_t len = compared((const unsigned char *)a, (const unsigned char *)b, (size_t)-1);
    rd(t, a, len, pc);
    rd(t, b, len, pc);
    return REAL(strcmp)(a, b);
}

int strncmp(const char *a, const char *b, size_t n)
{
    PROLOGUE(strncmp, (a, b, n));
    size_t len = compared((const unsigned char *)a, (const unsigned char *)b, n);
    rd(t, a, len, pc);
    rd(t, b, len, pc);
    return REAL(strncmp)(a, b, n);
}

char *strchr(const char *s, int c)
{
    PROLOGUE(strchr, (s, c));
    char *r = REAL(strchr)(s, c);
    /* Up to the match, or through the terminator. */
    rd(t, s, r ? (size_t)(r - s) + 1 : REAL(strlen)(s) + 1, pc);
    return r;
}

char *strrchr(const char *s, int c)
{
    PROLOGUE(strrchr, (s, c));
    rd(t, s, REAL(strlen)(s) + 1, pc);
    return REAL(strrchr)(s, c);
}

void *memchr(const void *s, int c, size_t n)
{
    PROLOGUE(memchr, (s, c, n));
    void *r = REAL(memchr)(s, c, n);
    rd(t, s, r ? (size_t)((const char *)r - (const char *)s) + 1 : n, pc);
    return r;
}

char *strcpy(char *dst, const char *src)
{
    PROLOGUE(strcpy, (dst, src));
    size_t n = REAL(strlen)(src) + 1;
    rd(t, src, n, pc);
    wr(t, dst, n, pc);
    return REAL(strcpy)(dst, src);
}

char *strncpy(char *dst, const char *src, size_t n)
{
    PROLOGUE(strncpy, (dst, src, n));
    size_t len = REAL(strnlen)(src, n);
    rd(t, src, len < n ? len + 1 : n, pc);
    wr(t, dst, n, pc);   /* padded with zeros up to n */
    return REAL(strncpy)(dst, src, n);
}

char *strcat(char *dst, const char *src)
{
    PROLOGUE(strcat, (dst, src));
    size_t d = REAL(strlen)(dst), s = REAL(strlen)(src);
    rd(t, dst, d + 1, pc);
    rd(t, src, s + 1, pc);
    wr(t, dst + d, s + 1, pc);
    return REAL(strcat)(dst, src);
}

char *strncat(char *dst, const char *src, size_t n)
{
    PROLOGUE(strncat, (dst, src, n));
    size_t d = REAL(strlen)(dst), s = REAL(strnlen)(src, n);
    rd(t, dst, d + 1, pc);
    rd(t, src, s < n ? s + 1 : n, pc);
    wr(t, dst + d, s + 1, pc);
    return REAL(strncat)(dst, src, n);
}

/* A fresh block holding a copy of the first n bytes of s, as malloc would
 * return it to the caller at pc (interceptors_malloc.c): no history, and
 * registered with the caller's allocation stack. */
extern void *__libc_malloc(size_t);

static char *dup_bytes(struct rt_thread *t, const char *s, size_t n, uptr pc)
{
    rd(t, s, n, pc);
    char *p = __libc_malloc(n + 1);
    if (!p)
        return NULL;
    rt_enter(t);
    shadow_reset((uptr)p, malloc_usable_size(p));
    heap_block_add(t, (uptr)p, n + 1, interceptor_caller(pc));
    REAL(memcpy)(p, s, n);
    p[n] = 0;
    rt_leave(t);
    return p;
}

char *strdup(const char *s)
{
    PROLOGUE(strdup, (s));
    size_t n = REAL(strlen)(s);
    char *p = dup_bytes(t, s, n, pc);
    if (p)
        rd(t, s + n, 1, pc);   /* the terminator */
    return p;
}

char *strndup(const char *s, size_t max)
{
    PROLOGUE(strndup, (s, max));
    size_t n = REAL(strnlen)(s, max);
    char *p = dup_bytes(t, s, n, pc);
    if (p && n < max)
        rd(t, s + n, 1, pc);
    return p;
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        wr(t, base, n * size, interceptor_pc(INTERCEPTOR_qsort, CALLER_PC()));
    REAL(qsort)(base, n, size, cmp);
}

void qsort_r(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *),
             void *arg)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        wr(t, base, n * size, interceptor_pc(INTERCEPTOR_qsort_r, CALLER_PC()));
    REAL(qsort_r)(base, n, size, cmp, arg);
}
