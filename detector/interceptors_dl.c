/*
 * interceptors_dl.c — a library that dlopen loads starts with no history.
 *
 * The dynamic loader maps a library's segments itself (its own mmap
 * calls never reach interceptors_mmap.c), so a library loaded where a
 * dlclose'd one lay — the same library again, typically at the same
 * address — would inherit the old copy's accesses to its globals, and
 * the first access to a new global would race with the dead copy's. The
 * writable segments of every module that a dlopen call added are reset,
 * as a new mapping is; read-only ones can only be read, which races with
 * nothing.
 *
 * Only the executable's own calls come here: the symbol is not exported
 * to shared libraries (racetest.dynlist), because glibc's dlopen resolves
 * relative names against its caller's RUNPATH and $ORIGIN, and for the
 * executable the runtime is the same object as the caller.
 */
#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include "caller_module.h"
#include "interceptors.h"
#include "shadow.h"
#include "thread.h"

/* The load addresses of the modules present before the call. */
struct loaded {
    uptr *base;
    size_t n, cap;
};

static int count(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)info;
    (void)size;
    ((struct loaded *)arg)->cap++;
    return 0;
}

static int collect(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    struct loaded *l = arg;
    if (l->n < l->cap)   /* a module loaded meanwhile by another thread is new */
        l->base[l->n++] = info->dlpi_addr;
    return 0;
}

static int forget_new(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    const struct loaded *before = arg;
    for (size_t i = 0; i < before->n; i++)
        if (before->base[i] == info->dlpi_addr)
            return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W))
            shadow_reset(info->dlpi_addr + ph->p_vaddr, ph->p_memsz);
    }
    caller_module_loaded(info);
    return 0;
}

void *dlopen(const char *file, int flags)
{
    struct rt_thread *t = cur_thread();
    struct loaded before = {0};
    rt_enter(t);
    dl_iterate_phdr(count, &before);
    before.base = rt_alloc(before.cap * sizeof *before.base);
    dl_iterate_phdr(collect, &before);
    void *h = REAL(dlopen)(file, flags);
    if (h)
        dl_iterate_phdr(forget_new, &before);
    rt_free(before.base);
    rt_leave(t);
    return h;
}
