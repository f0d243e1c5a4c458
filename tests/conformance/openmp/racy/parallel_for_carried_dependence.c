/* A loop-carried dependence: iteration i reads a[i + 1], which another
 * thread's iteration i + 1 writes. */
#include <stdio.h>

#define N 4096
static int a[N + 1];

int main(void)
{
#pragma omp parallel for schedule(static, 16)
    for (int i = 0; i < N; i++)
        a[i] = a[i + 1] + 1; /* RACE */
    printf("%d\n", a[0]);
    return 0;
}
