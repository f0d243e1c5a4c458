/* order_window.h — the "usual order" of the programs in tests/sched/.
 *
 * Each program's race hides behind an order that holds in almost every plain run because
 * one thread is ahead of its rival by a margin of real work. busy_for_us() stands for that
 * work (initializing buffers, parsing a configuration): it keeps a CPU busy for a given time
 * rather than a given number of iterations, so the margin is the same on every machine, and
 * it touches only its own locals, so it adds nothing that could race.
 *
 * The margins (milliseconds) are wide on purpose: on a loaded machine a thread that is ready
 * to run may wait milliseconds for a CPU, and a narrower margin is lost often enough in plain
 * runs to hide the effect being measured. */
#ifndef ORDER_WINDOW_H
#define ORDER_WINDOW_H

#include <time.h>

static inline void busy_for_us(long us)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do
        clock_gettime(CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - start.tv_sec) * 1000000L + (now.tv_nsec - start.tv_nsec) / 1000 < us);
}

#endif
