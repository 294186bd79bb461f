// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol sources and the name index. Each object keeps its symbols in the
 * order the kernel walks them when it resolves a .klp.sym: address order
 * for vmlinux (kallsyms_on_each_match_symbol() visits equal names in
 * kallsyms sequence, which is address order), symbol table order for a
 * module (module_kallsyms_on_each_symbol()). The index is built once per
 * object, so a lookup is a hash probe, never a scan.
 */
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <klpreloc/arch.h>
#include <klpreloc/core.h>
#include <klpreloc/elfsym.h>
#include <klpreloc/kallsyms.h>
#include <klpreloc/livepatch.h>

#include "internal.h"

static uint32_t name_hash(const char *s)
{
	return klp_name_hash_len(s, strlen(s));
}

void klp_ksyms_init(struct klp_ksyms *ks, const struct klp_options *opts)
{
	memset(ks, 0, sizeof(*ks));
	ks->opts = opts;
}

/*
 * A slot of the name index: the name's hash, compared before the name,
 * and where its symbols are. The name itself is its first symbol's: a
 * slot of eight bytes keeps the table small (every byte of it is a fresh
 * page's, which is what a run pays most for) and the symbol is fetched
 * for its address anyway.
 */
struct klp_kslot {
	uint32_t hash;
	/* KSLOT_ONE | index into v, or the start of a group; ~0: empty */
	uint32_t ref;
};
#define KSLOT_ONE	0x80000000u	/* the name's only symbol */

/*
 * Open addressing over the distinct names. A slot leads to its name's
 * only symbol or to its group: the count, then the indices into v of
 * every symbol of that name in kallsyms order. A lookup compares one
 * string and finds the pos-th symbol without walking the others.
 */
struct klp_kindex {
	struct klp_kslot *slot;
	uint32_t gen;		/* builds so far: a seek's is current or not */
	size_t nslot;
	size_t nsym;		/* symbols indexed */
	uint32_t *group;
	/* partial: only the names whose hash is set here; NULL: all */
	const uint64_t *want;
	uint32_t want_mask;
};

static void ix_free(struct klp_kindex *ix)
{
	free(ix->slot);
	free(ix->group);
	ix->slot = NULL;
	ix->group = NULL;
}

static void kobj_free(struct klp_kobj *o)
{
	free(o->name);
	if (!o->borrowed)
		free(o->v);
	if (o->ix)
		ix_free(o->ix);
	free(o->ix);
	free(o);
}

void klp_ksyms_free(struct klp_ksyms *ks)
{
	for (size_t i = 0; i < ks->nr; i++)
		kobj_free(ks->obj[i]);
	if (ks->pre)
		klp_symfile_free(ks->pre);
	free(ks->pre);
	for (size_t i = 0; i < ks->nfiles; i++) {
		klp_symfile_free(ks->files[i]);
		free(ks->files[i]);
	}
	free(ks->files);
	for (size_t i = 0; i < ks->nbufs; i++)
		free(ks->bufs[i]);
	free(ks->obj);
	free(ks->bufs);
	free(ks->want);
	free(ks->want_bits);
	memset(ks, 0, sizeof(*ks));
}

void klp_ksyms_want(struct klp_ksyms *ks, uint32_t hash)
{
	if (ks->want_bits)	/* indexed already: the hint is taken */
		return;
	if (!(ks->nwant & (ks->nwant + 1)))	/* 0, 1, 3, 7, ...: grow */
		ks->want = xrealloc(ks->want,
				    (ks->nwant * 2 + 2) * sizeof(*ks->want));
	ks->want[ks->nwant++] = hash;
}

/* A hash among the wanted: a bit per hash value modulo the map's size. */
static bool want_has(const uint64_t *bits, uint32_t mask, uint32_t h)
{
	h &= mask;
	return bits[h >> 6] >> (h & 63) & 1;
}

/*
 * The map of wanted hashes, once, at the first index: at least eight
 * bits per name, so that an unwanted name passes about one time in
 * eight (it is indexed for nothing; a wanted one always is).
 */
static void want_build(struct klp_ksyms *ks)
{
	size_t nbits = 512;

	if (!ks->nwant || ks->want_bits)
		return;
	while (nbits < ks->nwant * 8 && nbits < (1ull << 31))
		nbits *= 2;
	ks->want_bits = xcalloc(nbits / 64, sizeof(*ks->want_bits));
	ks->want_mask = (uint32_t)(nbits - 1);
	for (size_t i = 0; i < ks->nwant; i++) {
		uint32_t h = ks->want[i] & ks->want_mask;

		ks->want_bits[h >> 6] |= 1ull << (h & 63);
	}
}

void klp_ksyms_want_module(struct klp_ksyms *ks, const struct klp_module *me)
{
	char key[600];

	for (const char *const *k = me->arch->kernel_syms; k && *k; k++)
		klp_ksyms_want(ks, name_hash(*k));
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *sym = &me->syms[i];
		const struct klp_symparse *sp = NULL;
		struct klp_sym_parts pt;
		const char *n;

		/* the names the resolver will look up, most parsed already */
		if (sym->st_shndx == SHN_LIVEPATCH) {
			sp = klp_symparse_of(me, sym);
			if (sp && sp->cnt == 3) {
				klp_ksyms_want(ks, sp->hash);
				continue;
			}
		}
		n = klp_symname(me, sym);
		if (sym->st_shndx == SHN_UNDEF && *n) {
			/* what klp_ksyms_exported() asks for */
			klp_ksyms_want(ks, name_hash(n));
			snprintf(key, sizeof(key), "__ksymtab_%s", n);
			klp_ksyms_want(ks, name_hash(key));
			continue;
		}
		if (sym->st_shndx == SHN_LIVEPATCH && !sp &&
		    klp_parse_sym_parts(n, me->opts->kver, &pt) == 3)
			klp_ksyms_want(ks, pt.hash);
	}
}

struct klp_kobj *klp_ksyms_obj(const struct klp_ksyms *ks, const char *name)
{
	for (size_t i = 0; i < ks->nr; i++)
		if (!strcmp(ks->obj[i]->name, name))
			return ks->obj[i];
	return NULL;
}

static struct klp_kobj *kobj_get(struct klp_ksyms *ks, const char *name,
				 const char *source)
{
	struct klp_kobj *o = klp_ksyms_obj(ks, name);

	if (o)
		return o;
	o = xcalloc(1, sizeof(*o));
	o->name = xstrdup(name);
	o->is_module = strcmp(name, "vmlinux") != 0;
	o->source = source;
	ks->obj = xrealloc(ks->obj, (ks->nr + 1) * sizeof(*ks->obj));
	ks->obj[ks->nr++] = o;
	return o;
}

