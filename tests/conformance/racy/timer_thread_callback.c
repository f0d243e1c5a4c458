/* Shows: a timer_create(SIGEV_THREAD) callback writes a counter that main writes too.
 * Racy: the callback runs on a thread the C library starts; main's write after it is ordered only by a relaxed flag. */
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

static long ticks;
static atomic_int fired;

static void on_timer(union sigval v)
{
    (void)v;
    ticks++; /* RACE */
    atomic_store_explicit(&fired, 1, memory_order_relaxed);
}

int main(void)
{
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_timer;
    timer_t timer;
    if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0)
        return 1;
    struct itimerspec when = {.it_value = {.tv_nsec = 1000 * 1000}};
    timer_settime(timer, 0, &when, NULL);
    while (!atomic_load_explicit(&fired, memory_order_relaxed))
        ;
    ticks = 100; /* RACE */
    timer_delete(timer);
    return 0;
}
