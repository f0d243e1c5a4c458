/*
 * interceptors_stdio.c — stdio: the FILE lock as synchronization, the user
 * buffers of fread/fwrite/fgets/fputs/getline, and the descriptor under
 * the FILE.
 *
 * glibc serializes the calls on one FILE with the FILE's recursive lock,
 * invisible to us; we model it as a lock keyed by the FILE pointer.
 * Calls that have an _unlocked twin (fwrite, fread, fgets, fputs, puts,
 * fputc, fgetc, fflush, ...) run as an exact critical section: we take
 * the real lock (flockfile), acquire, do the _unlocked call, check its
 * buffer, release, unlock. So the buffers these calls read or write are
 * ordered exactly as the FILE lock orders them. If the thread is
 * cancelled inside the call (a read on a pipe blocks), a cleanup handler
 * drops the lock; the _unlocked call holds no lock of its own that a
 * cancellation could leak. The other calls (the printf and scanf
 * families, getline/getdelim, ungetc) take the lock inside libc: we
 * acquire before and release after them. flockfile, ftrylockfile and
 * funlockfile are the lock itself.
 *
 * Output may reach the descriptor at this call or at any later flush, so
 * every output call releases into the descriptor's key (interceptors_fd.c)
 * and every input call acquires it: a thread reading the bytes from the
 * other end of a pipe is ordered after what the writer did before its
 * fprintf. An output call checks the buffer it reads before that release,
 * an input call the bytes it wrote after the acquire (as write/read do).
 * The printf family also checks the strings its format reads
 * (printf_args.h); scanf's arguments are not checked.
 *
 * The cost of the model: two threads that both print are ordered by
 * stdout's lock, as they really are; a race around their prints is then
 * seen only in the runs where the prints come in the other order.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "fd_race.h"
#include "printf_args.h"
#include "interceptors.h"
#include "interceptors_keys.h"
#include "sync.h"
#include "thread.h"

/* With optimization, glibc's headers make some of these macros or inline
 * functions; we define and call the real ones. */
#undef fwrite_unlocked
#undef fread_unlocked
#undef fputc_unlocked
#undef putc_unlocked
#undef fgetc_unlocked
#undef getc_unlocked

extern size_t __fread_unlocked_chk(void *p, size_t plen, size_t size, size_t n, FILE *f);
extern char *__fgets_unlocked_chk(char *s, size_t size, int n, FILE *f);

/* ---- the model's steps ----------------------------------------------------- */

static void check(struct rt_thread *t, const void *p, size_t n, bool is_write, uptr pc)
{
    if (p && n)
        access_range(t, (uptr)p, n, is_write, false, pc);
}

/* The descriptor under f (none for memory streams). */
static void fd_release_of(struct rt_thread *t, FILE *f)
{
    int fd = fileno(f);
    if (fd >= 0) {
        rt_enter(t);
        fd_sync_release(t, fd);
        rt_leave(t);
    }
}

static void fd_acquire_of(struct rt_thread *t, FILE *f)
{
    int fd = fileno(f);
    if (fd >= 0) {
        rt_enter(t);
        fd_sync_acquire(t, fd);
        rt_leave(t);
    }
}

static void file_acquire(struct rt_thread *t, FILE *f)
{
    rt_enter(t);
    sync_acquire(t, (uptr)f);
    rt_leave(t);
}

static void file_release(struct rt_thread *t, FILE *f)
{
    rt_enter(t);
    sync_release(t, (uptr)f);
    SCHED_RELEASING(f);
    rt_leave(t);
}

/* The FILE's own lock. Under a serial schedule its holder may be waiting
 * for its turn (between flockfile and funlockfile): try and wait. */
static void file_lock(struct rt_thread *t, FILE *f)
{
    int busy;
    BLOCKING_ACQUIRE(t, f, busy, REAL(ftrylockfile)(f), busy != 0, (REAL(flockfile)(f), 0));
    (void)busy;
}

/* Before an output call: the lock's acquire half (exact: lock = true, the
 * real lock is taken here), the buffer the call reads, the release into
 * the descriptor. */
static void out_begin(struct rt_thread *t, FILE *f, bool lock, const void *buf, size_t n,
                      uptr pc)
{
    if (lock)
        file_lock(t, f);
    int saved = errno;
    file_acquire(t, f);
    check(t, buf, n, false, pc);
    fd_release_of(t, f);
    errno = saved;
}

