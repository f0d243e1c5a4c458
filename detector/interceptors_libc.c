/*
 * interceptors_libc.c — libc functions that read or write user memory
 * check those bytes as accesses of their caller, so a race through
 * memcpy/memset is reported at the line that called them, under a
 * "memcpy()" frame (interceptor_pc.h).
 */
#include <string.h>

#include "access.h"
#include "interceptor_pc.h"
#include "interceptors.h"
#include "omp_runtime_code.h"
#include "thread.h"

static ALWAYS_INLINE void check(enum interceptor_id id, uptr caller, const void *p, size_t n,
                                bool is_write)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore && !omp_runtime_code(caller))
        access_range(t, (uptr)p, n, is_write, false, interceptor_pc(id, caller));
}

void *memcpy(void *dst, const void *src, size_t n)
{
    check(INTERCEPTOR_memcpy, CALLER_PC(), src, n, false);
    check(INTERCEPTOR_memcpy, CALLER_PC(), dst, n, true);
    return REAL(memcpy)(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
    check(INTERCEPTOR_memmove, CALLER_PC(), src, n, false);
    check(INTERCEPTOR_memmove, CALLER_PC(), dst, n, true);
    return REAL(memmove)(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
    check(INTERCEPTOR_memset, CALLER_PC(), dst, n, true);
    return REAL(memset)(dst, c, n);
}

/* Newer compilers call these instead of the libc functions. */
void *__tsan_memcpy(void *dst, const void *src, size_t n)
{
    check(INTERCEPTOR_memcpy, CALLER_PC(), src, n, false);
    check(INTERCEPTOR_memcpy, CALLER_PC(), dst, n, true);
    return REAL(memcpy)(dst, src, n);
}

void *__tsan_memmove(void *dst, const void *src, size_t n)
{
    check(INTERCEPTOR_memmove, CALLER_PC(), src, n, false);
    check(INTERCEPTOR_memmove, CALLER_PC(), dst, n, true);
    return REAL(memmove)(dst, src, n);
}

void *__tsan_memset(void *dst, int c, size_t n)
{
    check(INTERCEPTOR_memset, CALLER_PC(), dst, n, true);
    return REAL(memset)(dst, c, n);
}
