/* taskloop nogroup does not wait: the read after it races. The creator
 * spins (relaxed, no happens-before) until the tasks are done, so other
 * threads run them. */
#include <stdio.h>

#define N 512
static int a[N], done;

int main(void)
{
    int seen = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskloop nogroup num_tasks(4)
        for (int i = 0; i < N; i++) {
            a[i] = i; /* RACE */
            __atomic_add_fetch(&done, 1, __ATOMIC_RELAXED);
        }
        seen = a[N - 1]; /* RACE */
        while (__atomic_load_n(&done, __ATOMIC_RELAXED) < N)
            ;
    }
    printf("%d\n", seen);
    return 0;
}
