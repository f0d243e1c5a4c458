/* Shows: the main thread prepares a request and signals a worker with pthread_kill; the worker's handler reads the request and records the answer in the worker's own state.
 * Ordered by: sending a signal happens-before the handler that receives it; the handler runs on the worker, in its program order; join orders the worker's result before main reads it. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

static int request[8];
static long answer;                   /* written by the handler, on the worker */
static volatile sig_atomic_t handled; /* same thread: handler and worker loop */
static pthread_barrier_t ready;

static void on_request(int sig)
{
    (void)sig;
    long sum = 0;
    for (int i = 0; i < 8; i++)
        sum += request[i]; /* written by main before pthread_kill */
    answer = sum;
    handled = 1;
}

static void *worker(void *arg)
{
    (void)arg;
    sigset_t none, usr1;
    sigemptyset(&none);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);
    pthread_barrier_wait(&ready);
    while (!handled)
        sigsuspend(&none); /* SIGUSR1 only arrives in here */
    return (void *)(answer * 2);
}

int main(void)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_request;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL))
        return 1;
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* only the worker takes it */
    pthread_barrier_init(&ready, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_barrier_wait(&ready);
    for (int i = 0; i < 8; i++)
        request[i] = i * 10; /* after the barrier: only the signal orders this */
    pthread_kill(t, SIGUSR1);
    void *r;
    pthread_join(t, &r);
    printf("answer %ld\n", (long)r);
    return (long)r == 560 ? 0 : 1;
}
