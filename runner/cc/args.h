/*
 * cc/args.h — what a C compiler command line asks for, and how `racetest cc`
 * rewrites it into instrumented compile steps and a runtime-carrying link.
 *
 * Pure logic: no I/O, no environment, no file system. The caller (the
 * driver, runner/cc/driver.c) supplies the compiler words, the flags to add
 * and a temporary directory name, and runs the resulting steps.
 *
 * Promises:
 *  - Compile-type steps (-c, -S, -E, -M, -fsyntax-only) get the compile
 *    additions appended; the user's arguments are kept as they are.
 *  - A link step never carries -fsanitize=thread (gcc would link libtsan,
 *    clang its own runtime): it is removed from the user's arguments,
 *    also from a list such as -fsanitize=thread,undefined.
 *  - A link step gets the link additions (our runtime) unless it builds a
 *    shared object (-shared) or a relocatable object (-r): the executable
 *    carries the one runtime.
 *  - A command that compiles and links at once is split: one compile step
 *    per source into TMPDIR/<n>-<name>.o, then the link step with those
 *    objects in the sources' places, so that link order is preserved.
 *  - A command without inputs (--version, -v, -print-*, -dumpmachine ...)
 *    runs unchanged.
 *  - A link that carries the runtime and names cmocka (-lcmocka, -l cmocka,
 *    or a libcmocka.so/.a path) gets racetest's cmocka glue (the wraps and
 *    libracetest_cmocka.a) just before the first of them, unless the
 *    command links the glue itself: the test binary can then list its tests
 *    and repeat them in-process under the runner, and behaves as plain
 *    cmocka anywhere else (glue/cmocka.c passes straight through).
 *  - A link that would carry the runtime cannot be static (-static,
 *    -static-pie): an error, worded as gcc words it for -fsanitize=thread
 *    (the runtime interposes on libc and looks the real functions up with
 *    dlsym).
 */
#ifndef RACETEST_CC_ARGS_H
#define RACETEST_CC_ARGS_H

#include <stdbool.h>
#include <stddef.h>

enum cc_stage {
    CC_STAGE_INFO,       /* no input: a query of the compiler, run unchanged */
    CC_STAGE_PREPROCESS, /* -E, -M, -MM */
    CC_STAGE_COMPILE,    /* -c, -S, -fsyntax-only */
    CC_STAGE_LINK,       /* everything else: produces a program or library */
};

/* What racetest adds. Strings are borrowed for the life of the plan call. */
struct cc_additions {
    const char *const *compile; /* appended to every compile-type step */
    size_t n_compile;
    const char *const *link;    /* appended to a link that carries the runtime */
    size_t n_link;
    const char *const *cmocka_glue; /* put before cmocka in such a link */
    size_t n_cmocka_glue;
};

/* One command to run: argv[argc] == NULL; every string is owned. */
struct cc_step {
    char **argv;
    size_t argc;
};

struct cc_plan {
    enum cc_stage stage;
    bool links_runtime;  /* the link step got the link additions */
    bool needs_tmpdir;   /* sources must be compiled to temporary objects */
    struct cc_step *steps;
    size_t n_steps;
    char **temp_objects; /* files the caller deletes after the last step */
    size_t n_temp_objects;
};

/*
 * Plans `compiler ARGS` where compiler is cc_words[0..n_cc_words).
 * When the command must be split and tmpdir is NULL, returns 0 with
 * plan->needs_tmpdir set and no steps: create a directory and call again.
 * Returns 0 on success, -1 on a malformed command line (an option missing
 * its value) with a one-line reason in err, or on allocation failure.
 */
int cc_plan_make(struct cc_plan *plan, const char *const *cc_words, size_t n_cc_words,
                 int argc, char *const argv[], const struct cc_additions *add,
                 const char *tmpdir, char *err, size_t errlen);
void cc_plan_free(struct cc_plan *plan);

/* True when OPT (e.g. "-I", "-o", "-Xlinker") takes its value in the next
 * argument. Used by `racetest build/run` to tell values from input files. */
bool cc_option_takes_value(const char *opt);

/* True when a file named PATH is compiled (by its suffix: .c .i .s .S
 * .cc ...), false when it would be handed to the linker (.o .a .so ...). */
bool cc_is_source_name(const char *path);

/*
 * Copies the arguments that matter for preprocessing: drops inputs, -o and
 * its value, and link-only options (-l, -L, -Wl,..., -shared, -pie, ...).
 * Used to ask the compiler for a build's header dependencies (-MM).
 * Returns a NULL-terminated owned array (free with cc_argv_free), or NULL.
 */
char **cc_compile_only_args(int argc, char *const argv[], size_t *out_n);
void cc_argv_free(char **argv);

/*
 * Splits the text of a response file (@FILE) into arguments the way gcc
 * does (libiberty buildargv): whitespace separates, single and double
 * quotes group, a backslash escapes the next character.
 * Returns a NULL-terminated owned array (free with cc_argv_free), or NULL.
 */
char **cc_split_response_text(const char *text, size_t *out_n);

#endif
