/* Shows: a worker publishing results one at a time and waking the consumer through an eventfd (eventfd_write/eventfd_read and plain write/read of the counter).
 * Ordered by: data written before writing an eventfd happens-before what follows the read of that eventfd. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int efd, ack;
static double results[32];

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 32; i++) {
        results[i] = i * 1.5;
        if (i % 2)
            eventfd_write(efd, 1);
        else {
            uint64_t one = 1;
            if (write(efd, &one, sizeof one) != (ssize_t)sizeof one)
                return NULL;
        }
        eventfd_t v; /* wait until the consumer took it: one result in flight */
        eventfd_read(ack, &v);
    }
    return NULL;
}

int main(void)
{
    efd = eventfd(0, 0);
    ack = eventfd(0, 0);
    if (efd < 0 || ack < 0)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    double total = 0;
    for (int i = 0; i < 32; i++) {
        uint64_t v;
        if (i % 3) {
            if (read(efd, &v, sizeof v) != (ssize_t)sizeof v)
                return 1;
        } else {
            eventfd_read(efd, &v);
        }
        total += results[i];
        results[i] = -1; /* the worker wrote it before waking us */
        eventfd_write(ack, 1);
    }
    pthread_join(t, NULL);
    printf("total %.1f\n", total);
    return 0;
}
