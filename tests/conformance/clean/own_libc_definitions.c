/* A program that defines its own raise and strlen, functions the runtime
 * also intercepts: it must link (the runtime's definitions are weak), and
 * its own definitions win. The counter is joined before it is read. */
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

static int raised, counter;

int raise(int sig)
{
    raised = sig;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n + 1000;   /* visibly ours */
}

static void *worker(void *arg)
{
    (void)arg;
    counter++;
    return NULL;
}

int main(void)
{
    /* Through a pointer: compilers fold strlen of a known string. */
    size_t (*volatile length)(const char *) = strlen;
    pthread_t t;
    raise(SIGUSR1);
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    counter++;
    printf("%d %d %zu\n", raised, counter, length("abc"));
    return raised != SIGUSR1 || counter != 2 || length("abc") != 1003;
}
