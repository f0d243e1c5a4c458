/* Shows: the dynamic annotations AnnotateHappensBefore/After publish data over a relaxed flag.
 * Ordered by: AnnotateHappensBefore(&ready) before the flag's store, AnnotateHappensAfter(&ready) after its load. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

/* As ThreadSanitizer declares them (file and line first). */
void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);
void AnnotateThreadName(const char *file, int line, const char *name);

static int payload[4];
static atomic_int ready;

static void *producer(void *arg)
{
    (void)arg;
    AnnotateThreadName(__FILE__, __LINE__, "producer");
    for (int i = 0; i < 4; i++)
        payload[i] = i * i;
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
    AnnotateHappensAfter(__FILE__, __LINE__, &ready);
    int sum = 0;
    for (int i = 0; i < 4; i++)
        sum += payload[i];
    pthread_join(t, NULL);
    printf("%d\n", sum);
    return 0;
}
