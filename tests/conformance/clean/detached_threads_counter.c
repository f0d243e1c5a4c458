/* Shows: detached workers that publish results and then signal completion through a mutex-protected counter.
 * Ordered by: done_mu: each worker's result write precedes its unlock, which main's lock/wait acquires. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define WORKERS 16

static long results[WORKERS];
static int done;
static pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    long r = 0;
    for (int i = 0; i <= id; i++)
        r += i;
    results[id] = r;
    pthread_mutex_lock(&done_mu);
    done++;
    pthread_cond_signal(&done_cv);
    pthread_mutex_unlock(&done_mu);
    return NULL;
}

int main(void)
{
    for (int i = 0; i < WORKERS; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, (void *)(intptr_t)i);
        pthread_detach(t);
    }
    pthread_mutex_lock(&done_mu);
    while (done < WORKERS)
        pthread_cond_wait(&done_cv, &done_mu);
    pthread_mutex_unlock(&done_mu);
    long sum = 0;
    for (int i = 0; i < WORKERS; i++)
        sum += results[i];
    printf("sum %ld\n", sum);
    return sum == 680 ? 0 : 1;
}
