/*
 * program/content_hash.c — FNV-1a with the 128-bit parameters of the FNV
 * specification (offset basis 0x6c62272e07bb014262b821756295c58d,
 * prime 2^88 + 2^8 + 0x3b). Invariant: byte order independent of the host.
 */
#include "runner/program/content_hash.h"

#include <stdio.h>
#include <string.h>

static const unsigned __int128 fnv128_prime =
    ((unsigned __int128)1 << 88) + ((unsigned __int128)1 << 8) + 0x3b;

void content_hash_init(struct content_hash *c)
{
    c->h = ((unsigned __int128)0x6c62272e07bb0142ULL << 64) | 0x62b821756295c58dULL;
}

void content_hash_bytes(struct content_hash *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    unsigned __int128 h = c->h;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= fnv128_prime;
    }
    c->h = h;
}

void content_hash_u64(struct content_hash *c, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    content_hash_bytes(c, b, sizeof b);
}

void content_hash_field(struct content_hash *c, const void *data, size_t len)
{
    content_hash_u64(c, (uint64_t)len);
    content_hash_bytes(c, data, len);
}

void content_hash_str(struct content_hash *c, const char *s)
{
    content_hash_field(c, s, strlen(s));
}

void content_hash_hex(const struct content_hash *c, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)(c->h >> 64),
             (unsigned long long)c->h);
}
