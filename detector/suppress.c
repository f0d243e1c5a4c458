/*
 * suppress.c — suppression files and benign ranges (see suppress.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "racetest_rt.h"
#include "suppress.h"
#include "suppressions.h"
#include "symbolize.h"
#include "thread.h"

static suppressions list;

void suppress_init(void)
{
    const char *path = rt_opts.suppressions;
    if (!path[0])
        return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        rt_fatal("cannot read suppressions file %s: %s", path, strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 4096;
            char *bigger = rt_alloc(cap);
            if (text) {
                memcpy(bigger, text, len);
                rt_free(text);
            }
            text = bigger;
        }
        ssize_t n = read(fd, text + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rt_fatal("cannot read suppressions file %s: %s", path, strerror(errno));
        if (n == 0)
            break;
        len += n;
    }
    close(fd);
    filter_error err;
    if (suppressions_parse(&list, text, len, path, &err) != 0)
        rt_fatal("bad suppressions file: %s", err.msg);
    rt_free(text);
    /* TSan's called_from_lib turns its interceptors off for calls from a
     * library; racetest has no such switch (it leaves unchecked only the
     * object checks of uninstrumented callers, caller_module.h), so such
     * an entry would change nothing: say so rather than ignore it. */
    for (size_t i = 0; i < list.count; i++)
        if (list.entries[i].type == SUPP_CALLED_FROM_LIB)
            fprintf(stderr,
                    "racetest: %s:%u: called_from_lib is not supported; calls from '%s' are "
                    "checked as any other\n",
                    list.entries[i].path, list.entries[i].line, list.entries[i].pattern);
}

/* ---- benign ranges ------------------------------------------------------- */

#define MAX_BENIGN 1024
static rt_spinlock benign_lock;
static struct { uptr addr, size; } benign[MAX_BENIGN];
static unsigned benign_count;

void __racetest_benign(const volatile void *addr, unsigned long size, const char *reason)
{
    (void)reason; /* for the reader of the code: why the race is accepted */
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    rt_spin_lock(&benign_lock);
    if (benign_count == MAX_BENIGN)
        rt_fatal("more than %d RACETEST_BENIGN ranges", MAX_BENIGN);
    benign[benign_count].addr = (uptr)addr;
    benign[benign_count].size = size;
    STORE(&benign_count, benign_count + 1);
    rt_spin_unlock(&benign_lock);
    rt_leave(t);
}

void suppress_forget_range(uptr addr, uptr size)
{
    if (!LOAD(&benign_count))
        return;
    rt_spin_lock(&benign_lock);
    for (unsigned i = 0; i < benign_count;) {
        if (benign[i].addr >= addr && benign[i].addr < addr + size)
            benign[i] = benign[--benign_count];
        else
            i++;
    }
    rt_spin_unlock(&benign_lock);
}

static bool is_benign(uptr addr)
{
    bool found = false;
    rt_spin_lock(&benign_lock);
    for (unsigned i = 0; i < benign_count && !found; i++)
        found = addr >= benign[i].addr && addr < benign[i].addr + benign[i].size;
    rt_spin_unlock(&benign_lock);
    return found;
}

/* ---- the verdict ------------------------------------------------------------ */

bool suppress_match(supp_type type, const struct stack *const *stacks, unsigned nstacks,
                    uptr global)
{
    if (!list.count)
        return false;
    unsigned nframes = 0;
    for (unsigned s = 0; s < nstacks; s++)
        nframes += stacks[s]->n;
    supp_frame *frames = rt_alloc((nframes ? nframes : 1) * sizeof *frames);
    supp_stack *sstacks = rt_alloc((nstacks ? nstacks : 1) * sizeof *sstacks);
    supp_frame *f = frames;
    for (unsigned s = 0; s < nstacks; s++) {
        sstacks[s].frames = f;
        sstacks[s].count = stacks[s]->n;
        for (unsigned i = 0; i < stacks[s]->n; i++, f++) {
            f->function = stacks[s]->f[i].func;
            f->file = stacks[s]->f[i].file;
            f->module = stacks[s]->f[i].module;
        }
    }
    bool hit = suppressions_match(&list, type, sstacks, nstacks) != NULL;
    rt_free(frames);
    rt_free(sstacks);
    char name[128], module[128];
    uptr start, size, module_offset;
    if (!hit && global &&
        symbolize_data(global, name, sizeof name, &start, &size, module, sizeof module,
                       &module_offset))
        hit = suppressions_match_global(&list, type, name, module) != NULL;
    return hit;
}

bool suppress_race(uptr addr, const struct stack *const *stacks, unsigned nstacks)
{
    return is_benign(addr) || suppress_match(SUPP_RACE, stacks, nstacks, addr);
}

unsigned long suppress_entries_matched(void) { return suppressions_matched(&list); }

/* fork (interceptors_fork.c). */
void suppress_fork_prepare(void) { rt_spin_lock(&benign_lock); }
void suppress_fork_parent(void) { rt_spin_unlock(&benign_lock); }
void suppress_fork_child(void) { benign_lock.locked = 0; }
