/*
 * sync_object_race.c — races on synchronization objects (see
 * sync_object_race.h).
 */
#include <errno.h>

#include "access.h"
#include "caller_module.h"
#include "sync_object_race.h"
#include "thread.h"

void sync_object_access(uptr addr, bool is_write, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || !caller_instrumented(pc))
        return;
    int saved = errno;
    access_granule(t, addr, 1, is_write, false, pc);
    errno = saved;
}
