/* The OpenMP 4.5 way to hand data over: the producer flushes, then sets a
 * flag with an atomic write; the consumer reads the flag with atomic reads,
 * then flushes and reads the data. Atomics are relaxed by default: the
 * flushes (fences) are what orders the data. */
#include <omp.h>
#include <stdio.h>

static int data, flag;

int main(void)
{
    int seen = 0;
#pragma omp parallel num_threads(2)
    {
        if (omp_get_thread_num() == 0) {
            data = 42;
#pragma omp flush
#pragma omp atomic write
            flag = 1;
        } else {
            int f = 0;
            while (!f) {
#pragma omp atomic read
                f = flag;
            }
#pragma omp flush
            seen = data;
        }
    }
    printf("%d\n", seen);
    return seen != 42;
}
