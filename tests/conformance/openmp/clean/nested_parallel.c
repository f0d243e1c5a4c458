/* Nested parallel regions: each inner team's members write their own
 * element, and the outer region's join orders them before the sum. (libgomp's
 * nested-team threads detach themselves when they exit: no thread leak.) */
#include <omp.h>
#include <stdio.h>

static int a[4];

int main(void)
{
    omp_set_max_active_levels(2);
#pragma omp parallel num_threads(2)
    {
        int outer = omp_get_thread_num();
#pragma omp parallel num_threads(2)
        a[outer * 2 + omp_get_thread_num()] = outer * 2 + omp_get_thread_num() + 1;
    }
    int sum = a[0] + a[1] + a[2] + a[3];
    printf("%d\n", sum);
    return sum != 10;
}
