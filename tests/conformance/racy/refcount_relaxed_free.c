/* Shows: dropping a reference with a relaxed decrement, then freeing the object when the count reaches zero.
 * Racy: relaxed RMWs carry no release/acquire, so the other holder's use of the object is unordered with the free. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct object {
    int payload;
};

/* The count lives beside the object (a handle table), so only the payload is shared with free. */
static atomic_int refs;
static struct object *shared_object;

static void object_put(struct object *o)
{
    if (atomic_fetch_sub_explicit(&refs, 1, memory_order_relaxed) == 1)
        free(o); /* RACE */
}

static void *user(void *arg)
{
    struct object *o = arg;
    o->payload = 7; /* RACE */
    object_put(o);
    return NULL;
}

int main(void)
{
    pthread_t t;
    shared_object = malloc(sizeof *shared_object);
    shared_object->payload = 0;
    atomic_init(&refs, 2);
    pthread_create(&t, NULL, user, shared_object);
    /* Let the user drop its reference first, so main's put is the last one. */
    while (atomic_load_explicit(&refs, memory_order_relaxed) != 1)
        sched_yield();
    object_put(shared_object);
    pthread_join(t, NULL);
    printf("dropped\n");
    return 0;
}
