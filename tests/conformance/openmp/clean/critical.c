/* Unnamed and named critical sections guard two counters. */
#include <stdio.h>

static long hits, misses;

int main(void)
{
#pragma omp parallel for
    for (int i = 0; i < 1000; i++) {
        if (i % 3) {
#pragma omp critical
            hits++;
        } else {
#pragma omp critical(miss_lock)
            misses++;
        }
    }
    printf("%ld %ld\n", hits, misses);
    return hits + misses != 1000;
}
