/* Atomic updates of a counter and of a long double (the latter through
 * libgomp's global atomic lock, GOMP_atomic_start), read plainly after
 * the region. */
#include <stdio.h>

static long count;
static long double total;

int main(void)
{
#pragma omp parallel for
    for (int i = 0; i < 1000; i++) {
#pragma omp atomic
        count++;
#pragma omp atomic
        total += 0.5L;
    }
    printf("%ld %Lg\n", count, total);
    return count != 1000 || total != 500.0L;
}
