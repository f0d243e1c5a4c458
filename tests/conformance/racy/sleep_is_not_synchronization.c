/* Shows: "it works because the thread has long finished by then": ordering by sleeping.
 * Racy: a sleep orders nothing for a happens-before detector (or the memory model); the write and read have no edge. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int status;

static void *worker(void *arg)
{
    (void)arg;
    status = 200; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    usleep(20 * 1000);
    int s = status; /* RACE */
    pthread_join(t, NULL);
    printf("status %d\n", s);
    return 0;
}
