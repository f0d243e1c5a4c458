/*
 * sanitizer_interface.h — the runtime's side of the program-facing
 * sanitizer interface (sanitizer_interface.c): the user's hooks, called by
 * init.c at the end of initialization and at exit.
 */
#ifndef RT_SANITIZER_INTERFACE_H
#define RT_SANITIZER_INTERFACE_H

/* Calls the program's __tsan_on_initialize, if it defines one. */
void sanitizer_on_initialize(void);
/* The exit status to use (report_finish's: -1 for the program's own),
 * after the program's __tsan_on_finalize, if it defines one, had its say:
 * it returns 0 to exit as if nothing had been found. */
int sanitizer_on_finalize(int status);

#endif
