/* Time stays real after a process is started without fork (tests/sched/check.sh,
 * real/after_spawn): a pipe may then be the child's to write, so a poll on it must wait for
 * real even under sched=pct. Spawns `true` with posix_spawn, then polls a pipe nobody
 * writes for 200 ms; exits 1 if that took less than 190 ms of real time (read past the
 * runtime's clocks), 2 if the spawn failed. */
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long real_ms(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(void)
{
    int p[2], status;
    pid_t pid;
    char *argv[] = {"true", NULL};
    if (pipe(p) || posix_spawnp(&pid, "true", NULL, NULL, argv, environ) ||
        waitpid(pid, &status, 0) != pid)
        return 2;
    long long start = real_ms();
    struct pollfd fd = {.fd = p[0], .events = POLLIN};
    int r = poll(&fd, 1, 200);
    return r == 0 && real_ms() - start >= 190 ? 0 : 1;
}
