/* Shows: a thread blocked in read() on a pipe while another thread closes the descriptor.
 * Racy: the read uses the descriptor from its start; close writes it, ordered after that start only by a sleep. */
#include <pthread.h>
#include <unistd.h>

static int fds[2];

static void *reader(void *arg)
{
    (void)arg;
    char c;
    if (read(fds[0], &c, 1) < 0) /* RACE */
        return NULL;
    return NULL;
}

int main(void)
{
    if (pipe(fds) != 0)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    usleep(100 * 1000);
    close(fds[0]); /* RACE */
    close(fds[1]); /* ends the read: end of file */
    pthread_join(t, NULL);
    return 0;
}
