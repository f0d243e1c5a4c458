/* Shows: two code paths that each lock "a" mutex around the same data, but not the same one.
 * Racy: lock a and lock b are distinct sync objects, so no release/acquire pair links the two updates. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t deposit_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t withdraw_mu = PTHREAD_MUTEX_INITIALIZER;
static long balance = 100;

static void *deposit(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&deposit_mu);
    balance += 10; /* RACE */
    pthread_mutex_unlock(&deposit_mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, deposit, NULL);
    pthread_mutex_lock(&withdraw_mu);
    balance -= 3; /* RACE */
    pthread_mutex_unlock(&withdraw_mu);
    pthread_join(t, NULL);
    printf("balance %ld\n", balance);
    return 0;
}
