/* Shows: an asynchronous handler that only sets a flag (the allocation is made outside), a handler left by
 * siglongjmp (the allocations after it are outside any handler), and a handler run synchronously by raise().
 * Expect: nothing: no allocator call is made inside an asynchronous handler. */
/* expect: none */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1;
static sigjmp_buf escape;
static char *volatile sync_buffer;

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1 = 1;
}

static void on_usr2(int sig)
{
    (void)sig;
    siglongjmp(escape, 1);
}

static void on_raised(int sig)
{
    (void)sig;
    sync_buffer = malloc(16);
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    kill(getpid(), SIGUSR1);
    char *after_flag = got_usr1 ? malloc(16) : NULL;

    signal(SIGUSR2, on_usr2);
    if (sigsetjmp(escape, 1) == 0)
        kill(getpid(), SIGUSR2);
    char *after_jump = malloc(16);

    signal(SIGHUP, on_raised);
    raise(SIGHUP);
    printf("%s\n", after_flag && after_jump && sync_buffer ? "done" : "?");
    free(after_flag);
    free(after_jump);
    free(sync_buffer);
    return 0;
}
