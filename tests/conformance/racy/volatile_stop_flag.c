/* Shows: a `volatile int` used as a stop flag between threads.
 * Racy: volatile is not atomic and creates no happens-before; the flag's store and loads race. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

static volatile int stop;

static void *spin(void *arg)
{
    (void)arg;
    long rounds = 0;
    while (!stop) /* RACE */
        rounds++, sched_yield();
    return (void *)rounds;
}

int main(void)
{
    pthread_t t;
    void *rounds;
    pthread_create(&t, NULL, spin, NULL);
    usleep(2000);
    stop = 1; /* RACE */
    pthread_join(t, &rounds);
    printf("spun %s\n", (long)rounds > 0 ? "at least once" : "never");
    return 0;
}
