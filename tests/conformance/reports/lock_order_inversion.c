/* Shows: two threads take the same two mutexes in opposite orders, one after the other (no deadlock happens).
 * Expect: lock-order-inversion: a cycle A -> B -> A made by two threads, reported with all four acquisitions. */
/* expect: lock-order-inversion */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static int balance_a, balance_b;

static void *transfer_a_to_b(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&a); /* REPORT */
    pthread_mutex_lock(&b); /* REPORT */
    balance_a--;
    balance_b++;
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, transfer_a_to_b, NULL);
    pthread_join(t, NULL);
    pthread_mutex_lock(&b); /* REPORT */
    pthread_mutex_lock(&a); /* REPORT */
    balance_b--;
    balance_a++;
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    printf("%d %d\n", balance_a, balance_b);
    return 0;
}
