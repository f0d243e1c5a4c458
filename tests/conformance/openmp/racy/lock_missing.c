/* Thread 0 takes the lock, thread 1 does not. */
#include <omp.h>
#include <stdio.h>

static omp_lock_t lock;
static long count;

int main(void)
{
    omp_init_lock(&lock);
#pragma omp parallel
    {
        if (omp_get_thread_num() == 0) {
            omp_set_lock(&lock);
            count++; /* RACE */
            omp_unset_lock(&lock);
        } else if (omp_get_thread_num() == 1) {
            count--; /* RACE */
        }
    }
    omp_destroy_lock(&lock);
    printf("%ld\n", count);
    return 0;
}
