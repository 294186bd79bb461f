// SPDX-License-Identifier: GPL-2.0
/*
 * The patch's own description, as klp_enable_patch() walks it: the
 * struct klp_patch the module's init passes, its klp_object array and
 * each object's klp_func array, read from the laid-out, relocated module
 * (its pointers are then the run-time addresses the kernel follows).
 *
 * The init function is not decoded: the klp_patch is the one static
 * struct whose .mod is THIS_MODULE and whose objects and functions are
 * what the kernel's static walks accept. A patch that builds its
 * klp_patch at run time (kpatch's hook) has none; nothing is claimed
 * then.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/bytes.h>
#include <klpreloc/livepatch.h>

#include "internal.h"

/*
 * include/linux/livepatch.h since 5.1 (nop, dynamic) on LP64, with a
 * 64-byte struct kobject (no CONFIG_DEBUG_KOBJECT_RELEASE): klp_object
 * is name, funcs, callbacks (four pointers and a bool), kobj, two list
 * heads, mod and two bools; klp_func is old_name, new_func, old_sympos,
 * old_func, kobj, two list heads, two sizes and three bools.
 */
#define OBJ_SIZE	168
#define FUNC_SIZE	152
#define PATCH_OBJS	8	/* offsetof(struct klp_patch, objs) */
#define FUNC_SYMPOS	16
/*
 * What the search for the struct may read, in entries and symbols looked
 * at: a real module has one candidate and a few entries; a crafted one
 * (every word &__this_module, arrays that point into each other) must
 * not make it quadratic. Spent, nothing is claimed.
 */
#define WALK_BUDGET	((size_t)1 << 22)

static bool spend(size_t *left, size_t n)
{
	if (*left < n) {
		*left = 0;
		return false;
	}
	*left -= n;
	return true;
}

static bool read_ptr(struct klp_module *me, uint64_t addr, uint64_t *v)
{
	const unsigned char *p = klp_mem_ptr(me, addr, 8);

	if (!p)
		return false;
	*v = me->arch->elfdata == ELFDATA2MSB ? get_be64(p) : get_le64(p);
	return true;
}

/* A NUL-terminated string of the module at addr, or NULL. */
static const char *mod_string(struct klp_module *me, uint64_t addr)
{
	for (int t = 0; t < KLP_MEM_NR; t++) {
		const struct klp_mem *m = &me->mem[t];
		uint64_t off = addr - m->addr;

		if (m->buf && addr >= m->addr && off < m->size &&
		    memchr(m->buf + off, '\0', m->size - off))
			return (const char *)m->buf + off;
	}
	return NULL;
}

/*
 * An object array of the module symbol that starts at addr: its size
 * must be whole entries of the modelled layout, else the kernel's
 * struct differs (a config such as CONFIG_DEBUG_KOBJECT_RELEASE).
 */
static bool size_fits(const struct klp_module *me, size_t *left,
		      uint64_t addr, uint64_t entry, uint64_t used)
{
	if (!spend(left, me->nsyms))
		return false;
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *s = &me->syms[i];

		if (ELF64_ST_TYPE(s->st_info) != STT_OBJECT ||
		    s->st_shndx == SHN_UNDEF || s->st_value != addr ||
		    !s->st_size)
			continue;
		return s->st_size % entry == 0 && s->st_size >= used;
	}
	return true;	/* no symbol says: the walk's end decides */
}

/*
 * The functions of one object (klp_for_each_func_static(): up to an
 * entry with no old_name, new_func or old_sympos), appended to pf.
 * false when the array is not one the kernel could walk.
 */
static bool walk_funcs(struct klp_module *me, size_t *left, const char *obj,
		       uint64_t at, struct klp_pfuncs *pf)
{
	uint64_t start = at;
	size_t n = 0;

	for (;; n++, at += FUNC_SIZE) {
		uint64_t name, fn, pos;
		struct klp_pfunc *f;

		if (!spend(left, 1) || !read_ptr(me, at, &name) ||
		    !read_ptr(me, at + 8, &fn) ||
		    !read_ptr(me, at + FUNC_SYMPOS, &pos))
			return false;
		if (!name && !fn && !pos)
			break;
		if (!(pf->nr & (pf->nr + 1)))	/* 0, 1, 3, 7, ...: grow */
			pf->v = xrealloc(pf->v,
					 (pf->nr * 2 + 2) * sizeof(*pf->v));
		f = &pf->v[pf->nr++];
		f->obj = obj;
		f->name = name ? mod_string(me, name) : NULL;
		f->sympos = pos;
		f->new_func = fn;
		/* klp_init_func() refuses these; a stray pointer is no patch */
		if (!f->name || !fn)
			return false;
	}
	return size_fits(me, left, start, FUNC_SIZE, (n + 1) * FUNC_SIZE);
}

/*
 * A sysfs directory klp_init_patch() adds: an object's under the patch,
 * a function's under its object. seq: the order of the adds.
 */
struct kdir {
	const char *name;
	uint64_t pos;		/* a function's sympos, 0 taken as 1 */
	size_t obj, seq;
	bool func;
};

