/* Shows: a thread locks a default (non-recursive) mutex it already holds; a timed lock, so the program ends.
 * Expect: mutex-double-lock at the second lock, naming where the thread took it first. */
/* expect: mutex-double-lock */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void)
{
    pthread_mutex_lock(&m); /* REPORT */
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 50 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    int err = pthread_mutex_timedlock(&m, &deadline); /* REPORT */
    pthread_mutex_unlock(&m);
    printf("%s\n", err == ETIMEDOUT ? "timed out" : "?");
    return 0;
}
