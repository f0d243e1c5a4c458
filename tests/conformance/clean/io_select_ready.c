/* Shows: a consumer that waits for readiness with select() on two pipes and reads the shared slot of the ready one before draining it.
 * Ordered by: select() reporting a descriptor readable acquires what the writer released with its write() on it. */
#include <pthread.h>
#include <stdio.h>
#include <sys/select.h>
#include <unistd.h>

static int a[2], b[2], back[2];
static int slot[2];

static void *producer(void *arg)
{
    (void)arg;
    char c = 'p';
    for (int round = 0; round < 60; round++) {
        int which = round % 2;
        slot[which] = round;
        if (write(which ? b[1] : a[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
            return NULL;
    }
    return NULL;
}

int main(void)
{
    if (pipe(a) || pipe(b) || pipe(back))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    long sum = 0;
    for (int round = 0; round < 60; round++) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(a[0], &rd);
        FD_SET(b[0], &rd);
        int maxfd = a[0] > b[0] ? a[0] : b[0];
        if (select(maxfd + 1, &rd, NULL, NULL, NULL) != 1)
            return 1;
        int fd = FD_ISSET(a[0], &rd) ? a[0] : b[0];
        sum += slot[fd == b[0]]; /* before the read(): only select() orders this */
        char c;
        if (read(fd, &c, 1) != 1 || write(back[1], &c, 1) != 1)
            return 1;
    }
    pthread_join(t, NULL);
    printf("sum %ld\n", sum);
    return sum == 60L * 59 / 2 ? 0 : 1;
}
