// SPDX-License-Identifier: GPL-2.0
/*
 * The per-object walk of kernel/livepatch/core.c: for each klp rela
 * section of an object, resolve its .klp.sym symbols and hand it to the
 * arch's apply_relocate_add(), or clear it when the object goes.
 */
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/diag.h>
#include <klpreloc/livepatch.h>

#include "internal.h"

/*
 * One diagnostic for an ambiguity: the kernel's message, then the
 * candidates with their positions (and addresses when known).
 */
static void ambiguous(struct klp_apply_ctx *c, const struct klp_kobj *o,
		      const char *objname, const char *name, size_t nlen,
		      unsigned long total, const char *rule)
{
	struct klp_module *me = c->me;
	char k[700], m[900];
	size_t len;
	unsigned long pos = 0;
	int w = (int)nlen;

	snprintf(k, sizeof(k),
		 "livepatch: unresolvable ambiguity for symbol '%.*s' in object '%s'",
		 w, name, objname ? objname : "(null)");
	len = (size_t)snprintf(m, sizeof(m),
			       "'%.*s' occurs %lu times in %s: choose a position:",
			       w, name, total, objname ? objname : "vmlinux");
	for (size_t i = 0; i < o->nr && len < sizeof(m) - 40; i++) {
		const struct klp_ksym *s = &o->v[i];

		if ((objname && c->core_only && !s->core) ||
		    !klp_ksym_is_len(s, name, nlen))
			continue;
		pos++;
		if (o->hidden)
			len += (size_t)snprintf(m + len, sizeof(m) - len,
						" %.*s,%lu", w, name, pos);
		else
			len += (size_t)snprintf(m + len, sizeof(m) - len,
						" %.*s,%lu (%c 0x%llx)", w, name,
						pos, s->type,
						(unsigned long long)s->addr);
	}
	klp_report(me, KLP_ERR, me->cur_relsec ? (long)me->cur_relsec : -1,
		   me->cur_rel, rule, k, "%s", m);
}

/*
 * A symbol of a dump with hidden addresses: a stand-in as far from the
 * module as the real one. A module's symbol lies in the module area, as
 * the patch's own text does, which is in reach of every site and aligned
 * for every arch's rules; vmlinux's where its text starts without KASLR,
 * which no offset brings nearer than its layout (s390 before 6.10: 4 TiB
 * from the modules, out of reach of any PC-relative field).
 */
static uint64_t hidden_addr(const struct klp_module *me, const char *objname)
{
	struct klp_vm_layout l;

	if (objname)
		return me->mem[KLP_MEM_TEXT].addr;
	klp_arch_vm_layout(me->arch, me->opts, &l);
	return l.kernel_text;
}

/* The rules of a klp symbol's lookup and of a klp_func's. */
static const char *const sym_rules[] = {
	"sym-not-found", "sym-ambiguous", "sym-pos",
};
static const char *const func_rules[] = {
	"func-not-found", "func-ambiguous", "func-pos",
};

/* klp_find_object_symbol(): the kernel's three messages, verbatim. */
static int find_object_symbol(struct klp_apply_ctx *c,
			      const struct klp_kobj *o, const char *objname,
			      const char *name, size_t len, uint32_t hash,
			      const struct klp_kseek *seek,
			      unsigned long pos, uint64_t *addr,
			      const struct klp_ksym **sym,
			      const char *const rule[3])
{
	struct klp_module *me = c->me;
	unsigned long count, total;
	enum klp_find_result r;
	int w = (int)len;

	r = klp_ksyms_find_last(o, name, len, hash, seek, pos,
				objname && c->core_only, addr, &count, &total,
				sym);
	switch (r) {
	case KLP_FIND_OK:
		if (o->hidden)
			*addr = hidden_addr(me, objname);
		return 0;
	case KLP_FIND_NOT_FOUND:
		klp_kerr(me, rule[0],
			 "livepatch: symbol '%.*s' not found in symbol table",
			 w, name);
		if (o && rule == func_rules)
			klp_report(me, KLP_NOTE, -1, -1, rule[0], NULL,
				   "patched function %.*s of object %s (%s): gone from this kernel, inlined, or renamed (a .isra or .constprop clone)",
				   w, name, objname ? objname : "vmlinux",
				   c->when ? c->when : "patch enable");
		if (!o && objname)
			klp_report(me, KLP_NOTE, me->cur_relsec, me->cur_rel,
				   rule[0], NULL,
				   "object '%s' is not loaded (%s): give its .ko with --target-module",
				   objname, c->when ? c->when : "no symbols");
		break;
	case KLP_FIND_AMBIGUOUS:
		/* 6.12 passes the NULL objname of vmlinux to printk */
		ambiguous(c, o, objname, name, len, total, rule[1]);
		break;
	case KLP_FIND_BAD_POS:
		klp_kerr(me, rule[2],
			 "livepatch: symbol position %lu for symbol '%.*s' in object '%s' not found",
			 pos, w, name, objname ? objname : "vmlinux");
		break;
	}
	return -EINVAL;
}

