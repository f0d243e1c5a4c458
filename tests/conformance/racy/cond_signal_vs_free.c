/* Shows: the memory of a condition variable freed while another thread has just signaled it.
 * Racy: the signal reads the condition variable, free writes it; the signaler only sets a relaxed flag afterwards, outside any lock. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct channel {
    pthread_cond_t cond;
};

static atomic_int done;

static void *signaler(void *arg)
{
    struct channel *ch = arg;
    pthread_cond_signal(&ch->cond); /* RACE */
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    struct channel *ch = malloc(sizeof *ch);
    pthread_cond_init(&ch->cond, NULL);
    pthread_t t;
    pthread_create(&t, NULL, signaler, ch);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    free(ch); /* RACE */
    pthread_join(t, NULL);
    return 0;
}
