/* Shows: clearing a shared table with memset while another thread stores into it.
 * Racy: memset is a range write covering the slot the worker writes, and no edge orders the two. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct table {
    int slots[32];
    size_t used;
};

static struct table table = { .used = 32 };

static void *worker(void *arg)
{
    (void)arg;
    table.slots[3] = 99; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    memset(table.slots, 0, table.used * sizeof table.slots[0]); /* RACE */
    pthread_join(t, NULL);
    printf("slot 3 = %d\n", table.slots[3]);
    return 0;
}
