/* single nowait: the others read the value without waiting for it. */
#include <stdio.h>

static int config;

int main(void)
{
    int sum = 0;
#pragma omp parallel reduction(+ : sum)
    {
#pragma omp single nowait
        config = 42; /* RACE */
        sum += config; /* RACE */
    }
    printf("%d\n", sum);
    return 0;
}
