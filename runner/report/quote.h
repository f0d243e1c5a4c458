/*
 * report/quote.h — making a string safe to paste: as one word of a POSIX
 * shell command line, and as a regular expression (PCRE2, Go's RE2 syntax
 * alike) that matches exactly that string.
 *
 * Every command racetest prints for pasting (the `rerun:` lines of the text,
 * JSON, JUnit and SARIF outputs) is built from these, so that a test file
 * named `$(touch x)_test.c`, a path with a space or `c++_test.c` gives a
 * command that reruns exactly that test and nothing else.
 *
 * Pure functions appending to a jbuf; no allocation besides the jbuf's.
 */
#ifndef RACETEST_REPORT_QUOTE_H
#define RACETEST_REPORT_QUOTE_H

#include <stdbool.h>

#include "runner/report/json.h"

/* s as one shell word: unchanged when it only holds characters no shell
 * treats specially (letters, digits, `_-./,:=+@%^`), else in single quotes
 * with each ' written as '\''. The empty string is ''. */
void quote_shell(struct jbuf *b, const char *s);

/* s with every regular-expression metacharacter (\^$.|?*+()[]{}) and the
 * `/` that -run splits levels on escaped by a backslash. */
void quote_regex(struct jbuf *b, const char *s);

#endif
