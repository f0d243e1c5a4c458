//racetest:cflags -O2
/*
 * trivial_test.c — the cmocka side of the runner-throughput benchmark
 * (bench/throughput/run.sh): one trivial test, run by
 * `racetest -count=10000 bench/throughput/`. Its test function lives in
 * counter_work.h, shared with plain_loop.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "counter_work.h"

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
