/*
 * location.h — what the racy memory is, for the "Location is ..." line of a
 * report: a global variable (from the symbol table), a live heap block
 * (with its allocation stack), the static TLS or the stack of a running
 * thread, or unknown. Report path only: called under the report lock.
 */
#ifndef RT_LOCATION_H
#define RT_LOCATION_H

#include "rt_defs.h"

struct location {
    char text[512];          /* the "Location is ..." line(s); "" if unknown */
    u32 alloc_stack;         /* stack_depot id to print after text, or 0 */
};

void location_describe(uptr addr, struct location *out);

#endif
