/* Shows: strcpy of a string literal into a buffer that another thread has just read.
 * Racy: strcpy writes the buffer; gcc turns it into an inline copy even at -O0 (racetest cc keeps it a call); only a relaxed flag orders the read first. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

static char name[16];
static char first;
static atomic_int done;

static void *reader(void *arg)
{
    (void)arg;
    first = name[0]; /* RACE */
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    strcpy(name, "racetest"); /* RACE */
    pthread_join(t, NULL);
    return first;
}
