/*
 * trace_archive.h — a compressed copy of each thread's older history, so
 * that the stack of an access can be restored long after its part of the
 * event ring (trace.h) was overwritten.
 *
 * Each completed part of the ring (TRACE_PART_EVENTS events) is copied,
 * compressed, into the slot's archive by the owner when the next part
 * opens: the part's header (call stack and held locks at its start), then
 * its events, where a run that repeats the events k places before it
 * (k = 1..ARCHIVE_MAX_PERIOD) is one word. Loops compress well: a loop of
 * accesses at one pc is one run, a polling loop (lock, read, unlock) is a
 * run of period 3, clang's vectorized loop of eight 16-byte stores (two
 * events each) one of period 16. A part that does not compress 4:1 is not archived (its
 * compression is given up as soon as it falls behind). The archive is a
 * ring of words too; when it wraps, the oldest parts are gone, and a stack
 * they held is reported as not restored, never guessed.
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

#define ARCHIVE_MAX_PERIOD 16
#define ARCHIVE_INDEX 4096        /* parts remembered (a power of 2) */
#define ARCHIVE_MAX_DEPTH 1024    /* parts that start deeper are not archived */

struct archive_entry {
    u64 part;     /* part number (epoch >> TRACE_PART_BITS); 0 = none */
    u64 off;      /* word offset of its record (monotonic) */
};

struct trace_archive {
    u64 *words;                    /* ring, lazily backed */
    u64 mask;                      /* ring words - 1 */
    u64 head;                      /* words ever written */
    u64 reserved;                  /* head plus the record being written */
    struct archive_entry *index;   /* ARCHIVE_INDEX entries, by part number */
};

struct rt_thread;

/* Sets up an archive of `words` words (a power of 2). */
void archive_init(struct trace_archive *a, u64 words);

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