/*
 * A relocation's klp symbol, taken from the module's parse a few
 * relocations before it is resolved, so that what its lookup reads can
 * be on its way from memory.
 */
struct pending {
	Elf64_Sym *sym;
	bool done;		/* resolved earlier in this pass */
	int cnt;		/* the parse's count, when marked */
	const char *obj;	/* the module's parse's, or the walk's obj[] */
	bool vmlinux;		/* obj is "vmlinux" */
	const char *name;	/* len bytes, not NUL-terminated */
	size_t len;
	unsigned long pos;
	const struct klp_kobj *o;	/* to look in, or NULL */
	uint32_t hash;
	struct klp_kseek seek;	/* its lookup's first step, once taken */
};

/*
 * A power of two: a relocation's symbol is prepared AHEAD - 1 lookups
 * before it is resolved, its lookup's first step taken DEEP before, the
 * name it compares asked for NAMES before.
 */
#define AHEAD	16
#define DEEP	6
#define NAMES	3

/* One thread's walk over relocations: its ring and what it looked up. */
#define WALK_OBJS	64	/* objects a patch names, remembered */

struct walk {
	const struct klp_apply_ctx *c;
	struct pending ring[AHEAD];
	const struct klp_kobj *objs[WALK_OBJS];
	uint64_t seen;		/* bit i: objs[i] was looked up */
	/* object names the module's parse left out, per ring slot */
	char obj[AHEAD][KLP_MODULE_NAME_LEN];
};

static void walk_init(struct walk *w, const struct klp_apply_ctx *c)
{
	w->c = c;
	w->seen = 0;
}

static bool resolved(const struct klp_module *me, const Elf64_Sym *sym)
{
	return me->resolved[sym - me->syms] == me->pass;
}

/* The object of the module's parse objid: looked up once a walk. */
static const struct klp_kobj *walk_obj(struct walk *w, uint16_t objid,
				       const char *obj)
{
	if (objid >= WALK_OBJS)
		return klp_ksyms_obj(w->c->ks, obj);
	if (!(w->seen >> objid & 1)) {
		w->objs[objid] = klp_ksyms_obj(w->c->ks, obj);
		w->seen |= 1ull << objid;
	}
	return w->objs[objid];
}

/* Relocation r's symbol into ring slot k, its lookup on its way. */
static void prepare(struct walk *w, const Elf64_Rela *r, size_t k)
{
	const struct klp_apply_ctx *c = w->c;
	struct klp_module *me = c->me;
	struct pending *p = &w->ring[k];
	const struct klp_symparse *sp;

	p->o = NULL;
	p->seek.ix = NULL;
	p->sym = &me->syms[ELF64_R_SYM(r->r_info)];
	p->done = resolved(me, p->sym);
	if (p->done || p->sym->st_shndx != SHN_LIVEPATCH)
		return;
	sp = klp_symparse_of(me, p->sym);
	if (sp) {
		p->cnt = sp->cnt;
		p->obj = klp_symparse_obj(me, sp);
		p->vmlinux = klp_symparse_vmlinux(me, sp);
		p->name = klp_symname_fast(me, p->sym) + sp->off;
		p->len = sp->len;
		p->pos = sp->pos;
		p->hash = sp->hash;
		if (p->cnt == 3 && !c->format_only)
			p->o = walk_obj(w, sp->objid, p->obj);
	} else {
		const char *n = klp_symname(me, p->sym);
		struct klp_sym_parts pt;

		p->cnt = klp_parse_sym_parts(n, me->opts->kver, &pt);
		memcpy(w->obj[k], n + pt.obj, pt.obj_len);
		w->obj[k][pt.obj_len] = '\0';
		p->obj = w->obj[k];
		p->vmlinux = !strcmp(p->obj, "vmlinux");
		p->name = n + pt.sym;
		p->len = pt.sym_len;
		p->pos = p->cnt == 3 ? pt.pos : 0;
		if (p->cnt == 3 && !c->format_only) {
			p->o = klp_ksyms_obj(c->ks, p->obj);
			p->hash = pt.hash;
		}
	}
}

