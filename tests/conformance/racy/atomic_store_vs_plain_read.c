/* Shows: an atomic store on one side and a plain load on the other.
 * Racy: only accesses that are both atomic are exempt; a plain read of an atomically written int still races. */
#include <pthread.h>
#include <stdio.h>

static int level;

static void *raise_level(void *arg)
{
    (void)arg;
    __atomic_store_n(&level, 5, __ATOMIC_SEQ_CST); /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, raise_level, NULL);
    int seen = level; /* RACE */
    pthread_join(t, NULL);
    printf("seen level %d\n", seen);
    return 0;
}
