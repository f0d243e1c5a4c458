/*
 * interceptors_fd.c — happens-before through file descriptors, and the user
 * buffers that read/write-like calls touch.
 *
 * Model: data written before write()/send() (and friends) on a descriptor
 * happens-before what follows a read()/recv() on the same file, and a
 * poll/select/epoll_wait that reports it ready. So a write releases into
 * the key of the file it goes to and a read acquires it after returning.
 *
 * Keys (interceptors_keys.h): what a descriptor refers to is found with
 * fstat at every call, never cached, because libc opens and closes
 * descriptors behind our back (fopen, fclose) and a stale cache could miss
 * an edge. Pipes, FIFOs and files: their (st_dev, st_ino), hashed; both ends
 * of a pipe share the inode. Sockets: one key for all (the two ends of a
 * connection have different inodes, and we cannot pair them cheaply).
 * Anonymous inodes (eventfd, signalfd, timerfd, epoll): one key; reading
 * one also acquires the signal key, because a signalfd is one of them.
 * Shared keys only add edges: races may hide, never appear.
 *
 * epoll_wait reports events by user data, not by descriptor, so
 * epoll_ctl records the keys of the descriptors registered on each epoll
 * instance (and nested instances), and epoll_wait acquires them all.
 *
 * Buffers: write() reads its buffer (checked before the release, so that a
 * reader that reuses the sender's buffer after the read is ordered after
 * it); read() writes the bytes it returned (checked after the acquire).
 * close() is not modeled as synchronization. Every use of a descriptor
 * is also checked against its close (fd_race.h). Flow control (a writer
 * unblocked because a reader drained the pipe) is not modeled either.
 *
 * errno is preserved around everything the model does after the real call.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "access.h"
#include "fd_race.h"
#include "interceptors.h"
#include "interceptors_keys.h"
#include "serial_poll.h"
#include "sync.h"
#include "thread.h"

/* ---- keys and the two halves of the model ------------------------------ */

/* The key of the file fd refers to; 0 if fd is not open. */
static uptr fd_key(int fd, bool *anon)
{
    struct stat st;
    *anon = false;
    if (fd < 0 || fstat(fd, &st) != 0)
        return 0;
    fd_race_file_seen(fd, fd_race_ident(&st));
    if (S_ISSOCK(st.st_mode))
        return SOCKET_KEY;
    if ((st.st_mode & S_IFMT) == 0) {
        *anon = true;
        return ANON_FD_KEY;
    }
    u64 h = (u64)st.st_dev * 0x9E3779B97F4A7C15ull ^ (u64)st.st_ino * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 31;
    return FD_KEY(h & (FD_KEY_BUCKETS - 1));
}

void fd_sync_release(struct rt_thread *t, int fd)
{
    bool anon;
    uptr k = fd_key(fd, &anon);
    if (k)
        sync_release(t, k);
}

void fd_sync_acquire(struct rt_thread *t, int fd)
{
    bool anon;
    uptr k = fd_key(fd, &anon);
    if (k)
        sync_acquire(t, k);
    if (anon)
        sync_acquire(t, SIGNAL_KEY);
}

/* Before a call that sends what the thread wrote: the buffer is read, then
 * everything so far is released into the file's key. */
void fd_before_send(struct rt_thread *t, int fd, const void *buf, size_t n, uptr pc)
{
    int saved = errno;
    fd_race_use(t, fd, pc);
    if (buf && n)
        access_range(t, (uptr)buf, n, false, false, pc);
    rt_enter(t);
    fd_sync_release(t, fd);
    rt_leave(t);
    errno = saved;
}

static void after_send(struct rt_thread *t)
{
    int saved = errno;
    perturb(t, SCHED_AFTER_UNLOCK);
    errno = saved;
}

/* After a call that received r bytes (r < 0: it failed, nothing happened). */
void fd_after_receive(struct rt_thread *t, int fd, void *buf, ssize_t r, uptr pc)
{
    if (r < 0)
        return;
    int saved = errno;
    rt_enter(t);
    fd_sync_acquire(t, fd);
    rt_leave(t);
    if (buf && r > 0)
        access_range(t, (uptr)buf, (uptr)r, true, false, pc);
    errno = saved;
}

/* The buffers of an iovec array: all of them (limit = SIZE_MAX) or the
 * first `limit` bytes, which is what a vectored read filled. */
