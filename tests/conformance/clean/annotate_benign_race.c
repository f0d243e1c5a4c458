/* Shows: a statistics counter updated without synchronization on purpose, declared with AnnotateBenignRaceSized.
 * Ordered by: nothing: the race is real, and annotated as expected, so it is not reported. */
#include <pthread.h>
#include <stdio.h>

void AnnotateBenignRaceSized(const char *file, int line, const volatile void *addr, size_t size,
                             const char *description);

static long hits;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        hits++;
    return NULL;
}

int main(void)
{
    AnnotateBenignRaceSized(__FILE__, __LINE__, &hits, sizeof hits, "approximate statistics");
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (int i = 0; i < 1000; i++)
        hits++;
    pthread_join(t, NULL);
    printf("%s\n", hits > 0 ? "counted" : "none");
    return 0;
}
