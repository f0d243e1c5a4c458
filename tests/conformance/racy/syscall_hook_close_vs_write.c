/* Shows: a raw close system call, announced by <sanitizer/linux_syscall_hooks.h> (as libuv does), racing with a write on that descriptor in another thread.
 * Racy: the hook's close writes the descriptor and the write reads it (as for libc's close); only a relaxed flag orders the write first. */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include) && __has_include(<sanitizer/linux_syscall_hooks.h>)
#include <sanitizer/linux_syscall_hooks.h>
#else /* gcc ships no copy of the header: its two declarations */
void __sanitizer_syscall_pre_impl_close(long fd);
void __sanitizer_syscall_post_impl_close(long res, long fd);
#define __sanitizer_syscall_pre_close(fd) __sanitizer_syscall_pre_impl_close((long)(fd))
#define __sanitizer_syscall_post_close(res, fd) __sanitizer_syscall_post_impl_close(res, (long)(fd))
#endif

static int fds[2];
static atomic_int done;

static void *writer(void *arg)
{
    (void)arg;
    if (write(fds[1], "x", 1) != 1) /* RACE */
        return NULL;
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    if (pipe(fds) != 0)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    __sanitizer_syscall_pre_close(fds[1]); /* RACE */
    long r = syscall(SYS_close, fds[1]);
    __sanitizer_syscall_post_close(r, fds[1]);
    pthread_join(t, NULL);
    close(fds[0]);
    return 0;
}
