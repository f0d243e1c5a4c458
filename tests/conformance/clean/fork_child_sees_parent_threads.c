/* Shows: a multithreaded process forks while another thread is still running; the child uses everything that thread wrote before the fork, then creates threads of its own.
 * Ordered by: the child's memory is the snapshot taken at the fork: everything any thread did before the fork happens-before the child's code; the child's threads are ordered by create/join and a mutex. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int table[64];
static atomic_int filled;   /* relaxed: no happens-before with the forking thread */
static int gate[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long child_total;

static void *filler(void *arg)
{
    (void)arg;
    for (int i = 0; i < 64; i++)
        table[i] = i + 1;
    atomic_store_explicit(&filled, 1, memory_order_relaxed);
    char c;
    if (read(gate[0], &c, 1) != 1) /* stays alive across the fork */
        return NULL;
    return NULL;
}

static void *child_worker(void *arg)
{
    long sum = 0;
    for (int i = 0; i < 64; i++)
        sum += table[i];
    pthread_mutex_lock(&m);
    child_total += sum + (long)arg;
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    if (pipe(gate))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, filler, NULL);
    while (!atomic_load_explicit(&filled, memory_order_relaxed))
        ;
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        for (int i = 0; i < 64; i++)
            table[i] *= 2; /* the filler's writes were before the fork */
        pthread_t w[3];
        for (long i = 0; i < 3; i++)
            pthread_create(&w[i], NULL, child_worker, (void *)i);
        for (int i = 0; i < 3; i++)
            pthread_join(w[i], NULL);
        printf("child total %ld\n", child_total);
        fflush(stdout);
        _exit(child_total == 3 * 64 * 65 + 3 ? 0 : 1);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid)
        return 1;
    if (write(gate[1], "x", 1) != 1)
        return 1;
    pthread_join(t, NULL);
    if (!WIFEXITED(status))
        return 1;
    return WEXITSTATUS(status);
}
