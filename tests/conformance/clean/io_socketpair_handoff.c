/* Shows: a request/response protocol over a socketpair (send/recv one way, sendmsg/recvmsg the other), with the payload in shared memory.
 * Ordered by: data written before send()/sendmsg() on a socket happens-before what follows the matching recv()/recvmsg(). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

static int sv[2];
static int request[64];
static long response;

static void *server(void *arg)
{
    (void)arg;
    for (;;) {
        int n;
        if (recv(sv[1], &n, sizeof n, MSG_WAITALL) != (ssize_t)sizeof n || n < 0)
            return NULL;
        long sum = 0;
        for (int i = 0; i < n; i++)
            sum += request[i]; /* filled by the client before send() */
        response = sum;
        char ok = 1;
        struct iovec iov = { &ok, 1 };
        struct msghdr mh;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        if (sendmsg(sv[1], &mh, 0) != 1)
            return NULL;
    }
}

int main(void)
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, server, NULL);
    for (int round = 1; round <= 50; round++) {
        for (int i = 0; i < round && i < 64; i++)
            request[i] = i + round;
        int n = round < 64 ? round : 64;
        if (send(sv[0], &n, sizeof n, 0) != (ssize_t)sizeof n)
            return 1;
        char ok;
        struct iovec iov = { &ok, 1 };
        struct msghdr mh;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        if (recvmsg(sv[0], &mh, 0) != 1)
            return 1;
        long want = 0;
        for (int i = 0; i < n; i++)
            want += i + round;
        if (response != want) /* written by the server before sendmsg() */
            return 1;
    }
    int stop = -1;
    if (send(sv[0], &stop, sizeof stop, 0) != (ssize_t)sizeof stop)
        return 1;
    pthread_join(t, NULL);
    printf("ok\n");
    return 0;
}
