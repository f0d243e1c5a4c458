/* A threadprivate counter initialized from the master's by copyin, and
 * kept across regions. */
#include <omp.h>
#include <stdio.h>

static int counter;
#pragma omp threadprivate(counter)

int main(void)
{
    int bad = 0;
    counter = 10;
#pragma omp parallel copyin(counter) reduction(+ : bad)
    {
        counter += omp_get_thread_num();
        bad += counter != 10 + omp_get_thread_num();
    }
#pragma omp parallel reduction(+ : bad)
    counter++;
    printf("%d %d\n", bad, counter);
    return bad;
}
