/*
 * measure — runs one command and reports what it cost.
 *
 *   measure [-o FILE] [-e FILE] [-t SECONDS] -- COMMAND [ARG...]
 *
 * Prints one line on its own stdout:
 *   wall_s=0.123456 maxrss_kib=12345 status=0
 * wall_s is the elapsed time from just before fork to the child's reaping
 * (CLOCK_MONOTONIC); maxrss_kib is the child's peak resident set from
 * wait4()'s rusage (the child only: measure's own footprint is not in it);
 * status is the child's exit status, 128+N when signal N killed it, 127 when
 * the command could not be executed, 124 when -t SECONDS ran out (the child's
 * process group then gets SIGKILL).
 *
 * -o/-e send the child's stdout/stderr to files so that the measured line is
 * never mixed with the program's output. It exists so that the benchmarks
 * need nothing but a C compiler: /usr/bin/time is not on a fresh machine.
 * measure itself exits 0 whenever it could run the command and report, 2 on
 * usage or system errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child_pid;
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
    if (child_pid > 0)
        kill(-child_pid, SIGKILL); /* the whole group: detector helpers too */
}

static void usage(void)
{
    fprintf(stderr, "usage: measure [-o FILE] [-e FILE] [-t SECONDS] -- COMMAND [ARG...]\n");
    exit(2);
}

static int open_output(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "measure: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return fd;
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    const char *out_path = NULL, *err_path = NULL;
    unsigned timeout_s = 0;
    int opt;
    while ((opt = getopt(argc, argv, "+o:e:t:")) != -1) {
        switch (opt) {
        case 'o': out_path = optarg; break;
        case 'e': err_path = optarg; break;
        case 't': timeout_s = (unsigned)strtoul(optarg, NULL, 10); break;
        default: usage();
        }
    }
    if (optind >= argc)
        usage();
    char **cmd = argv + optind;

    /* Open before forking so that a bad path is reported by measure itself. */
    int out_fd = out_path ? open_output(out_path) : -1;
    int err_fd = err_path ? open_output(err_path) : -1;
    /* Flush now: the child would otherwise inherit our buffered output. */
    fflush(stdout);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 2;
    }
    if (pid == 0) {
        setpgid(0, 0);
        if (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)
            _exit(127);
        if (err_fd >= 0 && dup2(err_fd, STDERR_FILENO) < 0)
            _exit(127);
        execvp(cmd[0], cmd);
        fprintf(stderr, "measure: %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
    }
    child_pid = pid;
    setpgid(pid, pid); /* also here: no window in which the alarm misses it */
    if (timeout_s > 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);
        alarm(timeout_s);
    }

    int wstatus;
    struct rusage ru;
    pid_t got;
    do {
        got = wait4(pid, &wstatus, 0, &ru);
    } while (got < 0 && errno == EINTR);
    clock_gettime(CLOCK_MONOTONIC, &end);
    alarm(0);
    if (got < 0) {
        perror("measure: wait4");
        return 2;
    }

    int status;
    if (timed_out)
        status = 124;
    else if (WIFEXITED(wstatus))
        status = WEXITSTATUS(wstatus);
    else if (WIFSIGNALED(wstatus))
        status = 128 + WTERMSIG(wstatus);
    else
        status = 255;
    printf("wall_s=%.6f maxrss_kib=%ld status=%d\n", seconds_between(&start, &end),
           ru.ru_maxrss, status);
    return 0;
}
