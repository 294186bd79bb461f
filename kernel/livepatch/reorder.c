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

/*
 * Runs this long are sorted by insertion, then merged, each pass from
 * one buffer into the other: the relocations move as whole structs,
 * where the C library's qsort() copied them byte by byte (a third of a
 * check of a ppc64 patch of 100k relocations).
 */
#define SORT_RUN	16

static void insertion(Elf64_Rela *r, size_t n, klp_rela_cmp cmp)
{
	for (size_t i = 1; i < n; i++) {
		Elf64_Rela x = r[i];
		size_t j = i;

		for (; j && cmp(&r[j - 1], &x) > 0; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

/* a[0, mid) and a[mid, n), each sorted, into out: ties from the left */
static void merge(const Elf64_Rela *a, size_t mid, size_t n, Elf64_Rela *out,
		  klp_rela_cmp cmp)
{
	size_t i = 0, j = mid, k = 0;

	while (i < mid && j < n)
		out[k++] = cmp(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
	while (i < mid)
		out[k++] = a[i++];
	while (j < n)
		out[k++] = a[j++];
}

void klp_relas_sort(Elf64_Rela *r, size_t n, klp_rela_cmp cmp)
{
	Elf64_Rela *tmp, *from = r, *to;

	for (size_t at = 0; at < n; at += SORT_RUN)
		insertion(r + at, n - at < SORT_RUN ? n - at : SORT_RUN, cmp);
	if (n <= SORT_RUN)
		return;
	to = tmp = xmalloc(n * sizeof(*tmp));
	for (size_t w = SORT_RUN; w < n; w *= 2) {
		Elf64_Rela *t;

		for (size_t at = 0; at < n; at += 2 * w) {
			size_t len = n - at < 2 * w ? n - at : 2 * w;

			merge(from + at, len < w ? len : w, len, to + at, cmp);
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != r)
		memcpy(r, from, n * sizeof(*r));
	free(tmp);
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