/* o's symbols in an array of its own, with room for alloc of them. */
static void kobj_grow(struct klp_kobj *o, size_t alloc)
{
	struct klp_ksym *v;

	o->alloc = alloc;
	if (!o->borrowed) {
		o->v = xrealloc(o->v, alloc * sizeof(*o->v));
		return;
	}
	v = xmalloc(alloc * sizeof(*v));
	memcpy(v, o->v, o->nr * sizeof(*v));
	o->v = v;
	o->borrowed = false;
}

/* Copies of the n symbols at s at the end of o's, in one go. */
static void kobj_put_n(struct klp_kobj *o, const struct klp_ksym *s, size_t n)
{
	if (o->alloc - o->nr < n) {
		size_t want = o->alloc ? o->alloc * 2 : 1024;

		if (want < o->nr + n)
			want = o->nr + n;
		kobj_grow(o, want);
	}
	memcpy(&o->v[o->nr], s, n * sizeof(*s));
	o->nr += n;
}

/* A copy of s at the end of o's symbols. */
static void kobj_put(struct klp_kobj *o, const struct klp_ksym *s)
{
	kobj_put_n(o, s, 1);
}

static void kobj_add(struct klp_kobj *o, const char *name, uint64_t addr,
		     char type, bool core)
{
	struct klp_ksym s;

	klp_ksym_set(&s, name, strlen(name), addr, type, core);
	kobj_put(o, &s);
}

/*
 * The index. Each symbol's hash was made when its name was read; the
 * symbols to index are listed in one pass over them, then inserted with
 * the slot a few inserts ahead already on its way from memory. A name
 * seen once points at its symbol; a name that repeats gets a group (a
 * counting sort over the repeated names only) listing its symbols in
 * kallsyms order. Half again as many slots as indexed names keep the
 * probes short (two thirds full at most, when every name is distinct).
 */
#define KOBJ_AHEAD	8
#define NO_DUP		UINT32_MAX

/* Do a and b have the same name? */
static bool same_name(const struct klp_ksym *a, const struct klp_ksym *b)
{
	if (a->len != b->len)
		return false;
	if (a->len == KLP_KSYM_LONG)
		return !strcmp(a->name_at, b->name_at);
	return !memcmp(a->name_at, b->name_at, a->len);
}

/*
 * A hash's first slot: the high bits scaled to the table (any size, so
 * the table is half again the symbols, not a power of two above twice).
 */
static size_t slot_home(size_t nslot, uint32_t h)
{
	return (size_t)(((uint64_t)h * nslot) >> 32);
}

static size_t slot_next(size_t nslot, size_t at)
{
	return at + 1 == nslot ? 0 : at + 1;
}

/*
 * Index o's names into ix: all of them, or (want not NULL) those whose
 * hash is wanted - every symbol of such a name, so that a wanted name's
 * count and positions are the whole object's. *flags gets what the pass
 * over every name sees (exports, all core) when not NULL.
 */
/* Where symbol i is among the first n selected (sel ascends). */
static size_t sel_find(const uint32_t *sel, size_t n, uint32_t i)
{
	size_t lo = 0;

	while (n > 1) {
		size_t half = n / 2;

		if (sel[lo + half] <= i)
			lo += half;
		n -= half;
	}
	return lo;
}

static void ix_build(const struct klp_kobj *o, struct klp_kindex *ix,
		     const uint64_t *want, uint32_t mask, bool flags[2])
{
	size_t nslot, ndup = 0, at, n = o->nr, nsel = 0;
	uint32_t *dup, *count, *dslot, *first, *sel;
	struct klp_kslot *slot;
	bool exports = false, all_core = true;

	ix_free(ix);
	/* the symbols to index, in order */
	sel = xmalloc((n + 1) * sizeof(*sel));
	for (size_t i = 0; i < n; i++) {
		const struct klp_ksym *s = &o->v[i];

		if (!want || want_has(want, mask, s->hash))
			sel[nsel++] = (uint32_t)i;
		all_core &= s->core;
		exports |= s->ksymtab;
	}
	if (flags) {
		flags[0] = exports;
		flags[1] = all_core;
	}
	nslot = nsel + nsel / 2 + 16;
	slot = xmalloc(nslot * sizeof(*slot));
	memset(slot, 0xff, nslot * sizeof(*slot));
	/* of each selected symbol, its repeated name's number, or NO_DUP */
	dup = xmalloc((nsel + 1) * sizeof(*dup));
	count = xmalloc((nsel / 2 + 1) * sizeof(*count));
	dslot = xmalloc((nsel / 2 + 1) * sizeof(*dslot));
	first = xmalloc((nsel / 2 + 1) * sizeof(*first));
	/* slot.ref of a repeated name holds its number until groups exist */
	for (size_t j = 0; j < nsel; j++) {
		const struct klp_ksym *s = &o->v[sel[j]];
		uint32_t h = s->hash, k;

		dup[j] = NO_DUP;
		/*
		 * Fetched ahead: the symbol (the wanted are far apart),
		 * then its slot and its name (compared on a repeated hash)
		 */
		if (j + 2 * KOBJ_AHEAD < nsel)
			__builtin_prefetch(&o->v[sel[j + 2 * KOBJ_AHEAD]]);
		if (j + KOBJ_AHEAD < nsel) {
			const struct klp_ksym *a = &o->v[sel[j + KOBJ_AHEAD]];

			__builtin_prefetch(&slot[slot_home(nslot, a->hash)], 1);
			__builtin_prefetch(a->name_at);
		}
		for (at = slot_home(nslot, h); slot[at].ref != UINT32_MAX;
		     at = slot_next(nslot, at)) {
			uint32_t ref = slot[at].ref;

			if (slot[at].hash == h &&
			    same_name(&o->v[ref & KSLOT_ONE ? ref & ~KSLOT_ONE :
					    first[ref]], s))
				break;
		}
		if (slot[at].ref == UINT32_MAX) {
			slot[at].hash = h;
			slot[at].ref = KSLOT_ONE | sel[j];
			continue;
		}
		if (slot[at].ref & KSLOT_ONE) {
			/* seen a second time: a group from now on */
			k = (uint32_t)ndup++;
			first[k] = slot[at].ref & ~KSLOT_ONE;
			dup[sel_find(sel, j, first[k])] = k;
			count[k] = 1;
			dslot[k] = (uint32_t)at;
			slot[at].ref = k;
		}
		k = slot[at].ref;
		dup[j] = k;
		count[k]++;
	}
	/* each group: its count, then its members; count[] becomes the fill */
	at = 0;
	for (size_t k = 0; k < ndup; k++) {
		slot[dslot[k]].ref = (uint32_t)at;
		at += count[k] + 1;
	}
	ix->group = xmalloc((at + 1) * sizeof(*ix->group));
	for (size_t k = 0; k < ndup; k++) {
		ix->group[slot[dslot[k]].ref] = count[k];
		count[k] = slot[dslot[k]].ref + 1;
	}
	for (size_t j = 0; j < nsel; j++)
		if (dup[j] != NO_DUP)
			ix->group[count[dup[j]]++] = sel[j];
	ix->slot = slot;
	ix->gen++;
	ix->nslot = nslot;
	ix->nsym = nsel;
	ix->want = want;
	ix->want_mask = mask;
	free(sel);
	free(dup);
	free(count);
	free(dslot);
	free(first);
}

