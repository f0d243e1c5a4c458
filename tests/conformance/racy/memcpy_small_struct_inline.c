/* Shows: a constant-size memcpy of a small struct into a slot that another thread has just read.
 * Racy: memcpy writes the slot; gcc expands it inline at -O2 (racetest cc keeps it a call); only a relaxed flag orders the read first. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

struct point {
    long x, y;
};

static struct point slot;
static long seen;
static atomic_int done;

static void *reader(void *arg)
{
    (void)arg;
    seen = slot.x; /* RACE */
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    struct point p = {3, 4};
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    memcpy(&slot, &p, sizeof slot); /* RACE */
    pthread_join(t, NULL);
    return (int)seen;
}
