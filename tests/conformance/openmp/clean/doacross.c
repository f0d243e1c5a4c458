/* A doacross loop: iteration i waits (depend(sink: i-1)) until iteration
 * i-1 has posted (depend(source)) after writing a[i-1], which it then reads. */
#include <stdio.h>

static int a[1000];

int main(void)
{
    a[0] = 1;
#pragma omp parallel for ordered(1)
    for (int i = 1; i < 1000; i++) {
#pragma omp ordered depend(sink : i - 1)
        a[i] = a[i - 1] + 1;
#pragma omp ordered depend(source)
    }
    printf("%d\n", a[999]);
    return a[999] != 1000;
}
