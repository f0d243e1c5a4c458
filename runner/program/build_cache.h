/*
 * program/build_cache.h — the cache of programs built by `racetest run`.
 *
 * Directory: $RACETEST_CACHE, else $XDG_CACHE_HOME/racetest, else
 * $HOME/.cache/racetest. An entry is two files:
 *   <key>-<name>        the instrumented program
 *   <key>-<name>.deps   the manifest: "racetest-deps-v1", then one line
 *                       "<content hash> <path>" per header/source it used
 * The key hashes what is known before building (racetest itself, the
 * working directory, the compiler's identity, the runtime files, every
 * argument and the content of every input file); the manifest covers what
 * is only known after (included headers), and is checked on every lookup.
 *
 * Invariants: entries appear only by rename(2) of a complete file, program
 * first and manifest last, so a lookup never sees a half-written program and
 * a program without a manifest is simply a miss; nothing but complete
 * entries is ever left in the directory.
 */
#ifndef RACETEST_BUILD_CACHE_H
#define RACETEST_BUILD_CACHE_H

#include <stddef.h>

#include "runner/cc/layout.h"

/* Finds and creates (mkdir -p) the cache directory. Returns 0, or -1 with
 * a one-line reason. */
int build_cache_dir(char *out, size_t outlen, char *err, size_t errlen);

/* Computes the key of building ARGS (the `racetest cc` arguments without
 * -o; inputs are the arguments that are_input[i] marks) with the compiler
 * words. Returns 0 and 32 hex digits in key, or -1 with a reason. */
int build_cache_key(char *const *cc_words, size_t n_words, char *const *args,
                    const unsigned char *is_input, size_t n_args,
                    const struct cc_layout *layout, char key[33], char *err,
                    size_t errlen);

/* 1 when ENTRY (the program's path) is complete and every file of its
 * manifest still has the recorded content; 0 otherwise. */
int build_cache_valid(const char *entry);

/* Writes ENTRY.deps for the given dependency paths (temporary file and
 * rename). Returns 0, or -1 (then the entry simply stays a miss). */
int build_cache_write_manifest(const char *entry, char *const *deps, size_t n);

/* Content hash of a file, as hex; returns 0, or -1 if unreadable. */
int build_cache_hash_file(const char *path, char hex[33]);

#endif