/* The index has hash h's names: it is whole, or h is among the wanted. */
static bool ix_holds(const struct klp_kindex *ix, uint32_t h)
{
	return !ix->want || want_has(ix->want, ix->want_mask, h);
}

static void kobj_index(struct klp_ksyms *ks, struct klp_kobj *o)
{
	bool flags[2];

	want_build(ks);
	if (!o->ix)
		o->ix = xcalloc(1, sizeof(*o->ix));
	ix_build(o, o->ix, ks->want_bits, ks->want_mask, flags);
	o->exports = flags[0];
	o->all_core = flags[1];
}

/*
 * o's index for a lookup of hash h: a partial one that left h out is
 * made whole first (the lookup is of a name nobody said was wanted).
 */
static const struct klp_kindex *kobj_ix(const struct klp_kobj *o, uint32_t h)
{
	struct klp_kindex *ix = o ? o->ix : NULL;

	if (ix && !ix_holds(ix, h))
		ix_build(o, ix, NULL, 0, NULL);
	return ix && ix->nslot ? ix : NULL;
}

bool klp_ksyms_find_ready(const struct klp_kobj *obj, uint32_t hash)
{
	return !obj->ix || !obj->ix->nslot || ix_holds(obj->ix, hash);
}

size_t klp_ksyms_indexed(const struct klp_kobj *obj)
{
	return obj && obj->ix ? obj->ix->nsym : 0;
}

/* A slot's first symbol: its name is the slot's. */
static const struct klp_ksym *slot_sym(const struct klp_kobj *o,
				       const struct klp_kindex *ix,
				       const struct klp_kslot *sl)
{
	if (sl->ref & KSLOT_ONE)
		return &o->v[sl->ref & ~KSLOT_ONE];
	return &o->v[ix->group[sl->ref + 1]];
}

/*
 * The symbols named by the len bytes at name, as a group: count, then
 * indices into v. A name's only symbol is written as a group of one into
 * one[]. NULL when none.
 */
static const uint32_t *kobj_group_hashed(const struct klp_kobj *o,
					 const char *name, size_t len,
					 uint32_t h,
					 const struct klp_kseek *seek,
					 uint32_t one[2])
{
	const struct klp_kindex *ix = o ? o->ix : NULL;
	size_t at;

	if (seek && ix && seek->ix == ix && seek->gen == ix->gen) {
		/* where a seek of this build stopped, having found h held */
		at = seek->at;
	} else {
		ix = kobj_ix(o, h);
		if (!ix)
			return NULL;
		at = slot_home(ix->nslot, h);
	}
	for (; ix->slot[at].ref != UINT32_MAX; at = slot_next(ix->nslot, at)) {
		const struct klp_kslot *sl = &ix->slot[at];

		if (sl->hash != h)
			continue;
		if (!klp_ksym_is_len(slot_sym(o, ix, sl), name, len))
			continue;
		if (!(sl->ref & KSLOT_ONE))
			return &ix->group[sl->ref];
		one[0] = 1;
		one[1] = sl->ref & ~KSLOT_ONE;
		return one;
	}
	return NULL;
}

static const uint32_t *kobj_group(const struct klp_kobj *o, const char *name,
				  uint32_t one[2])
{
	size_t len = strlen(name);

	return kobj_group_hashed(o, name, len, klp_name_hash_len(name, len),
				 NULL, one);
}

uint32_t klp_ksyms_hash(const char *name)
{
	return name_hash(name);
}

void klp_ksyms_prefetch_name(const struct klp_kobj *obj,
			     const struct klp_kseek *seek)
{
	const struct klp_kindex *ix = obj->ix;
	const struct klp_kslot *sl;

	if (!seek->ix || seek->ix != ix || seek->gen != ix->gen)
		return;
	sl = &ix->slot[seek->at];
	if (sl->ref != UINT32_MAX)
		__builtin_prefetch(slot_sym(obj, ix, sl)->name_at);
}

void klp_ksyms_seek(const struct klp_kobj *obj, uint32_t hash,
		    struct klp_kseek *seek)
{
	const struct klp_kindex *ix = obj ? obj->ix : NULL;
	size_t at;

	seek->ix = NULL;
	/* a name the index left out: the lookup indexes every name first */
	if (!ix || !ix->nslot || !ix_holds(ix, hash))
		return;
	for (at = slot_home(ix->nslot, hash); ix->slot[at].ref != UINT32_MAX;
	     at = slot_next(ix->nslot, at)) {
		const struct klp_kslot *sl = &ix->slot[at];

		if (sl->hash != hash)
			continue;
		if (sl->ref & KSLOT_ONE)
			__builtin_prefetch(&obj->v[sl->ref & ~KSLOT_ONE]);
		else
			__builtin_prefetch(&ix->group[sl->ref]);
		break;
	}
	seek->ix = ix;
	seek->gen = ix->gen;
	seek->at = (uint32_t)at;
}

bool klp_ksyms_find_one(const struct klp_kobj *obj, const char *name,
			size_t len, uint32_t hash, const struct klp_kseek *seek,
			unsigned long pos, bool core_only, uint64_t *addr)
{
	const struct klp_kindex *ix = obj->ix;
	const struct klp_kslot *sl;
	const struct klp_ksym *s;

	if (!seek->ix || seek->ix != ix || seek->gen != ix->gen || pos > 1)
		return false;
	sl = &ix->slot[seek->at];
	/* (an empty slot's ref has KSLOT_ONE set, and its hash is ~0 too) */
	if (sl->ref == UINT32_MAX || !(sl->ref & KSLOT_ONE) || sl->hash != hash)
		return false;
	s = &obj->v[sl->ref & ~KSLOT_ONE];
	/* klp_ksyms_find_last(): a group of one, pos 0 or 1, a real address */
	if (obj->hidden || !s->addr ||
	    (core_only && !obj->all_core && !s->core) ||
	    !klp_ksym_is_len(s, name, len))
		return false;
	*addr = s->addr;
	return true;
}

