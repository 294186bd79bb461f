// SPDX-License-Identifier: GPL-2.0
/*
 * Relocations a backend reordered in place, as the kernel's
 * module_frob_arch_sections() does (arm64: the branches that may need a
 * PLT first, sorted; ppc64: every section sorted for the stub count):
 * where each came from in the file, so that diagnostics name it as
 * readelf does. The file's order is kept; the map is made at the first
 * diagnostic that needs it.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/module.h>

#include "internal.h"

Elf64_Rela *klp_relas_save(const struct klp_module *me, unsigned int relsec)
{
	size_t n;
	const Elf64_Rela *r = klp_relas(me, relsec, &n);
	Elf64_Rela *copy = xmalloc((n ? n : 1) * sizeof(*copy));

	if (n)
		memcpy(copy, r, n * sizeof(*copy));
	return copy;
}

/* By offset, info and addend: every field, so only true twins tie. */
static int cmp_key(const Elf64_Rela *x, const Elf64_Rela *y)
{
	if (x->r_offset != y->r_offset)
		return x->r_offset < y->r_offset ? -1 : 1;
	if (x->r_info != y->r_info)
		return x->r_info < y->r_info ? -1 : 1;
	if (x->r_addend != y->r_addend)
		return x->r_addend < y->r_addend ? -1 : 1;
	return 0;
}

static int cmp_saved(const void *a, const void *b, void *arg)
{
	const Elf64_Rela *v = arg;

	return cmp_key(&v[*(const uint32_t *)a], &v[*(const uint32_t *)b]);
}

void klp_relas_reordered(struct klp_module *me, unsigned int relsec,
			 Elf64_Rela *saved)
{
	struct klp_section *sec = &me->secs[relsec];
	size_t n;
	const Elf64_Rela *now = klp_relas(me, relsec, &n);

	/* reordered twice: the file's order is the first one saved */
	if (sec->file_relas || !n || !memcmp(saved, now, n * sizeof(*now)))
		free(saved);
	else
		sec->file_relas = saved;
	free(sec->order);
	sec->order = NULL;
}

/* Where each relocation as the model holds it was in the file. */
static uint32_t *file_order(const Elf64_Rela *file, const Elf64_Rela *now,
			    size_t n)
{
	uint32_t *by_key = xmalloc(n * sizeof(*by_key));
	uint32_t *perm = xmalloc(n * sizeof(*perm));
	bool *taken = xcalloc(n, sizeof(*taken));

	for (size_t i = 0; i < n; i++)
		by_key[i] = (uint32_t)i;
	qsort_r(by_key, n, sizeof(*by_key), cmp_saved, (void *)file);
	for (size_t j = 0; j < n; j++) {
		size_t lo = 0, hi = n;

		/* the first twin of now[j] in the file not taken yet */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (cmp_key(&file[by_key[mid]], &now[j]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < n && taken[lo])
			lo++;
		/* a reordering only moves entries: each has its twin */
		if (lo == n || cmp_key(&file[by_key[lo]], &now[j]))
			abort();
		taken[lo] = true;
		perm[j] = by_key[lo];
	}
	free(by_key);
	free(taken);
	return perm;
}

long klp_rel_file_index(struct klp_module *me, long sec, long rel)
{
	struct klp_section *s;
	size_t n;

	if (sec <= 0 || (unsigned long)sec >= me->shnum || rel < 0 ||
	    !me->secs || !me->secs[sec].file_relas)
		return rel;
	s = &me->secs[sec];
	n = s->size / sizeof(Elf64_Rela);
	if ((size_t)rel >= n)
		return rel;
	if (!s->order)
		s->order = file_order(s->file_relas, klp_relas(me, sec, &n),
				      n);
	return s->order[rel];
}
