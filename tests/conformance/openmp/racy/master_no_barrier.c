/* master has no implied barrier: the others read too early. */
#include <stdio.h>

static int seed;

int main(void)
{
    int sum = 0;
#pragma omp parallel reduction(+ : sum)
    {
#pragma omp master
        seed = 7; /* RACE */
        sum += seed; /* RACE */
    }
    printf("%d\n", sum);
    return 0;
}
