/* Shows: a thread unlocks a default mutex that main holds (glibc lets it: undefined behaviour).
 * Expect: mutex-bad-unlock at the worker's unlock. */
/* expect: mutex-bad-unlock */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *release_for_main(void *arg)
{
    (void)arg;
    pthread_mutex_unlock(&m); /* REPORT */
    return NULL;
}

int main(void)
{
    pthread_mutex_lock(&m);
    pthread_t t;
    pthread_create(&t, NULL, release_for_main, NULL);
    pthread_join(t, NULL);
    puts("done");
    return 0;
}
