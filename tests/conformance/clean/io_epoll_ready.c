/* Shows: an event loop: epoll_wait() on a pipe and an eventfd, reading the shared state the event announces before draining the descriptor.
 * Ordered by: epoll_wait() returning events acquires what was released by writes to the descriptors registered with epoll_ctl(). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int pfd[2], efd, back[2];
static int from_pipe, from_eventfd;

static void *producer(void *arg)
{
    (void)arg;
    char c = 'p';
    for (int round = 0; round < 40; round++) {
        if (round % 2) {
            from_eventfd = round;
            eventfd_write(efd, 1);
        } else {
            from_pipe = round;
            if (write(pfd[1], &c, 1) != 1)
                return NULL;
        }
        if (read(back[0], &c, 1) != 1)
            return NULL;
    }
    return NULL;
}

int main(void)
{
    efd = eventfd(0, 0);
    int ep = epoll_create1(0);
    if (pipe(pfd) || pipe(back) || efd < 0 || ep < 0)
        return 1;
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = pfd[0] };
    struct epoll_event ev2 = { .events = EPOLLIN, .data.fd = efd };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev) || epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev2))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    long sum = 0;
    for (int round = 0; round < 40; round++) {
        struct epoll_event got;
        if (epoll_wait(ep, &got, 1, -1) != 1)
            return 1;
        char c;
        if (got.data.fd == efd) {
            sum += from_eventfd; /* before draining: only epoll_wait() orders this */
            eventfd_t v;
            eventfd_read(efd, &v);
        } else {
            sum += from_pipe;
            if (read(pfd[0], &c, 1) != 1)
                return 1;
        }
        c = 'c';
        if (write(back[1], &c, 1) != 1)
            return 1;
    }
    pthread_join(t, NULL);
    printf("sum %ld\n", sum);
    return sum == 40L * 39 / 2 ? 0 : 1;
}