/*
 * The pending of relocation i in [from, to), with the one AHEAD - 1 later
 * prepared, the one DEEP later sought and the name of the one NAMES
 * later asked for (the caller prepared the first AHEAD - 1 of the range).
 */
static struct pending *ring_step(struct walk *w, const Elf64_Rela *r,
				 size_t i, size_t to)
{
	if (i + AHEAD - 1 < to)
		prepare(w, &r[i + AHEAD - 1], (i + AHEAD - 1) & (AHEAD - 1));
	if (i + DEEP < to) {
		struct pending *q = &w->ring[(i + DEEP) & (AHEAD - 1)];

		/* (prepare() leaves o NULL for a symbol resolved already) */
		if (q->o)
			klp_ksyms_seek(q->o, q->hash, &q->seek);
	}
	if (i + NAMES < to) {
		const struct pending *q = &w->ring[(i + NAMES) & (AHEAD - 1)];

		if (q->o)
			klp_ksyms_prefetch_name(q->o, &q->seek);
	}
	return &w->ring[i & (AHEAD - 1)];
}

/*
 * One relocation's symbol, prepared in p: the kernel's checks in its
 * order, then the lookup.
 */
static int resolve_one(struct klp_apply_ctx *c, unsigned int relsec,
		       bool sec_vmlinux, size_t i, const struct pending *p)
{
	struct klp_module *me = c->me;
	Elf64_Sym *sym = p->sym;
	const struct klp_ksym *found;
	bool sym_vmlinux;
	uint64_t addr;

	me->cur_rel = (long)i;
	if (sym->st_shndx != SHN_LIVEPATCH) {
		klp_kerr(me, "sym-not-livepatch",
			 "livepatch: symbol %s is not marked as a livepatch symbol",
			 klp_symname(me, sym));
		return -EINVAL;
	}
	if (p->cnt != 3) {
		const char *sname = klp_symname(me, sym);
		int kver = me->opts->kver;

		klp_kerr(me, "sym-name",
			 "livepatch: symbol %s has an incorrectly formatted name",
			 sname);
		if (strlen(sname) > (size_t)klp_ksym_name_len(kver))
			klp_report(me, KLP_NOTE, relsec, (long)i,
				   "sym-name", NULL,
				   "object names are limited to %d and symbol names to %d characters",
				   KLP_MODULE_NAME_LEN - 1,
				   klp_ksym_name_len(kver) - 1);
		return -EINVAL;
	}
	sym_vmlinux = p->vmlinux;
	if (!sec_vmlinux && sym_vmlinux) {
		klp_kerr(me, "vmlinux-sym-in-module-sec",
			 "livepatch: invalid access to vmlinux symbol '%.*s' from module-specific livepatch relocation section",
			 (int)p->len, p->name);
		return -EINVAL;
	}
	if (c->format_only)
		return 0;
	if (find_object_symbol(c, p->o, sym_vmlinux ? NULL : p->obj,
			       p->name, p->len, p->hash, &p->seek, p->pos,
			       &addr, &found,
			       sym_rules))
		return -EINVAL;
	sym->st_value = addr;
	me->resolved[sym - me->syms] = me->pass;
	return 0;
}

/*
 * p's lookup when it finds an address plainly: the short way first, then
 * the whole lookup (unless it would make a partial index whole and
 * may_index is false: a thread beside another may not change it).
 */
