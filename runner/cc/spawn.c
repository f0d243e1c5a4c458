/*
 * cc/spawn.c — fork/exec/wait for the toolchain commands.
 *
 * Invariants: the parent restores its signal dispositions before
 * returning; a child that fails to exec exits 127 after one line on
 * stderr; statuses are mapped like a shell does (128+signal).
 */
#include "runner/cc/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char *const argv[], int out_fd, int quiet, int *pipe_read_end,
               char **out, size_t *out_len)
{
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);

    fflush(NULL); /* no buffered output duplicated into the child */
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        if (pipe_read_end) {
            close(out_fd);
            close(*pipe_read_end);
        }
        fprintf(stderr, "racetest: cannot start %s: %s\n", argv[0], strerror(e));
        return 127;
    }
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        if (out_fd >= 0) {
            dup2(out_fd, STDOUT_FILENO);
            close(out_fd);
        }
        if (pipe_read_end)
            close(*pipe_read_end);
        if (quiet) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0) {
                dup2(devnull, STDERR_FILENO);
                close(devnull);
            }
        }
        execvp(argv[0], argv);
        fprintf(stderr, "racetest: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }

    int rc = 0;
    if (pipe_read_end) {
        close(out_fd);
        size_t cap = 4096, len = 0;
        char *buf = malloc(cap);
        for (;;) {
            if (buf && len + 1 >= cap) {
                char *bigger = realloc(buf, cap * 2);
                if (!bigger) {
                    free(buf);
                    buf = NULL;
                } else {
                    buf = bigger;
                    cap *= 2;
                }
            }
            char sink[4096];
            char *dst = buf ? buf + len : sink;
            size_t room = buf ? cap - len - 1 : sizeof sink;
            ssize_t n = read(*pipe_read_end, dst, room);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            if (buf)
                len += (size_t)n;
        }
        close(*pipe_read_end);
        if (buf)
            buf[len] = '\0';
        *out = buf;
        *out_len = len;
        if (!buf)
            rc = -1;
    }

    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            status = 127 << 8;
            break;
        }
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (rc != 0)
        return rc;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 127;
}

int spawn_wait(char *const argv[])
{
    return run(argv, -1, 0, NULL, NULL, NULL);
}

int spawn_capture(char *const argv[], int quiet, char **out, size_t *out_len)
{
    int fds[2];
    *out = NULL;
    *out_len = 0;
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    /* The write end must survive exec in the child: dup2 onto stdout
     * clears O_CLOEXEC on the copy. */
    return run(argv, fds[1], quiet, &fds[0], out, out_len);
}