/* After any call: the lock's release half. */
static void call_end(struct rt_thread *t, FILE *f, bool lock)
{
    int saved = errno;
    file_release(t, f);
    errno = saved;
    if (lock)
        REAL(funlockfile)(f);
}

static void in_begin(struct rt_thread *t, FILE *f, bool lock)
{
    perturb(t, SCHED_BEFORE_WAIT);
    if (lock)
        REAL(flockfile)(f);
    int saved = errno;
    file_acquire(t, f);
    errno = saved;
}

/* After an input call: the acquire from the descriptor, the n bytes of
 * buf that the call wrote, the lock's release half. */
static void in_end(struct rt_thread *t, FILE *f, bool lock, void *buf, size_t n, uptr pc)
{
    int saved = errno;
    perturb(t, SCHED_AFTER_WAIT);
    fd_acquire_of(t, f);
    check(t, buf, n, true, pc);
    errno = saved;
    call_end(t, f, lock);
}

/* The _unlocked call inside our critical section; a cancellation there
 * (it may block) unlocks. */
static void unlock_on_cancel(void *f)
{
    REAL(funlockfile)((FILE *)f);
}

#define LOCKED(f, type, call)                                                                  \
    ({                                                                                         \
        type r_;                                                                               \
        pthread_cleanup_push(unlock_on_cancel, (f));                                           \
        r_ = (call);                                                                           \
        pthread_cleanup_pop(0);                                                                \
        r_;                                                                                    \
    })

#define STDIO_PROLOGUE(fn, call)                                                               \
    struct rt_thread *t = cur_thread();                                                        \
    if (t->ignore)                                                                             \
        return REAL(fn) call;                                                                  \
    uptr pc = CALLER_PC();                                                                     \
    (void)pc

/* ---- output ----------------------------------------------------------------- */

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fwrite, (p, size, n, f));
    out_begin(t, f, true, p, size * n, pc);
    size_t r = LOCKED(f, size_t, REAL(fwrite_unlocked)(p, size, n, f));
    call_end(t, f, true);
    return r;
}

size_t fwrite_unlocked(const void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fwrite_unlocked, (p, size, n, f));
    out_begin(t, f, false, p, size * n, pc);
    size_t r = REAL(fwrite_unlocked)(p, size, n, f);
    call_end(t, f, false);
    return r;
}

int fputs(const char *s, FILE *f)
{
    STDIO_PROLOGUE(fputs, (s, f));
    out_begin(t, f, true, s, REAL(strlen)(s) + 1, pc);
    int r = LOCKED(f, int, REAL(fputs_unlocked)(s, f));
    call_end(t, f, true);
    return r;
}

int fputs_unlocked(const char *s, FILE *f)
{
    STDIO_PROLOGUE(fputs_unlocked, (s, f));
    out_begin(t, f, false, s, REAL(strlen)(s) + 1, pc);
    int r = REAL(fputs_unlocked)(s, f);
    call_end(t, f, false);
    return r;
}

/* puts is fputs and a newline, under one hold of the lock. */
static int write_line(const char *s, size_t len)
{
    if (REAL(fputs_unlocked)(s, stdout) == EOF || REAL(putc_unlocked)('\n', stdout) == EOF)
        return EOF;
    return len + 1 > INT_MAX ? INT_MAX : (int)(len + 1);
}

int puts(const char *s)
{
    STDIO_PROLOGUE(puts, (s));
    FILE *f = stdout;
    size_t len = REAL(strlen)(s);
    out_begin(t, f, true, s, len + 1, pc);
    int r = LOCKED(f, int, write_line(s, len));
    call_end(t, f, true);
    return r;
}

int fputc(int c, FILE *f)
{
    STDIO_PROLOGUE(fputc, (c, f));
    out_begin(t, f, true, NULL, 0, pc);
    int r = LOCKED(f, int, REAL(fputc_unlocked)(c, f));
    call_end(t, f, true);
    return r;
}

int putc(int c, FILE *f)
{
    STDIO_PROLOGUE(putc, (c, f));
    out_begin(t, f, true, NULL, 0, pc);
    int r = LOCKED(f, int, REAL(putc_unlocked)(c, f));
    call_end(t, f, true);
    return r;
}

int putchar(int c)
{
    STDIO_PROLOGUE(putchar, (c));
    FILE *f = stdout;
    out_begin(t, f, true, NULL, 0, pc);
    int r = LOCKED(f, int, REAL(putc_unlocked)(c, f));
    call_end(t, f, true);
    return r;
}