static inline bool plain_addr(const struct pending *p, bool core_only,
			      bool may_index, uint64_t *addr)
{
	unsigned long count, total;

	if (klp_ksyms_find_one(p->o, p->name, p->len, p->hash, &p->seek,
			       p->pos, core_only, addr))
		return true;
	if (!may_index && !klp_ksyms_find_ready(p->o, p->hash))
		return false;
	return klp_ksyms_find_hashed(p->o, p->name, p->len, p->hash, &p->seek,
				     p->pos, core_only, addr, &count,
				     &total) == KLP_FIND_OK;
}

/*
 * The common case of resolve_one(), without its calls: a well-formed
 * klp symbol of a loaded object that the rules let this section use,
 * found at a real address. False, with nothing done, for anything else:
 * resolve_one() then goes through the kernel's checks and reports.
 */
static bool found_plainly(struct klp_apply_ctx *c, bool sec_vmlinux,
			  const struct pending *p)
{
	struct klp_module *me = c->me;
	uint64_t addr;

	/* prepare() set o only for a SHN_LIVEPATCH symbol that parsed */
	if (!p->o || p->o->hidden || (!sec_vmlinux && p->vmlinux) ||
	    !plain_addr(p, !p->vmlinux && c->core_only, true, &addr))
		return false;
	p->sym->st_value = addr;
	me->resolved[p->sym - me->syms] = me->pass;
	return true;
}

/*
 * A big section's lookups, found ahead on two threads (each taking the
 * next chunk of relocations until none is left): the address of each
 * relocation's symbol when the kernel would find it and nothing else
 * would stop first. A lookup that would change the index (a name it
 * left out) or report anything is left to the walk in order, which uses
 * what was found for the rest.
 */
struct prefind {
	const struct klp_apply_ctx *c;
	const Elf64_Rela *r;
	size_t nr;
	bool sec_vmlinux;	/* the section's object is vmlinux */
	/* each relocation's symbol's address, 0 when left to the walk */
	uint64_t *out;
	size_t chunk;
	/*
	 * the first relocation no thread took yet: on a line of its own,
	 * which neither the fields above nor the caller's stack share
	 */
	_Alignas(64) atomic_size_t next;
};

#define PREFIND_MIN	4096	/* relocations: below, a thread costs more */
/* an eighth of the section, so that a slower thread holds nobody up */
#define PREFIND_CHUNK	2048

static void prefind_range(const struct prefind *h, size_t from, size_t to)
{
	const struct klp_apply_ctx *c = h->c;
	const Elf64_Rela *r = h->r;
	uint64_t *out = h->out;
	struct walk w;

	walk_init(&w, c);
	for (size_t i = from; i < to && i < from + AHEAD - 1; i++)
		prepare(&w, &r[i], i & (AHEAD - 1));
	for (size_t i = from; i < to; i++) {
		const struct pending *p = ring_step(&w, r, i, to);
		uint64_t addr;

		out[i] = 0;
		/*
		 * prepare() looked the object up only for a well-formed name;
		 * a found address is never 0 (klp_match_callback())
		 */
		if (!p->o || p->o->hidden || (!h->sec_vmlinux && p->vmlinux) ||
		    !plain_addr(p, !p->vmlinux && c->core_only, false, &addr))
			continue;
		out[i] = addr;
	}
}

static void *prefind_chunks(void *arg)
{
	struct prefind *h = arg;
	size_t from;

	while ((from = atomic_fetch_add(&h->next, h->chunk)) < h->nr)
		prefind_range(h, from, from + h->chunk < h->nr ?
				       from + h->chunk : h->nr);
	return NULL;
}

static uint64_t *prefind(const struct klp_apply_ctx *c, const Elf64_Rela *r,
			 size_t nr, bool sec_vmlinux)
{
	struct prefind h = { c, r, nr, sec_vmlinux, NULL, nr / 8, 0 };
	pthread_t t;

	if (c->format_only || !klp_threads_help(c->me->opts->jobs, nr,
						PREFIND_MIN))
		return NULL;
	h.chunk = h.chunk < 64 ? 64 : h.chunk > PREFIND_CHUNK ?
		  PREFIND_CHUNK : h.chunk;
	h.out = xmalloc(nr * sizeof(*h.out));
	if (pthread_create(&t, NULL, prefind_chunks, &h)) {
		free(h.out);
		return NULL;
	}
	prefind_chunks(&h);
	pthread_join(t, NULL);
	return h.out;
}

