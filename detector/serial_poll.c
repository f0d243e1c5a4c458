/*
 * serial_poll.c — poll-like timeouts in virtual time (serial_poll.h).
 *
 * Descriptors are classified by the file system they live on (fstatfs),
 * which tells an anonymous pipe (pipefs) from a named FIFO on disk, and
 * sockets by domain and names: a socketpair is AF_UNIX with neither end
 * named. An epoll instance's descriptors are read from
 * /proc/self/fdinfo, with raw system calls (no interceptor runs).
 */
#include "serial_poll.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <unistd.h>

#define NS_PER_S 1000000000LL

bool serial_poll_begin(struct rt_thread *t, struct serial_poll *sp, int64_t timeout_ns)
{
    if (!serial(t) || timeout_ns <= 0)
        return false;
    struct timespec rel = {timeout_ns / NS_PER_S, timeout_ns % NS_PER_S};
    t->ignore++;
    sp->at = sched_wait_deadline(CLOCK_MONOTONIC, false, &rel);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);   /* the program's reading: skew included */
    t->ignore--;
    if (sp->at == SCHED_NO_DEADLINE)
        return false;
    int64_t end = now.tv_sec * NS_PER_S + now.tv_nsec + timeout_ns;
    sp->end = (struct timespec){end / NS_PER_S, end % NS_PER_S};
    sp->timed_out = sp->gave_up = false;
    return true;
}

bool serial_poll_wait(struct rt_thread *t, struct serial_poll *sp)
{
    switch (serial_wait_until(t, NULL, sp->at)) {
    case SCHED_WAIT_AGAIN:
        return true;
    case SCHED_WAIT_TIMED_OUT:
        sp->timed_out = true;
        t->ignore++;
        sched_time_reached(CLOCK_MONOTONIC, &sp->end);
        t->ignore--;
        return false;
    case SCHED_WAIT_GIVE_UP:
        break;
    }
    sp->gave_up = true;
    return false;
}

static bool fd_internal(int fd)
{
    struct statfs fs;
    if (fstatfs(fd, &fs) != 0)
        return false;
    if (fs.f_type == PIPEFS_MAGIC)
        return true;
    if (fs.f_type != SOCKFS_MAGIC)
        return false;
    int domain;
    socklen_t len = sizeof domain;
    struct sockaddr_un self, peer;
    socklen_t self_len = sizeof self, peer_len = sizeof peer;
    return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_UNIX &&
           getsockname(fd, (struct sockaddr *)&self, &self_len) == 0 &&
           getpeername(fd, (struct sockaddr *)&peer, &peer_len) == 0 &&
           self_len == sizeof(sa_family_t) && peer_len == sizeof(sa_family_t);
}

bool poll_fds_internal(const struct pollfd *fds, nfds_t n)
{
    for (nfds_t i = 0; i < n; i++)
        if (fds[i].fd >= 0 && !fd_internal(fds[i].fd))   /* poll ignores a negative fd */
            return false;
    return true;
}

bool select_fds_internal(int nfds, const fd_set *rd, const fd_set *wr, const fd_set *ex)
{
    for (int fd = 0; fd < nfds && fd < FD_SETSIZE; fd++)
        if (((rd && FD_ISSET(fd, rd)) || (wr && FD_ISSET(fd, wr)) || (ex && FD_ISSET(fd, ex))) &&
            !fd_internal(fd))
            return false;
    return true;
}

/* The "tfd: N" lines of /proc/self/fdinfo/EPFD; an instance whose list
 * does not fit the buffer counts as external. */
bool epoll_fds_internal(int epfd)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", epfd);
    long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    size_t len = 0;
    long n;
    while (len < sizeof buf - 1 && (n = syscall(SYS_read, fd, buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    bool whole = syscall(SYS_read, fd, path, 1) == 0;
    syscall(SYS_close, fd);
    if (!whole)
        return false;
    buf[len] = '\0';
    for (char *p = buf; (p = strstr(p, "tfd:")); p += 4) {
        int target;
        if (sscanf(p + 4, "%d", &target) != 1 || !fd_internal(target))
            return false;
    }
    return true;
}
