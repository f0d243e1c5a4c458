/*
 * interceptors_libc.c — libc functions that read or write user memory
 * check those bytes as accesses of their caller, so a race through
 * memcpy/memset is reported at the line that called them.
 */
#include <string.h>

#include "access.h"
#include "interceptors.h"
#include "omp_runtime_code.h"
#include "thread.h"

static ALWAYS_INLINE void check(uptr pc, const void *p, size_t n, bool is_write)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore && !omp_runtime_code(pc))
        access_range(t, (uptr)p, n, is_write, false, pc);
}

void *memcpy(void *dst, const void *src, size_t n)
{
    check(CALLER_PC(), src, n, false);
    check(CALLER_PC(), dst, n, true);
    return REAL(memcpy)(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
    check(CALLER_PC(), src, n, false);
    check(CALLER_PC(), dst, n, true);
    return REAL(memmove)(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
    check(CALLER_PC(), dst, n, true);
    return REAL(memset)(dst, c, n);
}

/* Newer compilers call these instead of the libc functions. */
void *__tsan_memcpy(void *dst, const void *src, size_t n)
{
    check(CALLER_PC(), src, n, false);
    check(CALLER_PC(), dst, n, true);
    return REAL(memcpy)(dst, src, n);
}

void *__tsan_memmove(void *dst, const void *src, size_t n)
{
    check(CALLER_PC(), src, n, false);
    check(CALLER_PC(), dst, n, true);
    return REAL(memmove)(dst, src, n);
}

void *__tsan_memset(void *dst, int c, size_t n)
{
    check(CALLER_PC(), dst, n, true);
    return REAL(memset)(dst, c, n);
}
