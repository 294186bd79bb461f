/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The name hash's steps, for klp_name_hash_len() and for scanners that
 * hash a name in the words they read to find its end (the map parser,
 * the .klp.sym parse): all of them must give the same value.
 *
 * A name of len bytes is hashed eight bytes at a time, each word read in
 * little-endian order; the last len % 8 bytes are one more word, zero
 * above them; the length is mixed in last.
 */
#ifndef KLPRELOC_NAMEHASH_H
#define KLPRELOC_NAMEHASH_H

#include <stddef.h>
#include <stdint.h>

#define KLP_HASH_SEED	0x9e3779b97f4a7c15ull
#define KLP_HASH_K1	0xff51afd7ed558ccdull
#define KLP_HASH_K2	0xc4ceb9fe1a85ec53ull

static inline uint64_t klp_hash_word(uint64_t h, uint64_t w)
{
	h = (h ^ w) * KLP_HASH_K1;
	return h ^ (h >> 32);
}

static inline uint32_t klp_hash_end(uint64_t h, uint64_t tail, size_t len)
{
	h = (h ^ tail) * KLP_HASH_K2;
	h ^= h >> 29;
	h = (h ^ len) * KLP_HASH_K1;
	return (uint32_t)(h >> 32);
}

/* The first n (< 8) bytes of little-endian word w: a name's last word. */
static inline uint64_t klp_hash_tail(uint64_t w, size_t n)
{
	return n ? w & (~0ull >> (64 - 8 * n)) : 0;
}

#endif
