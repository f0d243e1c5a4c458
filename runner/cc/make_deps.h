/*
 * cc/make_deps.h — reads the dependency rules that `cc -MM` prints
 * ("prog.o: prog.c inc/a.h \" ...), to learn which headers a build used.
 *
 * Pure. Understands backslash-newline continuations, "\ " (a space in a
 * name), "$$" (a dollar) and several rules in one text.
 */
#ifndef RACETEST_MAKE_DEPS_H
#define RACETEST_MAKE_DEPS_H

#include <stddef.h>

/* The prerequisites of every rule in TEXT, each once, in first-seen order.
 * Returns a NULL-terminated malloc'd array of malloc'd strings (free each
 * and the array), with the count in *n; NULL when out of memory. */
char **make_deps_parse(const char *text, size_t *n);

#endif
