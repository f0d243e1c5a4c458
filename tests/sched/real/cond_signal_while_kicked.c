/* A condition signal sent from outside the turn while the waiter leaves the model
 * (tests/sched/check.sh, real/cond_signal_while_kicked). Under sched=pct the waiter waits on
 * the condition in the scheduler's model. Main takes the mutex and blocks for 700 ms in a call
 * no interceptor sees (a raw nanosleep), between two writes (calls outside the turn): after
 * PCT_STEAL_MS the watchdog takes the turn from main, and with no thread left in the model to
 * signal, the waiter gives the model up and goes for the mutex, which main holds. Main then
 * sets the flag and signals without the turn: that signal finds the waiter neither in the
 * model's wait nor in the real one. When the waiter went on to an unbounded real wait it never
 * woke (a lost wakeup: xz -T2 hung so under load, where the watchdog takes the turn from a slow
 * holder; 7 of seeds 1..8 hung here); it must come back as from a spurious wakeup, see the flag
 * and end. Exits 0, or hangs. */
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int flag; /* under m */

static void *waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    while (!flag)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    usleep(1000); /* under pct, the waiter runs meanwhile and waits on c */
    int null = open("/dev/null", O_WRONLY);
    pthread_mutex_lock(&m);
    if (write(null, "x", 1) != 1) /* a call outside the turn */
        return 2;
    struct timespec ts = {0, 700 * 1000 * 1000};
    syscall(SYS_nanosleep, &ts, NULL); /* blocked where nothing intercepts */
    if (write(null, "x", 1) != 1)
        return 2;
    flag = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    pthread_join(t, NULL);
    close(null);
    return 0;
}
