/* Shows: a reader thread blocked in fgets on a pipe is cancelled; afterwards the main thread uses and closes the same FILE, and a second reader reads the data that arrives later.
 * Ordered by: cancel then join; the FILE's lock, released by the cancelled fgets, orders the later calls on the FILE; the pipe orders the data. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static FILE *in;
static int fds[2];
static char line[64];
static int payload;

static void *blocked_reader(void *arg)
{
    (void)arg;
    fgets(line, sizeof line, in); /* nothing to read: blocks until cancelled */
    return NULL;
}

static void *second_reader(void *arg)
{
    (void)arg;
    if (!fgets(line, sizeof line, in))
        return NULL;
    return (void *)(long)payload; /* written before the line was */
}

int main(void)
{
    if (pipe(fds))
        return 1;
    in = fdopen(fds[0], "r");
    pthread_t t;
    pthread_create(&t, NULL, blocked_reader, NULL);
    usleep(20000);
    pthread_cancel(t);
    void *r;
    pthread_join(t, &r);
    if (r != PTHREAD_CANCELED)
        return 1;
    pthread_create(&t, NULL, second_reader, NULL);
    payload = 42;
    FILE *out = fdopen(fds[1], "w");
    fputs("hello\n", out);
    fflush(out);
    pthread_join(t, &r);
    fclose(out);
    fclose(in);
    printf("%ld\n", (long)r);
    return (long)r == 42 ? 0 : 1;
}
