/* Shows: a thread sorting an array in place with qsort while the main thread reads it.
 * Racy: qsort reads and writes the whole array; the main thread's read of one element is unordered with it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static int scores[100];

static int descending(const void *a, const void *b)
{
    return *(const int *)b - *(const int *)a;
}

static void *sorter(void *arg)
{
    (void)arg;
    qsort(scores, 100, sizeof scores[0], descending); /* RACE */
    return NULL;
}

int main(void)
{
    for (int i = 0; i < 100; i++)
        scores[i] = (i * 31) % 100;
    pthread_t t;
    pthread_create(&t, NULL, sorter, NULL);
    int best = scores[99]; /* RACE */
    pthread_join(t, NULL);
    printf("%d %d\n", best, scores[0]);
    return 0;
}
