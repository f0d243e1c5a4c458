/* The neighbour's slot is read without the barrier that would order it
 * after the neighbour's write. */
#include <omp.h>
#include <stdio.h>

static int slot[64];

int main(void)
{
    int sum = 0;
#pragma omp parallel reduction(+ : sum)
    {
        int me = omp_get_thread_num(), n = omp_get_num_threads();
        slot[me] = me; /* RACE */
        sum += slot[(me + 1) % n]; /* RACE */
    }
    printf("%d\n", sum);
    return 0;
}
