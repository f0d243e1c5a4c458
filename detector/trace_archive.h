/*
 * trace_archive.h — a compressed copy of each thread's older history, so
 * that the stack of an access can be restored long after its part of the
 * event ring (trace.h) was overwritten.
 *
 * Each completed part of the ring (TRACE_PART_EVENTS events) is encoded
 * (trace_codec.h) into the slot's archive by the owner when the next part
 * opens: the part's header (call stack and held locks at its start), then
 * its events, each mostly a bit or two: an event is predicted from the one
 * before it. Every part is archived (but one that codes worse than 2:1,
 * or starts deeper than CODEC_MAX_DEPTH frames), so how far back a stack
 * is restored depends only on how well the thread's code repeats itself:
 * the archive is a ring of words too; when it wraps, the oldest parts are
 * gone, and a stack they held is reported as not restored, never guessed.
 *
 * Who touches what: only the owner thread writes its archive (from
 * trace_switch_part). Readers (a report on any thread, under the report
 * lock) read it with relaxed loads and validate afterwards, as a seqlock:
 * `reserved` is raised before any word is overwritten, so a reader that
 * finds its record's words still below the ring's reach after reading
 * them read a consistent record.
 */
#ifndef RT_TRACE_ARCHIVE_H
#define RT_TRACE_ARCHIVE_H

#include "trace.h"

/* The archive's budget, in words: ARCHIVE_WORDS_PER_RING_EVENT per event of
 * the ring (history_size), at most ARCHIVE_MAX_WORDS; backed as the thread
 * fills it. At history_size=1 (a 64K-event ring) 4 MiB: a thread that runs
 * a branchy loop codes about 2 bits per event, so 4 MiB hold some 16
 * million events. 2 MiB at history_size=0, 64 MiB from history_size=4 on.
 * One index entry (a part remembered) per ARCHIVE_WORDS_PER_INDEX words:
 * 8192 entries, 128 KiB at history_size=1. */
#define ARCHIVE_WORDS_PER_RING_EVENT 8
#define ARCHIVE_MAX_WORDS (1ull << 23)
#define ARCHIVE_WORDS_PER_INDEX 64

struct archive_entry {
    u64 part;     /* part number (epoch >> TRACE_PART_BITS); 0 = none */
    u64 off;      /* word offset of its record (monotonic) */
};

struct trace_archive {
    u64 *words;                    /* ring, lazily backed */
    u64 mask;                      /* ring words - 1 */
    u64 head;                      /* words ever written */
    u64 reserved;                  /* head plus the record being written */
    struct archive_entry *index;   /* by part number, index_mask + 1 entries */
    u64 index_mask;
    struct part_coder *coder;      /* the owner's encoder scratch */
};

struct rt_thread;

/* Sets up the archive of a thread whose event ring holds `ring_events`
 * (a power of 2) events. */
void archive_init(struct trace_archive *a, u64 ring_events);

/* Owner: archives the completed part `part` of t's ring (whose header is
 * `hdr`). Called from trace_switch_part before the next part's header is
 * rewritten. */
void archive_part(struct rt_thread *t, u64 part, const struct trace_part *hdr);

/* Replays the archived part that holds `epoch` up to it: the stack
 * (outermost first, into scratch, at most SHADOW_STACK_MAX frames) and the
 * locks held at the access, whose pc is returned; 0 when the part is not
 * (or no longer) archived or the event there is not an access. */
uptr archive_replay(struct rt_thread *t, u64 epoch, uptr *scratch, unsigned *depth,
                    struct held_lock *held, unsigned *nheld);

#endif
