/*
 * syscall_hooks.c — the system-call hooks of <sanitizer/linux_syscall_hooks.h>.
 *
 * Code that makes a raw system call (syscall(SYS_close, fd), inline
 * assembly) bypasses the interceptors; ThreadSanitizer's header lets it
 * announce the call instead: __sanitizer_syscall_pre_X(args) before,
 * __sanitizer_syscall_post_X(res, args) after, which become calls of
 * __sanitizer_syscall_pre_impl_X / __sanitizer_syscall_post_impl_X.
 * libuv does so for close when built with -fsanitize=thread (clang), so
 * without these definitions it does not link.
 *
 * The calls with a model here get the same one as the libc function
 * (interceptors_fd.c, interceptors_fd_lifetime.c): close writes the
 * descriptor and forgets its history; write and pwrite64 read the buffer
 * and release into the file's key; read and pread64 use the descriptor,
 * then acquire from the file's key and write the bytes received. Every
 * other hook the header declares is accepted and does nothing
 * (syscall_hook_names.h): the interceptors see none of those calls
 * either, so what the model loses is only what a raw call would lose
 * anyway.
 *
 * The header passes every argument as a long. Called by the program's
 * threads, outside the runtime.
 */
#include "fd_race.h"
#include "interceptors_keys.h"
#include "syscall_hook_names.h"
#include "thread.h"

#define HOOK(kind, name) __sanitizer_syscall_##kind##_impl_##name

void HOOK(pre, close)(long fd);
void HOOK(post, close)(long res, long fd);
void HOOK(pre, write)(long fd, long buf, long count);
void HOOK(post, write)(long res, long fd, long buf, long count);
void HOOK(pre, pwrite64)(long fd, long buf, long count, long off);
void HOOK(post, pwrite64)(long res, long fd, long buf, long count, long off);
void HOOK(pre, read)(long fd, long buf, long count);
void HOOK(post, read)(long res, long fd, long buf, long count);
void HOOK(pre, pread64)(long fd, long buf, long count, long off);
void HOOK(post, pread64)(long res, long fd, long buf, long count, long off);

void HOOK(pre, close)(long fd)
{
    fd_race_closing(cur_thread(), (int)fd, CALLER_PC());
}

void HOOK(post, close)(long res, long fd)
{
    (void)res, (void)fd;
}

static void before_write(int fd, const void *buf, long count, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore && count >= 0)
        fd_before_send(t, fd, buf, (size_t)count, pc);
}

static void before_read(int fd, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        fd_race_use(t, fd, pc);
}

static void after_read(long res, int fd, void *buf, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        fd_after_receive(t, fd, buf, (ssize_t)res, pc);
}

void HOOK(pre, write)(long fd, long buf, long count)
{
    before_write((int)fd, (const void *)buf, count, CALLER_PC());
}

void HOOK(post, write)(long res, long fd, long buf, long count)
{
    (void)res, (void)fd, (void)buf, (void)count;
}

void HOOK(pre, pwrite64)(long fd, long buf, long count, long off)
{
    (void)off;
    before_write((int)fd, (const void *)buf, count, CALLER_PC());
}

void HOOK(post, pwrite64)(long res, long fd, long buf, long count, long off)
{
    (void)res, (void)fd, (void)buf, (void)count, (void)off;
}

void HOOK(pre, read)(long fd, long buf, long count)
{
    (void)buf, (void)count;
    before_read((int)fd, CALLER_PC());
}

void HOOK(post, read)(long res, long fd, long buf, long count)
{
    (void)count;
    after_read(res, (int)fd, (void *)buf, CALLER_PC());
}

void HOOK(pre, pread64)(long fd, long buf, long count, long off)
{
    (void)buf, (void)count, (void)off;
    before_read((int)fd, CALLER_PC());
}

void HOOK(post, pread64)(long res, long fd, long buf, long count, long off)
{
    (void)count, (void)off;
    after_read(res, (int)fd, (void *)buf, CALLER_PC());
}

/* The rest take their arguments as longs too; a definition without
 * parameters ignores them (the caller owns the argument registers and
 * stack on every ABI this runs on). */
#define NO_MODEL(name)                                                                         \
    void HOOK(pre, name)(void);                                                                \
    void HOOK(post, name)(void);                                                               \
    void HOOK(pre, name)(void) {}                                                              \
    void HOOK(post, name)(void) {}
SYSCALL_HOOKS_WITHOUT_MODEL(NO_MODEL)