static void iov_access(struct rt_thread *t, const struct iovec *iov, size_t cnt, size_t limit,
                       bool is_write, uptr pc)
{
    if (!iov)
        return;
    access_range(t, (uptr)iov, cnt * sizeof *iov, false, false, pc);
    for (size_t i = 0; i < cnt && limit > 0; i++) {
        size_t n = iov[i].iov_len < limit ? iov[i].iov_len : limit;
        if (n)
            access_range(t, (uptr)iov[i].iov_base, n, is_write, false, pc);
        limit -= n;
    }
}

static void before_sendv(struct rt_thread *t, int fd, const struct iovec *iov, size_t cnt,
                         uptr pc)
{
    int saved = errno;
    iov_access(t, iov, cnt, (size_t)-1, false, pc);
    fd_before_send(t, fd, NULL, 0, pc);
    errno = saved;
}

static void after_receivev(struct rt_thread *t, int fd, const struct iovec *iov, size_t cnt,
                           ssize_t r, uptr pc)
{
    if (r < 0)
        return;
    int saved = errno;
    fd_after_receive(t, fd, NULL, r, pc);
    iov_access(t, iov, cnt, (size_t)r, true, pc);
    errno = saved;
}

/* Pass-through for calls made by the runtime or by threads it ignores. */
#define FORWARD_IF_IGNORED(t, call)                                                            \
    do {                                                                                       \
        if ((t)->ignore)                                                                       \
            return call;                                                                       \
    } while (0)

/* A call that sends `n` bytes of buf (or nothing: buf NULL) on fd. */
#define SEND_LIKE(fn, fd, buf, n, call)                                                        \
    struct rt_thread *t = cur_thread();                                                        \
    FORWARD_IF_IGNORED(t, REAL(fn) call);                                                      \
    fd_before_send(t, fd, buf, n, CALLER_PC());                                                \
    ssize_t r = REAL(fn) call;                                                                 \
    after_send(t);                                                                             \
    return r

/* A call that receives into buf (NULL: none we know) from fd. */
#define RECEIVE_LIKE(fn, fd, buf, call)                                                        \
    struct rt_thread *t = cur_thread();                                                        \
    FORWARD_IF_IGNORED(t, REAL(fn) call);                                                      \
    uptr pc = CALLER_PC();                                                                     \
    fd_race_use(t, fd, pc);                                                                    \
    perturb(t, SCHED_BEFORE_WAIT);                                                             \
    ssize_t r = REAL(fn) call;                                                                 \
    perturb(t, SCHED_AFTER_WAIT);                                                              \
    fd_after_receive(t, fd, buf, r, pc);                                                       \
    return r

/* ---- write side ------------------------------------------------------------ */

ssize_t write(int fd, const void *buf, size_t n)
{
    SEND_LIKE(write, fd, buf, n, (fd, buf, n));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    SEND_LIKE(pwrite, fd, buf, n, (fd, buf, n, off));
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    SEND_LIKE(pwrite64, fd, buf, n, (fd, buf, n, off));
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    SEND_LIKE(send, fd, buf, n, (fd, buf, n, flags));
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to,
               socklen_t tolen)
{
    SEND_LIKE(sendto, fd, buf, n, (fd, buf, n, flags, to, tolen));
}

#define SENDV_LIKE(fn, fd, iov, cnt, call)                                                     \
    struct rt_thread *t = cur_thread();                                                        \
    FORWARD_IF_IGNORED(t, REAL(fn) call);                                                      \
    before_sendv(t, fd, iov, cnt, CALLER_PC());                                                \
    ssize_t r = REAL(fn) call;                                                                 \
    after_send(t);                                                                             \
    return r

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    SENDV_LIKE(writev, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt));
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
    SENDV_LIKE(pwritev, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt, off));
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off_t off)
{
    SENDV_LIKE(pwritev64, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt, off));
}

ssize_t pwritev2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
    SENDV_LIKE(pwritev2, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt, off, flags));
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    SENDV_LIKE(sendmsg, fd, msg ? msg->msg_iov : NULL, msg ? msg->msg_iovlen : 0,
               (fd, msg, flags));
}

int sendmmsg(int fd, struct mmsghdr *vec, unsigned n, int flags)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(sendmmsg)(fd, vec, n, flags));
    fd_before_send(t, fd, NULL, 0, CALLER_PC());
    int r = REAL(sendmmsg)(fd, vec, n, flags);
    after_send(t);
    return r;
}

