/* Shows: taking a snapshot of a shared struct by assignment while a thread updates one field.
 * Racy: the struct copy reads every byte of `live`, including the field the worker writes without synchronization. */
#include <pthread.h>
#include <stdio.h>

struct stats {
    long requests;
    long errors;
    long bytes;
    long latency_ns[4];
};

static struct stats live = { 10, 0, 4096, { 1, 2, 3, 4 } };

__attribute__((noinline)) static void print_stats(const struct stats *s)
{
    printf("requests %ld errors %ld bytes %ld latency %ld %ld %ld %ld\n", s->requests, s->errors,
           s->bytes, s->latency_ns[0], s->latency_ns[1], s->latency_ns[2], s->latency_ns[3]);
}

static void *record_error(void *arg)
{
    (void)arg;
    live.errors = 3; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    struct stats snapshot;
    pthread_create(&t, NULL, record_error, NULL);
    snapshot = live; /* RACE */
    pthread_join(t, NULL);
    print_stats(&snapshot);
    return 0;
}
