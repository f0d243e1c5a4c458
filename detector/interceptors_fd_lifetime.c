/*
 * interceptors_fd_lifetime.c — where descriptors begin and end, for the
 * races on descriptors (fd_race.h).
 *
 * close writes the descriptor (a use in another thread that nothing orders
 * with it is a race), then forgets its history; dup2/dup3 close their
 * target the same way. Every call that hands out a descriptor number
 * forgets that number's history: it refers to a new file, whatever was
 * recorded for the number before belongs to a file closed behind our back.
 * Calls made by the runtime only forget.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "fd_race.h"
#include "interceptors.h"
#include "thread.h"

/* The result r of a call that creates one descriptor. */
static int created(int r)
{
    if (r >= 0)
        fd_race_created(r);
    return r;
}

int close(int fd)
{
    fd_race_closing(cur_thread(), fd, CALLER_PC());
    return REAL(close)(fd);
}

int dup(int fd)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        fd_race_use(t, fd, CALLER_PC());
    return created(REAL(dup)(fd));
}

/* newfd is closed by the call (when open and not fd itself). */
static void before_dup_onto(struct rt_thread *t, int fd, int newfd, uptr pc)
{
    if (t->ignore)
        return;
    fd_race_use(t, fd, pc);
    if (newfd != fd && fcntl(newfd, F_GETFD) >= 0)
        fd_race_close(t, newfd, pc);
}

int dup2(int fd, int newfd)
{
    int saved = errno;
    before_dup_onto(cur_thread(), fd, newfd, CALLER_PC());
    errno = saved;
    return created(REAL(dup2)(fd, newfd));
}

int dup3(int fd, int newfd, int flags)
{
    int saved = errno;
    before_dup_onto(cur_thread(), fd, newfd, CALLER_PC());
    errno = saved;
    return created(REAL(dup3)(fd, newfd, flags));
}

/* The mode argument exists only with these flags (open(2)). */
static mode_t open_mode(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

#define DEFINE_OPEN(name, params, args)                                                        \
    int name params                                                                            \
    {                                                                                          \
        va_list ap;                                                                            \
        va_start(ap, flags);                                                                   \
        mode_t mode = open_mode(flags, ap);                                                    \
        va_end(ap);                                                                            \
        return created(REAL(name) args);                                                       \
    }

DEFINE_OPEN(open, (const char *path, int flags, ...), (path, flags, mode))
DEFINE_OPEN(open64, (const char *path, int flags, ...), (path, flags, mode))
DEFINE_OPEN(openat, (int dirfd, const char *path, int flags, ...), (dirfd, path, flags, mode))
DEFINE_OPEN(openat64, (int dirfd, const char *path, int flags, ...), (dirfd, path, flags, mode))

/* _FORTIFY_SOURCE's open without a mode. */
extern int __open_2(const char *path, int flags);
extern int __open64_2(const char *path, int flags);
int __open_2(const char *path, int flags) { return created(REAL(__open_2)(path, flags)); }
int __open64_2(const char *path, int flags) { return created(REAL(__open64_2)(path, flags)); }

int creat(const char *path, mode_t mode) { return created(REAL(creat)(path, mode)); }
int creat64(const char *path, mode_t mode) { return created(REAL(creat64)(path, mode)); }

int socket(int domain, int type, int proto) { return created(REAL(socket)(domain, type, proto)); }

/* A pair of new descriptors in fds[0..1]. */
static int created_pair(int r, const int *fds)
{
    if (r == 0) {
        fd_race_created(fds[0]);
        fd_race_created(fds[1]);
    }
    return r;
}

int socketpair(int domain, int type, int proto, int fds[2])
{
    return created_pair(REAL(socketpair)(domain, type, proto, fds), fds);
}

int pipe(int fds[2]) { return created_pair(REAL(pipe)(fds), fds); }
int pipe2(int fds[2], int flags) { return created_pair(REAL(pipe2)(fds, flags), fds); }

/* Anonymous inodes: every one has the same identity (fd_race.h), so only
 * their creation tells them apart. */
int eventfd(unsigned value, int flags) { return created(REAL(eventfd)(value, flags)); }
int epoll_create(int size) { return created(REAL(epoll_create)(size)); }
int epoll_create1(int flags) { return created(REAL(epoll_create1)(flags)); }
int timerfd_create(int clock, int flags) { return created(REAL(timerfd_create)(clock, flags)); }
int inotify_init(void) { return created(REAL(inotify_init)()); }
int inotify_init1(int flags) { return created(REAL(inotify_init1)(flags)); }

int signalfd(int fd, const sigset_t *mask, int flags)
{
    return created(REAL(signalfd)(fd, mask, flags));
}
