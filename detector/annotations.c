/*
 * annotations.c — explicit happens-before for synchronization the runtime
 * cannot see (custom lock-free code, uninstrumented libraries): the
 * functions behind include/racetest.h, ThreadSanitizer's public
 * __tsan_acquire/__tsan_release with the same meaning, and the dynamic
 * annotations TSan implements (AnnotateHappensBefore/After, ignore
 * regions, benign races, thread names; file and line first, as TSan
 * declares them) and those it accepts as no-ops. Annotated locks:
 * annotations_mutex.c.
 *
 * Ignore regions (AnnotateIgnoreReads/WritesBegin, __tsan_ignore_thread_*)
 * raise the thread's ignore count: accesses are not checked, and neither
 * is synchronization made inside the region (TSan still models the
 * latter), so a lock taken inside and released outside is not seen; the
 * thread's unlocks are then no longer checked for misuse.
 */
#include <stdio.h>
#include <unistd.h>

#include "annotations.h"
#include "sync.h"
#include "thread.h"

void __racetest_happens_before(const volatile void *addr)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    rt_enter(t);
    sync_release(t, (uptr)addr);
    rt_leave(t);
}

void __racetest_happens_after(const volatile void *addr)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    rt_enter(t);
    sync_acquire(t, (uptr)addr);
    rt_leave(t);
}

void __tsan_release(void *addr)
{
    __racetest_happens_before(addr);
}

void __tsan_acquire(void *addr)
{
    __racetest_happens_after(addr);
}

void __tsan_ignore_thread_begin(void)
{
    struct rt_thread *t = cur_thread();
    t->ignore++;
    /* A lock taken in the region is not in the mutex set (mutex_misuse.c). */
    t->ignored_locks = true;
}

void __tsan_ignore_thread_end(void)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore > 0)
        t->ignore--;
}

void AnnotateHappensBefore(const char *file, int line, const volatile void *addr)
{
    (void)file;
    (void)line;
    __racetest_happens_before(addr);
}

void AnnotateHappensAfter(const char *file, int line, const volatile void *addr)
{
    (void)file;
    (void)line;
    __racetest_happens_after(addr);
}

void AnnotateIgnoreReadsBegin(const char *file, int line)
{
    (void)file;
    (void)line;
    __tsan_ignore_thread_begin();
}

void AnnotateIgnoreReadsEnd(const char *file, int line)
{
    (void)file;
    (void)line;
    __tsan_ignore_thread_end();
}

void AnnotateIgnoreWritesBegin(const char *file, int line)
{
    (void)file;
    (void)line;
    __tsan_ignore_thread_begin();
}

void AnnotateIgnoreWritesEnd(const char *file, int line)
{
    (void)file;
    (void)line;
    __tsan_ignore_thread_end();
}

/* ---- benign races ----------------------------------------------------------- */

#define MAX_BENIGN 1024
static struct { uptr addr, size; } benign[MAX_BENIGN];
static unsigned nbenign;           /* published after the entry */
static rt_spinlock benign_lock;    /* writers only */

/* fork (interceptors_fork.c): an entry another thread was adding is beyond
 * nbenign, so the child drops it with the lock that thread held. */
void annotations_fork_child(void)
{
    benign_lock = (rt_spinlock){0};
}

void AnnotateBenignRaceSized(const char *file, int line, const volatile void *addr, size_t size,
                             const char *desc)
{
    (void)file;
    (void)line;
    (void)desc;
    rt_spin_lock(&benign_lock);
    unsigned n = nbenign;
    if (n < MAX_BENIGN) {
        STORE(&benign[n].addr, (uptr)addr);
        STORE(&benign[n].size, (uptr)size);
        STORE_REL(&nbenign, n + 1);
    }
    rt_spin_unlock(&benign_lock);
    if (n == MAX_BENIGN) {
        static const char msg[] = "racetest: more than 1024 AnnotateBenignRace regions; the rest are reported\n";
        (void)!write(2, msg, sizeof msg - 1);
    }
}

/* TSan's: the first byte at addr. */
void AnnotateBenignRace(const char *file, int line, const volatile void *addr, const char *desc)
{
    AnnotateBenignRaceSized(file, line, addr, 1, desc);
}

bool annotations_benign_race(uptr addr, uptr size)
{
    unsigned n = LOAD_ACQ(&nbenign);
    for (unsigned i = 0; i < n; i++) {
        uptr a = LOAD(&benign[i].addr), s = LOAD(&benign[i].size);
        if (addr < a + s && a < addr + (size ? size : 1))
            return true;
    }
    return false;
}

/* ---- memory and threads ---------------------------------------------------------- */

void AnnotateThreadName(const char *file, int line, const char *name)
{
    (void)file;
    (void)line;
    struct rt_thread *t = cur_thread();
    if (t->ignore || !name)
        return;
    rt_enter(t);
    thread_set_name(t->uid, name);
    rt_leave(t);
}

/* Queries of code written for Valgrind and TSan's annotations. */
int RunningOnValgrind(void) { return 0; }
double ValgrindSlowdown(void) { return 1.0; }

/* Annotations TSan accepts and ignores: they link, and do nothing here
 * either. AnnotateNewMemory (TSan keeps the memory's history: so do we);
 * AnnotateIgnoreSyncBegin/End (TSan stops modeling synchronization, which
 * can only add reports: we keep modeling it); the rest are Valgrind-era
 * hints with no meaning for a happens-before detector. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define ANNOTATION_NOOP(name, ...)                                                             \
    void name(const char *file, int line, ##__VA_ARGS__) {}
ANNOTATION_NOOP(AnnotateNewMemory, const volatile void *addr, size_t size)
ANNOTATION_NOOP(AnnotateIgnoreSyncBegin)
ANNOTATION_NOOP(AnnotateIgnoreSyncEnd)
ANNOTATION_NOOP(AnnotateTraceMemory, const volatile void *addr)
ANNOTATION_NOOP(AnnotateFlushState)
ANNOTATION_NOOP(AnnotateNoOp, const volatile void *addr)
ANNOTATION_NOOP(AnnotateFlushExpectedRaces)
ANNOTATION_NOOP(AnnotateEnableRaceDetection, int enable)
ANNOTATION_NOOP(AnnotateMutexIsNotPHB, const volatile void *mu)
ANNOTATION_NOOP(AnnotateMutexIsUsedAsCondVar, const volatile void *mu)
ANNOTATION_NOOP(AnnotateCondVarWait, const volatile void *cv, const volatile void *lock)
ANNOTATION_NOOP(AnnotateCondVarSignal, const volatile void *cv)
ANNOTATION_NOOP(AnnotateCondVarSignalAll, const volatile void *cv)
ANNOTATION_NOOP(AnnotatePublishMemoryRange, const volatile void *addr, size_t size)
ANNOTATION_NOOP(AnnotateUnpublishMemoryRange, const volatile void *addr, size_t size)
ANNOTATION_NOOP(AnnotateExpectRace, const volatile void *addr, const char *desc)
#pragma GCC diagnostic pop
