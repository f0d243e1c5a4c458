/*
 * interceptors_spawn.c — processes started without fork: posix_spawn,
 * posix_spawnp, popen, system (glibc starts them with clone(CLONE_VM |
 * CLONE_VFORK) internally, where the fork interceptors never see it).
 *
 * Nothing is modeled for the race detector (the child shares no memory
 * with the program once exec'd). The scheduler's virtual time ends, as at
 * a fork (sched_fork_parent): from then on a sleep may be waiting for the
 * child, and a poll for what it writes into a pipe, so both take real
 * time. vfork is not wrapped (a wrapper's frame cannot return twice).
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>

#include "interceptors.h"

int posix_spawn(pid_t *restrict pid, const char *restrict path,
                const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *restrict attr,
                char *const argv[restrict], char *const envp[restrict])
{
    sched_fork_parent();
    return REAL(posix_spawn)(pid, path, actions, attr, argv, envp);
}

int posix_spawnp(pid_t *restrict pid, const char *restrict file,
                 const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *restrict attr,
                 char *const argv[restrict], char *const envp[restrict])
{
    sched_fork_parent();
    return REAL(posix_spawnp)(pid, file, actions, attr, argv, envp);
}

FILE *popen(const char *command, const char *type)
{
    sched_fork_parent();
    return REAL(popen)(command, type);
}

int system(const char *command)
{
    sched_fork_parent();
    return REAL(system)(command);
}
