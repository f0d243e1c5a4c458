/* Shows: the correct twin of racy/thread_reads_parent_write.c: the parent writes a again only after joining the reader.
 * Ordered by: a = 1 happens-before pthread_create; the child's read happens-before the join that precedes a = 2. */
#include <pthread.h>
#include <stdio.h>

static int a;

static void *print_a(void *arg)
{
    (void)arg;
    int seen = a;
    return (void *)(long)seen;
}

int main(void)
{
    pthread_t t;
    void *seen;
    a = 1;
    pthread_create(&t, NULL, print_a, NULL);
    pthread_join(t, &seen);
    a = 2;
    printf("%ld %d\n", (long)seen, a);
    return (long)seen == 1 ? 0 : 1;
}
