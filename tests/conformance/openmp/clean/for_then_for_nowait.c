/* A for loop (implicit barrier) followed by a for nowait loop that reads
 * what other threads wrote in the first; then the region's join. */
#include <stdio.h>

#define N 2048
static int a[N], b[N];

int main(void)
{
#pragma omp parallel
    {
#pragma omp for
        for (int i = 0; i < N; i++)
            a[i] = i;
#pragma omp for nowait
        for (int i = 0; i < N; i++)
            b[i] = a[N - 1 - i];
    }
    printf("%d\n", b[0]);
    return b[0] != N - 1;
}
