/*
 * rt_util.c — the runtime's own allocation, spinlock and fatal errors.
 *
 * Allocation goes straight to glibc's internal entry points (__libc_calloc,
 * __libc_free), which the malloc interceptors never see: the runtime's own
 * objects must not get shadow resets or free-as-write checks.
 */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rt_defs.h"

extern void *__libc_calloc(size_t n, size_t size);
extern void __libc_free(void *p);

void *rt_alloc(size_t size)
{
    void *p = __libc_calloc(1, size);
    if (!p)
        rt_fatal("out of memory allocating %zu bytes", size);
    return p;
}

void rt_free(void *p)
{
    __libc_free(p);
}

void *rt_mmap_noreserve(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        rt_fatal("cannot reserve %zu bytes of address space", size);
    return p;
}

void rt_spin_lock(rt_spinlock *l)
{
    for (unsigned spins = 0;; spins++) {
        if (!__atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
            !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
            return;
        if (spins > 64)
            sched_yield();
        else
            __builtin_ia32_pause();
    }
}

void rt_fatal(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(buf, sizeof buf, "racetest: FATAL: ");
    n += vsnprintf(buf + n, sizeof buf - n, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 2)
        n = sizeof buf - 2;
    buf[n++] = '\n';
    if (write(2, buf, n) < 0) {
        /* nothing left to tell anyone */
    }
    _exit(2);
}
