/* Shows: main writes data and sends a message on a POSIX message queue; an mq_notify(SIGEV_THREAD) callback receives it, reads the data and posts a semaphore.
 * Ordered by: mq_send happens-before the notification and the mq_receive of that message; sem_post happens-before sem_wait. */
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static mqd_t q;
static long data;
static long seen;
static sem_t done;

static void on_message(union sigval v)
{
    (void)v;
    char msg[64];
    if (mq_receive(q, msg, sizeof msg, NULL) > 0)
        seen = data + msg[0];
    sem_post(&done);
}

int main(void)
{
    char name[64];
    snprintf(name, sizeof name, "/racetest-mq-%d", (int)getpid());
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 64};
    q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    if (q == (mqd_t)-1) {
        perror("mq_open: nothing shown");
        return 0;
    }
    mq_unlink(name);
    sem_init(&done, 0, 0);
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_message;
    mq_notify(q, &ev);
    data = 41;
    mq_send(q, "\1", 1, 0);
    sem_wait(&done);
    printf("%ld\n", seen);
    mq_close(q);
    return 0;
}
