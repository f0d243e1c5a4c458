/* Shows: collecting results after a join loop that stops one thread short.
 * Racy: the last worker is not joined before main sums results[], so its store is unordered with main's load. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define N 8

static long results[N];

static void *square(void *arg)
{
    long i = (long)(intptr_t)arg;
    results[i] = i * i; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    long sum = 0, r;
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, square, (void *)(intptr_t)i);
    for (int i = 0; i < N - 1; i++) /* bug: should be i < N */
        pthread_join(t[i], NULL);
    /* One scalar load per element and a use of each: clang -O2 turns a plain summing loop
     * into one 64-byte vector load, which its TSan instrumentation skips (sizes > 16). */
    for (int i = 0; i < N; i++) {
        r = results[i]; /* RACE */
        printf("%ld ", r);
        sum += r;
    }
    pthread_join(t[N - 1], NULL);
    printf("= %ld\n", sum);
    return 0;
}
