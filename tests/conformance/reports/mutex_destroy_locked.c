/* Shows: a mutex destroyed while its thread still holds it.
 * Expect: mutex-destroy-locked at the destroy. */
/* expect: mutex-destroy-locked */
#include <pthread.h>
#include <stdio.h>

int main(void)
{
    pthread_mutex_t m;
    pthread_mutex_init(&m, NULL);
    pthread_mutex_lock(&m);
    int err = pthread_mutex_destroy(&m); /* REPORT */
    printf("%d\n", err);
    return 0;
}