int eventfd_write(int fd, eventfd_t value)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(eventfd_write)(fd, value));
    fd_before_send(t, fd, NULL, 0, CALLER_PC());
    int r = REAL(eventfd_write)(fd, value);
    after_send(t);
    return r;
}

/* A connection made, or the end of the stream announced, is seen by the
 * peer's accept() or read(). */
int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(connect)(fd, addr, len));
    fd_before_send(t, fd, NULL, 0, CALLER_PC());
    return REAL(connect)(fd, addr, len);
}

int shutdown(int fd, int how)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(shutdown)(fd, how));
    fd_before_send(t, fd, NULL, 0, CALLER_PC());
    return REAL(shutdown)(fd, how);
}

/* ---- read side ---------------------------------------------------------------- */

ssize_t read(int fd, void *buf, size_t n)
{
    RECEIVE_LIKE(read, fd, buf, (fd, buf, n));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    RECEIVE_LIKE(pread, fd, buf, (fd, buf, n, off));
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
    RECEIVE_LIKE(pread64, fd, buf, (fd, buf, n, off));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    RECEIVE_LIKE(recv, fd, buf, (fd, buf, n, flags));
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from,
                 socklen_t *fromlen)
{
    RECEIVE_LIKE(recvfrom, fd, buf, (fd, buf, n, flags, from, fromlen));
}

/* _FORTIFY_SOURCE variants. */
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
    RECEIVE_LIKE(__read_chk, fd, buf, (fd, buf, n, buflen));
}

ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
    RECEIVE_LIKE(__pread_chk, fd, buf, (fd, buf, n, off, buflen));
}

ssize_t __pread64_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
    RECEIVE_LIKE(__pread64_chk, fd, buf, (fd, buf, n, off, buflen));
}

ssize_t __recv_chk(int fd, void *buf, size_t n, size_t buflen, int flags)
{
    RECEIVE_LIKE(__recv_chk, fd, buf, (fd, buf, n, buflen, flags));
}

ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t buflen, int flags,
                       struct sockaddr *from, socklen_t *fromlen)
{
    RECEIVE_LIKE(__recvfrom_chk, fd, buf, (fd, buf, n, buflen, flags, from, fromlen));
}

#define RECEIVEV_LIKE(fn, fd, iov, cnt, call)                                                  \
    struct rt_thread *t = cur_thread();                                                        \
    FORWARD_IF_IGNORED(t, REAL(fn) call);                                                      \
    uptr pc = CALLER_PC();                                                                     \
    fd_race_use(t, fd, pc);                                                                    \
    perturb(t, SCHED_BEFORE_WAIT);                                                             \
    ssize_t r = REAL(fn) call;                                                                 \
    perturb(t, SCHED_AFTER_WAIT);                                                              \
    after_receivev(t, fd, iov, cnt, r, pc);                                                    \
    return r

ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
    RECEIVEV_LIKE(readv, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt));
}

ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
    RECEIVEV_LIKE(preadv, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt, off));
}

ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off_t off)
{
    RECEIVEV_LIKE(preadv64, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt, off));
}

ssize_t preadv2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
    RECEIVEV_LIKE(preadv2, fd, iov, cnt > 0 ? (size_t)cnt : 0, (fd, iov, cnt, off, flags));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
    RECEIVEV_LIKE(recvmsg, fd, msg ? msg->msg_iov : NULL, msg ? msg->msg_iovlen : 0,
                  (fd, msg, flags));
}

int recvmmsg(int fd, struct mmsghdr *vec, unsigned n, int flags, struct timespec *timeout)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(recvmmsg)(fd, vec, n, flags, timeout));
    uptr pc = CALLER_PC();
    fd_race_use(t, fd, pc);
    perturb(t, SCHED_BEFORE_WAIT);
    int r = REAL(recvmmsg)(fd, vec, n, flags, timeout);
    perturb(t, SCHED_AFTER_WAIT);
    fd_after_receive(t, fd, NULL, r, pc);
    return r;
}

