/* The append happens outside the ordered block. */
#include <stdio.h>

#define N 200
static int log_[N], n;

int main(void)
{
#pragma omp parallel for ordered schedule(static, 1)
    for (int i = 0; i < N; i++) {
#pragma omp ordered
        {
            log_[i] = i;
        }
        n = i; /* RACE */
    }
    printf("%d\n", n);
    return 0;
}
