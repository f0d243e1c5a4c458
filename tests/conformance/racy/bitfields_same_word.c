/* Shows: two threads setting different bit-fields of one struct.
 * Racy: adjacent bit-fields are one memory location; each store is a read-modify-write of the shared storage unit. */
#include <pthread.h>
#include <stdio.h>

struct flags {
    unsigned dirty : 1;
    unsigned busy : 1;
    unsigned spare : 30;
};

static struct flags flags;

static void *mark_dirty(void *arg)
{
    (void)arg;
    flags.dirty = 1; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, mark_dirty, NULL);
    flags.busy = 1; /* RACE */
    pthread_join(t, NULL);
    printf("dirty %u busy %u\n", flags.dirty, flags.busy);
    return 0;
}
