/* Shows: one thread maps a scratch area, uses it and unmaps it; another thread later maps new memory at the same address and uses it, with no synchronization between the two.
 * Ordered by: nothing is needed: after munmap the old memory is gone; the new mapping holds new contents, so the old thread's accesses cannot race with the new ones. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/mman.h>

#define SIZE (64 * 1024)

static _Atomic(char *) released; /* relaxed: no happens-before */

static void *first_owner(void *arg)
{
    (void)arg;
    char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    for (int i = 0; i < SIZE; i += 64)
        p[i] = (char)i;
    munmap(p, SIZE);
    atomic_store_explicit(&released, p, memory_order_relaxed);
    return NULL;
}

static void *second_owner(void *arg)
{
    (void)arg;
    char *where;
    while (!(where = atomic_load_explicit(&released, memory_order_relaxed)))
        sched_yield();
    char *p = mmap(where, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    long sum = 0;
    for (int i = 0; i < SIZE; i += 64) {
        sum += p[i]; /* zero: new memory */
        p[i] = 1;
    }
    munmap(p, SIZE);
    return (void *)sum;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&b, NULL, second_owner, NULL);
    pthread_create(&a, NULL, first_owner, NULL);
    void *r;
    pthread_detach(a);
    pthread_join(b, &r);
    printf("sum %ld\n", (long)r);
    return r == NULL ? 0 : 1;
}
