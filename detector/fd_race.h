/*
 * fd_race.h — races on file descriptors, as ThreadSanitizer reports them: a
 * call that uses a descriptor (read, write, send, recv, ...) reads it, close
 * writes it, so a use and a close of the same descriptor in two threads
 * that nothing orders is a race ("Location is file descriptor N.").
 *
 * Each descriptor number owns one 8-byte granule of a reserved range of
 * runtime memory (never touched; only its shadow is), and the check is
 * an ordinary access of that granule. Descriptors at or above FD_RACE_MAX
 * are not checked.
 *
 * A descriptor number is reused by the next open, and libc opens and
 * closes descriptors behind our back (fopen, fclose): the uses recorded
 * for a file must never meet the close of another file later found at the
 * same number. So the granule's history is forgotten (1) by every
 * intercepted call that creates a descriptor, and by close after its check;
 * (2) whenever the model finds the number referring to another file than
 * at its previous look (fd_race_file_seen, fed by the fstat that the
 * descriptor model makes anyway; anonymous inodes all look alike, which is
 * why their creators are intercepted). Forgetting can hide a race, never
 * invent one.
 *
 * Uses and closes are checked only for instrumented callers
 * (caller_module.h); a close by other code only forgets.
 *
 * All functions are called by interceptors on behalf of the calling
 * thread, with its ignore flag down (the access checks), except
 * fd_race_file_seen and fd_race_created, which only reset and may run
 * inside the runtime.
 */
#ifndef RT_FD_RACE_H
#define RT_FD_RACE_H

#include "rt_defs.h"

struct rt_thread;

#define FD_RACE_MAX (1 << 20)

/* fd is used by the caller at pc (before the call, so that a use blocked
 * in the kernel meets the close that ends it). */
void fd_race_use(struct rt_thread *t, int fd, uptr pc);
/* fd is about to be closed by the caller at pc (close, or dup2 onto it). */
void fd_race_close(struct rt_thread *t, int fd, uptr pc);
/* fd is about to be closed by a call the thread makes (close, or a raw
 * close system call announced by its sanitizer hook): checked as
 * fd_race_close does, or only forgotten for a thread the runtime ignores. */
void fd_race_closing(struct rt_thread *t, int fd, uptr pc);
/* fd was just created (open, socket, pipe, dup, accept, ...). */
void fd_race_created(int fd);
/* The model found fd referring to the file whose identity is `ident`
 * (nonzero; from fstat). */
void fd_race_file_seen(int fd, u64 ident);
/* The identity of the file st describes, for fd_race_file_seen. */
struct stat;
u64 fd_race_ident(const struct stat *st);
/* If addr lies in the descriptor range: true, with its number. */
bool fd_race_describe(uptr addr, int *fd);

#endif
