/*
 * driver.c — the runtime's shared data structures hammered from several
 * threads, built with gcc's ThreadSanitizer (tests/selfrace/check.sh): the
 * sync-object table (concurrent lookups and inserts), sync-object clocks
 * (release/acquire from every thread; acquires read the clocks without the
 * object's lock while releases grow them: the sids are spread so that the
 * clocks reallocate under the readers), and the shadow map (concurrent
 * first touches of a region, relaxed cell traffic), and the release-sequence
 * protocol of atomic variables (stores that replace a clock under the lock
 * while loads read it lock-free, releasing read-modify-writes). Any report
 * fails the test: the runtime must not be racy itself.
 */
#include <pthread.h>
#include <stdio.h>

#include "shadow.h"
#include "sync.h"
#include "thread.h"

#define THREADS 4
#define ROUNDS 10000
/* Thread i has sid i * SID_SPREAD: released clocks grow to 8, 16, 32, 64. */
#define SID_SPREAD 20

static char arena[THREADS * 64];

static void *worker(void *arg)
{
    struct rt_thread self = {0};
    unsigned me = (unsigned)(uintptr_t)arg;
    self.sid = me * SID_SPREAD;
    self.clock.e = rt_alloc(64 * sizeof(u64));
    self.clock.cap = 64;
    self.fence_acquire.e = rt_alloc(64 * sizeof(u64));
    self.fence_acquire.cap = 64;
    for (unsigned i = 0; i < ROUNDS; i++) {
        self.epoch++;
        uptr key = 0x100000 + (i % 97) * 8;
        uptr atomic_key = 0x180000 + (i % 13) * 8;
        struct sync_var *v;
        switch (i % 9) {
        case 0: sync_release(&self, key); break;
        case 1: sync_acquire(&self, key); break;
        case 2: sync_acq_rel(&self, key); break;
        case 3: /* a relaxed load: collected for a fence */
            sync_atomic_read_end(&self, atomic_key, sync_atomic_read_begin(&self, atomic_key), false);
            break;
        case 4: /* an acquire load */
            sync_atomic_read_end(&self, atomic_key, sync_atomic_read_begin(&self, atomic_key), true);
            break;
        case 5: /* a release store, then a relaxed one: replacements */
            thread_sync_own_entry(&self);
            if ((v = sync_atomic_store_begin(&self, atomic_key, &self.clock)))
                sync_atomic_store_end(&self, v, &self.clock);
            if ((v = sync_atomic_store_begin(&self, atomic_key ^ 8, NULL)))
                sync_atomic_store_end(&self, v, NULL);
            break;
        case 6: /* a releasing read-modify-write */
            thread_sync_own_entry(&self);
            sync_atomic_rmw_end(&self, sync_atomic_rmw_begin(&self, atomic_key, &self.clock), true);
            break;
        default: sync_acquire(&self, key ^ 8); break;   /* repeated: the cache */
        }
        /* Fresh keys: inserts racing with other threads' lookups. */
        sync_get(0x200000 + ((i * 7919u + self.sid) % 50000) * 8, true);
        /* Shadow: shared region, first touches and cell traffic. */
        shadow_t *c = shadow_cells((uptr)&arena[(i * 8) % sizeof arena]);
        STORE(&CELL(c, me % SHADOW_CELLS), cell_make(1, true, false, self.sid, self.epoch));
        (void)LOAD(&CELL(c, (me + 1) % SHADOW_CELLS));
        shadow_cells(0x300000000000ull + ((uptr)i << 22));
    }
    return NULL;
}

int main(void)
{
    shadow_init();
    sync_init();
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    puts("selfrace: done");
    return 0;
}
