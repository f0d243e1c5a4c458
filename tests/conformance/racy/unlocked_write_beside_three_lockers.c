/* Shows: four threads take turns incrementing a counter under a mutex; then the second writes it without the lock, its one shadow cell among the other three threads'.
 * Racy: the third and fourth threads' increments come after the second thread's unlock, and nothing of theirs reaches it before its unlocked write. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#define WORKERS 4

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static atomic_int turn;

static void wait_turn(int t)
{
    while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
        ;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    wait_turn(id);
    pthread_mutex_lock(&m);
    counter++; /* RACE */
    pthread_mutex_unlock(&m);
    atomic_store_explicit(&turn, id + 1, memory_order_relaxed);
    if (id == 1) {
        wait_turn(WORKERS);
        counter = 100; /* RACE */
    }
    return NULL;
}

int main(void)
{
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    return counter == 100 ? 0 : 1;
}
