/* Shows: a thread that is interrupted hundreds of times, at any instruction (inside the detector too), by a handler that writes a large private table; the table is read after the thread stopped taking signals and was joined.
 * Ordered by: the handler runs on the interrupted thread, so its writes come before that thread's later operations (its exit, which join acquires); no signal arrives after the thread blocked them. */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
/* conformance: runs=10 */

#define TABLE 1024

static int table[TABLE];            /* written only by the handler (on the worker) */
static volatile sig_atomic_t calls;  /* handler and worker: same thread */
static atomic_int delivered;         /* lets main wait for each delivery */
static atomic_int stop;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long shared_counter;

static void on_tick(int sig)
{
    (void)sig;
    for (int i = 0; i < TABLE; i++)
        table[i] = calls + i;
    calls++;
    atomic_fetch_add_explicit(&delivered, 1, memory_order_relaxed);
}

static void *worker(void *arg)
{
    long *mine = arg;
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        for (int i = 0; i < 64; i++)
            mine[i & 15] += i;
        pthread_mutex_lock(&m);
        shared_counter++;
        pthread_mutex_unlock(&m);
        free(malloc(64));
    }
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);
    return NULL;
}

int main(void)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_tick;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    static long mine[16];
    pthread_t t;
    pthread_create(&t, NULL, worker, mine);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* after create: the worker takes them */
    for (int i = 0; i < 300; i++) {
        pthread_kill(t, SIGUSR1);
        while (atomic_load_explicit(&delivered, memory_order_relaxed) <= i)
            sched_yield();
        if (i % 8 == 0) {
            pthread_mutex_lock(&m);
            shared_counter++;
            pthread_mutex_unlock(&m);
        }
    }
    atomic_store_explicit(&stop, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    long sum = 0;
    for (int i = 0; i < TABLE; i++)
        sum += table[i] - i; /* after join */
    printf("%d handler calls, checksum %ld, counter %ld\n", (int)calls, sum, shared_counter);
    return calls > 0 && sum == (long)TABLE * (calls - 1) ? 0 : 1;
}
