/* Shows: a producer that keeps updating the message after handing it over with write() on a pipe.
 * Racy: the pipe orders only what the producer did before its write(); the later update and the consumer's read are unordered. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static int message;

static void *producer(void *arg)
{
    (void)arg;
    message = 1;
    char c = 'x';
    if (write(fds[1], &c, 1) != 1)
        return NULL;
    message = 2; /* RACE */
    return NULL;
}

int main(void)
{
    if (pipe(fds))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    char c;
    if (read(fds[0], &c, 1) != 1)
        return 1;
    int seen = message; /* RACE */
    pthread_join(t, NULL);
    printf("saw %d\n", seen);
    return 0;
}
