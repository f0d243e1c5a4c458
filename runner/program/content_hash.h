/*
 * program/content_hash.h — a 128-bit FNV-1a hash for build-cache keys.
 *
 * Not cryptographic: it only has to make accidental collisions between
 * builds negligible. Pure: the caller feeds bytes. Fields are fed with
 * content_hash_field, which prefixes their length, so that ("ab","c") and
 * ("a","bc") never hash alike.
 */
#ifndef RACETEST_CONTENT_HASH_H
#define RACETEST_CONTENT_HASH_H

#include <stddef.h>
#include <stdint.h>

struct content_hash {
    unsigned __int128 h;
};

void content_hash_init(struct content_hash *c);
void content_hash_bytes(struct content_hash *c, const void *data, size_t len);
void content_hash_field(struct content_hash *c, const void *data, size_t len);
void content_hash_str(struct content_hash *c, const char *s); /* a field */
void content_hash_u64(struct content_hash *c, uint64_t v);
/* 32 lowercase hex digits and a NUL. */
void content_hash_hex(const struct content_hash *c, char out[33]);

#endif
