/*
 * trace_codec.c — a history part as a bit stream (see trace_codec.h).
 *
 * Record: word 0 holds the length in words (low 32 bits) and a checksum of
 * the words after it (high 32); then the bits, least significant first:
 *   gamma(depth + 1), gamma(nheld + 1), each frame as a pc, each held lock
 *   as a pc (address | EV_WRITE_LOCK); then tokens until TRACE_PART_EVENTS
 *   events are out: gamma(L + 1), L events that each are the first of the
 *   CODEC_SUCC successors (most recent first) of their predecessor's
 *   context; then, unless the part is complete, a miss:
 *     0                  successor 2
 *     1 0 <1 bit>        successor 3 or 4
 *     1 1 0 <index>      a known value (index in as many bits as the count needs)
 *     1 1 1 <type:3> <pc>  a new value, indexed while the dictionary has room
 *   and the value becomes the context's first successor.
 * A context is a value's index and whether that value repeated the one
 * before it (so that AABBCC..., a loop whose accesses are recorded twice,
 * predicts B after the second A and A after the first): index * 2 + repeat.
 * The lists hold contexts, so a hit costs the encoder a load and a compare.
 * A pc is a zigzag delta from the previous pc of its type (frames count as
 * entries, held locks as locks): 6 bits of length, then the bits.
 * The dictionary starts with the value 0 (never-written events) at index 0;
 * a value met when the dictionary is full is not indexed and predicts as 0.
 */
#include "trace_codec.h"

#define LEN_BITS 6
#define MAX_GAMMA_ZEROS 20
#define CHECK_MUL 0x9e3779b97f4a7c15ull
#define TYPE_BITS 3
_Static_assert(CODEC_SUCC == 4, "a miss codes successors 2 to 4 as 0, 100, 101");

static inline u64 low_bits(u64 v, unsigned n) { return n >= 64 ? v : v & ((1ull << n) - 1); }

static inline unsigned index_width(unsigned count)
{
    return count <= 1 ? 0 : 32 - (unsigned)__builtin_clz(count - 1);
}

static inline u64 check_step(u64 check, u64 word) { return (check ^ word) * CHECK_MUL; }

static inline u64 zigzag(u64 pc, u64 prev)
{
    int64_t d = (int64_t)(pc - prev);
    return ((u64)d << 1) ^ (u64)(d >> 63);
}

static inline u64 unzigzag(u64 z, u64 prev) { return prev + ((z >> 1) ^ -(z & 1)); }

/* A successor list: CODEC_SUCC contexts of 16 bits in one word, the most
 * recent in the low bits. */
#define SUCC_BITS 16
#define SUCC_MASK 0xffffu

static inline unsigned succ_at(u64 list, unsigned pos)
{
    return (unsigned)(list >> (SUCC_BITS * pos)) & SUCC_MASK;
}

/* The context after a value with index idx met in context ctx. */
static inline unsigned next_context(unsigned ctx, unsigned idx)
{
    return idx << 1 | ((ctx >> 1) == idx);
}

static inline void dict_add(u64 *val, u64 *succ, unsigned idx, u64 e)
{
    val[2 * idx] = val[2 * idx + 1] = e;
    /* Until seen otherwise, a value predicts itself again (a repeat). */
    succ[2 * idx] = succ[2 * idx + 1] = (2 * idx + 1) * 0x0001000100010001ull;
}

/* The list with ctx first, moved from position pos (CODEC_SUCC - 1 when
 * it was not in the list: the last one is dropped). */
static inline u64 succ_promote(u64 list, unsigned pos, unsigned ctx)
{
    u64 below = list & ((1ull << (SUCC_BITS * pos)) - 1);
    u64 above = list & ((~0ull << (SUCC_BITS * pos)) << SUCC_BITS);
    return above | below << SUCC_BITS | ctx;
}

unsigned codec_max_words(unsigned frames, unsigned nheld)
{
    /* Header pcs at their longest (6 + 63 bits), and events at 2:1 at
     * most: a part that codes worse is not worth its room. */
    return 2 + ((frames + nheld) * (LEN_BITS + 63) + 64) / 64 + TRACE_PART_EVENTS / 2;
}

/* ---- encoder -------------------------------------------------------- */

