/* Shows: sigaction and signal report the handler the program installed (never a wrapper), for plain and SA_SIGINFO handlers, and the handlers get their arguments (si_value of sigqueue).
 * Ordered by: single thread with synchronous signals (raise, sigqueue to itself): program order. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int plain_calls, info_calls, last_value;

static void plain(int sig)
{
    plain_calls += sig == SIGUSR1;
}

static void with_info(int sig, siginfo_t *info, void *context)
{
    (void)context;
    info_calls += sig == SIGUSR2 && info->si_signo == SIGUSR2;
    last_value = info->si_value.sival_int;
}

int main(void)
{
    int bad = 0;
    if (signal(SIGUSR1, plain) != SIG_DFL)
        bad |= 1;
    if (signal(SIGUSR1, plain) != plain)
        bad |= 2;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = with_info;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR1);
    if (sigaction(SIGUSR2, &sa, &old) || old.sa_handler != SIG_DFL)
        bad |= 4;
    if (sigaction(SIGUSR2, NULL, &old) || old.sa_sigaction != with_info ||
        !(old.sa_flags & SA_SIGINFO) || !(old.sa_flags & SA_RESTART) ||
        !sigismember(&old.sa_mask, SIGUSR1))
        bad |= 8;
    if (sigaction(SIGUSR1, NULL, &old) || old.sa_handler != plain || (old.sa_flags & SA_SIGINFO))
        bad |= 16;
    raise(SIGUSR1);
    sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = 77 });
    if (plain_calls != 1 || info_calls != 1 || last_value != 77)
        bad |= 32;
    /* Back to the default, and the query says so. */
    if (signal(SIGUSR1, SIG_IGN) != plain)
        bad |= 64;
    if (sigaction(SIGUSR1, NULL, &old) || old.sa_handler != SIG_IGN)
        bad |= 128;
    raise(SIGUSR1); /* ignored */
    /* One-shot handlers go back to SIG_DFL after one delivery. */
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    if (sigaction(SIGUSR2, NULL, &old) || old.sa_handler != SIG_DFL || info_calls != 2)
        bad |= 256;
    printf("bad %d\n", bad);
    return bad ? 1 : 0;
}
