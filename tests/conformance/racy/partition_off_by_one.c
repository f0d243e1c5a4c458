/* Shows: splitting an array between two threads with an inclusive upper bound.
 * Racy: both threads write element CHUNK (the boundary); every other element has one writer. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define CHUNK 64

static int data[2 * CHUNK + 1];

static void *fill(void *arg)
{
    int id = (int)(intptr_t)arg;
    int lo = id * CHUNK;
    for (int i = lo; i <= lo + CHUNK; i++) /* bug: should be i < lo + CHUNK */
        data[i] = id + 1; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    long sum = 0;
    for (int id = 0; id < 2; id++)
        pthread_create(&t[id], NULL, fill, (void *)(intptr_t)id);
    for (int id = 0; id < 2; id++)
        pthread_join(t[id], NULL);
    for (int i = 0; i < 2 * CHUNK + 1; i++)
        sum += data[i];
    printf("sum %ld\n", sum);
    return 0;
}
