/* The first loop has nowait: the second reads elements that another
 * thread may still be writing. */
#include <stdio.h>

#define N 2048
static int a[N], b[N];

int main(void)
{
#pragma omp parallel
    {
#pragma omp for schedule(static) nowait
        for (int i = 0; i < N; i++)
            a[i] = i; /* RACE */
#pragma omp for schedule(static)
        for (int i = 0; i < N; i++)
            b[i] = a[N - 1 - i]; /* RACE */
    }
    printf("%d\n", b[0]);
    return 0;
}
