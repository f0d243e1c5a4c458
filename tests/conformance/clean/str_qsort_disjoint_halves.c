/* Shows: two threads sorting the two halves of one array with qsort and qsort_r, then the main thread merging them after join.
 * Ordered by: the halves never overlap; join orders both sorts before the merge. */
#define _GNU_SOURCE /* qsort_r */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define N 1000

static int values[2 * N];
static long comparisons[2];

static int ascending(const void *a, const void *b)
{
    comparisons[0]++; /* only the first sorter uses this comparator */
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

static int ascending_counted(const void *a, const void *b, void *counter)
{
    ++*(long *)counter;
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

static void *sort_first(void *arg)
{
    (void)arg;
    qsort(values, N, sizeof values[0], ascending);
    return NULL;
}

static void *sort_second(void *arg)
{
    (void)arg;
    qsort_r(values + N, N, sizeof values[0], ascending_counted, &comparisons[1]);
    return NULL;
}

int main(void)
{
    for (int i = 0; i < 2 * N; i++)
        values[i] = (i * 7919) % (2 * N);
    pthread_t a, b;
    pthread_create(&a, NULL, sort_first, NULL);
    pthread_create(&b, NULL, sort_second, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    int merged[2 * N], i = 0, j = N, k = 0;
    while (i < N || j < 2 * N)
        merged[k++] = (j >= 2 * N || (i < N && values[i] <= values[j])) ? values[i++] : values[j++];
    for (k = 1; k < 2 * N; k++)
        if (merged[k - 1] > merged[k])
            return 1;
    printf("sorted, %ld + %ld comparisons\n", comparisons[0], comparisons[1]);
    return 0;
}
