/*
 * rt_defs.h — basic definitions shared by every file of the detector runtime.
 *
 * The runtime is linked into instrumented executables. It is compiled
 * without -fsanitize=thread and must never call instrumented code; on the
 * access fast path it must not lock, allocate or make calls that can block.
 */
#ifndef RT_DEFS_H
#define RT_DEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t uptr;
typedef uint64_t u64;
typedef uint32_t u32;

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#define CALLER_PC() ((uptr)__builtin_return_address(0))

/* Relaxed atomic access to memory that other threads read or write
 * concurrently (shadow cells, trace events, counters). Plain loads/stores
 * would compile the same on x86-64, but these keep the runtime free of data
 * races in the C11 sense, so it can be checked by ThreadSanitizer itself. */
#define LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define LOAD_ACQ(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE_REL(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

/* Thread slots: a live thread owns one slot; the slot id (sid) is what a
 * shadow cell records. 14 bits in a cell; the top value is reserved. */
#define SID_BITS 14
#define MAX_SLOTS ((1u << SID_BITS) - 1)

/* Epochs count a slot's events (accesses, function entries and exits) and
 * index its history. 40 bits in a cell: over 10^12 events per slot. */
#define EPOCH_BITS 40
#define EPOCH_MAX ((1ull << EPOCH_BITS) - 1)

/* Prints "racetest: FATAL: ..." to stderr and exits with status 66's cousin
 * 2: the runtime cannot go on (out of address space, slots, ...). */
__attribute__((noreturn, format(printf, 1, 2))) void rt_fatal(const char *fmt, ...);
/* Called by rt_fatal before the process exits, when set: the program's
 * __sanitizer_set_death_callback (sanitizer_interface.c). */
extern void (*rt_death_callback)(void);

/* A tiny spinlock for the runtime's slow paths (thread registry, sync
 * objects, reports). Never held on the access fast path. */
typedef struct { int locked; } rt_spinlock;
void rt_spin_lock(rt_spinlock *l);
static inline void rt_spin_unlock(rt_spinlock *l) { __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE); }

/* getenv that works from the very start of the process (init.c). */
const char *rt_getenv(const char *name);

/* Memory for the runtime's own objects, never seen by the malloc
 * interceptors and never from libc's malloc (rt_alloc.c): lock-free, so
 * usable in signal handlers and by a fork child at any point. */
void *rt_alloc(size_t size);   /* zeroed, 16-byte aligned */
void rt_free(void *p);
void *rt_mmap_noreserve(size_t size);  /* zeroed, lazily backed */

#endif
