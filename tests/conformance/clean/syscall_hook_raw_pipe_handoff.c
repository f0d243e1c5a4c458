/* Shows: raw write and read system calls on a pipe, announced by <sanitizer/linux_syscall_hooks.h>, handing a buffer from one thread to another; then a raw close after the join, and a hook racetest gives no meaning to.
 * Clean: the announced write releases into the pipe and the announced read acquires from it, as libc's write and read do; the join orders the close after the writer's uses. */
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include) && __has_include(<sanitizer/linux_syscall_hooks.h>)
#include <sanitizer/linux_syscall_hooks.h>
#else /* gcc ships no copy of the header: the declarations used here */
void __sanitizer_syscall_pre_impl_close(long fd);
void __sanitizer_syscall_post_impl_close(long res, long fd);
void __sanitizer_syscall_pre_impl_write(long fd, long buf, long count);
void __sanitizer_syscall_post_impl_write(long res, long fd, long buf, long count);
void __sanitizer_syscall_pre_impl_read(long fd, long buf, long count);
void __sanitizer_syscall_post_impl_read(long res, long fd, long buf, long count);
void __sanitizer_syscall_pre_impl_getpid(void);
void __sanitizer_syscall_post_impl_getpid(long res);
#define __sanitizer_syscall_pre_close(fd) __sanitizer_syscall_pre_impl_close((long)(fd))
#define __sanitizer_syscall_post_close(res, fd) __sanitizer_syscall_post_impl_close(res, (long)(fd))
#define __sanitizer_syscall_pre_write(fd, buf, count)                                             \
    __sanitizer_syscall_pre_impl_write((long)(fd), (long)(buf), (long)(count))
#define __sanitizer_syscall_post_write(res, fd, buf, count)                                       \
    __sanitizer_syscall_post_impl_write(res, (long)(fd), (long)(buf), (long)(count))
#define __sanitizer_syscall_pre_read(fd, buf, count)                                              \
    __sanitizer_syscall_pre_impl_read((long)(fd), (long)(buf), (long)(count))
#define __sanitizer_syscall_post_read(res, fd, buf, count)                                        \
    __sanitizer_syscall_post_impl_read(res, (long)(fd), (long)(buf), (long)(count))
#define __sanitizer_syscall_pre_getpid() __sanitizer_syscall_pre_impl_getpid()
#define __sanitizer_syscall_post_getpid(res) __sanitizer_syscall_post_impl_getpid(res)
#endif

static int fds[2];
static int payload[64];

static long raw_write(int fd, const void *buf, long n)
{
    __sanitizer_syscall_pre_write(fd, buf, n);
    long r = syscall(SYS_write, fd, buf, n);
    __sanitizer_syscall_post_write(r, fd, buf, n);
    return r;
}

static long raw_read(int fd, void *buf, long n)
{
    __sanitizer_syscall_pre_read(fd, buf, n);
    long r = syscall(SYS_read, fd, buf, n);
    __sanitizer_syscall_post_read(r, fd, buf, n);
    return r;
}

static void raw_close(int fd)
{
    __sanitizer_syscall_pre_close(fd);
    long r = syscall(SYS_close, fd);
    __sanitizer_syscall_post_close(r, fd);
}

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 64; i++)
        payload[i] = i * i;
    char token = 'x';
    raw_write(fds[1], &token, 1);
    return NULL;
}

int main(void)
{
    if (pipe(fds) != 0)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    char token;
    if (raw_read(fds[0], &token, 1) != 1)
        return 1;
    long sum = 0;
    for (int i = 0; i < 64; i++)
        sum += payload[i];
    pthread_join(t, NULL);
    raw_close(fds[1]);
    raw_close(fds[0]);
    __sanitizer_syscall_pre_getpid();
    long pid = syscall(SYS_getpid);
    __sanitizer_syscall_post_getpid(pid);
    return sum == 85344 && token == 'x' && pid > 0 ? 0 : 1;
}
