/* taskloop fills an array (its implicit taskgroup waits), then a second
 * taskloop reads it with grainsize. */
#include <stdio.h>

#define N 512
static int a[N];
static long sum;

int main(void)
{
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskloop
        for (int i = 0; i < N; i++)
            a[i] = i;
#pragma omp taskloop grainsize(32)
        for (int i = 0; i < N; i++) {
#pragma omp atomic
            sum += a[N - 1 - i];
        }
    }
    printf("%ld\n", sum);
    return sum != (long)N * (N - 1) / 2;
}