enum klp_find_result klp_ksyms_find(const struct klp_kobj *obj,
				    const char *name, unsigned long pos,
				    bool core_only, uint64_t *addr,
				    unsigned long *count, unsigned long *total)
{
	size_t len = strlen(name);

	return klp_ksyms_find_hashed(obj, name, len,
				     klp_name_hash_len(name, len), NULL, pos,
				     core_only, addr, count, total);
}

enum klp_find_result klp_ksyms_find_last(const struct klp_kobj *obj,
					 const char *name, size_t len,
					 uint32_t hash,
					 const struct klp_kseek *seek,
					 unsigned long pos, bool core_only,
					 uint64_t *addr, unsigned long *count,
					 unsigned long *total,
					 const struct klp_ksym **sym)
{
	uint32_t one[2];
	const uint32_t *g = kobj_group_hashed(obj, name, len, hash, seek, one);
	unsigned long n = 0, all = 0, stop = pos ? pos : 2;
	uint64_t found = 0;
	const struct klp_ksym *last = NULL;

	if (g && (!core_only || obj->all_core)) {
		/* every member counts: the stop is an index */
		all = g[0];
		n = all < stop ? all : stop;
		last = &obj->v[g[n]];
	} else if (g) {
		/* kallsyms order, the kernel's stop: at pos, or a second */
		for (uint32_t k = 1; k <= g[0]; k++) {
			const struct klp_ksym *s = &obj->v[g[k]];

			if (!s->core)
				continue;
			all++;
			if (n < stop) {
				n++;
				last = s;
			}
		}
	}
	/*
	 * klp_match_callback(): the last address seen; hidden addresses are
	 * taken as found
	 */
	if (last)
		found = obj->hidden ? 1 : last->addr;
	*count = n;
	*total = all;
	*addr = 0;
	*sym = last;
	if (!found)
		return KLP_FIND_NOT_FOUND;
	if (n > 1 && pos == 0)
		return KLP_FIND_AMBIGUOUS;
	if (pos && pos != n)
		return KLP_FIND_BAD_POS;
	*addr = obj->hidden ? 0 : found;
	return KLP_FIND_OK;
}

enum klp_find_result klp_ksyms_find_hashed(const struct klp_kobj *obj,
					   const char *name, size_t len,
					   uint32_t hash,
					   const struct klp_kseek *seek,
					   unsigned long pos, bool core_only,
					   uint64_t *addr, unsigned long *count,
					   unsigned long *total)
{
	const struct klp_ksym *sym;

	return klp_ksyms_find_last(obj, name, len, hash, seek, pos, core_only,
				   addr, count, total, &sym);
}

static int add_buf(struct klp_ksyms *ks, void *buf)
{
	/* 0, 1, 3, 7, ...: twice the room (a vmlinux adds every name) */
	if (!(ks->nbufs & (ks->nbufs + 1)))
		ks->bufs = xrealloc(ks->bufs,
				    (ks->nbufs * 2 + 2) * sizeof(*ks->bufs));
	ks->bufs[ks->nbufs++] = buf;
	return 0;
}

/* The types of the lines kallsyms_ignores() may drop. */
static bool kallsyms_may_ignore(char type)
{
	return type == 'u' || type == 'n' || type == 'A' || type == 'a';
}

/*
 * scripts/kallsyms' is_ignored_symbol(): what it drops from the
 * System.map-shaped list it is fed (u and n, and absolute symbols but
 * four). Positions in a System.map count over what is left.
 */
static bool kallsyms_ignores(const char *name, size_t len, char type)
{
	static const char *const abs_kept[] = {
		"__kernel_syscall_via_break", "__kernel_syscall_via_epc",
		"__kernel_sigtramp", "__gp",
	};

	if (!kallsyms_may_ignore(type))
		return false;
	if (type == 'u' || type == 'n')
		return true;
	for (size_t i = 0; i < sizeof(abs_kept) / sizeof(abs_kept[0]); i++)
		if (strlen(abs_kept[i]) == len && !memcmp(name, abs_kept[i], len))
			return false;
	return true;
}

/* scripts/mksysmap: what never reaches System.map (for a vmlinux ELF). */
static bool mksysmap_drops(const char *name, char type)
{
	return type == 'a' || type == 'N' || type == 'U' || type == 'w' ||
	       name[0] == '$' || !strncmp(name, ".L", 2) ||
	       !strncmp(name, "__crc_", 6) ||
	       !strncmp(name, "__kstrtab_", 10) ||
	       !strncmp(name, "__kstrtabns_", 12);
}

