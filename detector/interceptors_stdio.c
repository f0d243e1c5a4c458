/*
 * interceptors_stdio.c — stdio: the FILE lock as synchronization, the user
 * buffers of fread/fwrite/fgets/fputs/getline, and the descriptor under
 * the FILE.
 *
 * glibc serializes the calls on one FILE with the FILE's recursive lock,
 * invisible to us. Every intercepted call therefore runs inside
 * flockfile/funlockfile of its own (the real ones: the lock is recursive,
 * so the real call inside takes it again) and models that section as a
 * critical section of a lock keyed by the FILE pointer: acquire after
 * taking it, release before dropping it. So the buffer a call reads or
 * writes is ordered exactly as the FILE lock orders it, and threads that
 * rely on the FILE lock (flockfile, or just the order of their calls) never
 * see a false race. flockfile/ftrylockfile/funlockfile are a mutex on the
 * same key.
 *
 * Output may reach the descriptor at this call or at any later flush, so
 * every output call releases into the descriptor's key (interceptors_fd.c)
 * and every input call acquires it: a thread reading the bytes from the
 * other end of a pipe is ordered after what the writer did before its
 * fprintf. Formatted calls (printf, scanf) are synchronization only: their
 * arguments are not checked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "interceptors.h"
#include "interceptors_keys.h"
#include "sync.h"
#include "thread.h"

/* With optimization, glibc's headers make these macros; we define them. */
#undef fwrite_unlocked
#undef fread_unlocked

/* ---- the critical section of a FILE ------------------------------------- */

enum { NO_FD, FD_OUT, FD_IN };

/* Under rt_enter: the descriptor side of a call on f. */
static void stdio_fd(struct rt_thread *t, FILE *f, int dir)
{
    if (dir == NO_FD)
        return;
    int fd = fileno(f);
    if (fd < 0)
        return;   /* a memory stream */
    if (dir == FD_OUT)
        fd_sync_release(t, fd);
    else
        fd_sync_acquire(t, fd);
}

static void stdio_begin(struct rt_thread *t, FILE *f, int dir)
{
    REAL(flockfile)(f);
    int saved = errno;
    rt_enter(t);
    sync_acquire(t, (uptr)f);
    if (dir == FD_OUT)
        stdio_fd(t, f, dir);
    rt_leave(t);
    errno = saved;
}

static void stdio_end(struct rt_thread *t, FILE *f, int dir)
{
    int saved = errno;
    rt_enter(t);
    if (dir == FD_IN)
        stdio_fd(t, f, dir);
    sync_release(t, (uptr)f);
    rt_leave(t);
    REAL(funlockfile)(f);
    errno = saved;
}

static void check(struct rt_thread *t, const void *p, size_t n, bool is_write, uptr pc)
{
    if (p && n) {
        int saved = errno;
        access_range(t, (uptr)p, n, is_write, false, pc);
        errno = saved;
    }
}

/* Inside the section, or after the user's own flockfile (the _unlocked
 * calls): only the descriptor side. */
static void stdio_fd_only(struct rt_thread *t, FILE *f, int dir)
{
    int saved = errno;
    rt_enter(t);
    stdio_fd(t, f, dir);
    rt_leave(t);
    errno = saved;
}

#define STDIO_PROLOGUE(fn, f, call)                                                            \
    struct rt_thread *t = cur_thread();                                                        \
    if (t->ignore)                                                                             \
        return REAL(fn) call;                                                                  \
    uptr pc = CALLER_PC();                                                                     \
    (void)pc

/* ---- output ----------------------------------------------------------------- */

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fwrite, f, (p, size, n, f));
    stdio_begin(t, f, FD_OUT);
    check(t, p, size * n, false, pc);
    size_t r = REAL(fwrite)(p, size, n, f);
    stdio_end(t, f, NO_FD);
    return r;
}

size_t fwrite_unlocked(const void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fwrite_unlocked, f, (p, size, n, f));
    check(t, p, size * n, false, pc);
    stdio_fd_only(t, f, FD_OUT);
    return REAL(fwrite_unlocked)(p, size, n, f);
}

int fputs(const char *s, FILE *f)
{
    STDIO_PROLOGUE(fputs, f, (s, f));
    stdio_begin(t, f, FD_OUT);
    check(t, s, REAL(strlen)(s) + 1, false, pc);
    int r = REAL(fputs)(s, f);
    stdio_end(t, f, NO_FD);
    return r;
}

