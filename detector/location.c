/*
 * location.c — "Location is ..." (see location.h).
 */
#include <stdio.h>

#include "location.h"
#include "symbolize.h"
#include "thread.h"

void location_describe(uptr addr, char *out, size_t cap)
{
    char name[128], module[128];
    uptr start, size, module_offset;
    u64 uid;
    out[0] = 0;
    if (symbolize_data(addr, name, sizeof name, &start, &size, module, sizeof module,
                       &module_offset)) {
        snprintf(out, cap, "Location is global '%s' of size %lu at 0x%012lx (%s+0x%lx)\n", name,
                 (unsigned long)size, (unsigned long)start, module,
                 (unsigned long)module_offset);
    } else if (thread_stack_owner(addr, &uid)) {
        if (uid == 0)
            snprintf(out, cap, "Location is stack of main thread.\n");
        else
            snprintf(out, cap, "Location is stack of thread T%llu.\n", (unsigned long long)uid);
    }
}
