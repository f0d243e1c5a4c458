/* Shows: a signal handler that updates a global which the sending thread also writes after pthread_kill.
 * Racy: the signal orders what the sender did before pthread_kill with the handler; the sender's later write and the handler's write are unordered. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

static int status;
static volatile sig_atomic_t handled;
static pthread_barrier_t ready;

static void on_signal(int sig)
{
    (void)sig;
    status = 2; /* RACE */
    handled = 1;
}

static void *target(void *arg)
{
    (void)arg;
    sigset_t none;
    sigemptyset(&none);
    pthread_barrier_wait(&ready);
    while (!handled)
        sigsuspend(&none);
    return NULL;
}

int main(void)
{
    signal(SIGUSR1, on_signal);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* the target inherits the mask ... */
    pthread_barrier_init(&ready, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, target, NULL);
    pthread_barrier_wait(&ready);
    pthread_kill(t, SIGUSR1); /* ... and takes it only inside sigsuspend */
    status = 1; /* RACE */
    pthread_join(t, NULL);
    printf("status %d\n", status);
    return 0;
}
