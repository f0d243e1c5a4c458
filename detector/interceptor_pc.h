/*
 * interceptor_pc.h — which libc function made an access on its caller's
 * behalf, carried inside the access's pc.
 *
 * An interceptor that checks memory for its caller (free writes the block
 * it releases) passes the caller's return address as the access pc, so the
 * first user frame of a report is the call site. To show the function
 * itself on top of that stack ("free()", as ThreadSanitizer does), its id
 * rides in bits 56..60 of the pc: user-space code lies below 2^56 even with
 * 5-level paging, and history events keep 61 bits of pc (trace.h), so the
 * tag survives the trip through the shadow check and the history unchanged.
 * The access path never looks at it (no cost there); only the report path
 * splits it off again, before symbolizing.
 */
#ifndef RT_INTERCEPTOR_PC_H
#define RT_INTERCEPTOR_PC_H

#include "rt_defs.h"
#include "trace.h"

/* The interceptors that make accesses for their caller: the heap
 * functions that write the block they release, and libc's range functions
 * (memcpy, strlen, ...: interceptors_libc.c, interceptors_string.c). */
#define ACCESSING_INTERCEPTORS(X)                                                              \
    X(free) X(cfree) X(realloc) X(reallocarray)                                                \
    X(memcpy) X(memmove) X(memset)                                                             \
    X(strlen) X(strnlen) X(memcmp) X(bcmp) X(strcmp) X(strncmp) X(strchr) X(strrchr)           \
    X(memchr) X(strcpy) X(strncpy) X(strcat) X(strncat) X(strdup) X(strndup) X(qsort)          \
    X(qsort_r)

enum interceptor_id {
    INTERCEPTOR_NONE,
#define INTERCEPTOR_ENUM(name) INTERCEPTOR_##name,
    ACCESSING_INTERCEPTORS(INTERCEPTOR_ENUM)
#undef INTERCEPTOR_ENUM
    INTERCEPTOR_COUNT
};

#define INTERCEPTOR_PC_SHIFT 56
#define INTERCEPTOR_PC_MASK (0x1full << INTERCEPTOR_PC_SHIFT)

_Static_assert(INTERCEPTOR_COUNT <= 32, "interceptor ids must fit in 5 bits");
_Static_assert((INTERCEPTOR_PC_MASK & ~EV_PC_MASK) == 0, "history events must keep the tag");

/* The pc of an access that interceptor `id` makes for the caller at pc. */
static inline uptr interceptor_pc(enum interceptor_id id, uptr pc)
{
    return (pc & ~INTERCEPTOR_PC_MASK) | ((uptr)id << INTERCEPTOR_PC_SHIFT);
}

static inline enum interceptor_id interceptor_of(uptr pc)
{
    return (enum interceptor_id)((pc & INTERCEPTOR_PC_MASK) >> INTERCEPTOR_PC_SHIFT);
}

/* The caller's pc, without the tag. */
static inline uptr interceptor_caller(uptr pc) { return pc & ~INTERCEPTOR_PC_MASK; }

/* The function's name as a report frame shows it; NULL for INTERCEPTOR_NONE. */
static inline const char *interceptor_name(enum interceptor_id id)
{
    static const char *const names[INTERCEPTOR_COUNT] = {
#define INTERCEPTOR_NAME(name) [INTERCEPTOR_##name] = #name,
        ACCESSING_INTERCEPTORS(INTERCEPTOR_NAME)
#undef INTERCEPTOR_NAME
    };
    return id < INTERCEPTOR_COUNT ? names[id] : NULL;
}

#endif
