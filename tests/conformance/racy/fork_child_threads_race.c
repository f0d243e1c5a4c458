/* Shows: a forked child whose two threads write the same variable without synchronization; the parent exits with the child's status.
 * Racy: the detector works in the child: its threads' writes are unordered, and the child reports the race and exits with 66. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int shared;

static void *writer(void *arg)
{
    (void)arg;
    shared = 1; /* RACE */
    return NULL;
}

int main(void)
{
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, writer, NULL);
        shared = 2; /* RACE */
        pthread_join(t, NULL);
        printf("child: shared = %d\n", shared);
        return 0;
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 1;
    printf("child exited with %d\n", WEXITSTATUS(status));
    return WEXITSTATUS(status);
}
