/* One update is in a critical section, the other is not. */
#include <omp.h>
#include <stdio.h>

static long count;

int main(void)
{
#pragma omp parallel
    {
        if (omp_get_thread_num() == 0) {
#pragma omp critical
            count++; /* RACE */
        } else if (omp_get_thread_num() == 1) {
            count++; /* RACE */
        }
    }
    printf("%ld\n", count);
    return 0;
}
