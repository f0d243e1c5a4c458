/* An omp lock, omp_test_lock and a nest lock taken twice guard shared
 * counters. */
#include <omp.h>
#include <stdio.h>

static omp_lock_t lock;
static omp_nest_lock_t nest;
static long a, b, c;

static void add_b(void)
{
    omp_set_nest_lock(&nest);
    b++;
    omp_unset_nest_lock(&nest);
}

int main(void)
{
    omp_init_lock(&lock);
    omp_init_nest_lock(&nest);
#pragma omp parallel for
    for (int i = 0; i < 300; i++) {
        omp_set_lock(&lock);
        a++;
        omp_unset_lock(&lock);
        omp_set_nest_lock(&nest);
        add_b();
        omp_unset_nest_lock(&nest);
        while (!omp_test_lock(&lock))
            ;
        c++;
        omp_unset_lock(&lock);
    }
    omp_destroy_lock(&lock);
    omp_destroy_nest_lock(&nest);
    printf("%ld %ld %ld\n", a, b, c);
    return a != 300 || b != 300 || c != 300;
}
