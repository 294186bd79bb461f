// SPDX-License-Identifier: GPL-2.0
/*
 * A target module's ftrace call sites, from its .ko: the section the
 * module loader hands to ftrace_module_init() (the arch's
 * FTRACE_CALLSITE_SECTION), one address per traced function, each a
 * relocation against its text. klp_patch_func() needs one inside the
 * function it redirects (ftrace_location()): a notrace function has none,
 * and livepatch refuses it.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>

#include "internal.h"

struct site {
	uint64_t shndx, off;
};

static int cmp_site(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The first site at or after (shndx, off), or n. */
static size_t site_from(const struct site *v, size_t n, uint64_t shndx,
			uint64_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].shndx < shndx ||
		    (v[mid].shndx == shndx && v[mid].off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The call sites of m, sorted; NULL when it has no such section. */
static struct site *sites(const struct klp_module *m, size_t *n)
{
	const char *name = m->arch->ftrace_callsites;
	unsigned int sec = klp_find_sec(m, name ? name : "__mcount_loc");
	struct site *v = NULL;

	*n = 0;
	if (!sec)
		return NULL;
	for (unsigned int i = 1; i < m->shnum; i++) {
		const Elf64_Rela *r = (const Elf64_Rela *)m->secs[i].data;
		size_t nr = m->secs[i].size / sizeof(*r);

		if (m->sechdrs[i].sh_type != SHT_RELA ||
		    m->sechdrs[i].sh_info != sec || !r)
			continue;
		v = xrealloc(v, (*n + nr + 1) * sizeof(*v));
		for (size_t j = 0; j < nr; j++) {
			size_t k = ELF64_R_SYM(r[j].r_info);

			if (!k || k >= m->nsyms)
				continue;
			v[*n].shndx = m->syms[k].st_shndx;
			v[*n].off = m->syms[k].st_value +
				    (uint64_t)r[j].r_addend;
			(*n)++;
		}
	}
	if (!v)
		v = xmalloc(sizeof(*v));	/* the section, no site */
	qsort(v, *n, sizeof(*v), cmp_site);
	return v;
}

bool *klp_ftrace_untraced(const struct klp_module *m)
{
	/*
	 * a site taken for the function after it can only miss a refusal,
	 * never invent one
	 */
	uint64_t before = m->arch->ftrace_site_before;
	size_t n;
	struct site *v = sites(m, &n);
	bool *untraced;

	if (!v)
		return NULL;
	untraced = xcalloc(m->nsyms ? m->nsyms : 1, sizeof(*untraced));
	for (size_t i = 1; i < m->nsyms; i++) {
		const Elf64_Sym *s = &m->syms[i];
		uint64_t from, end;
		size_t at;

		/* a size bounds the function; without one, nothing is said */
		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || !s->st_size ||
		    s->st_shndx == SHN_UNDEF || s->st_shndx >= m->shnum)
			continue;
		from = s->st_value > before ? s->st_value - before : 0;
		end = s->st_value + s->st_size;
		at = site_from(v, n, s->st_shndx, from);
		untraced[i] = at == n || v[at].shndx != s->st_shndx ||
			      v[at].off >= end;
	}
	free(v);
	return untraced;
}
