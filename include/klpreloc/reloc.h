/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Range and alignment checks shared by every backend, and the small
 * arithmetic the ABIs write as S + A - P.
 */
#ifndef KLPRELOC_RELOC_H
#define KLPRELOC_RELOC_H

#include <stdbool.h>
#include <stdint.h>

/* v, read as a signed value, fits in a bits-wide two's complement field */
static inline bool klp_fits_signed(int64_t v, unsigned int bits)
{
	if (bits >= 64)
		return true;
	return v >= -((int64_t)1 << (bits - 1)) &&
	       v < ((int64_t)1 << (bits - 1));
}

/* v fits in a bits-wide unsigned field */
static inline bool klp_fits_unsigned(uint64_t v, unsigned int bits)
{
	return bits >= 64 || v < ((uint64_t)1 << bits);
}

/* v fits either way (the kernel's ABS16/ABS32 "signed or unsigned" rule) */
static inline bool klp_fits_either(uint64_t v, unsigned int bits)
{
	return klp_fits_signed((int64_t)v, bits) || klp_fits_unsigned(v, bits);
}

static inline bool klp_aligned(uint64_t v, uint64_t align)
{
	return (v & (align - 1)) == 0;
}

/* Sign-extend the low bits of v. */
static inline int64_t klp_sext(uint64_t v, unsigned int bits)
{
	if (bits >= 64)
		return (int64_t)v;
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

#endif /* KLPRELOC_RELOC_H */
