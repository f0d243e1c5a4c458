/* Virtual time under sched=pct (tests/sched/check.sh, vtime/*): three threads take turns
 * appending their number to a log under a lock, each sleeping between turns by a different
 * call (usleep, nanosleep, clock_nanosleep with an absolute deadline), while main waits on a
 * condition variable that nobody signals until its deadline passes.
 * Prints the log (the schedule: the same seed must print the same log) and exits 1 if a
 * clock advanced less than the time the thread asked to sleep: the sleeps total 12 seconds
 * per thread, which under sched=pct take no real time. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define TURNS 8
#define SLEEP_MS 1500

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static char log_buf[3 * TURNS + 1];
static int log_len;     /* guarded by lock */
static int too_early;   /* guarded by lock */

static long long now_ms(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void nap(int kind)
{
    struct timespec ts = {SLEEP_MS / 1000, (SLEEP_MS % 1000) * 1000000L};
    if (kind == 0) {
        usleep(SLEEP_MS * 1000);
    } else if (kind == 1) {
        nanosleep(&ts, NULL);
    } else {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += ts.tv_sec + (until.tv_nsec + ts.tv_nsec) / 1000000000L;
        until.tv_nsec = (until.tv_nsec + ts.tv_nsec) % 1000000000L;
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    }
}

static void *sleeper(void *arg)
{
    int kind = (int)(long)arg;
    for (int i = 0; i < TURNS; i++) {
        long long before = now_ms(CLOCK_MONOTONIC);
        struct timeval tv0, tv1;
        gettimeofday(&tv0, NULL);
        nap(kind);
        gettimeofday(&tv1, NULL);
        long long tod_ms = (tv1.tv_sec - tv0.tv_sec) * 1000LL + (tv1.tv_usec - tv0.tv_usec) / 1000;
        pthread_mutex_lock(&lock);
        if (now_ms(CLOCK_MONOTONIC) - before < SLEEP_MS || tod_ms < SLEEP_MS - 1)
            too_early++;
        log_buf[log_len++] = (char)('a' + kind);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    time_t start = time(NULL);
    for (long k = 0; k < 3; k++)
        pthread_create(&t[k], NULL, sleeper, (void *)k);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 5;
    pthread_mutex_lock(&lock);
    int r = pthread_cond_timedwait(&never, &lock, &deadline);
    struct timespec after;
    clock_gettime(CLOCK_REALTIME, &after);
    if (r != ETIMEDOUT || after.tv_sec < deadline.tv_sec)
        too_early++;
    pthread_mutex_unlock(&lock);
    for (int k = 0; k < 3; k++)
        pthread_join(t[k], NULL);
    if (time(NULL) - start < TURNS * SLEEP_MS / 1000)
        too_early++;
    printf("%s\n", log_buf);
    return too_early ? 1 : 0;
}
