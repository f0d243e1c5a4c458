/*
 * rt_util.c — the runtime's address-space reservations, spinlock and fatal
 * errors. Its allocator for small objects is rt_alloc.c.
 */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rt_defs.h"

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

void (*rt_death_callback)(void);

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
    void (*cb)(void) = __atomic_load_n(&rt_death_callback, __ATOMIC_ACQUIRE);
    if (cb)
        cb();
    _exit(2);
}