/* klp_resolve_symbols() */
static int resolve_symbols(struct klp_apply_ctx *c, unsigned int relsec,
			   const char *sec_objname)
{
	struct klp_module *me = c->me;
	bool sec_vmlinux = !strcmp(sec_objname, "vmlinux");
	size_t nr;
	Elf64_Rela *r = klp_relas(me, relsec, &nr);
	uint64_t *f;
	struct walk w;
	int ret = 0;

	klp_symparse(me);	/* made here, before two threads read it */
	f = prefind(c, r, nr, sec_vmlinux);
	walk_init(&w, c);
	if (f) {
		for (size_t i = 0; i < nr && !ret; i++) {
			Elf64_Sym *sym = &me->syms[ELF64_R_SYM(r[i].r_info)];

			if (resolved(me, sym))
				continue;
			if (f[i]) {
				sym->st_value = f[i];
				me->resolved[sym - me->syms] = me->pass;
				continue;
			}
			prepare(&w, &r[i], 0);
			ret = resolve_one(c, relsec, sec_vmlinux, i,
					  &w.ring[0]);
		}
		free(f);
		goto out;
	}
	for (size_t i = 0; i < nr && i < AHEAD - 1; i++)
		prepare(&w, &r[i], i);
	for (size_t i = 0; i < nr && !ret; i++) {
		const struct pending *p = ring_step(&w, r, i, nr);

		/* the kernel resolves it again, to the same address */
		if (p->done || resolved(me, p->sym))
			continue;
		if (!found_plainly(c, sec_vmlinux, p))
			ret = resolve_one(c, relsec, sec_vmlinux, i, p);
	}
out:
	me->cur_rel = -1;
	return ret;
}

int klp_find_func(struct klp_apply_ctx *c, const char *objname,
		  const char *name, unsigned long pos)
{
	const struct klp_kobj *o = klp_ksyms_obj(c->ks, objname ? objname :
						 "vmlinux");
	const struct klp_ksym *s;
	char k[KLP_KSYM_NAME_LEN + 64];
	uint64_t addr;

	c->me->cur_relsec = 0;
	c->me->cur_rel = -1;
	if (find_object_symbol(c, o, objname, name, strlen(name),
			       klp_ksyms_hash(name), NULL, pos, &addr, &s,
			       func_rules))
		return -EINVAL;
	/* klp_patch_func(), once every object is initialised */
	if (!s->notrace)
		return 0;
	snprintf(k, sizeof(k),
		 "livepatch: failed to find location for function '%s'", name);
	klp_report(c->me, KLP_ERR, -1, -1, "func-ftrace", k,
		   "%s of object %s (%s) has no ftrace call site in its .ko (notrace): ftrace_location() finds none and livepatch cannot redirect it",
		   name, objname ? objname : "vmlinux",
		   c->when ? c->when : "patch enable");
	return -EINVAL;
}

/*
 * A fresh pass: what was resolved before may resolve otherwise now (the
 * target's symbols moved, or core only became full kallsyms). A pass is
 * one section, every section of one klp_write_object_relocs(), or the
 * sections of an early pass from klp_resolve_pass_begin() on.
 */
static void new_pass(struct klp_module *me)
{
	if (!me->resolved)
		me->resolved = xcalloc(me->nsyms, sizeof(*me->resolved));
	if (!++me->pass) {	/* wrapped: forget every pass at once */
		memset(me->resolved, 0, me->nsyms * sizeof(*me->resolved));
		me->pass = 1;
	}
}

/*
 * The open checks a RELA section's symbol indices only when it relocates
 * a section that exists (and refuses the file if one is past the symbol
 * table); the kernel hands a klp section to the arch whatever its sh_type
 * and sh_info (klp_lint() names both). Here such a section stops before a
 * section header past the table is read. One that is not SHT_RELA stops
 * too: the model holds only SHT_RELA contents as host-order, aligned
 * Elf64_Rela.
 */