/* Without KALLSYMS_ALL only text symbols make it into kallsyms. */
static bool text_type(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

/* Link-time address to run time: the arch's offset and a stated KASLR. */
static uint64_t map_shift(const struct klp_ksyms *ks)
{
	struct klp_vm_layout l = { 0 };
	uint64_t off;

	if (ks->arch)
		klp_arch_vm_layout(ks->arch, ks->opts, &l);
	off = l.map_offset;
	if (ks->opts && ks->opts->kaslr_known)
		off += ks->opts->kaslr_offset;
	return off;
}

/* Line i's module (NULL: none), from the runs of a dump's lines. */
static const char *line_mod(const struct klp_mod_run *runs, size_t nruns,
			    size_t i)
{
	size_t lo = 0;

	if (!nruns || i < runs[0].from)
		return NULL;
	while (nruns > 1) {
		size_t half = nruns / 2;

		if (runs[lo + half].from <= i)
			lo += half;
		nruns -= half;
	}
	return runs[lo].mod;
}

/* s is the symbol name, whose hash is h: the hash first, then the name. */
static bool sym_named(const struct klp_ksym *s, const char *name, uint32_t h)
{
	return s->hash == h && klp_ksym_is(s, name);
}

/* A line map_to_vmlinux() leaves out. */
static bool map_drops(const struct klp_ksym *s, bool all)
{
	return kallsyms_ignores(s->name_at, klp_ksym_len(s), s->type) ||
	       (!all && !text_type(s->type));
}

/*
 * Is a file without [mod] lines a System.map (link-time addresses) or a
 * /proc/kallsyms dump (run time)? Only an arch whose System.map is not
 * at run-time addresses can tell, and needs to: _text at its link-time
 * address (s390: TEXT_OFFSET) is a System.map; KASLR may put the running
 * kernel above or below the default.
 */
static bool looks_link_time(const struct klp_ksyms *ks,
			    const struct klp_ksym *v, size_t n)
{
	uint32_t text = name_hash("_text"), stext = name_hash("_stext");
	struct klp_vm_layout l;

	if (!ks->arch)
		return true;
	klp_arch_vm_layout(ks->arch, ks->opts, &l);
	if (!l.map_offset)
		return true;
	for (size_t i = 0; i < n; i++)
		if (sym_named(&v[i], "_text", text) ||
		    sym_named(&v[i], "_stext", stext))
			return v[i].addr == l.kernel_text - l.map_offset;
	/* no _text (an excerpt): run time only if every address is */
	for (size_t i = 0; i < n; i++)
		if (v[i].addr && v[i].addr < l.map_offset)
			return true;
	return false;
}

/* What a root dump says about KASLR: where _text runs against default. */
static void learn_kaslr(struct klp_ksyms *ks, const struct klp_ksym *v,
			const struct klp_mod_run *runs, size_t nruns, size_t n)
{
	uint32_t text = name_hash("_text");
	struct klp_vm_layout l;

	if (!ks->arch)
		return;
	klp_arch_vm_layout(ks->arch, ks->opts, &l);
	for (size_t i = 0; i < n; i++) {
		if (!sym_named(&v[i], "_text", text) ||
		    line_mod(runs, nruns, i))
			continue;
		ks->kaslr_seen = true;
		ks->kaslr_offset = v[i].addr - l.kernel_text;
		return;
	}
}

static int bad_line(const char *path, size_t line, struct klp_diag *d)
{
	char m[120];

	snprintf(m, sizeof(m), "line %zu is not \"ADDRESS TYPE NAME\"", line);
	klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source", m, NULL);
	return -ENOEXEC;
}

/* Room for extra more symbols in o, in one allocation. */
static void kobj_reserve(struct klp_kobj *o, size_t extra)
{
	if (o->nr + extra <= o->alloc)
		return;
	kobj_grow(o, o->nr + extra);
}

/*
 * The lines of a System.map or of a dump without [mod] lines all go to
 * vmlinux: filtered in place, the parsed array becomes vmlinux's own when
 * it has none yet (no copy of a quarter million symbols).
 */
static void map_to_vmlinux(struct klp_kobj *vm, struct klp_ksym **vp,
			   size_t n, size_t cap, bool drop, bool all,
			   uint64_t shift, size_t from)
{
	struct klp_ksym *v = *vp;
	size_t k;

	if (vm->v) {
		kobj_reserve(vm, n);
		for (size_t i = 0; i < n; i++) {
			if (drop && map_drops(&v[i], all))
				continue;
			v[i].addr += shift;
			kobj_put(vm, &v[i]);
		}
		return;
	}
	/* nothing before from is dropped: unless shifted, nothing moves */
	k = shift ? 0 : from;
	for (size_t i = k; i < n; i++) {
		/*
		 * A dump is kallsyms itself; a System.map still goes through
		 * scripts/kallsyms (and, without KALLSYMS_ALL, keeps text
		 * symbols only).
		 */
		if (drop && map_drops(&v[i], all))
			continue;
		v[k] = v[i];
		v[k].addr += shift;
		k++;
	}
	vm->v = v;
	vm->nr = k;
	vm->alloc = cap;
	*vp = NULL;
}

/*
 * The first line map_to_vmlinux() may drop (n when none): the first of a
 * type one of its rules looks at, as the parse noted them.
 */
static size_t first_droppable(const struct klp_symfile *f, bool drop,
			      bool all, size_t n)
{
	size_t from = n;

	for (unsigned int t = 0; drop && t < 256; t++)
		if (f->type_first[t] < from &&
		    (kallsyms_may_ignore((char)t) ||
		     (!all && !text_type((char)t))))
			from = f->type_first[t];
	return from;
}

/*
 * The lines of a dump with [mod] lines, each to its object: a dump is
 * kallsyms itself, nothing is dropped. The parsed array becomes ks's, and
 * an object without symbols takes its first run of lines where they lie
 * (borrowed: a quarter million symbols, and a cumulative patch's modules'
 * hundred thousand, not copied); anything more is copied.
 */
static void dump_to_objects(struct klp_ksyms *ks, const char *path,
			    struct klp_ksym **vp,
			    const struct klp_mod_run *runs, size_t nruns,
			    size_t n)
{
	struct klp_ksym *v = *vp;
	struct klp_kobj *vm = NULL, *cur = NULL;
	const char *curname = NULL;
	size_t nvm = 0, first_mod = n, r = 0;
	bool keep;

	for (size_t k = 0; k < nruns; k++) {
		size_t end = k + 1 < nruns ? runs[k + 1].from : n;

		if (!runs[k].mod)
			nvm += end - runs[k].from;
		else if (first_mod == n)
			first_mod = runs[k].from;
	}
	/* the lines stay, ks's: objects take runs of them, not copies */
	add_buf(ks, v);
	*vp = NULL;
	keep = nvm && first_mod == nvm &&
	       !(vm = kobj_get(ks, "vmlinux", path))->v;
	if (keep) {
		vm->v = v;
		vm->nr = vm->alloc = nvm;
		vm->borrowed = true;
	}
	/* a run of lines of one [mod] at a time (they share its copy) */
	for (size_t i = keep ? nvm : 0, end; i < n; i = end) {
		const char *m;

		while (r + 1 < nruns && runs[r + 1].from <= i)
			r++;
		m = runs[r].mod;
		end = r + 1 < nruns ? runs[r + 1].from : n;
		if (!m) {
			if (!vm) {
				vm = kobj_get(ks, "vmlinux", path);
				kobj_reserve(vm, nvm);
			}
			kobj_put_n(vm, &v[i], end - i);
			continue;
		}
		if (!curname || strcmp(curname, m)) {
			cur = kobj_get(ks, m, path);
			cur->from_dump = true;
			curname = m;
		}
		/*
		 * A module's first run is its own; another (a module listed
		 * twice, or "[vmlinux]" lines after vmlinux's) takes a copy
		 * of what it had, then the run.
		 */
		if (!cur->v) {
			cur->v = &v[i];
			cur->nr = cur->alloc = end - i;
			cur->borrowed = true;
			continue;
		}
		kobj_put_n(cur, &v[i], end - i);
	}
}

/*
 * Debian's linux-image packages put a one-line stand-in at
 * /boot/System.map-<version>, "ffffffffffffffff B The real System.map is
 * in the linux-image-<version>-dbg package": it parses as one symbol
 * named "The", and every lookup would fail for the wrong reason.
 */
static bool placeholder_map(const struct klp_symfile *f,
			    const struct klp_ksym *v, size_t n)
{
	const char *rest = f->rest1;	/* past the space after "The" */

	return n == 1 && v[0].addr == UINT64_MAX && v[0].type == 'B' &&
	       klp_ksym_is(&v[0], "The") && rest &&
	       rest < f->in.buf + f->in.len &&
	       !strncmp(rest, "real System.map is in ", 22);
}

/*
 * A System.map's or dump's lines (klp_symfile_lines(), perhaps parsed
 * on a worker while the module was read) to their objects, which are
 * indexed. Their names lie in the file: klp_ksyms_load() keeps it.
 */
static int parse_map(struct klp_ksyms *ks, struct klp_symfile *f,
		     enum klp_symsrc_kind kind, struct klp_diag *d)
{
	const char *path = f->path;
	struct klp_kobj *vm = NULL;
	struct klp_ksym *v;
	struct klp_mod_run *runs;
	size_t n, nzero, cap, nruns;
	bool all = ks->opts ? ks->opts->kallsyms_all : true, mods, drop;
	uint64_t shift = 0;
	int ret = 0;

	klp_symfile_lines(f);
	v = f->v;
	runs = f->runs;
	nruns = f->nruns;
	n = f->n;
	nzero = f->nzero;
	mods = nruns > 0;
	f->v = NULL;
	f->runs = NULL;
	f->nruns = 0;
	if (f->bad) {
		ret = bad_line(path, f->bad, d);
		goto out;
	}
	if (!n) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "no symbols in file", NULL);
		ret = -ENOEXEC;
		goto out;
	}
	if (placeholder_map(f, v, n)) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "Debian's placeholder System.map (its one line says the real one is in linux-image-<version>-dbg): give /usr/lib/debug/boot/System.map-<version> from that package, or /proc/kallsyms read as root",
			     NULL);
		ret = -ENOEXEC;
		goto out;
	}
	if (nzero == n) {
		kind = KLP_SYMSRC_KALLSYMS;
		ks->zero_addrs = true;
	} else if (kind == KLP_SYMSRC_SYSTEM_MAP &&
		   (mods || f->abs_percpu ||
		    !looks_link_time(ks, v, n))) {
		/*
		 * (scripts/kallsyms --absolute-percpu, x86_64 SMP, types the
		 * per-cpu symbols 'A' after its filter; System.map has them
		 * 'D': read as a System.map, a dump that lists no module and
		 * has link-time addresses would lose them all to the filter)
		 */
		kind = KLP_SYMSRC_KALLSYMS;
	}
	if (kind == KLP_SYMSRC_KALLSYMS && !ks->zero_addrs)
		learn_kaslr(ks, v, runs, nruns, n);
	if (kind == KLP_SYMSRC_SYSTEM_MAP)
		shift = map_shift(ks);
	/*
	 * The estimate's room past the symbols was never touched: it costs
	 * no memory, and giving it back split the huge pages it shares
	 */
	cap = f->cap;
	if (!mods) {
		vm = kobj_get(ks, "vmlinux", path);
		drop = kind == KLP_SYMSRC_SYSTEM_MAP;
		map_to_vmlinux(vm, &v, n, cap, drop, all, shift,
			       first_droppable(f, drop, all, n));
	}
	if (mods)
		dump_to_objects(ks, path, &v, runs, nruns, n);
	if (ks->zero_addrs) {
		for (size_t i = 0; i < ks->nr; i++)
			ks->obj[i]->hidden = true;
		klp_diag_add(d, KLP_WARN, path, NULL, -1, "hidden-addresses",
			     "every address is 0 (kptr_restrict, not root): names, positions, ambiguity, sections and object rules are checked; values, ranges and alignment only against stand-ins (a module's symbols at the patch's text, vmlinux's at its text without KASLR)",
			     NULL);
	} else if (shift && ks->arch) {
		char m[200];

		snprintf(m, sizeof(m),
			 "System.map addresses are link-time: +0x%llx to run time (%s)",
			 (unsigned long long)shift, ks->arch->name);
		klp_diag_add(d, KLP_NOTE, path, NULL, -1, "map-offset", m,
			     NULL);
	}
	for (size_t i = 0; i < ks->nr; i++)
		kobj_index(ks, ks->obj[i]);
