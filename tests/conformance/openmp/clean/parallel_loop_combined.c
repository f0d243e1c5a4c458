/* Combined parallel loops with dynamic, guided and runtime schedules
 * (gcc's GOMP_parallel_loop_* entry points), each read after the join. */
#include <stdio.h>

#define N 1024
static int a[N];

int main(void)
{
    long s = 0;
#pragma omp parallel for schedule(dynamic, 4)
    for (int i = 0; i < N; i++)
        a[i] = i;
    for (int i = 0; i < N; i++)
        s += a[i];
#pragma omp parallel for schedule(guided)
    for (int i = 0; i < N; i++)
        a[i] += 1;
#pragma omp parallel for schedule(runtime)
    for (int i = 0; i < N; i++)
        a[i] += 1;
    for (int i = 0; i < N; i++)
        s += a[i];
    printf("%ld\n", s);
    return 0;
}
