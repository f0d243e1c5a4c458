/* Shows: every kind of synchronization object created, used by threads, and destroyed (or freed) in the patterns POSIX allows.
 * Ordered by: creation before pthread_create; the last use happens-before the destroy or free through join, the mutex, a sem_wait or the barrier. */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>

#define THREADS 3

struct shared {
    pthread_mutex_t m;
    pthread_cond_t c;
    pthread_rwlock_t rw;
    pthread_spinlock_t spin;
    pthread_barrier_t b;
    sem_t sem;
    int ready;
    long sum;
};

/* A heap object whose condition variable is signaled under its mutex; the
 * waiter frees it once it saw the flag (the signal happens-before its
 * unlock, which the waiter's wakeup acquires). */
struct handoff {
    pthread_mutex_t m;
    pthread_cond_t c;
    int done;
};

static void *signaler(void *arg)
{
    struct handoff *h = arg;
    pthread_mutex_lock(&h->m);
    h->done = 1;
    pthread_cond_signal(&h->c);
    pthread_mutex_unlock(&h->m);
    return NULL;
}

static void *worker(void *arg)
{
    struct shared *s = arg;
    pthread_barrier_wait(&s->b);
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&s->m);
        s->sum++;
        pthread_mutex_unlock(&s->m);
        pthread_rwlock_rdlock(&s->rw);
        pthread_rwlock_unlock(&s->rw);
        pthread_spin_lock(&s->spin);
        pthread_spin_unlock(&s->spin);
    }
    pthread_mutex_lock(&s->m);
    s->ready++;
    pthread_cond_broadcast(&s->c);
    pthread_mutex_unlock(&s->m);
    sem_post(&s->sem);
    return NULL;
}

int main(void)
{
    struct shared *s = malloc(sizeof *s);
    pthread_mutex_init(&s->m, NULL);
    pthread_cond_init(&s->c, NULL);
    pthread_rwlock_init(&s->rw, NULL);
    pthread_spin_init(&s->spin, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&s->b, NULL, THREADS);
    sem_init(&s->sem, 0, 0);
    s->ready = 0;
    s->sum = 0;
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, s);
    for (int i = 0; i < THREADS; i++)
        sem_wait(&s->sem);
    pthread_mutex_lock(&s->m);
    while (s->ready < THREADS)
        pthread_cond_wait(&s->c, &s->m);
    pthread_mutex_unlock(&s->m);
    /* Every post and broadcast was acquired: the semaphore and the
     * condition variable may go; the locks only after the joins. */
    sem_destroy(&s->sem);
    pthread_cond_destroy(&s->c);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&s->b);
    pthread_spin_destroy(&s->spin);
    pthread_rwlock_destroy(&s->rw);
    pthread_mutex_destroy(&s->m);
    free(s);

    struct handoff *h = malloc(sizeof *h);
    pthread_mutex_init(&h->m, NULL);
    pthread_cond_init(&h->c, NULL);
    h->done = 0;
    pthread_t st;
    pthread_create(&st, NULL, signaler, h);
    pthread_detach(st);
    pthread_mutex_lock(&h->m);
    while (!h->done)
        pthread_cond_wait(&h->c, &h->m);
    pthread_mutex_unlock(&h->m);
    pthread_cond_destroy(&h->c);
    pthread_mutex_destroy(&h->m);
    free(h);
    return 0;
}
