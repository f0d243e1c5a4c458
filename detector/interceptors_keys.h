/*
 * interceptors_keys.h — sync-table keys for synchronization that does not
 * live in user memory: file descriptors and signals.
 *
 * The sync table is keyed by address-sized values. User space ends below
 * 1 << 47, so keys with the top byte 0xA5 can never be a user address, and
 * each family below has its own range, so they never meet each other. Two
 * different objects that share a key (a hash bucket, the one socket key)
 * only get extra happens-before edges: that can hide a race, never invent
 * one.
 */
#ifndef RT_INTERCEPTORS_KEYS_H
#define RT_INTERCEPTORS_KEYS_H

#include <sys/types.h>

#include "rt_defs.h"

#define KEY_BASE (0xA5ull << 56)

/* Pipes, FIFOs, regular files, devices: (st_dev, st_ino) hashed into
 * FD_KEY_BUCKETS buckets (both ends of a pipe share the inode). */
#define FD_KEY_BUCKETS (1u << 16)
#define FD_KEY(bucket) (KEY_BASE | (1ull << 48) | (uptr)(bucket))
/* Every socket: the two ends of a connection have different inodes. */
#define SOCKET_KEY (KEY_BASE | (2ull << 48))
/* Anonymous inodes (eventfd, signalfd, timerfd, epoll) share one inode. */
#define ANON_FD_KEY (KEY_BASE | (3ull << 48))
/* Sending a signal releases here; a handler (and sigwait, and a read of a
 * signalfd) acquires. */
#define SIGNAL_KEY (KEY_BASE | (4ull << 48))

struct rt_thread;

/* The file-descriptor model (interceptors_fd.c), for the other interceptors
 * that move data through descriptors (stdio). Call under rt_enter. */
void fd_sync_release(struct rt_thread *t, int fd);
void fd_sync_acquire(struct rt_thread *t, int fd);
/* The two halves of a send (its buffer read, then the release) and of a
 * receive that got r bytes (the acquire, then the bytes written), for the
 * caller at pc. Outside the runtime; errno is kept. */
void fd_before_send(struct rt_thread *t, int fd, const void *buf, size_t n, uptr pc);
void fd_after_receive(struct rt_thread *t, int fd, void *buf, ssize_t r, uptr pc);

#endif
