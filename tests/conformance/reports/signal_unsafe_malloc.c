/* Shows: an asynchronous signal handler (the signal comes from kill) that allocates memory.
 * Expect: signal-unsafe-call at the handler's malloc. */
/* expect: signal-unsafe-call */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *volatile last_message;

static void on_usr1(int sig)
{
    (void)sig;
    last_message = malloc(32); /* REPORT */
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    kill(getpid(), SIGUSR1);
    printf("%s\n", last_message ? "allocated" : "?");
    free(last_message);
    return 0;
}
