/* Shows: a handler that reads data which another thread writes after the signal was already sent.
 * Racy: only what the sender did before kill() is ordered before the handler. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static long config;
static volatile long snapshot;
static volatile sig_atomic_t handled;

static void on_signal(int sig)
{
    (void)sig;
    snapshot = config; /* RACE */
    handled = 1;
}

static void *sender(void *arg)
{
    (void)arg;
    kill(getpid(), SIGUSR1);
    config = 42; /* RACE */
    return NULL;
}

int main(void)
{
    signal(SIGUSR1, on_signal);
    sigset_t usr1, none;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&none);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* the sender inherits the mask */
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    while (!handled)
        sigsuspend(&none); /* the handler runs here, on the main thread */
    pthread_join(t, NULL);
    printf("%ld %ld\n", snapshot, config);
    return 0;
}
