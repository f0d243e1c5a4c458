/* The parent reads the task's result without taskwait. The parent then
 * spins (a relaxed flag: no happens-before) instead of reaching a task
 * scheduling point, so another thread runs the task: a race between a
 * task and the thread that created it is only seen when two threads
 * run them. */
#include <stdio.h>

static int result, done;

int main(void)
{
    int seen = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task
        {
            result = 42; /* RACE */
            __atomic_store_n(&done, 1, __ATOMIC_RELAXED);
        }
        seen = result; /* RACE */
        while (!__atomic_load_n(&done, __ATOMIC_RELAXED))
            ;
#pragma omp taskwait
    }
    printf("%d\n", seen);
    return 0;
}
