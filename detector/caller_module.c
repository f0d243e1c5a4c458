/*
 * caller_module.c — instrumented callers (see caller_module.h).
 */
#include <elf.h>
#include <link.h>
#include <string.h>

#include "caller_module.h"

#define MAX_SEGMENTS 256

struct segment {
    uptr lo, hi;
    bool instrumented;
};

static struct segment segments[MAX_SEGMENTS];
static unsigned nsegments;          /* entries below it are complete (release) */
static rt_spinlock insert_lock;

/* fork (interceptors_fork.c): an insertion another thread had begun is
 * beyond nsegments, so the child drops it with the lock that thread held. */
void caller_module_fork_child(void)
{
    insert_lock = (rt_spinlock){0};
}

static bool names_tsan(const char *strtab, size_t size)
{
    static const char want[] = "__tsan_func_entry";
    for (size_t i = 0; i + sizeof want <= size; i++)
        if (strtab[i] == '_' && !memcmp(strtab + i, want, sizeof want))
            return true;
    return false;
}

static bool module_instrumented(const struct dl_phdr_info *info)
{
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_DYNAMIC)
            continue;
        uptr strtab = 0, strsz = 0;
        for (const ElfW(Dyn) *d = (const ElfW(Dyn) *)(info->dlpi_addr + ph->p_vaddr);
             d->d_tag != DT_NULL; d++) {
            if (d->d_tag == DT_STRTAB)
                strtab = d->d_un.d_ptr;
            else if (d->d_tag == DT_STRSZ)
                strsz = d->d_un.d_val;
        }
        /* ld.so relocates the entry in place; a module it did not (the
         * vDSO) still holds the link-time address. */
        if (strtab && strtab < info->dlpi_addr)
            strtab += info->dlpi_addr;
        return strtab && names_tsan((const char *)strtab, strsz);
    }
    return false;
}

/* Caches the executable segments of a module, and retires the entries of
 * modules that were where it is now (one store: hi = 0 matches no pc).
 * Under insert_lock. */
static void append(const struct dl_phdr_info *info)
{
    bool instrumented = module_instrumented(info);
    for (int i = 0; i < info->dlpi_phnum && nsegments < MAX_SEGMENTS; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        uptr lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        for (unsigned k = 0; k < nsegments; k++)
            if (segments[k].lo < hi && lo < LOAD(&segments[k].hi))
                STORE(&segments[k].hi, 0);
        segments[nsegments] = (struct segment){lo, hi, instrumented};
        STORE_REL(&nsegments, nsegments + 1);
    }
}

void caller_module_loaded(const struct dl_phdr_info *info)
{
    rt_spin_lock(&insert_lock);
    append(info);
    rt_spin_unlock(&insert_lock);
}

struct search {
    uptr pc;
    bool found;
};

/* Caches every executable segment of the module that holds s->pc. Under
 * insert_lock. */
static int cache_module(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    struct search *s = arg;
    bool holds = false;
    for (int i = 0; i < info->dlpi_phnum && !holds; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uptr lo = info->dlpi_addr + ph->p_vaddr;
        holds = ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && s->pc >= lo &&
                s->pc < lo + ph->p_memsz;
    }
    if (!holds)
        return 0;
    append(info);
    s->found = true;
    return 1;
}

/* Oldest first: the executable, which makes most calls, comes first. */
static int lookup(uptr pc)
{
    unsigned n = LOAD_ACQ(&nsegments);
    for (unsigned i = 0; i < n; i++)
        if (pc >= segments[i].lo && pc < LOAD(&segments[i].hi))
            return segments[i].instrumented;
    return -1;
}

bool caller_instrumented(uptr pc)
{
    int known = lookup(pc);
    if (known >= 0)
        return known;
    rt_spin_lock(&insert_lock);
    known = lookup(pc);
    if (known < 0) {
        struct search s = {pc, false};
        dl_iterate_phdr(cache_module, &s);
        known = s.found ? lookup(pc) : -1;
    }
    rt_spin_unlock(&insert_lock);
    return known > 0;
}
