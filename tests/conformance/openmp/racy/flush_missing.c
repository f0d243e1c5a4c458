/* The handoff without the flushes: relaxed atomics on the flag order
 * nothing else, and the data races. */
#include <omp.h>
#include <stdio.h>

static int data, flag;

int main(void)
{
    int seen = 0;
#pragma omp parallel num_threads(2)
    {
        if (omp_get_thread_num() == 0) {
            data = 42; /* RACE */
#pragma omp atomic write
            flag = 1;
        } else {
            int f = 0;
            while (!f) {
#pragma omp atomic read
                f = flag;
            }
            seen = data; /* RACE */
        }
    }
    printf("%d\n", seen);
    return 0;
}
