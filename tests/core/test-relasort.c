// SPDX-License-Identifier: GPL-2.0
/*
 * klp_relas_sort() (kernel/livepatch/reorder.c), which the arm64 and ppc64
 * backends sort relocations with: the oracle is a sort that is stable by
 * construction (each element goes after every earlier one not greater
 * than it, one at a time). Keys come from a small set, so that most
 * relocations tie and a sort that is not stable puts them elsewhere;
 * r_offset, which no comparator reads, records where each came from.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/module.h>

#include "tap.h"

/* ppc64's order: descending by r_info, then by r_addend */
static int by_info_desc(const Elf64_Rela *a, const Elf64_Rela *b)
{
	if (a->r_info != b->r_info)
		return a->r_info > b->r_info ? -1 : 1;
	if (a->r_addend != b->r_addend)
		return a->r_addend > b->r_addend ? -1 : 1;
	return 0;
}

/* arm64's: ascending by type, symbol and addend */
static int by_type_sym(const Elf64_Rela *a, const Elf64_Rela *b)
{
	uint32_t ta = ELF64_R_TYPE(a->r_info), tb = ELF64_R_TYPE(b->r_info);
	uint32_t sa = ELF64_R_SYM(a->r_info), sb = ELF64_R_SYM(b->r_info);

	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a->r_addend < b->r_addend ? -1 : a->r_addend > b->r_addend;
}

static void oracle(Elf64_Rela *r, size_t n, klp_rela_cmp cmp)
{
	for (size_t i = 1; i < n; i++) {
		Elf64_Rela x = r[i];
		size_t j = i;

		while (j && cmp(&r[j - 1], &x) > 0) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
}

static void fill(Elf64_Rela *r, size_t n, unsigned int keys)
{
	for (size_t i = 0; i < n; i++) {
		r[i].r_offset = i;
		r[i].r_info = ELF64_R_INFO((uint64_t)(rand() % keys),
					   (uint32_t)(rand() % 3));
		r[i].r_addend = (int64_t)(rand() % 4) - 2;
	}
}

static int check(size_t n, unsigned int keys, klp_rela_cmp cmp,
		 const char *what)
{
	Elf64_Rela *a = malloc((n + 1) * sizeof(*a));
	Elf64_Rela *b = malloc((n + 1) * sizeof(*b));
	int same;

	fill(a, n, keys);
	memcpy(b, a, n * sizeof(*a));
	klp_relas_sort(a, n, cmp);
	oracle(b, n, cmp);
	same = !memcmp(a, b, n * sizeof(*a));
	ok(same, "%s: %zu relocations over %u symbols, as the stable oracle",
	   what, n, keys);
	free(a);
	free(b);
	return same;
}

int main(void)
{
	static const size_t sizes[] = { 0, 1, 2, 15, 16, 17, 31, 32, 33,
					100, 257, 1000, 4099 };

	srand(7);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		check(sizes[i], 5, by_info_desc, "ppc64 order");
		check(sizes[i], 5, by_type_sym, "arm64 order");
	}
	/* few ties: a plain sort */
	check(3000, 100000, by_info_desc, "ppc64 order, distinct");
	/* already sorted, and reversed */
	{
		Elf64_Rela r[200], o[200];

		for (size_t i = 0; i < 200; i++) {
			r[i].r_offset = i;
			r[i].r_info = ELF64_R_INFO(i / 3, 10);
			r[i].r_addend = 0;
		}
		memcpy(o, r, sizeof(r));
		klp_relas_sort(r, 200, by_type_sym);
		ok(!memcmp(r, o, sizeof(r)), "sorted input stays as it is");
		klp_relas_sort(r, 200, by_info_desc);
		oracle(o, 200, by_info_desc);
		ok(!memcmp(r, o, sizeof(r)),
		   "reversed, ties in their first order");
	}
	return done_testing();
}
