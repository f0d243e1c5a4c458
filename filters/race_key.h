/*
 * race_key.h — the identity of a data race, for deduplication across runs,
 * processes and shards, and as the SARIF fingerprint.
 *
 * Owns: what makes two race reports "the same race": the top user frame of
 * each of the two racing accesses (function and file:line, after the caller
 * applied strip_path_prefix and skipped runtime/libc frames), taken as an
 * unordered pair, so a report of A racing with B and one of B racing with A
 * share a key. Addresses, thread numbers, columns and the rest of the stacks
 * are deliberately not part of it: they vary from run to run for the same
 * bug.
 *
 * Key text: each side as FILE:LINE:FUNCTION, the two sides ordered by file
 * (bytewise), then line (numerically), then function, a missing frame last,
 * joined by '|':
 *     "tests/counter_test.c:8:worker|tests/counter_test.c:14:main"
 * A missing frame, or a missing function or file, is written "?"; an unknown
 * line is 0. The hash is the 64-bit FNV-1a of exactly that text, so anyone
 * holding the text (a JSON event, a merged shard) can recompute it.
 *
 * Invariants: key(a, b) == key(b, a), byte for byte; the text and hash never
 * change for the same input (they go into stored SARIF files: changing the
 * format orphans existing code-scanning alerts). No allocation, no libc
 * calls: the detector runtime may compute keys in its report path.
 */
#ifndef RACETEST_RACE_KEY_H
#define RACETEST_RACE_KEY_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *function; /* NULL or "" when unknown */
    const char *file;     /* NULL or "" when unknown */
    unsigned line;        /* 0 when unknown */
} race_key_frame;

/* Writes the key text of the race between the accesses whose top frames are
 * a and b (either may be NULL: stack not restored) into buf, snprintf-like
 * (returns the full length; buf may be NULL when size is 0), and stores its
 * hash in *hash when hash is not NULL. */
size_t race_key(const race_key_frame *a, const race_key_frame *b, char *buf, size_t size,
                uint64_t *hash);

/* For a key one of whose stacks was lost ("A|?": a missing frame sorts
 * last), the length of its known side A; 0 for a key with both sides, or
 * with none ("?|?"). */
size_t race_key_partial(const char *key);

/* Whether the key's sides (of a key with both) include the len bytes of
 * side: "A|B" includes A and B. A partial key "A|?" belongs to the race
 * of a full key that includes A. */
int race_key_has_side(const char *key, const char *side, size_t len);

/* 64-bit FNV-1a of len bytes of text. */
uint64_t race_key_hash(const char *text, size_t len);

#endif
