/* Shows: the Go doc's lock-free fix for the watchdog: atomic.StoreInt64 / atomic.LoadInt64 on w->last.
 * Ordered by: nothing needs ordering; both sides are atomic (relaxed is enough), and atomics never race. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct watchdog {
    long long last;
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void keep_alive(struct watchdog *w)
{
    __atomic_store_n(&w->last, now_ns(), __ATOMIC_RELAXED);
}

static void *watch(void *arg)
{
    struct watchdog *w = arg;
    for (int round = 0; round < 3; round++) {
        usleep(1000);
        if (__atomic_load_n(&w->last, __ATOMIC_RELAXED) < now_ns() - 10 * 1000000000LL) {
            fprintf(stderr, "No keepalives for 10 seconds. Dying.\n");
            exit(1);
        }
    }
    return NULL;
}

int main(void)
{
    struct watchdog *w = malloc(sizeof *w);
    pthread_t t;
    w->last = now_ns();
    pthread_create(&t, NULL, watch, w);
    for (int i = 0; i < 3; i++) {
        keep_alive(w);
        usleep(1000);
    }
    pthread_join(t, NULL);
    free(w);
    printf("watchdog happy\n");
    return 0;
}