struct bit_writer {
    u64 acc;          /* bits not yet stored */
    unsigned n;       /* how many (< 64) */
    u64 *words, mask, off;
    unsigned len, limit;   /* words stored (after word 0), most allowed */
    u64 check;             /* of the words stored */
};

static inline void put(struct bit_writer *w, u64 v, unsigned n)   /* v < 2^n, n <= 64 */
{
    w->acc |= v << w->n;
    if (w->n + n < 64) {
        w->n += n;
        return;
    }
    if (w->len < w->limit)
        STORE(&w->words[(w->off + 1 + w->len) & w->mask], w->acc);
    w->check = check_step(w->check, w->acc);
    w->len++;
    w->acc = w->n ? v >> (64 - w->n) : 0;
    w->n = w->n + n - 64;
}

/* Elias gamma code of x (1 <= x < 2^31), as put writes it: z zeros, a 1,
 * then the z bits of x below its top bit; *len = 2z + 1. */
static inline u64 gamma_code(u64 x, unsigned *len)
{
    unsigned z = 63 - (unsigned)__builtin_clzll(x);
    *len = 2 * z + 1;
    return ((low_bits(x, z) << 1) | 1) << z;
}

static inline void put_gamma(struct bit_writer *w, u64 x)
{
    unsigned len;
    u64 g = gamma_code(x, &len);
    put(w, g, len);
}

static void put_pc(struct bit_writer *w, u64 pc, u64 *prev)
{
    u64 z = zigzag(pc, *prev);
    unsigned nb = z ? 64 - (unsigned)__builtin_clzll(z) : 0;
    put(w, nb, LEN_BITS);
    put(w, z, nb);
    *prev = pc;
}

/* The common case, as tight as it goes: from event i on, the events that
 * each are their context's first successor. Returns where that run ends
 * (a miss, or the part's end); *ctx follows the run. */
static inline unsigned hit_run(const u64 *succ, const u64 *val, const u64 *ev, unsigned i,
                               unsigned *ctx)
{
    const u64 *p = ev + i, *end = ev + TRACE_PART_EVENTS;
    uptr c = *ctx;
    /* Two events a round: the loop's own instructions were a third of
     * its cost. TRACE_PART_EVENTS is even, not end - p. */
    for (; end - p >= 2; p += 2) {
        uptr a = succ[c] & SUCC_MASK;
        if (val[a] != p[0])
            goto out;
        uptr b = succ[a] & SUCC_MASK;
        if (val[b] != p[1]) {
            c = a;
            p++;
            goto out;
        }
        c = b;
    }
    if (p != end) {
        uptr a = succ[c] & SUCC_MASK;
        if (val[a] == p[0]) {
            c = a;
            p++;
        }
    }
out:
    *ctx = (unsigned)c;
    return (unsigned)(p - ev);
}

/* The index of event value e in the dictionary, added if new and room is
 * left; *fresh says it was not there. */
static inline unsigned dict_index(struct part_coder *c, unsigned *count, u64 e, bool *fresh)
{
    unsigned h = (unsigned)((e * CHECK_MUL) >> 53) & (CODEC_HASH - 1);
    while (c->hash_gen[h] == c->gen) {
        unsigned i = c->hash_idx[h];
        if (c->val[2 * i] == e) {
            *fresh = false;
            return i;
        }
        h = (h + 1) & (CODEC_HASH - 1);
    }
    *fresh = true;
    if (*count == CODEC_DICT_MAX)
        return 0;
    unsigned i = (*count)++;
    dict_add(c->val, c->succ, i, e);
    c->hash_gen[h] = c->gen;
    c->hash_idx[h] = (unsigned short)i;
    return i;
}

