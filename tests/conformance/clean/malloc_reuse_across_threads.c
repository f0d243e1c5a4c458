/* Shows: two unsynchronized threads that malloc, fill and free same-sized blocks, so blocks one frees the other gets back.
 * Ordered by: nothing: each block is private while allocated; a detector must treat malloc as a fresh object (reset history). */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE 2048 /* above glibc's tcache limit, so freed blocks go back to the shared arena */
#define ROUNDS 300

static void *churn(void *arg)
{
    unsigned char fill = (unsigned char)(long)arg;
    long sum = 0;
    for (int r = 0; r < ROUNDS; r++) {
        unsigned char *p = malloc(SIZE);
        memset(p, fill, SIZE);
        p[r % SIZE] = (unsigned char)r;
        sum += p[SIZE - 1];
        free(p);
    }
    return (void *)sum;
}

int main(void)
{
    mallopt(M_ARENA_MAX, 1); /* one arena: blocks really travel between the threads */
    pthread_t t[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, churn, (void *)(i + 1));
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("ok\n");
    return 0;
}
