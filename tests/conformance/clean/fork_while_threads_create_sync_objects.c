/* Shows: four threads publish values with release stores, each to an address never used for synchronization before, while the main thread forks again and again; every child acquire-loads the values published last (and the one being published at the fork) and exits.
 * Ordered by: everything before a fork happens-before the child's code; the loads are atomic.
 * Why it is here: each release store to a new address makes the detector create a sync object. A fork that lands while another thread has claimed the object's table entry but not yet filled it must not leave the child waiting for that thread, which does not exist in the child: the parent gives a child 30 s (a loaded machine is slow, a waiting child never ends), then fails. */
/* conformance: runs=4 timeout=120 (each run forks a process holding 100,000s of sync objects: seconds) */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WRITERS 4
#define VALUES 50000
#define FORKS 10
#define CHECKED 512   /* values before the one being published that a child loads */

static int values[WRITERS][VALUES];   /* atomic: release stores, acquire loads */
static int progress[WRITERS];         /* atomic: index being published */
static int stop;

static void *writer(void *arg)
{
    int w = (int)(long)arg;
    for (int i = 0; i < VALUES && !__atomic_load_n(&stop, __ATOMIC_RELAXED); i++) {
        __atomic_store_n(&progress[w], i, __ATOMIC_RELAXED);
        __atomic_store_n(&values[w][i], i + 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

static int child(void)
{
    for (int w = 0; w < WRITERS; w++) {
        int last = __atomic_load_n(&progress[w], __ATOMIC_RELAXED);
        for (int i = last > CHECKED ? last - CHECKED : 0; i <= last; i++) {
            int v = __atomic_load_n(&values[w][i], __ATOMIC_ACQUIRE);
            if (v != 0 && v != i + 1)
                return 3;
        }
    }
    return 0;
}

/* The child's status, or -1 if it is still running after `seconds`. */
static int wait_child(pid_t pid, int seconds)
{
    struct timespec pause = { 0, 1000000 };
    for (int waited = 0; waited < seconds * 1000; waited++) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        nanosleep(&pause, NULL);
    }
    return -1;
}

int main(void)
{
    pthread_t th[WRITERS];
    for (long w = 0; w < WRITERS; w++)
        pthread_create(&th[w], NULL, writer, (void *)w);
    int failed = 0;
    for (int f = 0; f < FORKS && !failed; f++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(child());
        int status = wait_child(pid, 30);
        if (status != 0) {
            if (status < 0) {
                fprintf(stderr, "fork %d: the child hangs\n", f);
                kill(pid, SIGKILL);
                waitpid(pid, NULL, 0);
            } else {
                fprintf(stderr, "fork %d: the child exited with %d\n", f, status);
            }
            failed = 1;
        }
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    for (int w = 0; w < WRITERS; w++)
        pthread_join(th[w], NULL);
    return failed;
}
