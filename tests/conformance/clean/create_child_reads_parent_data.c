/* Shows: the parent prepares globals, a heap block and a stack struct, then creates threads that only read them.
 * Ordered by: pthread_create: everything the parent did before it happens-before the child's first instruction. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define N 256

struct job {
    const int *table; /* heap */
    int scale;
    long out[THREADS];
};

static int globals[N];

static void *sum(void *arg)
{
    struct job *job = arg;
    static const int ids[THREADS] = { 0, 1, 2, 3 };
    (void)ids;
    long s = 0;
    for (int i = 0; i < N; i++)
        s += (long)globals[i] * job->table[i] * job->scale;
    return (void *)s;
}

int main(void)
{
    int *table = malloc(N * sizeof *table);
    struct job job = { table, 3, { 0 } };
    pthread_t t[THREADS];
    for (int i = 0; i < N; i++) {
        globals[i] = i;
        table[i] = N - i;
    }
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, sum, &job);
    long total = 0;
    for (int i = 0; i < THREADS; i++) {
        void *s;
        pthread_join(t[i], &s);
        total += (long)s;
    }
    free(table);
    printf("total %ld\n", total);
    return 0;
}
