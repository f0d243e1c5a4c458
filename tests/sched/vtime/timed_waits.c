/* Timed waits in virtual time under sched=pct (tests/sched/check.sh, vtime/*): threads give
 * up on a held mutex (pthread_mutex_timedlock), a held rwlock (pthread_rwlock_timedrdlock), an
 * empty semaphore (sem_timedwait), a pipe nobody writes (poll, select, epoll_wait), a condition
 * nobody signals (pthread_cond_timedwait) and nothing at all (poll with no descriptors), each
 * after its own timeout; another thread polls a pipe that a third writes into after a wait.
 * No thread sleeps (a sleep may end early under pct: sched_fuzz.h), so the whole log is the
 * order of the deadlines. Exits 1 if a clock advanced less than a timeout or a call did not
 * answer as it should, 2 if the log is not in the order of the deadlines. Together they wait
 * 21 seconds, which under sched=pct take no real time. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;    /* main holds it throughout */
static pthread_rwlock_t held_rw = PTHREAD_RWLOCK_INITIALIZER; /* main holds it for writing */
static sem_t empty;                                           /* nobody posts */
static int silent[2], later[2];                               /* pipes: never written, written */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cond_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static char log_buf[32];
static int log_len, wrong; /* guarded by log_lock */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct timespec realtime_in(long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long long ns = ts.tv_nsec + ms * 1000000LL;
    ts.tv_sec += ns / 1000000000LL;
    ts.tv_nsec = ns % 1000000000LL;
    return ts;
}

/* Logs `who`; a wait of `ms` that began at `start` must have taken that long, and `ok` says
 * whether the call answered as it should. */
static void done(char who, long long start, long ms, int ok)
{
    pthread_mutex_lock(&log_lock);
    if (now_ms() - start < ms - 1 || !ok) {
        fprintf(stderr, "%c: %lld ms of %ld, ok %d\n", who, now_ms() - start, ms, ok);
        wrong = 1;
    }
    log_buf[log_len++] = who;
    pthread_mutex_unlock(&log_lock);
}

static void *timedlock(void *arg)
{
    (void)arg;
    long long start = now_ms();
    struct timespec until = realtime_in(2000);
    done('m', start, 2000, pthread_mutex_timedlock(&held, &until) == ETIMEDOUT);
    return NULL;
}

static void *timedrdlock(void *arg)
{
    (void)arg;
    long long start = now_ms();
    struct timespec until = realtime_in(1000);
    done('r', start, 1000, pthread_rwlock_timedrdlock(&held_rw, &until) == ETIMEDOUT);
    return NULL;
}

static void *semwait(void *arg)
{
    (void)arg;
    long long start = now_ms();
    struct timespec until = realtime_in(1500);
    int r = sem_timedwait(&empty, &until);
    done('s', start, 1500, r == -1 && errno == ETIMEDOUT);
    return NULL;
}

static void *polls(void *arg)
{
    (void)arg;
    long long start = now_ms();
    struct pollfd p = {.fd = silent[0], .events = POLLIN};
    done('p', start, 2500, poll(&p, 1, 2500) == 0);
    start = now_ms();
    done('z', start, 700, poll(NULL, 0, 700) == 0);   /* a sleep: 3.2 s in all */
    return NULL;
}

static void *selects(void *arg)
{
    (void)arg;
    long long start = now_ms();
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(silent[0], &rd);
    struct timeval tv = {1, 200000};
    int r = select(silent[0] + 1, &rd, NULL, NULL, &tv);
    done('x', start, 1200, r == 0 && !FD_ISSET(silent[0], &rd));
    return NULL;
}

static void *epolls(void *arg)
{
    (void)arg;
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, silent[0], &ev);
    long long start = now_ms();
    done('e', start, 1800, epoll_wait(ep, &out, 1, 1800) == 0);
    close(ep);
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    poll(NULL, 0, 3000);
    pthread_mutex_lock(&log_lock);
    log_buf[log_len++] = 'w';
    pthread_mutex_unlock(&log_lock);
    return write(later[1], "x", 1) == 1 ? NULL : (void *)1;
}

static void *reader(void *arg)
{
    (void)arg;
    long long start = now_ms();
    struct pollfd p = {.fd = later[0], .events = POLLIN};
    int r = poll(&p, 1, 10000);
    done('P', start, 0, r == 1 && (p.revents & POLLIN) && now_ms() - start < 10000);
    return NULL;
}

int main(void)
{
    void *(*fns[])(void *) = {timedlock, timedrdlock, semwait, polls, selects, epolls, writer,
                              reader};
    enum { N = sizeof fns / sizeof fns[0] };
    pthread_t t[N];
    if (pipe(silent) || pipe(later) || sem_init(&empty, 0, 0))
        return 3;
    pthread_mutex_lock(&held);
    pthread_rwlock_wrlock(&held_rw);
    for (int i = 0; i < N; i++)
        pthread_create(&t[i], NULL, fns[i], NULL);
    long long start = now_ms();
    struct timespec until = realtime_in(5000);
    pthread_mutex_lock(&cond_lock);
    int r = pthread_cond_timedwait(&never, &cond_lock, &until);
    pthread_mutex_unlock(&cond_lock);
    done('c', start, 5000, r == ETIMEDOUT);
    void *res;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], &res);
        wrong |= res != NULL;
    }
    pthread_rwlock_unlock(&held_rw);
    pthread_mutex_unlock(&held);
    printf("%s\n", log_buf);
    if (wrong)
        return 1;
    /* The order of the deadlines: the poll with no descriptors starts after the 2.5 s one,
     * the reader wakes when the writer has written. */
    return strcmp(log_buf, "rxsempwPzc") ? 2 : 0;
}
