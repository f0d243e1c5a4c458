/* Shows: a process-directed kill() whose handler runs on the one thread that does not block the signal, reading what the sender wrote; setitimer later delivers SIGALRM the same way.
 * Ordered by: kill() and setitimer() happen-before the handlers of the signals they send. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int note[4];
static long seen;
static sem_t handled, go;

static void on_signal(int sig, siginfo_t *info, void *context)
{
    (void)info;
    (void)context;
    seen += note[0] + note[3] + sig; /* the sender wrote note before kill/setitimer */
    sem_post(&handled);
}

static void *sender(void *arg)
{
    (void)arg;
    note[0] = 10;
    note[3] = 5;
    kill(getpid(), SIGUSR1);
    sem_wait(&go); /* the handler ran: now the next message */
    note[0] = 3;
    note[3] = 2;
    struct itimerval it = { { 0, 0 }, { 0, 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) || sigaction(SIGALRM, &sa, NULL))
        return 1;
    sem_init(&handled, 0, 0);
    sem_init(&go, 0, 0);
    sigset_t blocked, none;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigaddset(&blocked, SIGALRM);
    sigemptyset(&none);
    pthread_sigmask(SIG_BLOCK, &blocked, NULL); /* the sender inherits the mask */
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    /* Only here are the signals unblocked: the handlers run on this thread. */
    while (sem_trywait(&handled) != 0)
        sigsuspend(&none);
    sem_post(&go);
    long first = seen;
    pthread_join(t, NULL);
    while (sem_trywait(&handled) != 0)
        sigsuspend(&none);
    printf("seen %ld then %ld\n", first, seen);
    return first == 15 + SIGUSR1 && seen == first + 5 + SIGALRM ? 0 : 1;
}
