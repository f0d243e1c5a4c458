/* Shows: the Go doc's watchdog: KeepAlive stores w->last while the watchdog thread polls it.
 * Racy: plain 64-bit store and load of `last` from two threads with no lock or atomic between them. */
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
    w->last = now_ns(); /* RACE */
}

static void *watch(void *arg)
{
    struct watchdog *w = arg;
    for (int round = 0; round < 3; round++) {
        usleep(1000);
        if (w->last < now_ns() - 10 * 1000000000LL) { /* RACE */
            fprintf(stderr, "No keepalives for 10 seconds. Dying.\n");
            exit(1);
        }
    }
    return NULL;
}

int main(void)
{
    /* On the heap, like Go's &Watchdog{}. (clang 14's TSan pass leaves stores to a field of
     * an escaped local struct uninstrumented in its own function, so a stack `w` is missed.) */
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
