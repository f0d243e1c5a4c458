/* An ordered block appends to a log in iteration order. */
#include <stdio.h>

#define N 200
static int log_[N], n;

int main(void)
{
#pragma omp parallel for ordered schedule(dynamic, 3)
    for (int i = 0; i < N; i++) {
        int v = i * i;
#pragma omp ordered
        log_[n++] = v;
    }
    for (int i = 0; i < N; i++)
        if (log_[i] != i * i)
            return 1;
    printf("%d\n", n);
    return 0;
}
