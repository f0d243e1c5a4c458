/* Shows: a thread locks A then B; both are destroyed and initialized again; another thread locks B then A.
 * Expect: nothing: pthread_mutex_destroy and pthread_mutex_init end a mutex's lock order. */
/* expect: none */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a, b;

static void *a_then_b(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    return NULL;
}

static void *b_then_a(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a);
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    return NULL;
}

static void run(void *(*fn)(void *))
{
    pthread_t t;
    pthread_mutex_init(&a, NULL);
    pthread_mutex_init(&b, NULL);
    pthread_create(&t, NULL, fn, NULL);
    pthread_join(t, NULL);
    pthread_mutex_destroy(&a);
    pthread_mutex_destroy(&b);
}

int main(void)
{
    run(a_then_b);
    run(b_then_a);
    puts("done");
    return 0;
}
