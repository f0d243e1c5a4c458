/* Shows: a process forks again and again while its other threads keep locking, allocating, using atomics and creating threads; every child reads what those threads wrote, runs threads of its own and exits.
 * Ordered by: everything before a fork happens-before the child's code; the child never inherits a lock that a vanished thread held inside the detector (it would hang). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
/* conformance: runs=10 timeout=60 */

#define BUSY 4

static pthread_mutex_t locks[BUSY];
static long counters[BUSY];   /* each under its own lock in the parent */
static atomic_long events;
static atomic_int stop;

static void *noop(void *arg)
{
    return arg;
}

static void *busy(void *arg)
{
    long id = (long)arg;
    while (!atomic_load(&stop)) {
        pthread_mutex_lock(&locks[id]);
        counters[id]++;
        pthread_mutex_unlock(&locks[id]);
        atomic_fetch_add(&events, 1);
        free(malloc(16 + id * 8));
        if (id == 0) {
            pthread_t t;
            pthread_create(&t, NULL, noop, NULL);
            pthread_join(t, NULL);
        }
    }
    return NULL;
}

static void *child_thread(void *arg)
{
    long *slot = arg;
    *slot = atomic_load(&events);
    return NULL;
}

static int child(void)
{
    long seen = 0;
    for (int i = 0; i < BUSY; i++)
        seen += counters[i]; /* written by threads that do not exist here */
    long results[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, child_thread, &results[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    free(malloc(32));
    return seen >= 0 && results[0] >= 0 && results[1] >= 0 ? 0 : 1;
}

int main(void)
{
    pthread_t t[BUSY];
    for (long i = 0; i < BUSY; i++) {
        pthread_mutex_init(&locks[i], NULL);
        pthread_create(&t[i], NULL, busy, (void *)i);
    }
    int failures = 0;
    for (int round = 0; round < 12; round++) {
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0)
            _exit(child());
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
            failures++;
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < BUSY; i++)
        pthread_join(t[i], NULL);
    printf("%d failed children\n", failures);
    return failures ? 1 : 0;
}