int fflush(FILE *f)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || !f)   /* fflush(NULL): what it writes was released already */
        return REAL(fflush)(f);
    out_begin(t, f, true, NULL, 0, 0);
    int r = LOCKED(f, int, REAL(fflush_unlocked)(f));
    call_end(t, f, true);
    return r;
}

/* The printf family: vfprintf and __vfprintf_chk do the work, for the
 * caller at pc (the variadic ones pass their own caller's). The strings
 * the format reads are checked with the buffer (printf_args.h). */
static int vfprintf_at(FILE *f, const char *fmt, va_list ap, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return REAL(vfprintf)(f, fmt, ap);
    printf_check_args(t, fmt, ap, pc);
    out_begin(t, f, false, NULL, 0, pc);
    int r = REAL(vfprintf)(f, fmt, ap);
    call_end(t, f, false);
    return r;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    return vfprintf_at(f, fmt, ap, CALLER_PC());
}

int vprintf(const char *fmt, va_list ap)
{
    return vfprintf_at(stdout, fmt, ap, CALLER_PC());
}

int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf_at(f, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf_at(stdout, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

/* _FORTIFY_SOURCE variants. */
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap);
static int vfprintf_chk_at(FILE *f, int flag, const char *fmt, va_list ap, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return REAL(__vfprintf_chk)(f, flag, fmt, ap);
    printf_check_args(t, fmt, ap, pc);
    out_begin(t, f, false, NULL, 0, pc);
    int r = REAL(__vfprintf_chk)(f, flag, fmt, ap);
    call_end(t, f, false);
    return r;
}

int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap)
{
    return vfprintf_chk_at(f, flag, fmt, ap, CALLER_PC());
}

int __vprintf_chk(int flag, const char *fmt, va_list ap)
{
    return vfprintf_chk_at(stdout, flag, fmt, ap, CALLER_PC());
}

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf_chk_at(f, flag, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

int __printf_chk(int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf_chk_at(stdout, flag, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

/* dprintf writes straight to a descriptor. */
int vdprintf(int fd, const char *fmt, va_list ap)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        int saved = errno;
        rt_enter(t);
        fd_sync_release(t, fd);
        rt_leave(t);
        errno = saved;
    }
    return REAL(vdprintf)(fd, fmt, ap);
}

int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}

int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap);
int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        int saved = errno;
        rt_enter(t);
        fd_sync_release(t, fd);
        rt_leave(t);
        errno = saved;
    }
    return REAL(__vdprintf_chk)(fd, flag, fmt, ap);
}

int __dprintf_chk(int fd, int flag, const char *fmt, ...);
int __dprintf_chk(int fd, int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __vdprintf_chk(fd, flag, fmt, ap);
    va_end(ap);
    return r;
}

/* fclose flushes and frees the FILE: release, then close. */
int fclose(FILE *f)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        out_begin(t, f, false, NULL, 0, 0);
        call_end(t, f, false);
    }
    /* Its descriptor ends unseen (libc's own close): forget its uses. */
    int fd = fileno(f);
    int r = REAL(fclose)(f);
    fd_race_created(fd);
    return r;
}

/* ---- input ------------------------------------------------------------------- */

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fread, (p, size, n, f));
    in_begin(t, f, true);
    size_t r = LOCKED(f, size_t, REAL(fread_unlocked)(p, size, n, f));
    in_end(t, f, true, p, r * size, pc);
    return r;
}

size_t __fread_chk(void *p, size_t plen, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(__fread_chk, (p, plen, size, n, f));
    in_begin(t, f, true);
    size_t r = LOCKED(f, size_t, REAL(__fread_unlocked_chk)(p, plen, size, n, f));
    in_end(t, f, true, p, r * size, pc);
    return r;
}

size_t fread_unlocked(void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fread_unlocked, (p, size, n, f));
    in_begin(t, f, false);
    size_t r = REAL(fread_unlocked)(p, size, n, f);
    in_end(t, f, false, p, r * size, pc);
    return r;
}

char *fgets(char *s, int n, FILE *f)
{
    STDIO_PROLOGUE(fgets, (s, n, f));
    in_begin(t, f, true);
    char *r = LOCKED(f, char *, REAL(fgets_unlocked)(s, n, f));
    in_end(t, f, true, s, r ? REAL(strlen)(s) + 1 : 0, pc);
    return r;
}

