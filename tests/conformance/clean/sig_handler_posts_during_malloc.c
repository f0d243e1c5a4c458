/* Shows: a signal handler on the main thread fills a slot and posts that slot's semaphore (and writes a byte on a pipe) while the main thread is busy in malloc/free; a consumer thread waits on each semaphore in turn and reads the slot.
 * Ordered by: sem_post happens-before the sem_wait that it wakes; the pipe write happens-before the read of its byte.
 * Why it is here: every post is to a semaphore never used before, so the detector creates a sync object (allocates) inside the handler. The main thread's malloc/free of blocks too big for glibc's per-thread cache take the arena lock; a runtime that allocated from libc in the handler would wait on that lock forever. */
/* conformance: runs=10 timeout=60 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SIGNALS 3000

static sem_t posted[SIGNALS];
static long slot[SIGNALS];
static int next_signal;      /* only the handler touches it, always on the main thread */
static int handled;          /* atomic: handler → signaller and main loop */
static int pipefd[2];
static pthread_t main_thread;

static void on_signal(int sig)
{
    (void)sig;
    int k = next_signal++;
    if (k >= SIGNALS)
        return;
    slot[k] = 1000 + k;
    sem_post(&posted[k]);
    char byte = (char)k;
    if (write(pipefd[1], &byte, 1) != 1)
        abort();
    __atomic_store_n(&handled, k + 1, __ATOMIC_RELEASE);
}

static void *signaller(void *arg)
{
    (void)arg;
    for (int seen = 0; seen < SIGNALS;) {
        pthread_kill(main_thread, SIGUSR1);
        /* Wait for this one to be handled: pending signals coalesce. */
        for (int spins = 0; spins < 2000; spins++) {
            int now = __atomic_load_n(&handled, __ATOMIC_ACQUIRE);
            if (now != seen) {
                seen = now;
                break;
            }
            sched_yield();
        }
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long *sum = arg;
    for (int k = 0; k < SIGNALS; k++) {
        while (sem_wait(&posted[k]) != 0)
            ;
        char byte;
        if (read(pipefd[0], &byte, 1) != 1)
            abort();
        *sum += slot[k];
    }
    return NULL;
}

int main(void)
{
    for (int k = 0; k < SIGNALS; k++)
        sem_init(&posted[k], 0, 0);
    if (pipe(pipefd) != 0)
        return 1;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    main_thread = pthread_self();

    long sum = 0;
    pthread_t c, s;
    pthread_create(&c, NULL, consumer, &sum);
    pthread_create(&s, NULL, signaller, NULL);
    /* Sizes past glibc's tcache (1032 bytes): malloc and free lock the arena. */
    unsigned size = 2000;
    while (__atomic_load_n(&handled, __ATOMIC_ACQUIRE) < SIGNALS) {
        char *blocks[8];
        for (int i = 0; i < 8; i++) {
            size = size * 1103515245u + 12345u;
            blocks[i] = malloc(1100 + size % 30000);
            blocks[i][0] = (char)i;
        }
        for (int i = 0; i < 8; i++)
            free(blocks[i]);
    }
    pthread_join(s, NULL);
    pthread_join(c, NULL);
    long want = 0;
    for (int k = 0; k < SIGNALS; k++)
        want += 1000 + k;
    if (sum != want) {
        fprintf(stderr, "sum %ld, want %ld\n", sum, want);
        return 1;
    }
    return 0;
}