static int check_klp_relas(struct klp_module *me, unsigned int relsec)
{
	const Elf64_Shdr *s = &me->sechdrs[relsec];

	if (s->sh_type != SHT_RELA) {
		klp_report(me, KLP_ERR, relsec, -1, "rela-type", NULL,
			   "sh_type %u is not SHT_RELA: the kernel reads its bytes as Elf64_Rela anyway; klpreloc does not model what they do",
			   s->sh_type);
		return -ENOEXEC;
	}
	if (s->sh_info >= me->shnum) {
		klp_report(me, KLP_ERR, relsec, -1, "rela-info", NULL,
			   "sh_info %u is past the section table (%u sections): the kernel would relocate through a section header that is not there",
			   s->sh_info, me->shnum);
		return -ENOEXEC;
	}
	/* the open refused any past the symbol table (check_relas()) */
	return 0;
}

static bool have_clear(const struct klp_module *me)
{
	/* klp_clear_object_relocs() arrived in 6.3 */
	return me->arch->clear_relocate_add &&
	       me->opts->kver >= KLP_KVER(6, 3);
}

/*
 * Is klp section relsec object objname's? Its name is parsed at the first
 * pass that asks (every pass walks every section); -1 when it does not
 * parse.
 */
static int section_of(struct klp_module *me, unsigned int relsec,
		      const char *objname)
{
	struct klp_section *s = &me->secs[relsec];

	if (!s->rela_obj) {
		char sec_obj[KLP_MODULE_NAME_LEN];
		bool truncated;

		s->rela_obj = klp_parse_rela_name(klp_secname(me, relsec),
						  sec_obj, &truncated) == 1 ?
			      (int8_t)strlen(sec_obj) : -1;
	}
	if (s->rela_obj < 0)
		return -1;
	/* what the parse copied: rela_obj bytes after the prefix */
	return !strncmp(objname,
			klp_secname(me, relsec) + strlen(KLP_RELA_PREFIX),
			(size_t)s->rela_obj) && !objname[s->rela_obj];
}

static int write_section(struct klp_apply_ctx *c, unsigned int relsec,
			 const char *objname, bool apply)
{
	struct klp_module *me = c->me;
	const char *obj = objname ? objname : "vmlinux";
	int ret, mine;

	me->cur_relsec = relsec;
	me->cur_rel = -1;
	mine = section_of(me, relsec, obj);
	if (mine < 0) {
		klp_kerr(me, "rela-name",
			 "livepatch: section %s has an incorrectly formatted name",
			 klp_secname(me, relsec));
		ret = -EINVAL;
		goto out;
	}
	ret = 0;
	if (!mine)
		goto out;
	ret = check_klp_relas(me, relsec);
	if (ret)
		goto out;
	if (apply) {
		ret = resolve_symbols(c, relsec, obj);
		if (!ret && !c->format_only)
			ret = me->arch->apply_relocate_add(me->sechdrs,
							   me->strtab,
							   me->symindex,
							   relsec, me);
	} else if (have_clear(me)) {
		me->arch->clear_relocate_add(me->sechdrs, me->strtab,
					     me->symindex, relsec, me);
	}
out:
	me->cur_relsec = 0;
	me->cur_rel = -1;
	return ret;
}

int klp_write_object_relocs(struct klp_apply_ctx *c, const char *objname,
			    bool apply)
{
	struct klp_module *me = c->me;
	int ret = 0;

	new_pass(me);
	for (unsigned int i = 1; i < me->shnum && !ret; i++)
		if (me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH)
			ret = write_section(c, i, objname, apply);
	return ret;
}

int klp_write_section_relocs(struct klp_apply_ctx *c, unsigned int relsec,
			     const char *objname, bool apply)
{
	new_pass(c->me);
	return write_section(c, relsec, objname, apply);
}

void klp_resolve_pass_begin(struct klp_module *me)
{
	new_pass(me);
}

int klp_write_section_relocs_in_pass(struct klp_apply_ctx *c,
				     unsigned int relsec, const char *objname,
				     bool apply)
{
	return write_section(c, relsec, objname, apply);
}

size_t klp_patched_objects(const struct klp_module *me, char ***names)
{
	char **v = NULL;
	size_t n = 0;

	for (unsigned int i = 1; i < me->shnum; i++) {
		char obj[KLP_MODULE_NAME_LEN];
		bool trunc, seen = false;

		if (!(me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH) ||
		    klp_parse_rela_name(klp_secname(me, i), obj, &trunc) != 1)
			continue;
		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp(v[j], obj);
		if (seen)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = xstrdup(obj);
	}
	*names = v;
	return n;
}
