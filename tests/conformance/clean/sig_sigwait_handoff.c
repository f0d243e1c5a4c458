/* Shows: a signal-handling thread that accepts signals with sigwait/sigwaitinfo and reads the message the sender prepared; the sender uses pthread_kill, kill and sigqueue.
 * Ordered by: sending a signal happens-before the return of the sigwait that accepts it; a semaphore acknowledges each message back. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int mailbox;
static long received;
static sigset_t set;
static sem_t taken;

static void *waiter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        int sig = 0;
        if (i == 1) {
            siginfo_t info;
            if (sigwaitinfo(&set, &info) < 0)
                return NULL;
            sig = info.si_signo;
        } else if (sigwait(&set, &sig)) {
            return NULL;
        }
        if (sig != SIGUSR2)
            return NULL;
        received += mailbox; /* written by main before it sent the signal */
        mailbox = 0;
        sem_post(&taken);
    }
    return NULL;
}

int main(void)
{
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* every thread: only sigwait takes it */
    sem_init(&taken, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    for (int i = 1; i <= 3; i++) {
        mailbox = i * 100;
        if (i == 1)
            pthread_kill(t, SIGUSR2);
        else if (i == 2)
            kill(getpid(), SIGUSR2);
        else
            sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = i });
        sem_wait(&taken);
    }
    pthread_join(t, NULL);
    printf("received %ld\n", received);
    return received == 600 ? 0 : 1;
}
