/* The reader's dependence names another variable: nothing orders the
 * two tasks. Each waits (relaxed flags, no happens-before) until the other
 * has started, so two threads run them. */
#include <stdio.h>

static int x, y, other, started_w, started_r;

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
#pragma omp task depend(out : x)
        {
            __atomic_store_n(&started_w, 1, __ATOMIC_RELAXED);
            await(&started_r);
            x = 1; /* RACE */
        }
#pragma omp task depend(in : other)
        {
            __atomic_store_n(&started_r, 1, __ATOMIC_RELAXED);
            await(&started_w);
            y = x + 1; /* RACE */
        }
    }
    printf("%d %d\n", y, other);
    return 0;
}