int eventfd_read(int fd, eventfd_t *value)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(eventfd_read)(fd, value));
    uptr pc = CALLER_PC();
    fd_race_use(t, fd, pc);
    perturb(t, SCHED_BEFORE_WAIT);
    int r = REAL(eventfd_read)(fd, value);
    perturb(t, SCHED_AFTER_WAIT);
    fd_after_receive(t, fd, r == 0 ? value : NULL, r == 0 ? (ssize_t)sizeof *value : -1, pc);
    return r;
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(accept)(fd, addr, len));
    uptr pc = CALLER_PC();
    fd_race_use(t, fd, pc);
    perturb(t, SCHED_BEFORE_WAIT);
    int r = REAL(accept)(fd, addr, len);
    perturb(t, SCHED_AFTER_WAIT);
    if (r >= 0)
        fd_race_created(r);
    fd_after_receive(t, r, NULL, r < 0 ? -1 : 0, pc);
    return r;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(accept4)(fd, addr, len, flags));
    uptr pc = CALLER_PC();
    fd_race_use(t, fd, pc);
    perturb(t, SCHED_BEFORE_WAIT);
    int r = REAL(accept4)(fd, addr, len, flags);
    perturb(t, SCHED_AFTER_WAIT);
    if (r >= 0)
        fd_race_created(r);
    fd_after_receive(t, r, NULL, r < 0 ? -1 : 0, pc);
    return r;
}

/* ---- both: data moved from one descriptor to another in the kernel ---------- */

ssize_t sendfile(int out, int in, off_t *off, size_t n)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(sendfile)(out, in, off, n));
    uptr pc = CALLER_PC();
    fd_before_send(t, out, NULL, 0, pc);
    ssize_t r = REAL(sendfile)(out, in, off, n);
    fd_after_receive(t, in, NULL, r, pc);
    return r;
}

ssize_t splice(int in, loff_t *off_in, int out, loff_t *off_out, size_t n, unsigned flags)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(splice)(in, off_in, out, off_out, n, flags));
    uptr pc = CALLER_PC();
    fd_before_send(t, out, NULL, 0, pc);
    ssize_t r = REAL(splice)(in, off_in, out, off_out, n, flags);
    fd_after_receive(t, in, NULL, r, pc);
    return r;
}

/* ---- readiness ------------------------------------------------------------------ */

/* After poll/ppoll returned r > 0: every descriptor with events. */
static void poll_acquire(struct rt_thread *t, struct pollfd *fds, nfds_t n, int r, uptr pc)
{
    if (r < 0)
        return;
    int saved = errno;
    rt_enter(t);
    for (nfds_t i = 0; i < n && r > 0; i++)
        if (fds[i].revents && fds[i].fd >= 0)
            fd_sync_acquire(t, fds[i].fd);
    rt_leave(t);
    if (n)
        access_range(t, (uptr)fds, n * sizeof *fds, true, false, pc);
    errno = saved;
}

/* Timeouts in ns for serial_poll.h; negative: none (wait forever), or one
 * too large to model. */
static int64_t ms_timeout(int ms) { return ms < 0 ? -1 : ms * 1000000LL; }

static int64_t ts_timeout(const struct timespec *ts)
{
    if (!ts || ts->tv_sec < 0 || ts->tv_sec > INT32_MAX || ts->tv_nsec < 0)
        return -1;
    return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static int64_t tv_timeout(const struct timeval *tv)
{
    return tv ? ts_timeout(&(struct timespec){tv->tv_sec, tv->tv_usec * 1000L}) : -1;
}

/* PROBE: the call with a zero timeout (serial_poll.h). */
#define POLL_LIKE(fn, call, timeout_ns, probe)                                                 \
    struct rt_thread *t = cur_thread();                                                        \
    FORWARD_IF_IGNORED(t, REAL(fn) call);                                                      \
    uptr pc = CALLER_PC();                                                                     \
    int r;                                                                                     \
    SERIAL_POLL(t, r, timeout_ns, poll_fds_internal(fds, n), REAL(fn) probe, REAL(fn) call);   \
    poll_acquire(t, fds, n, r, pc);                                                            \
    return r

static const struct timespec zero_ts;

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
    POLL_LIKE(poll, (fds, n, timeout), ms_timeout(timeout), (fds, n, 0));
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask)
{
    POLL_LIKE(ppoll, (fds, n, timeout, mask), ts_timeout(timeout), (fds, n, &zero_ts, mask));
}

int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen)
{
    POLL_LIKE(__poll_chk, (fds, n, timeout, fdslen), ms_timeout(timeout), (fds, n, 0, fdslen));
}