int fputs_unlocked(const char *s, FILE *f)
{
    STDIO_PROLOGUE(fputs_unlocked, f, (s, f));
    check(t, s, REAL(strlen)(s) + 1, false, pc);
    stdio_fd_only(t, f, FD_OUT);
    return REAL(fputs_unlocked)(s, f);
}

int puts(const char *s)
{
    FILE *f = stdout;
    STDIO_PROLOGUE(puts, f, (s));
    stdio_begin(t, f, FD_OUT);
    check(t, s, REAL(strlen)(s) + 1, false, pc);
    int r = REAL(puts)(s);
    stdio_end(t, f, NO_FD);
    return r;
}

#define DEFINE_PUTC(fn, params, args, file)                                                    \
    int fn params                                                                              \
    {                                                                                          \
        FILE *f_ = (file);                                                                     \
        STDIO_PROLOGUE(fn, f_, args);                                                          \
        stdio_begin(t, f_, FD_OUT);                                                            \
        int r = REAL(fn) args;                                                                 \
        stdio_end(t, f_, NO_FD);                                                               \
        return r;                                                                              \
    }

DEFINE_PUTC(fputc, (int c, FILE *f), (c, f), f)
DEFINE_PUTC(putc, (int c, FILE *f), (c, f), f)
DEFINE_PUTC(putchar, (int c), (c), stdout)

int fflush(FILE *f)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || !f)   /* fflush(NULL): what it writes was released already */
        return REAL(fflush)(f);
    stdio_begin(t, f, FD_OUT);
    int r = REAL(fflush)(f);
    stdio_end(t, f, NO_FD);
    return r;
}

/* The printf family: vfprintf does the work for all of them. */
static int vfprintf_model(struct rt_thread *t, FILE *f, const char *fmt, va_list ap)
{
    stdio_begin(t, f, FD_OUT);
    int r = REAL(vfprintf)(f, fmt, ap);
    stdio_end(t, f, NO_FD);
    return r;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    STDIO_PROLOGUE(vfprintf, f, (f, fmt, ap));
    return vfprintf_model(t, f, fmt, ap);
}

int vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

/* _FORTIFY_SOURCE variants. */
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap)
{
    STDIO_PROLOGUE(__vfprintf_chk, f, (f, flag, fmt, ap));
    stdio_begin(t, f, FD_OUT);
    int r = REAL(__vfprintf_chk)(f, flag, fmt, ap);
    stdio_end(t, f, NO_FD);
    return r;
}

int __vprintf_chk(int flag, const char *fmt, va_list ap)
{
    return __vfprintf_chk(stdout, flag, fmt, ap);
}

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __vfprintf_chk(f, flag, fmt, ap);
    va_end(ap);
    return r;
}

int __printf_chk(int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __vfprintf_chk(stdout, flag, fmt, ap);
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

/* fclose flushes and frees the FILE: release, then close (no unlock). */
int fclose(FILE *f)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        REAL(flockfile)(f);
        rt_enter(t);
        sync_release(t, (uptr)f);
        stdio_fd(t, f, FD_OUT);
        rt_leave(t);
        REAL(funlockfile)(f);
    }
    return REAL(fclose)(f);
}

/* ---- input ------------------------------------------------------------------- */

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fread, f, (p, size, n, f));
    perturb(t, SCHED_BEFORE_WAIT);
    stdio_begin(t, f, FD_IN);
    size_t r = REAL(fread)(p, size, n, f);
    stdio_end(t, f, FD_IN);
    check(t, p, r * size, true, pc);
    return r;
}

size_t __fread_chk(void *p, size_t plen, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(__fread_chk, f, (p, plen, size, n, f));
    perturb(t, SCHED_BEFORE_WAIT);
    stdio_begin(t, f, FD_IN);
    size_t r = REAL(__fread_chk)(p, plen, size, n, f);
    stdio_end(t, f, FD_IN);
    check(t, p, r * size, true, pc);
    return r;
}

size_t fread_unlocked(void *p, size_t size, size_t n, FILE *f)
{
    STDIO_PROLOGUE(fread_unlocked, f, (p, size, n, f));
    size_t r = REAL(fread_unlocked)(p, size, n, f);
    stdio_fd_only(t, f, FD_IN);
    check(t, p, r * size, true, pc);
    return r;
}

