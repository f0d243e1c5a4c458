/* Shows: workers waiting on a start gate; main writes the job description, then opens the gate with a broadcast.
 * Ordered by: main writes under gate_mu before broadcast/unlock; each worker's wait re-acquires gate_mu. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WORKERS 6

struct job {
    char name[32];
    int multiplier;
};

static struct job job; /* written once by main after the workers started */
static int gate_open;
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;

static void *worker(void *arg)
{
    long id = (long)(intptr_t)arg;
    pthread_mutex_lock(&gate_mu);
    while (!gate_open)
        pthread_cond_wait(&gate_cv, &gate_mu);
    pthread_mutex_unlock(&gate_mu);
    return (void *)(id * job.multiplier + (long)strlen(job.name));
}

int main(void)
{
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    pthread_mutex_lock(&gate_mu);
    snprintf(job.name, sizeof job.name, "resize");
    job.multiplier = 10;
    gate_open = 1;
    pthread_cond_broadcast(&gate_cv);
    pthread_mutex_unlock(&gate_mu);
    long sum = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (long)r;
    }
    printf("sum %ld\n", sum);
    return sum == 150 + 6 * 6 ? 0 : 1;
}
