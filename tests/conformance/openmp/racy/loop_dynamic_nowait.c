/* A dynamic loop with nowait, then a static loop that reads elements
 * other threads may have written: nothing orders the two. The second
 * loop is static so that, whoever ran the first, some thread reads
 * another's elements. */
#include <stdio.h>

#define N 1024
static int a[N];

int main(void)
{
    long s = 0;
#pragma omp parallel
    {
#pragma omp for schedule(dynamic, 8) nowait
        for (int i = 0; i < N; i++)
            a[i] = i; /* RACE */
#pragma omp for schedule(static) reduction(+ : s)
        for (int i = 0; i < N; i++)
            s += a[N - 1 - i]; /* RACE */
    }
    printf("%ld\n", s);
    return 0;
}
