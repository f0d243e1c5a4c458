/*
 * location.h — what the racy memory is, for the "Location is ..." line of a
 * report: a global variable (from the symbol table), the stack of a running
 * thread, or unknown (nothing printed). Report path only.
 */
#ifndef RT_LOCATION_H
#define RT_LOCATION_H

#include "rt_defs.h"

/* Writes the location line(s) for addr into out (at most cap bytes,
 * NUL-terminated); out[0] == 0 when nothing is known. */
void location_describe(uptr addr, char *out, size_t cap);

#endif
