/*
 * free_quarantine.c — per-thread quarantine of freed blocks (see
 * free_quarantine.h).
 */
#include <pthread.h>

#include "free_quarantine.h"
#include "shadow.h"

extern void __libc_free(void *);

/* Small enough that a thread's waiting blocks cost little memory, large
 * enough to cover the usual distance between a free and a stray use in
 * another thread (that thread's next few hundred microseconds). */
#define QUARANTINE_BLOCKS 64
#define QUARANTINE_BYTES (1u << 20)

struct quarantine {
    struct {
        void *p;
        u32 marked, size;
    } block[QUARANTINE_BLOCKS];
    unsigned oldest, n;
    uptr bytes;
    bool exit_hook;          /* the key destructor will empty it */
};

static __thread struct quarantine quarantine;

static void release_oldest(struct quarantine *q)
{
    unsigned i = q->oldest;
    shadow_reset((uptr)q->block[i].p, q->block[i].marked);
    __libc_free(q->block[i].p);
    q->bytes -= q->block[i].size;
    q->oldest = (i + 1) % QUARANTINE_BLOCKS;
    q->n--;
}

static void empty_at_exit(void *arg)
{
    struct quarantine *q = arg;
    while (q->n)
        release_oldest(q);
    q->exit_hook = false;   /* a later destructor's free registers again */
}

static pthread_key_t exit_key;

/* Creates exit_key once. Not pthread_once: that is an interceptor, and the
 * runtime must not call one whose real function may still be unresolved
 * (interceptor_resolve.c). 0: not created, 1: being created, 2: ready. */
static void exit_key_create(void)
{
    static int state;
    int expected = 0;
    if (__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_ACQUIRE)) {
        pthread_key_create(&exit_key, empty_at_exit);
        __atomic_store_n(&state, 2, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2)
        __builtin_ia32_pause();
}

void quarantine_put(void *p, uptr size, uptr marked)
{
    struct quarantine *q = &quarantine;
    if (!q->exit_hook) {
        exit_key_create();
        pthread_setspecific(exit_key, q);
        q->exit_hook = true;
    }
    while (q->n == QUARANTINE_BLOCKS || (q->n && q->bytes + size > QUARANTINE_BYTES))
        release_oldest(q);
    unsigned i = (q->oldest + q->n) % QUARANTINE_BLOCKS;
    q->block[i].p = p;
    q->block[i].marked = (u32)marked;
    q->block[i].size = (u32)size;
    q->bytes += size;
    q->n++;
}