unsigned codec_encode(struct part_coder *c, const struct trace_part *hdr, const u64 *ev,
                      u64 *words, u64 mask, u64 off)
{
    const unsigned depth = hdr->depth, nheld = hdr->nheld;
    if (depth > CODEC_MAX_DEPTH || nheld > MAX_HELD)
        return 0;
    struct bit_writer w = {.words = words, .mask = mask, .off = off,
                           .limit = codec_max_words(depth, nheld) - 1};
    u64 prev_pc[1 << TYPE_BITS] = {0};
    put_gamma(&w, depth + 1);
    put_gamma(&w, nheld + 1);
    for (unsigned i = 0; i < depth; i++)
        put_pc(&w, hdr->stack[i], &prev_pc[EV_FUNC_ENTER]);
    for (unsigned i = 0; i < nheld; i++)
        put_pc(&w, hdr->held[i].addr | (hdr->held[i].write ? EV_WRITE_LOCK : 0),
               &prev_pc[EV_LOCK]);
    /* A fresh generation empties the hash table. On wrap-around, really
     * empty it: an entry of 2^32 parts ago would pass for this part's. */
    if (++c->gen == 0) {
        for (unsigned i = 0; i < CODEC_HASH; i++)
            c->hash_gen[i] = 0;
        c->gen = 1;
    }
    unsigned count = 0, ctx = 0;
    bool fresh;
    dict_index(c, &count, 0, &fresh);   /* index 0 */
    unsigned width = index_width(count);   /* follows count */
    const u64 *val = c->val;
    for (unsigned i = 0;;) {
        const unsigned run_start = i;
        i = hit_run(c->succ, val, ev, i, &ctx);
        if (i == TRACE_PART_EVENTS) {
            if (i > run_start)
                put_gamma(&w, i - run_start + 1);
            break;
        }
        /* A miss: the run's length and the miss, in one put where they fit. */
        const u64 e = ev[i], list = c->succ[ctx];
        unsigned glen;
        u64 g = gamma_code(i - run_start + 1, &glen);
        /* The other successors, compared at once (no loop). */
        const unsigned s1 = succ_at(list, 1), s2 = succ_at(list, 2), s3 = succ_at(list, 3);
        unsigned pos = val[s1] == e ? 1 : val[s2] == e ? 2 : val[s3] == e ? 3 : CODEC_SUCC, next;
        if (pos == 1) {
            put(&w, g, glen + 1);
            next = s1;
        } else if (pos < CODEC_SUCC) {
            put(&w, g | (u64)(1 | (pos - 2) << 2) << glen, glen + 3);
            next = pos == 2 ? s2 : s3;
        } else {
            unsigned idx = dict_index(c, &count, e, &fresh);
            if (!fresh) {
                put(&w, g | (3 | (u64)idx << 3) << glen, glen + 3 + width);
            } else {
                put(&w, g | (7 | (e >> EV_SHIFT) << 3) << glen, glen + 3 + TYPE_BITS);
                put_pc(&w, e & EV_PC_MASK, &prev_pc[e >> EV_SHIFT]);
                width = index_width(count);
            }
            next = next_context(ctx, idx);
            pos = CODEC_SUCC - 1;
        }
        c->succ[ctx] = succ_promote(list, pos, next);
        ctx = next;
        if (unlikely(w.len >= w.limit))
            return 0;
        if (++i == TRACE_PART_EVENTS)
            break;
    }
    if (w.n)
        put(&w, 0, 64 - w.n);
    if (w.len > w.limit)
        return 0;
    STORE(&words[off & mask], (u64)(u32)(w.check >> 32) << 32 | (w.len + 1));
    return w.len + 1;
}

/* ---- decoder -------------------------------------------------------- */

struct bit_reader {
    u64 acc;
    unsigned n;
    const u64 *words;
    u64 mask, off;
    unsigned len, limit;   /* words read (after word 0), record's length - 1 */
    u64 check;             /* of the words read */
    bool bad;              /* read past the record */
};

static u64 get(struct bit_reader *r, unsigned n)   /* n <= 64 */
{
    if (r->n >= n) {
        u64 v = low_bits(r->acc, n);
        r->acc = n >= 64 ? 0 : r->acc >> n;
        r->n -= n;
        return v;
    }
    u64 word = 0;
    if (r->len < r->limit)
        word = LOAD(&r->words[(r->off + 1 + r->len) & r->mask]);
    else
        r->bad = true;
    r->check = check_step(r->check, word);
    r->len++;
    unsigned need = n - r->n;
    u64 v = r->acc | low_bits(word, need) << r->n;
    r->acc = need >= 64 ? 0 : word >> need;
    r->n = 64 - need;
    return v;
}

static u64 get_gamma(struct bit_reader *r)
{
    unsigned z = 0;
    while (!get(r, 1)) {
        if (++z > MAX_GAMMA_ZEROS || r->bad) {
            r->bad = true;
            return 1;
        }
    }
    return (1ull << z) | get(r, z);
}

