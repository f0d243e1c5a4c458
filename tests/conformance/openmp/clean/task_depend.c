/* depend(out) then depend(in) then depend(inout) orders sibling tasks. */
#include <stdio.h>

static int x, y, z;

int main(void)
{
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out : x)
        x = 1;
#pragma omp task depend(in : x) depend(out : y)
        y = x + 1;
#pragma omp task depend(in : x) depend(out : z)
        z = x + 2;
#pragma omp task depend(inout : y) depend(in : z)
        y = y + z;
#pragma omp taskwait
    }
    printf("%d\n", y);
    return y != 5;
}
