/* Shows: a thread reads through a FILE's descriptor and fcloses it; main then gets the same number from open() and closes it.
 * Ordered by: nothing needs to be: the number names two different files in turn (libc's own close ends the first), so the uses and the close never meet. */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int number = -1;

static void *reader(void *arg)
{
    (void)arg;
    FILE *f = fopen("/dev/zero", "r");
    if (!f)
        return NULL;
    char c;
    if (read(fileno(f), &c, 1) != 1)
        return NULL;
    int fd = fileno(f);
    fclose(f);
    atomic_store_explicit(&number, fd, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    int seen;
    while ((seen = atomic_load_explicit(&number, memory_order_relaxed)) < 0)
        ;
    int fd = open("/dev/zero", O_RDONLY);
    if (fd != seen)
        fprintf(stderr, "descriptor %d, not %d: nothing shown\n", fd, seen);
    close(fd);
    pthread_join(t, NULL);
    return 0;
}
