/* Shows: a freshly malloc'd node filled in and then published through a relaxed atomic pointer.
 * Racy: relaxed publication orders nothing, so the initializing store and the consumer's load race. */
/* TSan disagrees on the previous access: it imitates a write of every new block and skips the
 * store as same-epoch, so it names the malloc line. The store is the access that races. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    long key;
};

static _Atomic(struct node *) head;

static void *producer(void *arg)
{
    (void)arg;
    struct node *n = malloc(sizeof *n);
    n->key = 17; /* RACE */
    atomic_store_explicit(&head, n, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    struct node *n;
    pthread_create(&t, NULL, producer, NULL);
    while ((n = atomic_load_explicit(&head, memory_order_relaxed)) == NULL)
        sched_yield();
    long key = n->key; /* RACE */
    pthread_join(t, NULL);
    printf("key %ld\n", key);
    free(n);
    return 0;
}
