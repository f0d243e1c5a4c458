/* Shows: threads that leave through pthread_exit from a nested call, handing a malloc'd result to the joiner.
 * Ordered by: pthread_join acquires everything the exiting thread did, including the result's initialization. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 6

struct result {
    int id;
    long values[8];
};

static void finish(struct result *r)
{
    pthread_exit(r); /* never returns */
}

static void *worker(void *arg)
{
    struct result *r = malloc(sizeof *r);
    r->id = (int)(intptr_t)arg;
    for (int i = 0; i < 8; i++)
        r->values[i] = r->id * i;
    finish(r);
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    long sum = 0;
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++) {
        void *p;
        pthread_join(t[i], &p);
        struct result *r = p;
        for (int k = 0; k < 8; k++)
            sum += r->values[k];
        r->id = -1;
        free(r);
    }
    printf("sum %ld\n", sum);
    return sum == 28L * 15 ? 0 : 1;
}
