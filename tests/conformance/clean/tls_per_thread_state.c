/* Shows: __thread / _Thread_local counters hammered by many threads in turn, including TLS blocks reused by later threads.
 * Ordered by: nothing is shared: each thread has its own TLS instance; totals travel through pthread_join. */
#include <pthread.h>
#include <stdio.h>

#define BATCHES 10
#define THREADS 8

static _Thread_local long tls_counter;
static __thread char tls_name[16];

static void bump(void) { tls_counter++; }

static void *worker(void *arg)
{
    (void)arg;
    snprintf(tls_name, sizeof tls_name, "worker");
    for (int i = 0; i < 1000; i++)
        bump();
    return (void *)(tls_counter + (long)(tls_name[0] == 'w'));
}

int main(void)
{
    long total = 0;
    for (int b = 0; b < BATCHES; b++) {
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++)
            pthread_create(&t[i], NULL, worker, NULL);
        for (int i = 0; i < THREADS; i++) {
            void *r;
            pthread_join(t[i], &r);
            total += (long)r;
        }
    }
    tls_counter = -1; /* main's own instance */
    printf("total %ld\n", total);
    return total == BATCHES * THREADS * 1001L ? 0 : 1;
}
