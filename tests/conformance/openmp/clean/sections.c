/* Sections write different variables; after the implicit barrier every
 * thread reads both. */
#include <stdio.h>

static int left, right;

int main(void)
{
    int bad = 0;
#pragma omp parallel reduction(+ : bad)
    {
#pragma omp sections
        {
#pragma omp section
            left = 1;
#pragma omp section
            right = 2;
        }
        bad += left + right != 3;
    }
#pragma omp parallel sections
    {
#pragma omp section
        left = 10;
#pragma omp section
        right = 20;
    }
    printf("%d %d\n", bad, left + right);
    return bad;
}
