/*
 * init.c — runtime start-up and the end-of-process verdict.
 *
 * The runtime initializes from .preinit_array, before any constructor of
 * the program or its libraries, so that the first instrumented access
 * already finds a thread. __tsan_init, which every instrumented translation
 * unit calls from its constructor, is then a no-op. At exit, a program that
 * reported races exits with `exitcode` (66) after "Found N data race(s)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "omp_runtime_code.h"
#include "options.h"
#include "report.h"
#include "shadow.h"
#include "suppress.h"
#include "sanitizer_interface.h"
#include "sync.h"
#include "thread.h"
#include "thread_leak.h"

static int initialized;

static void rt_atexit(void)
{
    struct rt_thread *t = cur_thread();
    thread_leak_check();
    t->ignore++;   /* what runs after us is libc's teardown */
    int status = sanitizer_on_finalize(report_finish());
    if (status >= 0) {
        fflush(NULL);
        _exit(status);
    }
}

/* The environment as the kernel gave it: .preinit_array functions run
 * before libc has set up getenv's view of it. */
static char **initial_env;

const char *rt_getenv(const char *name)
{
    if (!initial_env)
        return getenv(name);
    size_t n = strlen(name);
    for (char **e = initial_env; *e; e++)
        if (!strncmp(*e, name, n) && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

static void rt_init(void)
{
    if (__atomic_exchange_n(&initialized, 1, __ATOMIC_ACQ_REL))
        return;
    options_parse(rt_getenv("RACETEST_OPTIONS"));
    shadow_init();
    sync_init();
    thread_init_main();
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    report_init();
    suppress_init();
    sched_init();
    crash_init();
    omp_runtime_code_init();
    /* Registered first, so it runs last: after the program's own atexit
     * handlers, which may still race. */
    atexit(rt_atexit);
    rt_leave(t);
    sanitizer_on_initialize();
}

static void rt_preinit(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    initial_env = envp;
    rt_init();
}

__attribute__((section(".preinit_array"), used)) static void (*rt_preinit_entry)(int, char **, char **) = rt_preinit;

void __tsan_init(void)
{
    rt_init();
}
