/* sections nowait: a thread reads the other section's variable. */
#include <omp.h>
#include <stdio.h>

static int left, right;

int main(void)
{
    int sum = 0;
#pragma omp parallel reduction(+ : sum)
    {
#pragma omp sections nowait
        {
#pragma omp section
            left = 1;
#pragma omp section
            right = omp_get_thread_num() + 2; /* RACE */
        }
        sum += right; /* RACE */
    }
    printf("%d %d\n", sum, left);
    return 0;
}
