/* single copyprivate broadcasts a private value read by one thread. */
#include <stdio.h>

static int source[4] = {3, 1, 4, 1};

int main(void)
{
    int bad = 0;
#pragma omp parallel reduction(+ : bad)
    {
        int v[4];
#pragma omp single copyprivate(v)
        for (int i = 0; i < 4; i++)
            v[i] = source[i] * 10;
        bad += v[2] != 40;
#pragma omp single
        source[2] = 5;
    }
    printf("%d\n", bad);
    return bad;
}
