/*
 * trace_codec.h — the compact form of one completed history part (trace.h)
 * that the archive (trace_archive.h) keeps: its header (the call stack and
 * held locks at its start) and its TRACE_PART_EVENTS events, as a bit
 * stream, with a length and a checksum so that a record that was cut short,
 * overwritten or corrupted is rejected, never replayed into a wrong stack.
 *
 * Events are values from a small set (an access event is its pc, not its
 * address; a lock event is the lock's address), and what follows an event
 * is mostly what followed it last time: code runs the same paths. So each
 * distinct value of the part gets a dictionary index on first sight (coded
 * as a delta from the previous new value of its type), and each event is
 * predicted from the one before: a run of events that each equal the
 * previous event's last successor is one Elias-gamma number, a miss is one
 * of its three successors before (1 or 3 bits), an index, or a new value.
 * A tight loop costs a few bits per iteration, a branchy one (zstd's match
 * finder) about 2 bits per event (bench/PROFILE.md, issue 14 session 5).
 *
 * Who touches what: the encoder runs on the owner thread with its own
 * scratch (struct part_coder); it writes the record with relaxed stores
 * into a word ring that readers read concurrently (trace_archive.h says how
 * they validate what they read). The decoder's scratch is static: it runs
 * under the report lock only.
 */
#ifndef RT_TRACE_CODEC_H
#define RT_TRACE_CODEC_H

#include "trace.h"

#define CODEC_MAX_DEPTH 1024  /* parts that start deeper are not encoded */
#define CODEC_DICT_MAX 1024   /* distinct event values indexed per part */
#define CODEC_HASH 2048       /* encoder's value -> index table (power of 2) */
#define CODEC_SUCC 4          /* successors remembered per value */

_Static_assert(2 * CODEC_DICT_MAX <= 0x10000, "a context fits in 16 bits");

/* Encoder scratch, one per thread (44 KiB, lazily backed). */
struct part_coder {
    u64 val[2 * CODEC_DICT_MAX];  /* by context: its value (index = context / 2) */
    /* By context (trace_codec.c: a value, and whether it repeated the
     * one before), the contexts that followed, most recent first. */
    u64 succ[2 * CODEC_DICT_MAX];  /* CODEC_SUCC contexts of 16 bits */
    unsigned short hash_idx[CODEC_HASH];
    u32 hash_gen[CODEC_HASH];     /* == gen: the entry belongs to this part */
    u32 gen;
};

/* Most words a record of a part whose header holds `frames` frames and
 * `nheld` locks may take: beyond that, the encoder gives the part up. */
unsigned codec_max_words(unsigned frames, unsigned nheld);

/* Encodes the part with header `hdr` and events ev[0 .. TRACE_PART_EVENTS)
 * into words[(off + i) & mask] for i < codec_max_words(...). Returns the
 * record's length in words, or 0 when it would not fit (nothing valid is
 * then left at off). */
unsigned codec_encode(struct part_coder *c, const struct trace_part *hdr, const u64 *ev,
                      u64 *words, u64 mask, u64 off);

/* Decodes the record at words[off & mask] (at most max_words long),
 * replaying its header and events up to the event at index `want` (<
 * TRACE_PART_EVENTS) into scratch/depth/held/nheld as trace_replay_event
 * does. Returns that event's pc if it is an access and the whole record
 * decodes to its length and checksum; else 0. */
uptr codec_replay(const u64 *words, u64 mask, u64 off, unsigned max_words, unsigned want,
                  uptr *scratch, unsigned *depth, struct held_lock *held, unsigned *nheld);

#endif
