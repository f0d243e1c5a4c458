/*
 * location.c — "Location is ..." (see location.h).
 */
#include <stdio.h>

#include "heap_block.h"
#include "location.h"
#include "symbolize.h"
#include "thread.h"

static void thread_label(char *out, size_t cap, u64 uid)
{
    if (uid == 0)
        snprintf(out, cap, "main thread");
    else
        snprintf(out, cap, "thread T%llu", (unsigned long long)uid);
}

void location_describe(uptr addr, struct location *out)
{
    char name[128], module[128], who[64];
    uptr start, size, module_offset;
    struct heap_block block;
    u64 uid;
    out->text[0] = 0;
    out->alloc_stack = 0;
    if (symbolize_data(addr, name, sizeof name, &start, &size, module, sizeof module,
                       &module_offset)) {
        snprintf(out->text, sizeof out->text,
                 "Location is global '%s' of size %lu at 0x%012lx (%s+0x%lx)\n", name,
                 (unsigned long)size, (unsigned long)start, module,
                 (unsigned long)module_offset);
    } else if (heap_block_find(addr, &block)) {
        thread_label(who, sizeof who, block.uid);
        snprintf(out->text, sizeof out->text,
                 "Location is heap block of size %lu at 0x%012lx allocated by %s:\n",
                 (unsigned long)block.size, (unsigned long)block.start, who);
        out->alloc_stack = block.stack;
    } else if (thread_stack_owner(addr, &uid)) {
        thread_label(who, sizeof who, uid);
        snprintf(out->text, sizeof out->text, "Location is stack of %s.\n", who);
    }
}
