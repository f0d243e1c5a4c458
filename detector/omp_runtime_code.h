/*
 * omp_runtime_code.h — is a caller inside an OpenMP runtime's own code?
 *
 * libgomp and libomp are not instrumented and order their own memory with
 * futexes and atomics that no interceptor sees. What they do with it
 * through an intercepted function (the memcpy of a task's arguments into
 * the task, the free of a finished task on another thread) must not be
 * checked as the program's accesses, or the runtime's internal handoffs
 * would read as races. The interceptors of memcpy/memmove/memset and free
 * ask omp_runtime_code(caller) and treat such calls as unchecked.
 *
 * The text ranges are found at start-up (omp_runtime_code_init, from
 * rt_init: every DT_NEEDED library is loaded by then) and again when the
 * runtime loads libgomp itself (interceptor_resolve.c). Written before
 * any OpenMP thread exists or under the dynamic linker's lock; read with
 * relaxed loads.
 */
#ifndef RT_OMP_RUNTIME_CODE_H
#define RT_OMP_RUNTIME_CODE_H

#include "rt_defs.h"

#define OMP_RUNTIMES 2

/* [lo, lo + size) of each runtime's executable segment; size 0: absent. */
extern uptr omp_code_lo[OMP_RUNTIMES], omp_code_size[OMP_RUNTIMES];

void omp_runtime_code_init(void);

static ALWAYS_INLINE bool omp_runtime_code(uptr pc)
{
    for (int i = 0; i < OMP_RUNTIMES; i++)
        if (pc - LOAD(&omp_code_lo[i]) < LOAD(&omp_code_size[i]))
            return true;
    return false;
}

#endif
