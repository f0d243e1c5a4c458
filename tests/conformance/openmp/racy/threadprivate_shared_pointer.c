/* The master's threadprivate copy is reached by another thread through a
 * shared pointer. */
#include <omp.h>
#include <stdio.h>

static int counter;
#pragma omp threadprivate(counter)
static int *master_copy;

int main(void)
{
    master_copy = &counter;
#pragma omp parallel
    {
        if (omp_get_thread_num() == 0)
            counter = 1; /* RACE */
        else if (omp_get_thread_num() == 1)
            *master_copy = 2; /* RACE */
    }
    printf("%d\n", counter);
    return 0;
}
