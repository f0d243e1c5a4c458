/* taskwait depend(in: y) waits for the sibling task that writes y (and,
 * through its own dependence, for the one that writes x) before y is read. */
#include <stdio.h>

static int x, y, z, r;

int main(void)
{
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out : x)
        x = 1;
#pragma omp task depend(in : x) depend(out : y)
        y = x + 1;
#pragma omp task depend(out : z)
        z = 7;
#pragma omp taskwait depend(in : y)
        r = y + x;
#pragma omp taskwait
    }
    printf("%d %d\n", r, z);
    return r != 3;
}
