/*
 * prng.c — derivation of independent streams from a run seed (prng.h).
 *
 * The seed is mixed with a mixed (domain, index) key, so that seeds that
 * differ in one bit, or consecutive indexes, start far apart. Indexes below
 * 2^48 keep the keys of different domains distinct.
 */
#include "prng.h"

struct prng prng_stream(uint64_t seed, enum prng_domain domain, uint64_t index)
{
    return (struct prng){prng_mix(seed ^ prng_mix(((uint64_t)domain << 48) + index))};
}
