/* Shows: two threads writing the same word of a freshly mapped shared page without synchronization.
 * Racy: mapping resets the history of the page once, before both writes; the writes themselves stay unordered. */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>

static long *page;

static void *writer(void *arg)
{
    (void)arg;
    page[8] = 1; /* RACE */
    return NULL;
}

int main(void)
{
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    page[8] = 2; /* RACE */
    pthread_join(t, NULL);
    printf("%ld\n", page[8]);
    munmap(page, 4096);
    return 0;
}
