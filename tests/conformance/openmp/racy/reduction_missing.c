/* The sum is updated by every thread without reduction. */
#include <stdio.h>

#define N 1000

int main(void)
{
    long sum = 0;
    /* One line: gcc places the loop's load on the for line. */
#pragma omp parallel for
    for (int i = 0; i < N; i++) sum += i; /* RACE */
    printf("%ld\n", sum);
    return 0;
}
