/*
 * plain_loop.c — the baselines of the runner-throughput benchmark
 * (bench/throughput/run.sh): calls trivial_test.c's test function N times in
 * a plain loop, in one process, with no test harness around it.
 *
 *   plain_loop [N]      (default 1)
 *
 * Built with `racetest build` it is the "plain loop under the detector" that
 * `racetest -count=N` is compared with; built with `gcc -fsanitize=thread`
 * and run with N=1 once per process it is the process-per-run loop of a TSan
 * binary. Exits 0 when every call passed (a failed assertion ends the
 * process through cmocka's failure path).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "counter_work.h"

int main(int argc, char **argv)
{
    long n = 1;
    if (argc > 1) {
        char *end;
        n = strtol(argv[1], &end, 10);
        if (*end != '\0' || n < 0) {
            fprintf(stderr, "usage: plain_loop [N]\n");
            return 2;
        }
    }
    for (long i = 0; i < n; i++)
        test_counter(NULL);
    return 0;
}
