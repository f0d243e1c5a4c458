/*
 * suite/proc.h — child processes of `racetest test`: builds, listings and test
 * runs, each in its own process group so that a timeout or Ctrl-C can kill
 * everything a test started (its threads' helper processes included).
 *
 * Signals: test_proc_init() blocks SIGCHLD, SIGINT, SIGTERM and SIGHUP in the
 * runner; they are received only inside test_proc_wait(), which therefore
 * never misses a child's exit and turns Ctrl-C into a flag
 * (test_proc_interrupted) instead of killing the runner before it has printed
 * what it found. Children get the original signal mask back before exec.
 * Because children run in their own process groups, the terminal's Ctrl-C
 * reaches only the runner: the runner must kill their groups itself.
 *
 * Invariant: every descriptor the runner opens is O_CLOEXEC, so a child
 * inherits only stdin (/dev/null), stdout and stderr (its output file) and the
 * event stream descriptor named in RACETEST_EVENTS_FD.
 */
#ifndef RACETEST_TEST_PROC_H
#define RACETEST_TEST_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct proc_spec {
    char *const *argv;        /* argv[0]: a path, or a name searched in PATH */
    const char *const *env;   /* "KEY=VALUE" overriding/added to environ; NULL-terminated or NULL */
    const char *cwd;          /* NULL: the runner's */
    int out_fd;               /* becomes stdout and stderr; -1: inherit */
    int events_fd;            /* stays open in the child as RACETEST_EVENTS_FD; -1: none */
};

void test_proc_init(void);

/* Starts the child in a new process group (its pid), with PR_SET_PDEATHSIG
 * SIGKILL so that it dies with the runner, even with a kill -9 of the
 * runner. Returns the pid, or -1 with a one-line reason (including a failed
 * exec) in err. */
pid_t test_proc_spawn(const struct proc_spec *s, char *err, size_t errlen);

/* Runs one child to its end (argv in dir, its stdout and stderr into out_fd)
 * and returns its wait status, or -1 with errno when it could not be started
 * or waited for. Only while no other child of the runner runs. */
int test_proc_run_sync(char *const *argv, const char *dir, int out_fd);
/* The same for a full spec, killing its process group after timeout_ms
 * (-1: none; *timed_out says so, timed_out may be NULL). What the child
 * leaves running in its group after a normal exit is left alone (a fixture
 * setup's daemon). -1 with a reason in err when it could not be started. */
int test_proc_run_timed(const struct proc_spec *s, long long timeout_ms, bool *timed_out, char *err, size_t errlen);

/* Reaps one finished child: returns its pid and wait status, 0 when none
 * ended within timeout_ms (-1: wait indefinitely), or -1 when there are no
 * children. What is left of the child's process group (a `sleep 300` it
 * forked) is killed at once: nothing a run started outlives the run. Sets test_proc_interrupted on SIGINT/SIGTERM/SIGHUP and then
 * returns 0 at once. */
pid_t test_proc_wait(int timeout_ms, int *status);

/* Kills the process group of a child started by test_proc_spawn. */
void test_proc_kill_group(pid_t pid);

/* "exit status 3", "signal 11 (Segmentation fault)". */
void test_proc_describe(int status, char *buf, size_t len);

extern volatile bool test_proc_interrupted;
/* The signal that set it (SIGINT, SIGTERM or SIGHUP). */
extern volatile int test_proc_signal;

/* Milliseconds of a monotonic clock. */
long long test_proc_now_ms(void);

#endif