static int kdir_cmp(const void *a, const void *b)
{
	const struct kdir *x = a, *y = b;
	int c;

	if (x->func != y->func)
		return x->func ? 1 : -1;
	if (x->func && x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	c = strcmp(x->name, y->name);
	if (c)
		return c;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * The first add whose name is taken in its parent: kobject_add() fails
 * with -EEXIST there and klp_enable_patch() with it. Sorted, a repeated
 * name's adds are neighbours in the order they were made.
 */
static void find_dup(struct kdir *d, size_t n, struct klp_pfuncs *pf)
{
	const struct kdir *first = NULL;
	char buf[KLP_KSYM_NAME_LEN + 24];

	qsort(d, n, sizeof(*d), kdir_cmp);
	for (size_t i = 1; i < n; i++) {
		const struct kdir *a = &d[i - 1], *b = &d[i];

		if (a->func == b->func && (!a->func || a->obj == b->obj) &&
		    a->pos == b->pos && !strcmp(a->name, b->name) &&
		    (!first || b->seq < first->seq))
			first = b;
	}
	if (!first)
		return;
	pf->dup_func = first->func;
	pf->dup_obj = first->obj;
	for (size_t i = 0; i < n; i++)
		if (!d[i].func && d[i].obj == first->obj)
			pf->dup_parent = d[i].name;
	if (first->func)
		snprintf(buf, sizeof(buf), "%.*s,%llu", KLP_KSYM_NAME_LEN,
			 first->name, (unsigned long long)first->pos);
	pf->dup = xstrdup(first->func ? buf : first->name);
}

static void kdir_add(struct kdir **d, size_t *n, const char *name,
		     uint64_t pos, size_t obj, bool func)
{
	if (!(*n & (*n + 1)))	/* 0, 1, 3, 7, ...: grow */
		*d = xrealloc(*d, (*n * 2 + 2) * sizeof(**d));
	(*d)[*n] = (struct kdir){ name, !func ? 0 : pos ? pos : 1, obj, *n,
				  func };
	++*n;
}

/* The patch at p: its objects and functions, or false. */
static bool walk_patch(struct klp_module *me, size_t *left, uint64_t p,
		       struct klp_pfuncs *pf)
{
	uint64_t objs, at;
	size_t n = 0, nf, nd = 0;
	struct kdir *d = NULL;
	bool ok = false;

	pf->vml_obj = SIZE_MAX;
	if (!read_ptr(me, p + PATCH_OBJS, &objs) || !objs)
		return false;
	for (at = objs;; n++, at += OBJ_SIZE) {
		uint64_t name, funcs;
		const char *obj = NULL;

		if (!spend(left, 1) || !read_ptr(me, at, &name) ||
		    !read_ptr(me, at + 8, &funcs))
			goto out;
		/* klp_for_each_object_static() */
		if (!name && !funcs)
			break;
		if (name)
			obj = mod_string(me, name);
		if (name && !obj)
			goto out;
		nf = pf->nr;
		if (!funcs || !walk_funcs(me, left, obj, funcs, pf))
			goto out;
		if (!obj && pf->vml_obj == SIZE_MAX)
			pf->vml_obj = n;
		kdir_add(&d, &nd, obj ? obj : "vmlinux", 0, n, false);
		for (size_t i = nf; i < pf->nr; i++)
			kdir_add(&d, &nd, pf->v[i].name, pf->v[i].sympos, n,
				 true);
		/*
		 * a module named "vmlinux" (klp_is_module()) is never loaded:
		 * nothing of it is looked up
		 */
		if (obj && !strcmp(obj, "vmlinux"))
			pf->nr = nf;
	}
	ok = n > 0 && size_fits(me, left, objs, OBJ_SIZE, (n + 1) * OBJ_SIZE);
	if (ok)
		find_dup(d, nd, pf);
out:
	free(d);
	return ok;
}

/* The module's symbol name: defined (its address) or undefined. */
static bool mod_sym(const struct klp_module *me, const char *name,
		    bool defined, uint64_t *addr)
{
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *s = &me->syms[i];

		if ((s->st_shndx != SHN_UNDEF) == defined &&
		    !strcmp(klp_symname(me, s), name)) {
			*addr = s->st_value;
			return true;
		}
	}
	return false;
}

void klp_pfuncs_free(struct klp_pfuncs *pf)
{
	free(pf->v);
	free(pf->dup);
	memset(pf, 0, sizeof(*pf));
}

int klp_patch_funcs(struct klp_module *me, struct klp_pfuncs *pf)
{
	static const enum klp_mem_type where[] = {
		KLP_MEM_DATA, KLP_MEM_RO_AFTER_INIT,
	};
	const size_t nwhere = sizeof(where) / sizeof(where[0]);
	uint64_t mod = 0, v;
	size_t found = 0, left = WALK_BUDGET;
	unsigned char word[8];

	memset(pf, 0, sizeof(*pf));
	/* no call of klp_enable_patch(): nothing looks functions up */
	if (!mod_sym(me, "klp_enable_patch", false, &v))
		return -ENODATA;
	/* a NULL .mod fails klp_enable_patch() before any walk */
	if (!mod_sym(me, "__this_module", true, &mod) || !mod ||
	    me->opts->kver < KLP_KVER(5, 1))
		return -ENOENT;
	if (me->arch->elfdata == ELFDATA2MSB)
		put_be64(word, mod);
	else
		put_le64(word, mod);
	for (size_t w = 0; w < nwhere; w++) {
		const struct klp_mem *m = &me->mem[where[w]];
		const unsigned char *b = m->buf;

		/* the 8-aligned words that hold &__this_module */
		for (size_t at = 0; b && at + 16 <= m->size; at += 8) {
			struct klp_pfuncs try;

			if (memcmp(b + at, word, 8))
				continue;
			memset(&try, 0, sizeof(try));
			if (!walk_patch(me, &left, m->addr + at, &try)) {
				klp_pfuncs_free(&try);
				continue;
			}
			found++;
			klp_pfuncs_free(pf);
			*pf = try;
			pf->at = m->addr + at;
		}
	}
	if (found == 1 && left)
		return 0;
	klp_pfuncs_free(pf);
	return found && left ? -EEXIST : -ENOENT;
}