static u64 get_pc(struct bit_reader *r, u64 *prev)
{
    unsigned nb = (unsigned)get(r, LEN_BITS);
    if (nb > 63) {
        r->bad = true;
        return 0;
    }
    *prev = unzigzag(get(r, nb), *prev);
    return *prev;
}

/* Decodes the next miss after context ctx: the event's value, and in *ctx
 * the context after it; r->bad or 0 from the return on a bad index. */
static u64 get_miss(struct bit_reader *r, u64 *val, u64 *succ, unsigned *count, unsigned *ctx,
                    u64 *prev_pc, bool *bad_index)
{
    const u64 list = succ[*ctx];
    unsigned pos = 1, next;
    u64 e;
    if (get(r, 1))
        pos = get(r, 1) ? CODEC_SUCC : 2 + (unsigned)get(r, 1);
    if (pos < CODEC_SUCC) {
        next = succ_at(list, pos);
        e = val[next];
    } else {
        unsigned idx;
        if (!get(r, 1)) {
            idx = (unsigned)get(r, index_width(*count));
            if (idx >= *count) {
                *bad_index = true;
                return 0;
            }
            e = val[2 * idx];
        } else {
            u64 type = get(r, TYPE_BITS);
            e = type << EV_SHIFT | get_pc(r, &prev_pc[type]);
            idx = 0;
            if (*count < CODEC_DICT_MAX)
                dict_add(val, succ, idx = (*count)++, e);
        }
        next = next_context(*ctx, idx);
        pos = CODEC_SUCC - 1;
    }
    succ[*ctx] = succ_promote(list, pos, next);
    *ctx = next;
    return e;
}

uptr codec_replay(const u64 *words, u64 mask, u64 off, unsigned max_words, unsigned want,
                  uptr *scratch, unsigned *depth, struct held_lock *held, unsigned *nheld)
{
    static u64 val[2 * CODEC_DICT_MAX];   /* under the report lock */
    static u64 succ[2 * CODEC_DICT_MAX];
    const u64 head = LOAD(&words[off & mask]);
    const unsigned len = (unsigned)head;
    if (len < 1 || len > max_words || want >= TRACE_PART_EVENTS)
        return 0;
    struct bit_reader r = {.words = words, .mask = mask, .off = off, .limit = len - 1};
    u64 prev_pc[1 << TYPE_BITS] = {0};
    const u64 d = get_gamma(&r) - 1, h = get_gamma(&r) - 1;
    if (r.bad || d > CODEC_MAX_DEPTH || h > MAX_HELD)
        return 0;
    for (unsigned i = 0; i < d; i++)
        scratch[i] = get_pc(&r, &prev_pc[EV_FUNC_ENTER]);
    for (unsigned i = 0; i < h; i++) {
        u64 x = get_pc(&r, &prev_pc[EV_LOCK]);
        held[i] = (struct held_lock){x & ~EV_WRITE_LOCK, (x & EV_WRITE_LOCK) != 0};
    }
    *depth = (unsigned)d;
    *nheld = (unsigned)h;
    unsigned count = 1, ctx = 0;
    dict_add(val, succ, 0, 0);
    uptr access_pc = 0;
    bool bad_index = false;
    for (unsigned i = 0; i < TRACE_PART_EVENTS && !r.bad && !bad_index;) {
        u64 run = get_gamma(&r) - 1;
        if (run > TRACE_PART_EVENTS - i)
            return 0;
        /* The run, then (unless the part is complete) the miss. */
        for (u64 k = 0; k <= run && i < TRACE_PART_EVENTS; k++, i++) {
            u64 e;
            if (k < run) {
                ctx = succ_at(succ[ctx], 0);
                e = val[ctx];
            } else {
                e = get_miss(&r, val, succ, &count, &ctx, prev_pc, &bad_index);
            }
            if (i <= want) {
                trace_replay_event(e, scratch, depth, held, nheld);
                if (i == want)
                    access_pc = (e >> EV_SHIFT) == EV_ACCESS ? (e & EV_PC_MASK) : 0;
            }
        }
    }
    /* Valid only if exactly the record's words were read, and they are
     * the words that were written. */
    if (r.bad || bad_index || r.len != len - 1 || (u32)(r.check >> 32) != (u32)(head >> 32))
        return 0;
    return access_pc;
}
