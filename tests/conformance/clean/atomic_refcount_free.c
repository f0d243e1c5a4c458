/* Shows: an object shared by several threads with an atomic reference count; whoever drops the last reference frees it.
 * Ordered by: acq_rel fetch_sub: every holder's use is released into the count and acquired by the final dropper before free. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4

struct object {
    atomic_int refs;
    long seen[THREADS];
    long payload;
};

static void object_put(struct object *o)
{
    if (atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel) == 1)
        free(o);
}

struct arg {
    struct object *obj;
    int id;
};

static void *user(void *p)
{
    struct arg *a = p;
    struct object *o = a->obj;
    o->seen[a->id] = o->payload + a->id; /* each holder writes its own slot */
    object_put(o);
    return NULL;
}

int main(void)
{
    struct object *o = malloc(sizeof *o);
    struct arg args[THREADS];
    pthread_t t[THREADS];
    o->payload = 100;
    atomic_init(&o->refs, THREADS + 1);
    for (int i = 0; i < THREADS; i++) {
        args[i] = (struct arg){ o, i };
        pthread_create(&t[i], NULL, user, &args[i]);
    }
    long payload = o->payload; /* main still holds a reference; everybody only reads payload */
    object_put(o);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("payload was %ld\n", payload);
    return 0;
}
