/* single (with its implicit barrier) and master followed by an explicit
 * barrier publish a value to the whole team. */
#include <omp.h>
#include <stdio.h>

static int config, seed;

int main(void)
{
    int bad = 0;
#pragma omp parallel reduction(+ : bad)
    {
#pragma omp single
        config = 42;
        bad += config != 42;
#pragma omp master
        seed = 7;
#pragma omp barrier
        bad += seed != 7;
#pragma omp barrier
#pragma omp masked
        seed = 8;
#pragma omp barrier
        bad += seed != 8;
    }
    printf("%d\n", bad);
    return bad;
}
