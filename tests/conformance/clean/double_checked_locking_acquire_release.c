/* Shows: the correct twin of racy/double_checked_locking_relaxed.c: the fast path loads the pointer with acquire.
 * Ordered by: the initializer's release store of the pointer synchronizes with every acquire load that sees it. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4

struct instance {
    int value;
    char name[16];
};

static _Atomic(struct instance *) instance;
static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;

static struct instance *get_instance(void)
{
    struct instance *p = atomic_load_explicit(&instance, memory_order_acquire);
    if (p == NULL) {
        pthread_mutex_lock(&init_mu);
        p = atomic_load_explicit(&instance, memory_order_relaxed); /* the mutex orders this one */
        if (p == NULL) {
            p = malloc(sizeof *p);
            p->value = 42;
            snprintf(p->name, sizeof p->name, "singleton");
            atomic_store_explicit(&instance, p, memory_order_release);
        }
        pthread_mutex_unlock(&init_mu);
    }
    return p;
}

static void *user(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 0; i < 100; i++) {
        struct instance *p = get_instance();
        sum += p->value + p->name[0];
    }
    return (void *)sum;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, user, NULL);
    long v = get_instance()->value;
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("value %ld\n", v);
    free(atomic_load(&instance));
    return 0;
}