out:
	free(v);
	free(runs);
	return ret;
}

/* By address, then (load_vmlinux()) by symbol table position in hash. */
static int cmp_addr(const void *a, const void *b)
{
	const struct klp_ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static char elf_type_char(const GElf_Sym *s, const GElf_Shdr *sh)
{
	char c = 'd';

	if (s->st_shndx == SHN_ABS)
		c = 'a';
	else if (sh && (sh->sh_flags & SHF_EXECINSTR))
		c = 't';
	else if (sh && sh->sh_type == SHT_NOBITS)
		c = 'b';
	else if (sh && !(sh->sh_flags & SHF_WRITE))
		c = 'r';
	if (GELF_ST_BIND(s->st_info) == STB_WEAK)
		return c == 't' ? 'W' : 'V';
	if (GELF_ST_BIND(s->st_info) != STB_LOCAL)
		c = (char)toupper(c);
	return c;
}

/* A vmlinux ELF: its symbol table, in address order. */
struct vmlinux_walk {
	Elf *elf;
	struct klp_kobj *vm;
	bool all;
	uint64_t shift;
};

/* one symbol of a vmlinux ELF, as mksysmap and kallsyms would keep it */
static int vmlinux_sym(void *ctx, size_t idx, const GElf_Sym *s,
		       const char *name)
{
	struct vmlinux_walk *w = ctx;
	GElf_Shdr tsh;
	Elf_Scn *ts;
	char type;

	if (!*name || s->st_shndx == SHN_UNDEF ||
	    GELF_ST_TYPE(s->st_info) == STT_SECTION ||
	    GELF_ST_TYPE(s->st_info) == STT_FILE)
		return 0;
	ts = s->st_shndx < SHN_LORESERVE ? elf_getscn(w->elf, s->st_shndx) :
		NULL;
	type = elf_type_char(s, ts && gelf_getshdr(ts, &tsh) ? &tsh : NULL);
	if (mksysmap_drops(name, type) ||
	    kallsyms_ignores(name, strlen(name), type) ||
	    (!w->all && !text_type(type)))
		return 0;
	kobj_add(w->vm, xstrdup(name), s->st_value + w->shift, type, true);
	return 0;
}

static int load_vmlinux(struct klp_ksyms *ks, const char *path, char *buf,
			size_t len, struct klp_diag *d)
{
	Elf *elf = elf_memory(buf, len);
	struct klp_kobj *vm;
	struct vmlinux_walk w;
	int ret;

	if (!elf) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     elf_errmsg(-1), NULL);
		return -ENOEXEC;
	}
	vm = kobj_get(ks, "vmlinux", path);
	w.elf = elf;
	w.vm = vm;
	w.all = ks->opts ? ks->opts->kallsyms_all : true;
	w.shift = map_shift(ks);
	ret = klp_elf_for_each_sym(elf, vmlinux_sym, &w) ? -ENOEXEC : 0;
	elf_end(elf);
	if (ret) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "vmlinux has no symbol table", NULL);
		return ret;
	}
	/* names were strdup'ed: keep them alive with the ksyms */
	for (size_t i = 0; i < vm->nr; i++)
		add_buf(ks, (void *)vm->v[i].name_at);
	/*
	 * kallsyms order: by address, ties in symbol table order (qsort is
	 * not stable: each symbol's position stands in its hash meanwhile)
	 */
	for (size_t i = 0; i < vm->nr; i++)
		vm->v[i].hash = (uint32_t)i;
	if (vm->nr)	/* none kept: no array to sort */
		qsort(vm->v, vm->nr, sizeof(*vm->v), cmp_addr);
	for (size_t i = 0; i < vm->nr; i++)
		vm->v[i].hash = name_hash(vm->v[i].name_at);
	kobj_index(ks, vm);
	return 0;
}

