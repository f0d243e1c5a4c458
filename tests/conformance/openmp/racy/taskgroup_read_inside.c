/* The read is inside the taskgroup, before its end waits for the task
 * (the spin on a relaxed flag makes another thread run the task). */
#include <stdio.h>

static int result, done;

int main(void)
{
    int seen = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskgroup
        {
#pragma omp task
            {
                result = 42; /* RACE */
                __atomic_store_n(&done, 1, __ATOMIC_RELAXED);
            }
            seen = result; /* RACE */
            while (!__atomic_load_n(&done, __ATOMIC_RELAXED))
                ;
        }
    }
    printf("%d\n", seen);
    return 0;
}
