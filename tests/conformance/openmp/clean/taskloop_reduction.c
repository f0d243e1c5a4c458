/* A taskloop with a reduction (OpenMP 5.0): the partial sums of its tasks
 * are combined before the taskloop returns. */
#include <stdio.h>

#define N 1000
static int a[N];

int main(void)
{
    long sum = 0;
    for (int i = 0; i < N; i++)
        a[i] = i;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskloop reduction(+ : sum) num_tasks(8)
        for (int i = 0; i < N; i++)
            sum += a[i];
        a[0] = (int)(sum % 7);
    }
    printf("%ld %d\n", sum, a[0]);
    return sum != (long)N * (N - 1) / 2;
}
