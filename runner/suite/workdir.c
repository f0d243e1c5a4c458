/*
 * suite/workdir.c — see suite/workdir.h.
 */
#include "runner/suite/workdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "racetest-"

/* Field 22 of /proc/PID/stat (the start time in clock ticks), or 0. */
static unsigned long long start_time(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    if (!p)
        return 0;
    p++;
    for (int field = 3; field < 22 && p; field++) /* p is before field `field` */
        p = strchr(p + 1, ' ');
    return p ? strtoull(p + 1, NULL, 10) : 0;
}

int workdir_create(const char *tmp, char *dir, size_t dirlen, char *err, size_t errlen)
{
    snprintf(dir, dirlen, "%s/" PREFIX "XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        snprintf(err, errlen, "cannot create a temporary directory in %s: %s", tmp, strerror(errno));
        dir[0] = '\0';
        return -1;
    }
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/owner", dir);
    FILE *f = fopen(path, "we");
    if (!f || fprintf(f, "%d %llu\n", (int)getpid(), start_time(getpid())) < 0 || fclose(f) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        workdir_remove(dir);
        dir[0] = '\0';
        return -1;
    }
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    remove(path);
    return 0;
}

void workdir_remove(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whether the racetest that wrote dir/owner is gone. */
static bool owner_gone(const char *dir)
{
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/owner", dir);
    FILE *f = fopen(path, "re");
    if (!f)
        return false; /* not ours, or being created: leave it */
    int pid = 0;
    unsigned long long start = 0;
    int got = fscanf(f, "%d %llu", &pid, &start);
    fclose(f);
    if (got != 2 || pid <= 0)
        return false;
    if (kill(pid, 0) != 0 && errno == ESRCH)
        return true;
    return start_time(pid) != start; /* the PID now names another process */
}

/* Whether the environment of process pid holds RACETEST_WORKDIR=dir. */
static bool names_workdir(const char *pid, const char *dir)
{
    char path[PATH_MAX], want[PATH_MAX + 32];
    snprintf(path, sizeof path, "/proc/%.32s/environ", pid);
    int n = snprintf(want, sizeof want, "RACETEST_WORKDIR=%s", dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    static char buf[1 << 17];
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    for (ssize_t i = 0; i < len;) {
        size_t l = strnlen(buf + i, (size_t)(len - i));
        if (l == (size_t)n && memcmp(buf + i, want, (size_t)n) == 0)
            return true;
        i += (ssize_t)l + 1;
    }
    return false;
}

static void kill_processes_of(const char *dir)
{
    DIR *proc = opendir("/proc");
    if (!proc)
        return;
    uid_t me = getuid();
    struct dirent *d;
    while ((d = readdir(proc)) != NULL) {
        if (d->d_name[0] < '1' || d->d_name[0] > '9')
            continue;
        struct stat st;
        char path[64 + sizeof d->d_name];
        snprintf(path, sizeof path, "/proc/%s", d->d_name);
        if (stat(path, &st) != 0 || st.st_uid != me)
            continue;
        if (names_workdir(d->d_name, dir))
            kill((pid_t)atoi(d->d_name), SIGKILL);
    }
    closedir(proc);
}

int workdir_sweep(const char *tmp)
{
    DIR *d = opendir(tmp);
    if (!d)
        return 0;
    int removed = 0;
    uid_t me = getuid();
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, PREFIX, sizeof PREFIX - 1) != 0 || strlen(e->d_name) != sizeof PREFIX - 1 + 6)
            continue;
        char dir[PATH_MAX];
        if ((size_t)snprintf(dir, sizeof dir, "%s/%s", tmp, e->d_name) >= sizeof dir)
            continue;
        struct stat st;
        if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != me || !owner_gone(dir))
            continue;
        kill_processes_of(dir);
        workdir_remove(dir);
        removed++;
    }
    closedir(d);
    return removed;
}
