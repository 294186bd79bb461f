// SPDX-License-Identifier: GPL-2.0
/*
 * Each .klp.sym name of a module parsed once, as the kernel parses it
 * (klp_parse_sym_parts() at the module's version): the wanted names, lint
 * and every pass of the resolver read the result instead of parsing the
 * name again for each relocation that uses it. Nothing is copied: the
 * symbol's part is found in the module's string table by its offset.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/livepatch.h>

#include "internal.h"

/* The object's number among those seen: a few, mostly the last one. */
static uint16_t obj_id(struct klp_symparse_set *s, const char *obj,
		       size_t len, size_t *cap)
{
	for (size_t i = 0, k = s->last; i < s->nobjs; i++, k++) {
		if (k == s->nobjs)
			k = 0;
		if (!strncmp(s->objs[k], obj, len) && !s->objs[k][len])
			return s->last = (uint16_t)k;
	}
	if (s->nobjs == UINT16_MAX)	/* more objects than any kernel has */
		return UINT16_MAX;
	if (s->nobjs == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		s->objs = xrealloc(s->objs, *cap * sizeof(*s->objs));
	}
	s->objs[s->nobjs] = xmalloc(len + 1);
	memcpy(s->objs[s->nobjs], obj, len);
	s->objs[s->nobjs][len] = '\0';
	if (!strcmp(s->objs[s->nobjs], "vmlinux"))
		s->vmlinux = (uint16_t)s->nobjs;
	return s->last = (uint16_t)s->nobjs++;
}

/*
 * The last name whose object parsed whole (".klp.sym.OBJ." in its first
 * at bytes): a name that starts with the same bytes parses the same up
 * to there, and only its symbol and position are left to read.
 */
struct last_obj {
	const char *name;
	size_t at;
	uint16_t objid;
};

static void parse_one(const struct klp_module *me, struct klp_symparse_set *s,
		      const Elf64_Sym *sym, struct klp_symparse *p,
		      size_t *cap, struct last_obj *last)
{
	const char *n = klp_symname(me, sym);
	size_t avail = *n ? me->strtab_size - sym->st_name : 0;
	struct klp_sym_parts pt;
	int cnt;

	if (last->name && avail >= last->at &&
	    !memcmp(n, last->name, last->at)) {
		pt.obj = strlen(".klp.sym.");
		pt.obj_len = last->at - pt.obj - 1;
		cnt = klp_parse_sym_tail(n, last->at, avail - last->at,
					 me->opts->kver, &pt);
		p->objid = last->objid;
	} else {
		cnt = klp_parse_sym_parts_in(n, avail, me->opts->kver, &pt);
		if (cnt < 1)
			return;
		p->objid = obj_id(s, n + pt.obj, pt.obj_len, cap);
		if (p->objid == UINT16_MAX)
			return;
		if (cnt >= 2 || pt.sym) {	/* the '.' after it was there */
			last->name = n;
			last->at = pt.obj + pt.obj_len + 1;
			last->objid = p->objid;
		}
	}
	/* what does not fit is left to a parse of its own */
	if (pt.sym > UINT8_MAX || pt.pos > UINT32_MAX)
		return;
	p->off = (uint8_t)pt.sym;
	p->len = (uint16_t)pt.sym_len;
	p->pos = (uint32_t)pt.pos;
	p->trailing = pt.trailing;
	p->hash = pt.hash;
	p->cnt = (int8_t)cnt;
}

/* (a cache of the names, made through a const module as the index is) */
const struct klp_symparse *klp_symparse(const struct klp_module *me)
{
	struct klp_module *m = (struct klp_module *)me;
	struct klp_symparse_set *s = m->symparse;
	struct last_obj last = { NULL, 0, 0 };
	size_t cap = 0;

	if (s)
		return s->v;
	m->symparse = s = xcalloc(1, sizeof(*s));
	s->vmlinux = UINT16_MAX;
	s->v = xmalloc((me->nsyms ? me->nsyms : 1) * sizeof(*s->v));
	for (size_t i = 0; i < me->nsyms; i++) {
		struct klp_symparse *p = &s->v[i];

		p->cnt = -1;
		p->st_name = me->syms[i].st_name;
		if (i && me->syms[i].st_shndx == SHN_LIVEPATCH)
			parse_one(me, s, &me->syms[i], p, &cap, &last);
	}
	return s->v;
}

void klp_symparse_free(struct klp_module *me)
{
	struct klp_symparse_set *s = me->symparse;

	if (!s)
		return;
	for (size_t i = 0; i < s->nobjs; i++)
		free(s->objs[i]);
	free(s->objs);
	free(s->v);
	free(s);
	me->symparse = NULL;
}
