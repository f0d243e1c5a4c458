/*
 * location.c — "Location is ..." (see location.h).
 */
#include <elf.h>
#include <link.h>
#include <stdio.h>

#include "heap_block.h"
#include "fd_race.h"
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

/* Static TLS on x86-64 (TLS variant II): each module's block lies at a
 * fixed distance below the thread pointer, the same for every thread, and
 * glibc's pthread_t is that thread pointer. The distances are measured on
 * the reporting thread, whose own blocks dl_iterate_phdr gives. Blocks of
 * modules loaded later with dynamic TLS come from malloc, far from the
 * thread pointer: a block counts only within STATIC_TLS_MAX below it (glibc
 * sizes its static TLS for the initial modules plus a small surplus). */
#define STATIC_TLS_MAX (1ul << 20)
#define MAX_TLS_MODULES 64

struct tls_layout {
    uptr tp;                 /* the reporting thread's thread pointer */
    unsigned n;
    struct {
        uptr below_tp, size; /* block = [tp - below_tp, tp - below_tp + size) */
    } block[MAX_TLS_MODULES];
    uptr addr;               /* the address being located */
};

static int measure_module(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    struct tls_layout *l = arg;
    uptr data = (uptr)info->dlpi_tls_data;
    if (!data || data >= l->tp || l->tp - data > STATIC_TLS_MAX || l->n == MAX_TLS_MODULES)
        return 0;
    for (unsigned i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type == PT_TLS) {
            l->block[l->n].below_tp = l->tp - data;
            l->block[l->n].size = info->dlpi_phdr[i].p_memsz;
            l->n++;
            break;
        }
    }
    return 0;
}

/* Under the thread registry lock (thread_find_running): compares only. */
static bool tls_holds(const struct rt_thread *t, void *arg)
{
    const struct tls_layout *l = arg;
    uptr tp = (uptr)t->pthread;
    for (unsigned i = 0; i < l->n; i++) {
        uptr lo = tp - l->block[i].below_tp;
        if (l->addr >= lo && l->addr - lo < l->block[i].size)
            return true;
    }
    return false;
}

static bool stack_holds(const struct rt_thread *t, void *arg)
{
    uptr addr = *(const uptr *)arg;
    return addr >= t->stack_lo && addr < t->stack_hi;
}

/* The running thread whose static TLS holds addr. */
static bool tls_owner(uptr addr, u64 *uid)
{
    static struct tls_layout layout;   /* under the report lock */
    layout.tp = (uptr)__builtin_thread_pointer();
    layout.n = 0;
    layout.addr = addr;
    dl_iterate_phdr(measure_module, &layout);
    return layout.n && thread_find_running(tls_holds, &layout, uid);
}

void location_describe(uptr addr, struct location *out)
{
    char name[128], module[128], who[64];
    uptr start, size, module_offset;
    struct heap_block block;
    u64 uid;
    out->text[0] = 0;
    out->alloc_stack = 0;
    int fd;
    if (fd_race_describe(addr, &fd)) {
        snprintf(out->text, sizeof out->text, "Location is file descriptor %d.\n", fd);
    } else if (symbolize_data(addr, name, sizeof name, &start, &size, module, sizeof module,
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
    } else if (tls_owner(addr, &uid)) {
        /* Before the stack: a thread's static TLS lies inside the range
         * its stack is known by (glibc puts it at the top of the mapping). */
        thread_label(who, sizeof who, uid);
        snprintf(out->text, sizeof out->text, "Location is TLS of %s.\n", who);
    } else if (thread_find_running(stack_holds, &addr, &uid)) {
        thread_label(who, sizeof who, uid);
        snprintf(out->text, sizeof out->text, "Location is stack of %s.\n", who);
    }
}
