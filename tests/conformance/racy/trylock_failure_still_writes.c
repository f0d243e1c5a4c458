/* Shows: a trylock whose failure path still touches the protected state.
 * Racy: a failed trylock acquires nothing, so main's write is unordered with the holder's write under the lock. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t state_mu = PTHREAD_MUTEX_INITIALIZER;
static int state;
static atomic_int held, tried; /* relaxed handshake: keeps the lock held during the trylock */

static void *holder(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&state_mu);
    state = 1; /* RACE */
    atomic_store_explicit(&held, 1, memory_order_relaxed);
    while (!atomic_load_explicit(&tried, memory_order_relaxed))
        sched_yield();
    pthread_mutex_unlock(&state_mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    int busy = 0;
    pthread_create(&t, NULL, holder, NULL);
    while (!atomic_load_explicit(&held, memory_order_relaxed))
        sched_yield();
    if (pthread_mutex_trylock(&state_mu) != 0) {
        busy = 1;
        state = -1; /* RACE */
    } else {
        pthread_mutex_unlock(&state_mu);
    }
    atomic_store_explicit(&tried, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    printf("trylock busy=%d state=%d\n", busy, state);
    return 0;
}
