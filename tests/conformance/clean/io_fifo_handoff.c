/* Shows: two threads handing a buffer over through a named FIFO, each end opened by path.
 * Ordered by: both ends of a FIFO are the same file; a write() on one end happens-before the read() that returns its bytes on the other. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[64];
static char buffer[256];

static void *writer(void *arg)
{
    (void)arg;
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return NULL;
    for (int i = 0; i < 255; i++)
        buffer[i] = (char)('a' + i % 26);
    int len = 255;
    if (write(fd, &len, sizeof len) != (ssize_t)sizeof len)
        return NULL;
    close(fd);
    return NULL;
}

int main(void)
{
    char dir[] = "/tmp/racetest-fifo-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/fifo", dir);
    if (mkfifo(path, 0600))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    int fd = open(path, O_RDONLY);
    int len = 0;
    if (fd < 0 || read(fd, &len, sizeof len) != (ssize_t)sizeof len)
        return 1;
    int ok = len == 255 && buffer[0] == 'a' && buffer[254] == (char)('a' + 254 % 26);
    memset(buffer, 0, sizeof buffer); /* ours now */
    close(fd);
    pthread_join(t, NULL);
    unlink(path);
    rmdir(dir);
    printf("%s\n", ok ? "ok" : "wrong");
    return ok ? 0 : 1;
}
