/* Shows: a PTHREAD_MUTEX_RECURSIVE taken again by nested calls of the same thread around shared state.
 * Ordered by: the outermost unlock releases into the next thread's lock; inner lock/unlock pairs do not open gaps. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 3

static pthread_mutex_t mu;
static long accounts[2];

static void add(int which, long amount)
{
    pthread_mutex_lock(&mu);
    accounts[which] += amount;
    pthread_mutex_unlock(&mu);
}

static void transfer(long amount)
{
    pthread_mutex_lock(&mu);
    add(0, -amount);
    add(1, amount);
    pthread_mutex_unlock(&mu);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&mu);
        transfer(2);
        accounts[0] += 1;
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&mu, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_mutex_destroy(&mu);
    printf("accounts %ld %ld\n", accounts[0], accounts[1]);
    return accounts[0] + accounts[1] == THREADS * 500 ? 0 : 1;
}