int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
                const sigset_t *mask, size_t fdslen)
{
    POLL_LIKE(__ppoll_chk, (fds, n, timeout, mask, fdslen), ts_timeout(timeout),
              (fds, n, &zero_ts, mask, fdslen));
}

/* After select/pselect returned r > 0: every descriptor left in a set. */
static void select_acquire(struct rt_thread *t, int nfds, fd_set *rd, fd_set *wr, fd_set *ex,
                           int r)
{
    if (r <= 0)
        return;
    int saved = errno;
    rt_enter(t);
    for (int fd = 0; fd < nfds && fd < FD_SETSIZE; fd++)
        if ((rd && FD_ISSET(fd, rd)) || (wr && FD_ISSET(fd, wr)) || (ex && FD_ISSET(fd, ex)))
            fd_sync_acquire(t, fd);
    rt_leave(t);
    errno = saved;
}

/* The sets a select was given: each probe (and the real call after one)
 * starts from them again, since a call leaves only the ready bits. */
struct select_sets {
    fd_set *rd, *wr, *ex;
    fd_set rd0, wr0, ex0;
};

static void sets_save(struct select_sets *s, fd_set *rd, fd_set *wr, fd_set *ex)
{
    *s = (struct select_sets){.rd = rd, .wr = wr, .ex = ex};
    if (rd)
        s->rd0 = *rd;
    if (wr)
        s->wr0 = *wr;
    if (ex)
        s->ex0 = *ex;
}

static void sets_restore(const struct select_sets *s)
{
    if (s->rd)
        *s->rd = s->rd0;
    if (s->wr)
        *s->wr = s->wr0;
    if (s->ex)
        *s->ex = s->ex0;
}

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(select)(nfds, rd, wr, ex, timeout));
    struct select_sets s;
    sets_save(&s, rd, wr, ex);
    int r;
    SERIAL_POLL(t, r, tv_timeout(timeout), select_fds_internal(nfds, rd, wr, ex),
                (sets_restore(&s), REAL(select)(nfds, rd, wr, ex, &(struct timeval){0, 0})),
                (sets_restore(&s), REAL(select)(nfds, rd, wr, ex, timeout)));
    if (r == 0 && timeout)
        *timeout = (struct timeval){0, 0};   /* as Linux leaves it at a timeout */
    select_acquire(t, nfds, rd, wr, ex, r);
    return r;
}

int pselect(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, const struct timespec *timeout,
            const sigset_t *mask)
{
    struct rt_thread *t = cur_thread();
    FORWARD_IF_IGNORED(t, REAL(pselect)(nfds, rd, wr, ex, timeout, mask));
    struct select_sets s;
    sets_save(&s, rd, wr, ex);
    int r;
    SERIAL_POLL(t, r, ts_timeout(timeout), select_fds_internal(nfds, rd, wr, ex),
                (sets_restore(&s), REAL(pselect)(nfds, rd, wr, ex, &zero_ts, mask)),
                (sets_restore(&s), REAL(pselect)(nfds, rd, wr, ex, timeout, mask)));
    select_acquire(t, nfds, rd, wr, ex, r);
    return r;
}

/* ---- epoll: the keys registered on each instance ------------------------------ */

#define EPOLL_MAX_FDS (1u << 20)
#define EPOLL_MAX_DEPTH 4
/* Entries below this are not keys but nested epoll descriptors. */
#define EPOLL_LINK_LIMIT (1ull << 32)

struct epoll_set {
    rt_spinlock lock;
    unsigned n, cap;
    uptr *keys;
};

static struct epoll_set **epoll_sets;   /* EPOLL_MAX_FDS entries, lazily backed */

