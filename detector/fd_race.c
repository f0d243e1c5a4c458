/*
 * fd_race.c — races on file descriptors (see fd_race.h).
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "access.h"
#include "caller_module.h"
#include "fd_race.h"
#include "shadow.h"
#include "thread.h"

/* One reservation, made at the first call: FD_RACE_MAX granules (only
 * their addresses and shadow are used), then FD_RACE_MAX identities (the
 * file each number referred to at the model's latest look; 0: unknown). */
#define GRANULES_BYTES ((size_t)FD_RACE_MAX * 8)

static char *region;

static char *tables(void)
{
    char *r = LOAD_ACQ(&region);
    if (likely(r))
        return r;
    char *mine = rt_mmap_noreserve(GRANULES_BYTES + (size_t)FD_RACE_MAX * sizeof(u64));
    if (__atomic_compare_exchange_n(&region, &r, mine, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return mine;
    munmap(mine, GRANULES_BYTES + (size_t)FD_RACE_MAX * sizeof(u64));
    return r;
}

static bool tracked(int fd) { return fd >= 0 && fd < FD_RACE_MAX; }
static uptr granule(int fd) { return (uptr)tables() + (uptr)fd * 8; }
static u64 *ident_of(int fd) { return (u64 *)(tables() + GRANULES_BYTES) + fd; }

/* Inside the runtime: the reset's own stores must not be checked. */
static void forget(int fd)
{
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    shadow_reset(granule(fd), 8);
    rt_leave(t);
}

void fd_race_created(int fd)
{
    if (!tracked(fd))
        return;
    forget(fd);
    STORE(ident_of(fd), 0);
}

void fd_race_file_seen(int fd, u64 id)
{
    if (!tracked(fd))
        return;
    u64 *slot = ident_of(fd);
    u64 old = LOAD(slot);
    if (old == id)
        return;
    /* Another file than at the previous look: the recorded uses were of
     * that file (closed and reopened behind our back). */
    if (old)
        forget(fd);
    STORE(slot, id);
}

void fd_race_use(struct rt_thread *t, int fd, uptr pc)
{
    if (tracked(fd) && caller_instrumented(pc))
        access_granule(t, granule(fd), 8, false, false, pc);
}

void fd_race_close(struct rt_thread *t, int fd, uptr pc)
{
    if (!tracked(fd))
        return;
    if (!caller_instrumented(pc)) {
        fd_race_created(fd);
        return;
    }
    int saved = errno;
    struct stat st;
    if (fstat(fd, &st) == 0)
        fd_race_file_seen(fd, fd_race_ident(&st));
    errno = saved;
    access_granule(t, granule(fd), 8, true, false, pc);
    fd_race_created(fd);
}

void fd_race_closing(struct rt_thread *t, int fd, uptr pc)
{
    if (t->ignore)
        fd_race_created(fd);
    else
        fd_race_close(t, fd, pc);
}

u64 fd_race_ident(const struct stat *st)
{
    u64 h = (u64)st->st_dev * 0x9E3779B97F4A7C15ull ^ (u64)st->st_ino * 0xC2B2AE3D27D4EB4Full ^
            (u64)(st->st_mode & S_IFMT);
    return h ? h : 1;
}

bool fd_race_describe(uptr addr, int *fd)
{
    uptr r = (uptr)LOAD_ACQ(&region);
    if (!r || addr < r || addr >= r + GRANULES_BYTES)
        return false;
    *fd = (int)((addr - r) / 8);
    return true;
}
