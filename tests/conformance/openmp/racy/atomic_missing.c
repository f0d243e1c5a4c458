/* One thread updates atomically, another plainly. */
#include <omp.h>
#include <stdio.h>

static long count;

int main(void)
{
#pragma omp parallel
    {
        /* One line with its pragma: compilers disagree on which line an
         * atomic belongs to. */
        if (omp_get_thread_num() == 0) {
            _Pragma("omp atomic") count++; /* RACE */
        } else if (omp_get_thread_num() == 1) {
            count += 2; /* RACE */
        }
    }
    printf("%ld\n", count);
    return 0;
}
