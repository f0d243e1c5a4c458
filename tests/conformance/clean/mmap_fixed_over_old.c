/* Shows: a thread replaces a mapping that another thread used with a new MAP_FIXED mapping (no munmap in between), and mremap moves a third mapping over the same range, each new owner working on the fresh contents.
 * Ordered by: nothing is needed: each mmap/mremap installs new memory at those addresses; what earlier owners did to the old contents cannot race with the new owner. */
#define _GNU_SOURCE /* mremap */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define SIZE (16 * 4096)

static char *area;
static atomic_int phase; /* relaxed: no happens-before */

static void wait_phase(int want)
{
    while (atomic_load_explicit(&phase, memory_order_relaxed) != want)
        sched_yield();
}

static void *first(void *arg)
{
    (void)arg;
    memset(area, 'a', SIZE);
    area[100] = 'x';
    atomic_store_explicit(&phase, 1, memory_order_relaxed);
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    wait_phase(1);
    if (mmap(area, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
        return (void *)1;
    long bad = area[100] != 0; /* fresh zero page */
    memset(area, 'b', SIZE);
    atomic_store_explicit(&phase, 2, memory_order_relaxed);
    return (void *)bad;
}

static void *third(void *arg)
{
    (void)arg;
    wait_phase(2);
    char *spare = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (spare == MAP_FAILED)
        return (void *)1;
    spare[100] = 'c';
    if (mremap(spare, SIZE, SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, area) != area)
        return (void *)1;
    long bad = area[100] != 'c';
    area[100] = 'd';
    area[SIZE - 1] = 'd';
    return (void *)bad;
}

int main(void)
{
    area = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        return 1;
    pthread_t t[3];
    void *(*fn[3])(void *) = { first, second, third };
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, fn[i], NULL);
    long bad = 0;
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    printf("bad %ld, %c\n", bad, area[100]);
    return bad ? 1 : 0;
}