char *__fgets_chk(char *s, size_t size, int n, FILE *f)
{
    STDIO_PROLOGUE(__fgets_chk, (s, size, n, f));
    in_begin(t, f, true);
    char *r = LOCKED(f, char *, REAL(__fgets_unlocked_chk)(s, size, n, f));
    in_end(t, f, true, s, r ? REAL(strlen)(s) + 1 : 0, pc);
    return r;
}

char *fgets_unlocked(char *s, int n, FILE *f)
{
    STDIO_PROLOGUE(fgets_unlocked, (s, n, f));
    in_begin(t, f, false);
    char *r = REAL(fgets_unlocked)(s, n, f);
    in_end(t, f, false, s, r ? REAL(strlen)(s) + 1 : 0, pc);
    return r;
}

int fgetc(FILE *f)
{
    STDIO_PROLOGUE(fgetc, (f));
    in_begin(t, f, true);
    int r = LOCKED(f, int, REAL(fgetc_unlocked)(f));
    in_end(t, f, true, NULL, 0, pc);
    return r;
}

int getc(FILE *f)
{
    STDIO_PROLOGUE(getc, (f));
    in_begin(t, f, true);
    int r = LOCKED(f, int, REAL(getc_unlocked)(f));
    in_end(t, f, true, NULL, 0, pc);
    return r;
}

int getchar(void)
{
    STDIO_PROLOGUE(getchar, ());
    FILE *f = stdin;
    in_begin(t, f, true);
    int r = LOCKED(f, int, REAL(getc_unlocked)(f));
    in_end(t, f, true, NULL, 0, pc);
    return r;
}

int ungetc(int c, FILE *f)
{
    STDIO_PROLOGUE(ungetc, (c, f));
    in_begin(t, f, false);
    int r = REAL(ungetc)(c, f);
    call_end(t, f, false);
    return r;
}

/* getline/getdelim read the caller's buffer pointer and size, write them
 * when they grow the buffer, and write the line with its terminator. */
#define GETLINE_MODEL(call)                                                                    \
    check(t, line, sizeof *line, false, pc);                                                   \
    check(t, cap, sizeof *cap, false, pc);                                                     \
    char *old_line = *line;                                                                    \
    size_t old_cap = *cap;                                                                     \
    in_begin(t, f, false);                                                                     \
    ssize_t r = call;                                                                          \
    if (*line != old_line || *cap != old_cap) {                                                \
        check(t, line, sizeof *line, true, pc);                                                \
        check(t, cap, sizeof *cap, true, pc);                                                  \
    }                                                                                          \
    in_end(t, f, false, *line, r > 0 ? (size_t)r + 1 : 0, pc);                                 \
    return r

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    STDIO_PROLOGUE(getdelim, (line, cap, delim, f));
    GETLINE_MODEL(REAL(getdelim)(line, cap, delim, f));
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
    STDIO_PROLOGUE(getline, (line, cap, f));
    GETLINE_MODEL(REAL(getline)(line, cap, f));
}

/* The scanf family: with C99 or later, glibc's headers send fscanf and
 * scanf to __isoc99_fscanf and __isoc99_scanf (the names defined here). */
int __isoc99_vfscanf(FILE *f, const char *fmt, va_list ap);

int __isoc99_vfscanf(FILE *f, const char *fmt, va_list ap)
{
    STDIO_PROLOGUE(__isoc99_vfscanf, (f, fmt, ap));
    in_begin(t, f, false);
    int r = REAL(__isoc99_vfscanf)(f, fmt, ap);
    in_end(t, f, false, NULL, 0, pc);
    return r;
}

int __isoc99_fscanf(FILE *f, const char *fmt, ...);
int __isoc99_fscanf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __isoc99_vfscanf(f, fmt, ap);
    va_end(ap);
    return r;
}

int __isoc99_scanf(const char *fmt, ...);
int __isoc99_scanf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __isoc99_vfscanf(stdin, fmt, ap);
    va_end(ap);
    return r;
}

/* ---- the FILE lock itself ------------------------------------------------------- */

void flockfile(FILE *f)
{
    struct rt_thread *t = cur_thread();
    perturb(t, SCHED_BEFORE_LOCK);
    file_lock(t, f);
    if (!t->ignore)
        file_acquire(t, f);
}

int ftrylockfile(FILE *f)
{
    struct rt_thread *t = cur_thread();
    int r = REAL(ftrylockfile)(f);
    if (r == 0 && !t->ignore)
        file_acquire(t, f);
    return r;
}

void funlockfile(FILE *f)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        file_release(t, f);
    REAL(funlockfile)(f);
    perturb(t, SCHED_AFTER_UNLOCK);
}
