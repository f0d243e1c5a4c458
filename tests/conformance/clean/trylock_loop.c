/* Shows: threads that spin on pthread_mutex_trylock (doing other work when busy) before touching shared data.
 * Ordered by: a successful trylock acquires like lock; failed attempts touch nothing shared. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define THREADS 3
#define ROUNDS 500

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long shared_total;

static void *worker(void *arg)
{
    (void)arg;
    long busy = 0;
    for (int i = 0; i < ROUNDS; i++) {
        while (pthread_mutex_trylock(&mu) != 0) {
            busy++; /* local work while the lock is taken */
            sched_yield();
        }
        shared_total += 1;
        pthread_mutex_unlock(&mu);
    }
    return (void *)busy;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("total %ld\n", shared_total);
    return shared_total == THREADS * ROUNDS ? 0 : 1;
}