char *fgets(char *s, int n, FILE *f)
{
    STDIO_PROLOGUE(fgets, f, (s, n, f));
    perturb(t, SCHED_BEFORE_WAIT);
    stdio_begin(t, f, FD_IN);
    char *r = REAL(fgets)(s, n, f);
    if (r)
        check(t, s, REAL(strlen)(s) + 1, true, pc);
    stdio_end(t, f, FD_IN);
    return r;
}

char *__fgets_chk(char *s, size_t size, int n, FILE *f)
{
    STDIO_PROLOGUE(__fgets_chk, f, (s, size, n, f));
    perturb(t, SCHED_BEFORE_WAIT);
    stdio_begin(t, f, FD_IN);
    char *r = REAL(__fgets_chk)(s, size, n, f);
    if (r)
        check(t, s, REAL(strlen)(s) + 1, true, pc);
    stdio_end(t, f, FD_IN);
    return r;
}

char *fgets_unlocked(char *s, int n, FILE *f)
{
    STDIO_PROLOGUE(fgets_unlocked, f, (s, n, f));
    char *r = REAL(fgets_unlocked)(s, n, f);
    stdio_fd_only(t, f, FD_IN);
    if (r)
        check(t, s, REAL(strlen)(s) + 1, true, pc);
    return r;
}

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    STDIO_PROLOGUE(getdelim, f, (line, cap, delim, f));
    perturb(t, SCHED_BEFORE_WAIT);
    check(t, line, sizeof *line, true, pc);
    check(t, cap, sizeof *cap, true, pc);
    stdio_begin(t, f, FD_IN);
    ssize_t r = REAL(getdelim)(line, cap, delim, f);
    if (r > 0)
        check(t, *line, (size_t)r + 1, true, pc);
    stdio_end(t, f, FD_IN);
    return r;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
    STDIO_PROLOGUE(getline, f, (line, cap, f));
    perturb(t, SCHED_BEFORE_WAIT);
    check(t, line, sizeof *line, true, pc);
    check(t, cap, sizeof *cap, true, pc);
    stdio_begin(t, f, FD_IN);
    ssize_t r = REAL(getline)(line, cap, f);
    if (r > 0)
        check(t, *line, (size_t)r + 1, true, pc);
    stdio_end(t, f, FD_IN);
    return r;
}

#define DEFINE_GETC(fn, params, args, file)                                                    \
    int fn params                                                                              \
    {                                                                                          \
        FILE *f_ = (file);                                                                     \
        STDIO_PROLOGUE(fn, f_, args);                                                          \
        perturb(t, SCHED_BEFORE_WAIT);                                                         \
        stdio_begin(t, f_, FD_IN);                                                             \
        int r = REAL(fn) args;                                                                 \
        stdio_end(t, f_, FD_IN);                                                               \
        return r;                                                                              \
    }

DEFINE_GETC(fgetc, (FILE *f), (f), f)
DEFINE_GETC(getc, (FILE *f), (f), f)
DEFINE_GETC(getchar, (void), (), stdin)
DEFINE_GETC(ungetc, (int c, FILE *f), (c, f), f)

/* The scanf family: with C99 or later, glibc's headers send fscanf and
 * scanf to __isoc99_fscanf and __isoc99_scanf (the names defined here). */
int __isoc99_vfscanf(FILE *f, const char *fmt, va_list ap);

int __isoc99_vfscanf(FILE *f, const char *fmt, va_list ap)
{
    STDIO_PROLOGUE(__isoc99_vfscanf, f, (f, fmt, ap));
    perturb(t, SCHED_BEFORE_WAIT);
    stdio_begin(t, f, FD_IN);
    int r = REAL(__isoc99_vfscanf)(f, fmt, ap);
    stdio_end(t, f, FD_IN);
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
    REAL(flockfile)(f);
    if (!t->ignore) {
        rt_enter(t);
        sync_acquire(t, (uptr)f);
        rt_leave(t);
    }
}

int ftrylockfile(FILE *f)
{
    struct rt_thread *t = cur_thread();
    int r = REAL(ftrylockfile)(f);
    if (r == 0 && !t->ignore) {
        rt_enter(t);
        sync_acquire(t, (uptr)f);
        rt_leave(t);
    }
    return r;
}

void funlockfile(FILE *f)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        rt_enter(t);
        sync_release(t, (uptr)f);
        rt_leave(t);
    }
    REAL(funlockfile)(f);
    perturb(t, SCHED_AFTER_UNLOCK);
}
