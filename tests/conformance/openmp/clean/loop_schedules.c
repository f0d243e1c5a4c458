/* Every schedule of a worksharing loop, each followed by a loop that
 * reads another thread's elements after the implicit barrier. */
#include <stdio.h>

#define N 1024
static int a[N];
static long total;

#define FILL_AND_SUM(SCHEDULE)                                                                 \
    do {                                                                                       \
        long s = 0;                                                                            \
        _Pragma("omp parallel")                                                                \
        {                                                                                      \
            _Pragma(SCHEDULE)                                                                  \
            for (int i = 0; i < N; i++)                                                        \
                a[i] = i;                                                                      \
            _Pragma("omp for reduction(+ : s)")                                                \
            for (int i = 0; i < N; i++)                                                        \
                s += a[N - 1 - i];                                                             \
        }                                                                                      \
        total += s;                                                                            \
    } while (0)

int main(void)
{
    FILL_AND_SUM("omp for schedule(static)");
    FILL_AND_SUM("omp for schedule(static, 7)");
    FILL_AND_SUM("omp for schedule(dynamic)");
    FILL_AND_SUM("omp for schedule(dynamic, 13)");
    FILL_AND_SUM("omp for schedule(guided)");
    FILL_AND_SUM("omp for schedule(runtime)");
    FILL_AND_SUM("omp for schedule(auto)");
    FILL_AND_SUM("omp for schedule(nonmonotonic : dynamic)");
    printf("%ld\n", total);
    return total != 8L * N * (N - 1) / 2;
}