/* The kernel's elf_type() for a module symbol (kernel/module/kallsyms.c) */
static char module_sym_type(const struct klp_module *m, const Elf64_Sym *s,
			    unsigned int pcpu)
{
	const Elf64_Shdr *sh;

	if (ELF64_ST_BIND(s->st_info) == STB_WEAK)
		return ELF64_ST_TYPE(s->st_info) == STT_OBJECT ? 'v' : 'w';
	if (s->st_shndx == SHN_UNDEF)
		return 'U';
	if (s->st_shndx == SHN_ABS || (pcpu && s->st_shndx == pcpu))
		return 'a';
	if (s->st_shndx >= SHN_LORESERVE || s->st_shndx >= m->shnum)
		return '?';
	sh = &m->sechdrs[s->st_shndx];
	if (sh->sh_flags & SHF_EXECINSTR)
		return 't';
	if ((sh->sh_flags & SHF_ALLOC) && sh->sh_type != SHT_NOBITS)
		return sh->sh_flags & SHF_WRITE ? 'd' : 'r';
	if (sh->sh_type == SHT_NOBITS)
		return 'b';
	return '?';
}

/*
 * A target module's per-cpu section, loaded before the patch: it takes
 * its part of the reserve. One the kernel would refuse is warned about
 * and placed all the same (its symbols are still the object's).
 */
static uint64_t percpu_alloc(struct klp_ksyms *ks, const struct klp_module *m,
			     const char *path, struct klp_diag *d)
{
	struct klp_percpu p;
	char k[200];

	if (klp_percpu_place(ks, m, &p)) {
		klp_percpu_kmsg(m, &p, k, sizeof(k));
		klp_diag_add(d, KLP_WARN, path, NULL, -1, "percpu-alloc",
			     "the kernel would refuse this target module: its per-cpu data does not fit the modules' reserve (or has a size or alignment the allocator refuses)",
			     k);
	}
	ks->percpu_used = p.used;
	/* made up, but never 0: 0 is "not found" to livepatch */
	return p.known ? p.at : 0x100000 + p.at;
}

/*
 * Give the .ko's symbols the addresses a kallsyms dump lists for the same
 * module: the dump is what the running kernel has. Each name takes the
 * dump's entries of that name in order (both are in symbol table order).
 * Returns how many kallsyms symbols of the .ko the dump did not have.
 */
static size_t take_dump_addrs(struct klp_kobj *obj, const struct klp_kobj *dump)
{
	/*
	 * per name (by its first symbol), how many were taken: always the
	 * first untaken next
	 */
	uint32_t *taken = xcalloc(dump->nr + 1, sizeof(*taken));
	size_t missing = 0;

	for (size_t i = 0; i < obj->nr; i++) {
		struct klp_ksym *k = &obj->v[i];
		const uint32_t *g;
		uint32_t one[2], j, *t;

		if (!k->core || !klp_ksym_len(k))
			continue;
		g = kobj_group_hashed(dump, k->name_at, klp_ksym_len(k), k->hash,
				      NULL, one);
		t = g ? &taken[g[1]] : NULL;
		if (!g || *t == g[0]) {
			missing++;
			continue;
		}
		j = g[1 + (*t)++];
		if (!dump->hidden)
			k->addr = dump->v[j].addr;
		k->type = dump->v[j].type;
	}
	free(taken);
	return missing;
}

/* A target module: laid out by our loader, symbols in symtab order. */
static int load_ko(struct klp_ksyms *ks, const char *path,
		   const char *objname, uint64_t base, struct klp_diag *d)
{
	struct klp_options o;
	struct klp_module *m;
	struct klp_kobj *obj, *dump = NULL;
	char *names;
	bool *untraced;
	size_t nlen = 0;
	unsigned int pcpu;
	uint64_t pcpu_base = 0;
	int ret;

	if (ks->opts)
		o = *ks->opts;
	else
		klp_options_init(&o);
	memset(o.mem_base, 0, sizeof(o.mem_base));
	o.module_base = base;
	ret = klp_module_open(path, &o, d, &m);
	if (ret)
		return ret;
	ret = klp_module_layout(m);
	if (ret) {
		klp_module_free(m);
		return ret;
	}
	if (!objname)
		objname = m->name;
	obj = klp_ksyms_obj(ks, objname);
	if (obj && obj->from_dump) {
		/* a fresh object in its place; the dump's stays for lookup */
		dump = obj;
		obj = xcalloc(1, sizeof(*obj));
		for (size_t i = 0; i < ks->nr; i++)
			if (ks->obj[i] == dump)
				ks->obj[i] = obj;
		obj->name = xstrdup(objname);
		obj->is_module = true;
		obj->hidden = dump->hidden;
	} else if (obj) {
		char msg[200];

		snprintf(msg, sizeof(msg),
			 "module %s is given twice (%s and %s)", objname,
			 obj->source, path);
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source", msg,
			     NULL);
		klp_module_free(m);
		return -EINVAL;
	} else {
		obj = kobj_get(ks, objname, path);
	}
	obj->source = path;
	/* find_pcpusec(), as klp_module_layout() found it: SHF_ALLOC only */
	pcpu = m->pcpu;
	if (pcpu && m->sechdrs[pcpu].sh_size)
		pcpu_base = percpu_alloc(ks, m, path, d);
	for (size_t i = 1; i < m->nsyms; i++)
		nlen += strlen(klp_symname(m, &m->syms[i])) + 1;
	names = xmalloc(nlen + 1);
	add_buf(ks, names);
	untraced = klp_ftrace_untraced(m);
	for (size_t i = 1; i < m->nsyms; i++) {
		const Elf64_Sym *s = &m->syms[i];
		const char *n = klp_symname(m, s);
		uint64_t addr = s->st_value;

		/* module_kallsyms_on_each_symbol() skips undefined ones */
		if (s->st_shndx == SHN_UNDEF)
			continue;
		if (pcpu && s->st_shndx == pcpu)
			addr += pcpu_base;
		else if (s->st_shndx < m->shnum)
			addr += m->sechdrs[s->st_shndx].sh_addr;
		strcpy(names, n);
		kobj_add(obj, names, addr, module_sym_type(m, s, pcpu),
			 klp_core_symbol(m, s));
		obj->v[obj->nr - 1].notrace = untraced && untraced[i];
		names += strlen(n) + 1;
	}
	free(untraced);
	kobj_index(ks, obj);
	if (dump) {
		size_t missing = take_dump_addrs(obj, dump);

		if (missing) {
			char msg[300];

			snprintf(msg, sizeof(msg),
				 "%zu symbols of module %s are not in the kallsyms dump %s: is the dump of this build of %s?",
				 missing, objname, dump->source, path);
			klp_diag_add(d, KLP_WARN, path, NULL, -1,
				     "symbol-source", msg, NULL);
		}
		kobj_free(dump);
	}
	klp_module_free(m);
	return 0;
}

