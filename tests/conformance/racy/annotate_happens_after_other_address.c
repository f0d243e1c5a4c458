/* Shows: AnnotateHappensBefore and AnnotateHappensAfter only pair on the same address.
 * Why a race: the reader's AnnotateHappensAfter names another address, so nothing orders it after the write. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);

static int payload;
static atomic_int ready, unrelated;

static void *producer(void *arg)
{
    (void)arg;
    payload = 7; /* RACE */
    AnnotateHappensBefore(__FILE__, __LINE__, &ready);
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        ;
    AnnotateHappensAfter(__FILE__, __LINE__, &unrelated);
    printf("%d\n", payload); /* RACE */
    pthread_join(t, NULL);
    return 0;
}