/* Under rt_enter. */
static struct epoll_set *epoll_set(int epfd, bool create)
{
    if (epfd < 0 || (unsigned)epfd >= EPOLL_MAX_FDS)
        return NULL;
    struct epoll_set **table = LOAD_ACQ(&epoll_sets);
    if (!table) {
        if (!create)
            return NULL;
        struct epoll_set **fresh = rt_mmap_noreserve(EPOLL_MAX_FDS * sizeof *fresh);
        if (__atomic_compare_exchange_n(&epoll_sets, &table, fresh, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            table = fresh;
        else
            munmap(fresh, EPOLL_MAX_FDS * sizeof *fresh);
    }
    struct epoll_set *s = LOAD_ACQ(&table[epfd]);
    if (!s && create) {
        struct epoll_set *fresh = rt_alloc(sizeof *fresh);
        if (__atomic_compare_exchange_n(&table[epfd], &s, fresh, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            s = fresh;
        else
            rt_free(fresh);
    }
    return s;
}

/* Under rt_enter and s->lock. */
static void epoll_add_key(struct epoll_set *s, uptr key)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->keys[i] == key)
            return;
    if (s->n == s->cap) {
        unsigned cap = s->cap ? 2 * s->cap : 8;
        uptr *keys = rt_alloc(cap * sizeof *keys);
        for (unsigned i = 0; i < s->n; i++)
            keys[i] = s->keys[i];
        rt_free(s->keys);
        s->keys = keys;
        s->cap = cap;
    }
    s->keys[s->n++] = key;
}

/* Under rt_enter: fd was registered on epfd. Stale registrations (fd
 * closed, epfd reused) are never removed: extra edges only. */
static void epoll_register(int epfd, int fd)
{
    bool anon;
    uptr key = fd_key(fd, &anon);
    if (!key)
        return;
    struct epoll_set *s = epoll_set(epfd, true);
    if (!s)
        return;
    bool nested = anon && epoll_set(fd, false);
    rt_spin_lock(&s->lock);
    epoll_add_key(s, key);
    if (anon)
        epoll_add_key(s, SIGNAL_KEY);   /* a signalfd */
    if (nested)
        epoll_add_key(s, (uptr)fd);
    rt_spin_unlock(&s->lock);
}

/* Under rt_enter: epoll_wait on epfd returned events. */
static void epoll_acquire(struct rt_thread *t, int epfd, int depth)
{
    struct epoll_set *s = epoll_set(epfd, false);
    if (!s)
        return;
    int nested[8];
    unsigned nn = 0;
    rt_spin_lock(&s->lock);
    for (unsigned i = 0; i < s->n; i++) {
        if (s->keys[i] >= EPOLL_LINK_LIMIT)
            sync_acquire(t, s->keys[i]);
        else if (nn < sizeof nested / sizeof nested[0])
            nested[nn++] = (int)s->keys[i];
    }
    rt_spin_unlock(&s->lock);
    /* Not under s->lock: stale links could form a cycle. */
    if (depth < EPOLL_MAX_DEPTH)
        for (unsigned i = 0; i < nn; i++)
            epoll_acquire(t, nested[i], depth + 1);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
    struct rt_thread *t = cur_thread();
    int r = REAL(epoll_ctl)(epfd, op, fd, ev);
    if (r == 0 && !t->ignore && (op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD)) {
        int saved = errno;
        rt_enter(t);
        epoll_register(epfd, fd);
        rt_leave(t);
        errno = saved;
    }
    return r;
}

static void epoll_after_wait(struct rt_thread *t, int epfd, struct epoll_event *events, int r,
                             uptr pc)
{
    if (r <= 0)
        return;
    int saved = errno;
    rt_enter(t);
    epoll_acquire(t, epfd, 0);
    rt_leave(t);
    access_range(t, (uptr)events, (uptr)r * sizeof *events, true, false, pc);
    errno = saved;
}

#define EPOLL_WAIT_LIKE(fn, call, timeout_ns, probe)                                           \
    struct rt_thread *t = cur_thread();                                                        \
    FORWARD_IF_IGNORED(t, REAL(fn) call);                                                      \
    uptr pc = CALLER_PC();                                                                     \
    int r;                                                                                     \
    SERIAL_POLL(t, r, timeout_ns, epoll_fds_internal(epfd), REAL(fn) probe, REAL(fn) call);    \
    epoll_after_wait(t, epfd, events, r, pc);                                                  \
    return r

int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout)
{
    EPOLL_WAIT_LIKE(epoll_wait, (epfd, events, max, timeout), ms_timeout(timeout),
                    (epfd, events, max, 0));
}

int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout,
                const sigset_t *mask)
{
    EPOLL_WAIT_LIKE(epoll_pwait, (epfd, events, max, timeout, mask), ms_timeout(timeout),
                    (epfd, events, max, 0, mask));
}

int epoll_pwait2(int epfd, struct epoll_event *events, int max, const struct timespec *timeout,
                 const sigset_t *mask)
{
    EPOLL_WAIT_LIKE(epoll_pwait2, (epfd, events, max, timeout, mask), ts_timeout(timeout),
                    (epfd, events, max, &zero_ts, mask));
}
