/*
 * suite/proc.c — see suite/proc.h. fork + execvp with an argv array, never a
 * shell. An exec failure travels back to the parent through a close-on-exec
 * pipe, so "cannot run X: No such file" is an error of the spawn, not a
 * mysterious exit status 127 of a test.
 */
#include "runner/suite/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

volatile bool test_proc_interrupted;
volatile int test_proc_signal;
static sigset_t orig_mask, wait_set;
static bool initialized;

void test_proc_init(void)
{
    if (initialized)
        return;
    initialized = true;
    sigemptyset(&wait_set);
    sigaddset(&wait_set, SIGCHLD);
    sigaddset(&wait_set, SIGINT);
    sigaddset(&wait_set, SIGTERM);
    sigaddset(&wait_set, SIGHUP);
    sigprocmask(SIG_BLOCK, &wait_set, &orig_mask);
}

long long test_proc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* environ with the overrides applied; the array is malloc'd, strings borrowed. */
static char **make_env(const char *const *add)
{
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    while (add && add[k])
        k++;
    char **env = calloc(n + k + 1, sizeof *env);
    if (!env)
        return NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(environ[i], '=');
        size_t klen = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
        bool overridden = false;
        for (size_t j = 0; j < k && !overridden; j++)
            overridden = strncmp(add[j], environ[i], klen) == 0 && add[j][klen] == '=';
        if (!overridden)
            env[m++] = environ[i];
    }
    for (size_t j = 0; j < k; j++)
        env[m++] = (char *)add[j];
    env[m] = NULL;
    return env;
}

pid_t test_proc_spawn(const struct proc_spec *s, char *err, size_t errlen)
{
    test_proc_init();
    char **env = make_env(s->env);
    if (!env) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        free(env);
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        close(pfd[0]);
        close(pfd[1]);
        free(env);
        return -1;
    }
    if (pid == 0) {
        /* Child: only async-signal-safe calls from here on. */
        setpgid(0, 0);
        /* Die with the runner (the runner has no threads, so "the parent
         * thread" is the runner); if it is already gone, do not start. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
            _exit(127);
        int e = 0;
        const char *what = "exec";
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0 && devnull != 0) {
            dup2(devnull, 0);
            close(devnull);
        }
        if (s->out_fd >= 0) {
            if (dup2(s->out_fd, 1) < 0 || dup2(s->out_fd, 2) < 0) {
                e = errno;
                what = "dup2";
            }
        }
        if (!e && s->events_fd >= 0) {
            int fl = fcntl(s->events_fd, F_GETFD);
            if (fl < 0 || fcntl(s->events_fd, F_SETFD, fl & ~FD_CLOEXEC) < 0) {
                e = errno;
                what = "events fd";
            }
        }
        if (!e && s->cwd && chdir(s->cwd) < 0) {
            e = errno;
            what = "chdir";
        }
        if (!e) {
            sigprocmask(SIG_SETMASK, &orig_mask, NULL);
            environ = env;
            execvp(s->argv[0], s->argv);
            e = errno;
        }
        char msg[64];
        int n = snprintf(msg, sizeof msg, "%s:%d", what, e);
        if (write(pfd[1], msg, (size_t)n) < 0) {
            /* nothing more we can do */
        }
        _exit(127);
    }
    setpgid(pid, pid); /* also from the parent: no window before the child does it */
    close(pfd[1]);
    free(env);
    char msg[64];
    ssize_t n;
    do
        n = read(pfd[0], msg, sizeof msg - 1);
    while (n < 0 && errno == EINTR);
    close(pfd[0]);
    if (n > 0) {
        msg[n] = '\0';
        char *colon = strchr(msg, ':');
        int e = colon ? atoi(colon + 1) : 0;
        if (colon)
            *colon = '\0';
        int st;
        waitpid(pid, &st, 0);
        if (strcmp(msg, "chdir") == 0)
            snprintf(err, errlen, "cannot enter %s: %s", s->cwd, strerror(e));
        else
            snprintf(err, errlen, "cannot run %s: %s", s->argv[0], strerror(e));
        return -1;
    }
    return pid;
}

pid_t test_proc_wait(int timeout_ms, int *status)
{
    test_proc_init();
    long long deadline = timeout_ms < 0 ? -1 : test_proc_now_ms() + timeout_ms;
    for (;;) {
        pid_t pid = waitpid(-1, status, WNOHANG);
        if (pid > 0) {
            kill(-pid, SIGKILL); /* ESRCH when the group is empty: fine */
            return pid;
        }
        if (pid < 0 && errno == ECHILD)
            return -1;
        if (test_proc_interrupted)
            return 0;
        long long left = deadline < 0 ? 1000 : deadline - test_proc_now_ms();
        if (left <= 0)
            return 0;
        struct timespec ts = {.tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000};
        int sig = sigtimedwait(&wait_set, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
            test_proc_interrupted = true;
            test_proc_signal = sig;
            return 0;
        }
        /* SIGCHLD, a timeout or EINTR: look again */
    }
}

void test_proc_kill_group(pid_t pid)
{
    if (pid > 0) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL); /* in case it had not yet made its group */
    }
}

void test_proc_describe(int status, char *buf, size_t len)
{
    if (WIFEXITED(status))
        snprintf(buf, len, "exit status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, len, "signal %d (%s)%s", WTERMSIG(status), strsignal(WTERMSIG(status)),
                 WCOREDUMP(status) ? ", core dumped" : "");
    else
        snprintf(buf, len, "wait status 0x%x", (unsigned)status);
}

int test_proc_run_sync(char *const *argv, const char *dir, int out_fd)
{
    struct proc_spec s = {.argv = argv, .env = NULL, .cwd = dir, .out_fd = out_fd, .events_fd = -1};
    char err[256];
    return test_proc_run_timed(&s, -1, NULL, err, sizeof err);
}

int test_proc_run_timed(const struct proc_spec *s, long long timeout_ms, bool *timed_out, char *err, size_t errlen)
{
    if (timed_out)
        *timed_out = false;
    pid_t pid = test_proc_spawn(s, err, errlen);
    if (pid < 0)
        return -1;
    long long deadline = timeout_ms >= 0 ? test_proc_now_ms() + timeout_ms : -1;
    int st;
    for (;;) {
        pid_t r = waitpid(pid, &st, deadline < 0 ? 0 : WNOHANG);
        if (r == pid)
            return st;
        if (r < 0 && errno != EINTR) {
            snprintf(err, errlen, "waitpid: %s", strerror(errno));
            return -1;
        }
        if (r == 0 && test_proc_now_ms() >= deadline) {
            test_proc_kill_group(pid);
            if (timed_out)
                *timed_out = true;
            deadline = -1; /* now wait for it to die */
        } else if (r == 0) {
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
}
