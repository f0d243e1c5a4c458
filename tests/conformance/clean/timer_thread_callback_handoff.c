/* Shows: main prepares data, arms a timer_create(SIGEV_THREAD) timer; the callback reads it, writes a result and posts a semaphore that main waits on.
 * Ordered by: timer_settime happens-before the callback (it sends the notification); sem_post happens-before sem_wait. */
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

static long input;
static long output;
static sem_t done;

static void on_timer(union sigval v)
{
    output = input * (long)v.sival_int;
    sem_post(&done);
}

int main(void)
{
    sem_init(&done, 0, 0);
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_timer;
    ev.sigev_value.sival_int = 3;
    timer_t timer;
    if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0)
        return 1;
    for (int round = 1; round <= 3; round++) {
        input = round;
        struct itimerspec when = {.it_value = {.tv_nsec = 200 * 1000}};
        timer_settime(timer, 0, &when, NULL);
        sem_wait(&done);
        printf("%ld\n", output);
    }
    timer_delete(timer);
    return 0;
}
