/*
 * build_constraint.h — build-constraint expressions and the tags they test.
 *
 * Owns: Go's build-constraint grammar as racetest uses it (DESIGN.md, "Test
 * files"): parsing the expression of a `//racetest:build EXPR` line and the
 * arguments of a legacy `// +build ...` line, evaluating a constraint against
 * a set of tags, and saying in words why a file is included or excluded.
 * Finding those lines in a file is test_file_header's job, not this one's.
 *
 * Grammar of //racetest:build (Go's //go:build):
 *     expr := and { "||" and }        precedence: ! binds tighter than &&,
 *     and  := not { "&&" not }        which binds tighter than ||
 *     not  := "!" atom | atom         "!!x" is an error, as in Go; "!(!x)" is fine
 *     atom := TAG | "(" expr ")"      TAG: one or more of [A-Za-z0-9_.]
 * Legacy // +build arguments: space-separated options are OR-ed, the
 * comma-separated terms of an option are AND-ed, a term may start with one
 * "!". Unlike Go, which silently turns malformed legacy terms into the
 * never-set tag "ignore", malformed terms are errors: a typo must not
 * silently exclude a test.
 *
 * Invariants: a constraint is immutable once built; a tag that is not in the
 * set is false (Go's rule, which makes `ignore` a conventional off switch);
 * a constraint has at most CONSTRAINT_MAX_TERMS nodes, which bounds the
 * recursion of every walk over it. Errors name the column (see
 * filter_error.h) and what was expected.
 */
#ifndef RACETEST_BUILD_CONSTRAINT_H
#define RACETEST_BUILD_CONSTRAINT_H

#include <stdbool.h>
#include <stddef.h>

#include "filter_error.h"

#define CONSTRAINT_MAX_TERMS 1000

typedef struct constraint constraint;

/* A set of build tags. Zero-initialized means empty; names are owned copies,
 * kept in insertion order (so messages list them as the user gave them). */
typedef struct {
    char **names;
    size_t count;
    size_t capacity;
} build_tags;

/* Adds one tag (no-op if present). Returns 0, or -1 with err set when the
 * name is not a valid tag or memory ran out. */
int build_tags_add(build_tags *tags, const char *name, filter_error *err);

/* Adds the tags of a -tags argument: names separated by commas and/or
 * white space ("a,b" or Go's older "a b"); empty items are skipped. On error
 * (-1) the tags before the bad one have been added. */
int build_tags_add_list(build_tags *tags, const char *list, filter_error *err);

/* Adds the tags a build on this machine has: "race" when race is true, the
 * operating system ("linux") and the architecture under Go's name ("amd64",
 * "arm64", "386", "arm", "riscv64", "ppc64le", "s390x", ...). */
int build_tags_add_host(build_tags *tags, bool race, filter_error *err);

bool build_tags_has(const build_tags *tags, const char *name);

/* "race,linux,amd64"; snprintf-like: returns the full length (textbuf.h). */
size_t build_tags_format(const build_tags *tags, char *buf, size_t size);

void build_tags_free(build_tags *tags);

/* Parses the expression of a //racetest:build line (text: the part after the
 * directive, len bytes, need not be NUL-terminated; surrounding blanks are
 * ignored). origin locates text in its file for error messages (may be
 * NULL). Returns 0 and *out, or -1 with err set. */
int constraint_parse(const char *text, size_t len, const filter_origin *origin,
                     constraint **out, filter_error *err);

/* Same for the arguments of a legacy `// +build` line. */
int constraint_parse_plus_build(const char *text, size_t len, const filter_origin *origin,
                                constraint **out, filter_error *err);

/* x && y, taking ownership of both. Returns NULL with err set (and both
 * freed) when out of memory or when the result would exceed
 * CONSTRAINT_MAX_TERMS. */
constraint *constraint_and(constraint *x, constraint *y, filter_error *err);

/* Whether a file with this constraint is built; NULL (no constraint) is true. */
bool constraint_eval(const constraint *c, const build_tags *tags);

/* The constraint in //racetest:build syntax, parenthesized as Go prints it
 * (&& inside || gets parentheses for readability): "(a && b) || !c"; the
 * text parses back to the same constraint. snprintf-like; NULL gives "". */
size_t constraint_format(const constraint *c, char *buf, size_t size);

/* Why the file is excluded (or included), naming the deciding tags, e.g.
 * "build constraint `linux && !race` excludes it: tag race is set
 * (tags: race,linux,amd64)". NULL: "no build constraint, so it is included
 * (tags: ...)". snprintf-like. */
size_t constraint_explain(const constraint *c, const build_tags *tags, char *buf, size_t size);

void constraint_free(constraint *c);

#endif
