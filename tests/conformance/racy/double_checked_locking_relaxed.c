/* Shows: double-checked lazy initialization whose fast path loads the pointer with memory_order_relaxed.
 * Racy: the fast path takes no lock and no acquire, so the initializer's write of ->value is unordered with the read. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct instance {
    int value;
};

static struct instance storage;
static _Atomic(struct instance *) instance;
static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;

static struct instance *get_instance(void)
{
    struct instance *p = atomic_load_explicit(&instance, memory_order_relaxed);
    if (p == NULL) {
        pthread_mutex_lock(&init_mu);
        p = atomic_load_explicit(&instance, memory_order_relaxed);
        if (p == NULL) {
            p = &storage; /* static, so no allocation event competes with the store below */
            p->value = 42; /* RACE */
            atomic_store_explicit(&instance, p, memory_order_relaxed);
        }
        pthread_mutex_unlock(&init_mu);
    }
    return p;
}

static void *first_user(void *arg)
{
    (void)arg;
    return get_instance();
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, first_user, NULL);
    /* Wait (without synchronizing) until the instance exists, so main takes the fast path. */
    while (atomic_load_explicit(&instance, memory_order_relaxed) == NULL)
        sched_yield();
    int v = get_instance()->value; /* RACE */
    pthread_join(t, NULL);
    printf("value %d\n", v);
    return 0;
}
