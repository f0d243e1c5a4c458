/* Shows: threads write to a pipe, and main closes it once they are joined.
 * Ordered by: pthread_join; every use of the descriptor happens-before its close. */
#include <pthread.h>
#include <unistd.h>

static int fds[2];

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++)
        if (write(fds[1], "x", 1) != 1)
            return NULL;
    return NULL;
}

int main(void)
{
    if (pipe(fds) != 0)
        return 1;
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, writer, NULL);
    char buf[30];
    for (size_t got = 0; got < sizeof buf;) {
        ssize_t n = read(fds[0], buf, sizeof buf - got);
        if (n <= 0)
            return 1;
        got += (size_t)n;
    }
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    close(fds[1]);
    close(fds[0]);
    return 0;
}
