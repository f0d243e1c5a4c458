/* The taskwait's dependence names another variable, so it does not wait for
 * the task that writes y. The task and the waiter each wait (relaxed flags,
 * no happens-before) until the other has started, so two threads run them. */
#include <stdio.h>

static int y, other, r, started_w, started_r;

static void await(int *flag)
{
    while (!__atomic_load_n(flag, __ATOMIC_RELAXED))
        ;
}

int main(void)
{
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out : y)
        {
            __atomic_store_n(&started_w, 1, __ATOMIC_RELAXED);
            await(&started_r);
            y = 1; /* RACE */
        }
#pragma omp taskwait depend(in : other)
        __atomic_store_n(&started_r, 1, __ATOMIC_RELAXED);
        await(&started_w);
        r = y; /* RACE */
    }
    printf("%d %d\n", r, other);
    return 0;
}
