/*
 * thread_leak.h — threads that finished but were never joined nor
 * detached (TSan's "thread leak", option report_thread_leaks): their
 * stacks and results stay allocated until the process ends. Checked once,
 * at exit (init.c), before the verdict; a thread still running then is
 * not a leak (the process ends it), a detached one never is, and a fiber
 * is not a thread.
 */
#ifndef RT_THREAD_LEAK_H
#define RT_THREAD_LEAK_H

void thread_leak_check(void);

#endif
