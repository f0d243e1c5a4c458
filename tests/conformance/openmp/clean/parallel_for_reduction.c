/* A parallel for fills an array, a second one sums it with reduction(+):
 * the join of the first region orders the fill before the sum, the
 * reduction's combination happens before the read after the region. */
#include <stdio.h>

#define N 4096
static int a[N];

int main(void)
{
    long sum = 0;
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        a[i] = i;
#pragma omp parallel for reduction(+ : sum)
    for (int i = 0; i < N; i++)
        sum += a[i];
    printf("%ld\n", sum);
    return sum != (long)N * (N - 1) / 2;
}
