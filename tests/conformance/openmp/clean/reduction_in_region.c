/* A reduction of a worksharing loop inside a region: after the loop's
 * implicit barrier every thread reads the reduced value. */
#include <stdio.h>

#define N 1000
static double x[N];

int main(void)
{
    double sum = 0, bad = 0;
    for (int i = 0; i < N; i++)
        x[i] = 1.0;
#pragma omp parallel reduction(+ : bad)
    {
#pragma omp for reduction(+ : sum)
        for (int i = 0; i < N; i++)
            sum += x[i];
        if (sum != N)
            bad += 1;
    }
    printf("%g %g\n", sum, bad);
    return bad != 0;
}
