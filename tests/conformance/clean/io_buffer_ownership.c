/* Shows: a sender that reuses its buffer once the receiver acknowledged it, and a receiver that recycles the sender's buffer in between (write() reads the buffer, read() writes only the bytes it returns).
 * Ordered by: write() reads its buffer before the release on the pipe; read() writes its buffer after the acquire; the acknowledgement pipe orders the other direction. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int data_pipe[2], ack_pipe[2];
static char sendbuf[128];
static char recvbuf[128];

static void *receiver(void *arg)
{
    (void)arg;
    for (int round = 0; round < 40; round++) {
        memset(recvbuf + 64, 'z', 64); /* bytes no read() returns */
        ssize_t n = read(data_pipe[0], recvbuf, 64);
        if (n != 64 || recvbuf[0] != (char)('A' + round % 26))
            return NULL;
        sendbuf[0] = 0; /* the sender is done with it: its write() was before ours read */
        char ack = 'k';
        if (write(ack_pipe[1], &ack, 1) != 1)
            return NULL;
    }
    return NULL;
}

int main(void)
{
    if (pipe(data_pipe) || pipe(ack_pipe))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, receiver, NULL);
    for (int round = 0; round < 40; round++) {
        memset(sendbuf, 'A' + round % 26, 64);
        if (write(data_pipe[1], sendbuf, 64) != 64)
            return 1;
        char ack;
        if (read(ack_pipe[0], &ack, 1) != 1)
            return 1;
    }
    pthread_join(t, NULL);
    printf("%c\n", recvbuf[64]);
    return 0;
}
