/* Shows: a consumer that waits for readiness with poll() and reads the shared data before draining the pipe.
 * Ordered by: poll() reporting the pipe readable acquires what the writer released with its write(). */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2], back[2];
static int table[16];

static void *producer(void *arg)
{
    (void)arg;
    char c = 'p';
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 16; i++)
            table[i] = round * 16 + i;
        if (write(fds[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
            return NULL;
    }
    return NULL;
}

int main(void)
{
    if (pipe(fds) || pipe(back))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    long sum = 0;
    for (int round = 0; round < 50; round++) {
        struct pollfd p = { .fd = fds[0], .events = POLLIN };
        if (poll(&p, 1, -1) != 1 || !(p.revents & POLLIN))
            return 1;
        for (int i = 0; i < 16; i++) /* before the read(): only poll() orders this */
            sum += table[i];
        char c;
        if (read(fds[0], &c, 1) != 1 || write(back[1], &c, 1) != 1)
            return 1;
    }
    pthread_join(t, NULL);
    printf("sum %ld\n", sum);
    return sum == 50L * 49 / 2 * 256 + 50 * 120 ? 0 : 1;
}
