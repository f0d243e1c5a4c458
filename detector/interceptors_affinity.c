/*
 * interceptors_affinity.c — a thread's CPU affinity as the program sees it.
 *
 * Schedule perturbation (scheduler_fuzz/affinity.h, sched_affinity) pins
 * threads to CPUs of its choosing; a program that asks for its affinity
 * must still see the set it started with (libuv's affinity test compares
 * them). So the getters report the original set while only the runtime has
 * placed threads. Once the program sets an affinity itself, what it reads
 * is its own business and the real answer is passed through. The scheduler
 * places threads with the system calls, never through these functions.
 * No happens-before edge: affinity orders nothing.
 */
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "affinity.h"
#include "interceptors.h"

static bool program_placed; /* the program called a setter */

/* Whether pid (sched_getaffinity's argument) is a thread of this process. */
static bool own_thread(pid_t pid)
{
    return pid == 0 || pid == getpid() || syscall(SYS_tgkill, getpid(), pid, 0) == 0;
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *mask)
{
    if (own_thread(pid))
        STORE(&program_placed, true);
    return REAL(sched_setaffinity)(pid, size, mask);
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *mask)
{
    int r = REAL(sched_getaffinity)(pid, size, mask);
    if (r == 0 && !LOAD(&program_placed) && own_thread(pid))
        affinity_program_view(mask, size);
    return r;
}

int pthread_setaffinity_np(pthread_t thread, size_t size, const cpu_set_t *set)
{
    STORE(&program_placed, true);
    return REAL(pthread_setaffinity_np)(thread, size, set);
}

int pthread_getaffinity_np(pthread_t thread, size_t size, cpu_set_t *set)
{
    int r = REAL(pthread_getaffinity_np)(thread, size, set);
    if (r == 0 && !LOAD(&program_placed))
        affinity_program_view(set, size);
    return r;
}
