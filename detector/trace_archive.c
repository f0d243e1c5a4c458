/*
 * trace_archive.c — compressed older history (see trace_archive.h).
 *
 * Record of one part: a word with the header's depth (low 32 bits) and
 * number of held locks (high 32), the header's frames, the held locks
 * (address | EV_WRITE_LOCK), then TRACE_PART_EVENTS events as words: an
 * event as the ring stores it (its type, never 0, in the top bits), or a
 * run (type bits 0): `n` (low 32 bits) events, each equal to the event
 * `k` (bits 32..36) places before it; k = 0 means n never-written events.
 */
#include "thread.h"
#include "trace_archive.h"

#define RUN_K_SHIFT 32
#define RUN_K_MASK 0x1f
/* Words a part may take beyond a quarter of its events, so far. */
#define ARCHIVE_MIN_RATIO_SLACK 64

void archive_init(struct trace_archive *a, u64 words)
{
    a->words = rt_mmap_noreserve(words * sizeof(u64));
    a->mask = words - 1;
    a->index = rt_mmap_noreserve(ARCHIVE_INDEX * sizeof(struct archive_entry));
}

/* Length of the run at i that repeats the events k places before. */
static unsigned run_length(const u64 *ev, unsigned i, unsigned k)
{
    unsigned n = 0;
    while (i + n < TRACE_PART_EVENTS && ev[i + n] == ev[i + n - k])
        n++;
    return n;
}

void archive_part(struct rt_thread *t, u64 part, const struct trace_part *hdr)
{
    struct trace_archive *a = &t->archive;
    unsigned depth = hdr->depth, nheld = hdr->nheld;
    if (!a->words || depth > ARCHIVE_MAX_DEPTH)
        return;
    const u64 ring_words = a->mask + 1;
    /* Parts are aligned in the ring: the part's events are contiguous.
     * Only this thread writes them, so they are read plainly. */
    const u64 *ev = &t->trace[(part << TRACE_PART_BITS) & t->trace_mask];
    /* The record is compressed straight into the ring, after reserving
     * the most it can take (the 4:1 give-up below bounds it): no per-thread
     * scratch, which would sit in every thread's static TLS (threads with
     * small stacks could not start). `reserved` only grows: words written
     * by a record that is then given up stay covered by it. */
    const unsigned head_len = 1 + depth + nheld;
    const u64 off = a->head;
    const u64 most = head_len + ARCHIVE_MIN_RATIO_SLACK + TRACE_PART_EVENTS / 4 + 2;
    if (most > ring_words / 2)
        return;   /* would push out too much older history */
    if (off + most > a->reserved)
        STORE(&a->reserved, off + most);
    __atomic_thread_fence(__ATOMIC_RELEASE);   /* reserved before any word */
    unsigned len = 0;
#define PUT(v) STORE(&a->words[(off + len++) & a->mask], (v))
    PUT((u64)depth | ((u64)nheld << 32));
    for (unsigned i = 0; i < depth; i++)
        PUT(hdr->stack[i]);
    for (unsigned i = 0; i < nheld; i++)
        PUT(hdr->held[i].addr | (hdr->held[i].write ? EV_WRITE_LOCK : 0));
    /* Where each event value (by hash) was last seen, and the time before:
     * a value seen again k <= ARCHIVE_MAX_PERIOD events later starts a
     * candidate run of period k. The time before catches loops where each
     * event comes twice (a 16-byte access is recorded as two 8-byte
     * pieces, so clang's vectorized loops read AABBCC...). One or two
     * probes per event keep the cost near a copy. */
    unsigned short last[256], before[256];
    for (unsigned i = 0; i < 256; i++)
        last[i] = before[i] = 0xffff;
    for (unsigned i = 0; i < TRACE_PART_EVENTS;) {
        u64 e = ev[i];
        unsigned h = (unsigned)((e * 0x9e3779b97f4a7c15ull) >> 56);
        unsigned j = last[h], j2 = before[h], n = 0, k = 0;
        before[h] = (unsigned short)j;
        last[h] = (unsigned short)i;
        if (j < i && i - j <= ARCHIVE_MAX_PERIOD && ev[j] == e)
            n = run_length(ev, i, k = i - j);
        if (n < 2 && j2 < j && i - j2 <= ARCHIVE_MAX_PERIOD && ev[j2] == e)
            n = run_length(ev, i, k = i - j2);
        if (n >= 2) {
            PUT(((u64)k << RUN_K_SHIFT) | n);
            i += n;
            continue;
        }
        PUT(e ? e : 1);   /* 1: a run of k = 0, one never-written event */
        i++;
        /* A part that does not compress at least 4:1 is not archived: it
         * would push out more older history than it adds, and compressing
         * it costs the owner ~25 instructions per event (lock-striped code
         * with accesses all over: hashmap). Given up early, it costs ~3. */
        if (unlikely(len - head_len > ARCHIVE_MIN_RATIO_SLACK + i / 4))
            return;
    }
#undef PUT
    struct archive_entry *ent = &a->index[part & (ARCHIVE_INDEX - 1)];
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
    struct archive_entry *e = &a->index[part & (ARCHIVE_INDEX - 1)];
    if (LOAD_ACQ(&e->part) != part)
        return 0;
    const u64 off = LOAD(&e->off);
    if (LOAD_ACQ(&a->head) - off > ring_words)
        return 0;
    u64 pos = off;
#define WORD() LOAD(&a->words[pos++ & a->mask])
    u64 w = WORD();
    unsigned d = (unsigned)w, h = (unsigned)(w >> 32);
    if (d > ARCHIVE_MAX_DEPTH || h > MAX_HELD)
        return 0;   /* overwritten under us: the check below would say so */
    for (unsigned i = 0; i < d; i++)
        scratch[i] = WORD();
    *depth = d;
    *nheld = h;
    for (unsigned i = 0; i < h; i++) {
        u64 x = WORD();
        held[i] = (struct held_lock){x & ~EV_WRITE_LOCK, (x & EV_WRITE_LOCK) != 0};
    }
    /* The last ARCHIVE_MAX_PERIOD events, for runs. */
    u64 recent[ARCHIVE_MAX_PERIOD + 1] = {0};
    const unsigned want = (unsigned)(epoch & (TRACE_PART_EVENTS - 1));
    uptr access_pc = 0;
    for (unsigned i = 0; i <= want;) {
        u64 word = WORD(), ev;
        unsigned n = 1, k = 0;
        if (word >> EV_SHIFT) {
            ev = word;
        } else {
            n = (unsigned)word;
            k = (unsigned)(word >> RUN_K_SHIFT) & RUN_K_MASK;
            if (n == 0 || k > ARCHIVE_MAX_PERIOD)
                return 0;   /* overwritten under us */
        }
        for (; n > 0 && i <= want; n--, i++) {
            if (word >> EV_SHIFT)
                ev = word;
            else
                ev = k ? recent[(i - k) % (ARCHIVE_MAX_PERIOD + 1)] : 0;
            recent[i % (ARCHIVE_MAX_PERIOD + 1)] = ev;
            trace_replay_event(ev, scratch, depth, held, nheld);
            if (i == want)
                access_pc = (ev >> EV_SHIFT) == EV_ACCESS ? (ev & EV_PC_MASK) : 0;
        }
    }
#undef WORD
    /* Valid only if the owner reserved nothing over the record meanwhile. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (LOAD(&a->reserved) - off > ring_words || LOAD(&e->part) != part)
        return 0;
    return access_pc;
}
