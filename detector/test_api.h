/*
 * test_api.h — the state behind racetest_rt.h's test attribution: which test
 * execution is running, and how many races it has seen. Written by the
 * thread that runs tests, read by reporting threads under the report lock.
 */
#ifndef RT_TEST_API_H
#define RT_TEST_API_H

#include "rt_defs.h"

/* The running test's id ("" outside tests), run number, and a sequence
 * number that changes at every __racetest_test_begin (0 before the first). */
const char *test_api_name(void);
unsigned test_api_run(void);
u64 test_api_seq(void);
/* One more race occurrence during the current test. */
void test_api_count_race(void);

#endif
