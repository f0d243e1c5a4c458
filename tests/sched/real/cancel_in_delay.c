/* The scheduler's delays are not cancellation points (tests/sched/check.sh,
 * real/cancel_in_delay): a worker locks and unlocks a mutex 200 times, a call that is not a
 * cancellation point, and only then reaches pthread_testcancel; main cancels it meanwhile.
 * Run with sched=random and long, frequent delays, a delay inside pthread_mutex_lock that let
 * the cancel act there would end the worker early. Exits 1 if it did. */
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int rounds; /* the worker's own until it ends; main reads it after the join */

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&m);
        rounds++;
        pthread_mutex_unlock(&m);
    }
    pthread_testcancel();
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    usleep(2000);
    pthread_cancel(t);
    void *r;
    pthread_join(t, &r);
    return rounds == 200 ? 0 : 1;
}
