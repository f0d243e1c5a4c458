/* Shows: AnnotateBenignRace covers only the memory it names.
 * Why a race: `misses` is annotated, `hits` is not, and both threads write hits unsynchronized. */
#include <pthread.h>
#include <stdio.h>

void AnnotateBenignRace(const char *file, int line, const volatile void *addr, const char *description);

static long hits, misses;

static void *worker(void *arg)
{
    (void)arg;
    hits = 1; /* RACE */
    return NULL;
}

int main(void)
{
    AnnotateBenignRace(__FILE__, __LINE__, &misses, "approximate statistics");
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    hits = 2; /* RACE */
    pthread_join(t, NULL);
    printf("%ld %ld\n", hits, misses);
    return 0;
}
