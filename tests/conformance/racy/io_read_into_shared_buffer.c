/* Shows: a thread that read()s into a buffer the main thread is still looking at.
 * Racy: read() writes the bytes it returns into the buffer; the main thread's read of the buffer after its own write() to the pipe is ordered with nothing the reader does. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static char buffer[16];

static void *reader(void *arg)
{
    (void)arg;
    if (read(fds[0], buffer, 8) != 8) /* RACE */
        return NULL;
    return NULL;
}

int main(void)
{
    if (pipe(fds))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    if (write(fds[1], "abcdefgh", 8) != 8)
        return 1;
    char c = buffer[3]; /* RACE */
    pthread_join(t, NULL);
    printf("saw %d\n", c);
    return 0;
}
