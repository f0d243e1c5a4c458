/*
 * trace_archive.c — compressed older history (see trace_archive.h); a
 * record's format is trace_codec.c's.
 */
#include "thread.h"
#include "trace_archive.h"
#include "trace_codec.h"

void archive_init(struct trace_archive *a, u64 ring_events)
{
    u64 words = ring_events * ARCHIVE_WORDS_PER_RING_EVENT;
    if (words > ARCHIVE_MAX_WORDS)
        words = ARCHIVE_MAX_WORDS;
    u64 index = words / ARCHIVE_WORDS_PER_INDEX;
    a->words = rt_mmap_noreserve(words * sizeof(u64));
    a->mask = words - 1;
    a->index = rt_mmap_noreserve(index * sizeof(struct archive_entry));
    a->index_mask = index - 1;
    a->coder = rt_mmap_noreserve(sizeof *a->coder);
}

void archive_part(struct rt_thread *t, u64 part, const struct trace_part *hdr)
{
    struct trace_archive *a = &t->archive;
    if (!a->words || hdr->depth > CODEC_MAX_DEPTH)
        return;
    const u64 ring_words = a->mask + 1;
    const u64 most = codec_max_words(hdr->depth, hdr->nheld);
    if (most > ring_words / 2)
        return;   /* would push out too much older history */
    /* The record is encoded straight into the ring, after reserving the
     * most it can take: `reserved` only grows, so words written by a
     * record that is then given up stay covered by it. */
    const u64 off = a->head;
    if (off + most > a->reserved)
        STORE(&a->reserved, off + most);
    __atomic_thread_fence(__ATOMIC_RELEASE);   /* reserved before any word */
    /* Parts are aligned in the ring: the part's events are contiguous.
     * Only this thread writes them, so they are read plainly. */
    const u64 *ev = &t->trace[(part << TRACE_PART_BITS) & t->trace_mask];
    unsigned len = codec_encode(a->coder, hdr, ev, a->words, a->mask, off);
    if (!len)
        return;
    struct archive_entry *ent = &a->index[part & a->index_mask];
    STORE(&ent->off, off);
    STORE_REL(&ent->part, part);
    STORE_REL(&a->head, off + len);
}

uptr archive_replay(struct rt_thread *t, u64 epoch, uptr *scratch, unsigned *depth,
                    struct held_lock *held, unsigned *nheld)
{
    struct trace_archive *a = &t->archive;
    if (!a->words)
        return 0;
    const u64 part = epoch >> TRACE_PART_BITS, ring_words = a->mask + 1;
    struct archive_entry *e = &a->index[part & a->index_mask];
    if (LOAD_ACQ(&e->part) != part)
        return 0;
    const u64 off = LOAD(&e->off);
    if (LOAD_ACQ(&a->head) - off > ring_words)
        return 0;
    uptr access_pc = codec_replay(a->words, a->mask, off, (unsigned)(ring_words / 2),
                                  (unsigned)(epoch & (TRACE_PART_EVENTS - 1)), scratch, depth,
                                  held, nheld);
    /* Valid only if the owner reserved nothing over the record meanwhile
     * (the codec's checksum would most likely say so too). */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (LOAD(&a->reserved) - off > ring_words || LOAD(&e->part) != part)
        return 0;
    return access_pc;
}
