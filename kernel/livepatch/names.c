// SPDX-License-Identifier: GPL-2.0
/*
 * klp section and symbol names, parsed exactly as the kernel's sscanf()
 * formats do - including what they let through (spaces before the
 * position, trailing garbage, a position that wraps) and what they refuse
 * or cut short (a sign before the position, long names).
 */
#include <endian.h>
#include <stdint.h>
#include <string.h>

#include <klpreloc/livepatch.h>

#include "internal.h"
#include "namehash.h"

#define SYM_PREFIX	".klp.sym."

int klp_ksym_name_len(int kver)
{
	return kver >= KLP_KVER(6, 1) ? KLP_KSYM_NAME_LEN : 128;
}

/* %W[^stop]: 1..width characters other than stop; 0 if none. */
static size_t scan_set(const char *s, char stop, size_t width, char *out)
{
	size_t n = 0;

	while (s[n] && s[n] != stop && n < width) {
		out[n] = s[n];
		n++;
	}
	out[n] = '\0';
	return n;
}

int klp_parse_rela_name(const char *name, char obj[KLP_MODULE_NAME_LEN],
			bool *truncated)
{
	size_t n;

	*truncated = false;
	obj[0] = '\0';
	if (strncmp(name, KLP_RELA_PREFIX, strlen(KLP_RELA_PREFIX)))
		return 0;
	name += strlen(KLP_RELA_PREFIX);
	n = scan_set(name, '.', KLP_MODULE_NAME_LEN - 1, obj);
	if (!n)
		return 0;
	*truncated = name[n] && name[n] != '.';
	return 1;
}

/* The kernel's isspace(): ASCII white space and Latin-1 NBSP (0xa0). */
static bool kspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* The kernel's isdigit(): ASCII digits only. */
static bool kdigit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The kernel's vsscanf() %lu: skip white space, then a decimal digit must
 * follow - no sign, unlike the C library. Digits accumulate modulo 2^64
 * (simple_strntoull() only flags an overflow, it keeps the wrapped value).
 */
static bool scan_ulong(const char *s, unsigned long *v, const char **end)
{
	unsigned long n = 0;

	while (kspace((unsigned char)*s))
		s++;
	if (!kdigit(*s))
		return false;
	while (kdigit(*s))
		n = n * 10 + (unsigned long)(*s++ - '0');
	*v = n;
	*end = s;
	return true;
}

/* 0x80 in each byte of w that is zero (exact up to the first one) */
static uint64_t zero_bytes(uint64_t w)
{
	return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

/*
 * %W[^stop] without the copy: how many characters it takes. Eight at a
 * time while they lie among the avail bytes readable at s (a module's
 * names are parsed once each, a hundred thousand of them), then one by
 * one as sscanf() would. With hash, the characters taken are hashed as
 * klp_name_hash_len() would, in the words read (namehash.h).
 */
static size_t scan_len(const char *s, size_t avail, char stop, size_t width,
		       uint32_t *hash)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t h = KLP_HASH_SEED;
	size_t n = 0;

	for (; n + 8 <= avail && n + 8 <= width; n += 8) {
		uint64_t w, hit;

		/* the first character in the low byte, whatever the host */
		memcpy(&w, s + n, sizeof(w));
		w = le64toh(w);
		hit = zero_bytes(w) | zero_bytes(w ^ ((unsigned char)stop * ones));
		if (hit) {
			size_t k = (size_t)__builtin_ctzll(hit) / 8;

			if (hash)
				*hash = klp_hash_end(h, klp_hash_tail(w, k),
						     n + k);
			return n + k;
		}
		if (hash)
			h = klp_hash_word(h, w);
	}
	while (n < width && s[n] && s[n] != stop)
		n++;
	if (hash)
		*hash = klp_name_hash_len(s, n);
	return n;
}

int klp_parse_sym_parts_in(const char *name, size_t avail, int kver,
			   struct klp_sym_parts *pt)
{
	const size_t plen = strlen(SYM_PREFIX);
	const char *s = name;
	size_t n;

	pt->obj = pt->obj_len = pt->sym = pt->sym_len = 0;
	pt->trailing = false;
	pt->hash = 0;
	if (avail >= plen ? memcmp(s, SYM_PREFIX, plen) :
			    strncmp(s, SYM_PREFIX, plen))
		return 0;
	s += plen;
	avail = avail > plen ? avail - plen : 0;
	n = scan_len(s, avail, '.', KLP_MODULE_NAME_LEN - 1, NULL);
	if (!n)
		return 0;
	pt->obj = plen;
	pt->obj_len = n;
	if (s[n] != '.')
		return 1;
	return klp_parse_sym_tail(name, plen + n + 1,
				  avail > n + 1 ? avail - n - 1 : 0, kver, pt);
}

int klp_parse_sym_tail(const char *name, size_t at, size_t avail, int kver,
		       struct klp_sym_parts *pt)
{
	const char *s = name + at, *end;
	size_t n = scan_len(s, avail, ',', (size_t)klp_ksym_name_len(kver) - 1,
			    &pt->hash);

	pt->sym = pt->sym_len = 0;
	pt->trailing = false;
	if (!n)
		return 1;
	pt->sym = at;
	pt->sym_len = n;
	s += n;
	if (*s != ',')
		return 2;
	s++;
	if (!scan_ulong(s, &pt->pos, &end))
		return 2;
	pt->trailing = *end != '\0';
	return 3;
}

int klp_parse_sym_parts(const char *name, int kver,
			struct klp_sym_parts *pt)
{
	return klp_parse_sym_parts_in(name, 0, kver, pt);
}

int klp_parse_sym_name(const char *name, int kver,
		       char obj[KLP_MODULE_NAME_LEN],
		       char sym[KLP_KSYM_NAME_LEN], unsigned long *pos,
		       bool *trailing)
{
	struct klp_sym_parts pt;
	int cnt = klp_parse_sym_parts(name, kver, &pt);

	memcpy(obj, name + pt.obj, pt.obj_len);
	obj[pt.obj_len] = '\0';
	memcpy(sym, name + pt.sym, pt.sym_len);
	sym[pt.sym_len] = '\0';
	if (cnt == 3)
		*pos = pt.pos;
	*trailing = pt.trailing;
	return cnt;
}
