/* Shows: publishing plain data with a release store of a flag and consuming it after an acquire load.
 * Ordered by: the acquire load that reads 1 synchronizes-with the release store, so data's write happens-before its read. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct message {
    int id;
    char text[32];
    double value;
};

static struct message msg;
static atomic_int ready;

static void *producer(void *arg)
{
    (void)arg;
    msg.id = 7;
    snprintf(msg.text, sizeof msg.text, "hello");
    msg.value = 2.5;
    atomic_store_explicit(&ready, 1, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&ready, memory_order_acquire))
        sched_yield();
    printf("%d %s %.1f\n", msg.id, msg.text, msg.value);
    msg.id = 8; /* also ordered after the producer's writes */
    pthread_join(t, NULL);
    return 0;
}