void klp_ksyms_preload(struct klp_ksyms *ks, const char *path)
{
	if (ks->pre || !path)
		return;
	ks->pre = xcalloc(1, sizeof(*ks->pre));
	if (!klp_symfile_start(ks->pre, path, ks->opts ? ks->opts->jobs : 0)) {
		free(ks->pre);
		ks->pre = NULL;
	}
}

/* The file at path: what a worker read and parsed, or read now. */
static int symfile_get(struct klp_ksyms *ks, const char *path,
		       struct klp_symfile *f, struct klp_diag *d)
{
	if (ks->pre && !strcmp(ks->pre->path, path)) {
		klp_symfile_wait(ks->pre);
		*f = *ks->pre;
		free(ks->pre);
		ks->pre = NULL;
	} else {
		klp_symfile_read(f, path);
	}
	klp_diag_append(d, &f->diag);
	return f->err;
}

static int load_file(struct klp_ksyms *ks, struct klp_symfile *f,
		     enum klp_symsrc_kind kind, const char *objname,
		     uint64_t ko_base, struct klp_diag *d)
{
	const char *path = f->path, *buf = f->in.buf;
	size_t len = f->in.len;

	if (kind == KLP_SYMSRC_AUTO) {
		if (len >= 18 && !memcmp(buf, ELFMAG, SELFMAG)) {
			/* e_type sits at offset 16 in either class */
			unsigned int t = buf[EI_DATA] == ELFDATA2MSB ?
				(unsigned char)buf[16] << 8 |
				(unsigned char)buf[17] :
				(unsigned char)buf[17] << 8 |
				(unsigned char)buf[16];

			kind = t == ET_REL ? KLP_SYMSRC_MODULE :
				KLP_SYMSRC_VMLINUX;
		} else {
			kind = KLP_SYMSRC_SYSTEM_MAP;
		}
	}
	if (kind == KLP_SYMSRC_MODULE)
		return load_ko(ks, path, objname, ko_base, d);
	/* every other source is vmlinux's (a dump's modules with it) */
	if (klp_ksyms_obj(ks, "vmlinux")) {
		char m[300];

		snprintf(m, sizeof(m),
			 "vmlinux's symbols were loaded already, from %s: one System.map, kallsyms dump or vmlinux per run",
			 klp_ksyms_obj(ks, "vmlinux")->source);
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source", m,
			     NULL);
		return -EINVAL;
	}
	if (kind == KLP_SYMSRC_VMLINUX) {
		elf_version(EV_CURRENT);
		return load_vmlinux(ks, path, (char *)buf, len, d);
	}
	/* the parse looks for NUL bytes as it goes */
	klp_symfile_lines(f);
	if (f->binary) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "binary data: not a System.map, kallsyms dump, vmlinux or .ko",
			     NULL);
		return -ENOEXEC;
	}
	return parse_map(ks, f, kind, d);
}

int klp_ksyms_load(struct klp_ksyms *ks, const char *path,
		   enum klp_symsrc_kind kind, const char *objname,
		   uint64_t ko_base, struct klp_diag *d)
{
	struct klp_symfile f;
	int ret = symfile_get(ks, path, &f, d);

	if (!ret)
		ret = load_file(ks, &f, kind, objname, ko_base, d);
	/* its lines' names lie in it (and its names blocks): kept */
	if (f.parsed) {
		ks->files = xrealloc(ks->files,
				     (ks->nfiles + 1) * sizeof(*ks->files));
		ks->files[ks->nfiles] = xmalloc(sizeof(f));
		*ks->files[ks->nfiles++] = f;
	} else {
		klp_symfile_free(&f);
	}
	return ret;
}

static bool global_def(const struct klp_kobj *o, const char *name,
		       uint64_t *addr, unsigned int *nglobal)
{
	uint32_t one[2];
	const uint32_t *g = kobj_group(o, name, one);

	*nglobal = 0;
	for (uint32_t k = 1; g && k <= g[0]; k++) {
		const struct klp_ksym *s = &o->v[g[k]];

		/* a module's types come from its ELF: any defined will do */
		if (!o->is_module && !isupper((unsigned char)s->type))
			continue;
		if (!*nglobal)
			*addr = s->addr;
		(*nglobal)++;
	}
	return *nglobal > 0;
}

int klp_ksyms_exported(const struct klp_ksyms *ks, const char *name,
		       uint64_t *addr)
{
	char key[600];

	snprintf(key, sizeof(key), "__ksymtab_%s", name);
	for (size_t i = 0; i < ks->nr; i++) {
		const struct klp_kobj *o = ks->obj[i];
		unsigned long count, total;
		unsigned int ng;
		uint64_t a;

		if (klp_ksyms_find(o, key, 1, true, &a, &count, &total) ==
		    KLP_FIND_OK && global_def(o, name, addr, &ng))
			return 0;
		/* a source without export tables: a unique global will do */
		if (!o->exports && global_def(o, name, addr, &ng) &&
		    ng == 1)
			return 0;
	}
	return -ENOENT;
}
