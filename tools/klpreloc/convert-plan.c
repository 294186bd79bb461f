// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc convert: which undefined symbol becomes which klp symbol, and
 * where each relocation goes.
 *
 * An undefined symbol that someone exports stays (the module loader
 * resolves it); so does one the arch's loader resolves itself (ppc64's
 * .TOC. and _mcount, x86's _GLOBAL_OFFSET_TABLE_). Any other becomes
 * .klp.sym.OBJ.SYM,POS: OBJ is the one object that defines it (vmlinux or
 * a --target-module) unless a --sym, an annotation or a klp name chose,
 * and POS is counted exactly as the kernel counts it - kallsyms order for
 * vmlinux, the module's symbol table for a module, core symbols only when
 * it was loaded first - so that the name resolves whichever way round the
 * patch and the target load. Every relocation in an allocated section
 * that uses a klp symbol moves into .klp.rela.OBJ.SEC.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>

#include "convert.h"

static const char *const how_to_choose =
	"choose with --sym NAME=OBJECT:SYMBOL,POS or KLPRELOC_SYMPOS(NAME, OBJECT, SYMBOL, POS) from <klpreloc/klp-sym.h> in the patch source";

/* Names the module loader of the arch resolves itself: never klp. */
static bool arch_resolves(const struct klp_module *me, const char *name)
{
	if (me->arch->ignore_undef_symbol &&
	    me->arch->ignore_undef_symbol(name))
		return true;
	/* ppc64: .TOC. is the module's own TOC, _mcount its ftrace stub */
	return me->hdr.e_machine == EM_PPC64 &&
	       (!strcmp(name, ".TOC.") || !strcmp(name, "_mcount"));
}

/* module_init_section() of the arch: memory freed after init. */
static bool init_section(const struct klp_module *m, const char *name)
{
	if (m->arch->module_init_section)
		return m->arch->module_init_section(name);
	return !strncmp(name, ".init", 5);
}

static bool is_init_addr(const struct cv *cv, uint64_t a)
{
	return cv->have_init_range && a >= cv->init_start && a < cv->init_end;
}

/* The kallsyms entries of obj named name, in order: indices into o->v. */
static size_t matches(const struct klp_kobj *o, const char *name,
		      bool core_only, size_t **out)
{
	size_t n = 0, *v = NULL;

	for (size_t j = 0; o && j < o->nr; j++) {
		if (!klp_ksym_is(&o->v[j], name) ||
		    (core_only && !o->v[j].core))
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = j;
	}
	*out = v;
	return n;
}

/* How many entries of obj are named name (a hash probe). */
static unsigned long count_of(const struct klp_kobj *o, const char *name)
{
	unsigned long count, total;
	uint64_t a;

	if (!o)
		return 0;
	klp_ksyms_find(o, name, 0, false, &a, &count, &total);
	return total;
}

/* The address a user finds in SYMBOLS: run time minus what we added. */
static uint64_t file_addr(const struct cv *cv, uint64_t a)
{
	return a - cv->vmlinux_delta;
}

/* One note per vmlinux candidate: position, type, address, source file. */
static void list_vmlinux(struct cv *cv, const char *name, const char *sym)
{
	const struct klp_kobj *vm = klp_ksyms_obj(&cv->ks, "vmlinux");
	size_t *v, n = matches(vm, sym, false, &v);

	for (size_t i = 0; i < n; i++) {
		const struct klp_ksym *k = &vm->v[v[i]];
		const char *file = cv_vmlinux_file(cv, sym, k->addr);

		if (vm->hidden)
			cv_report(cv, KLP_NOTE, NULL, "convert-candidate",
				  "%s: candidate vmlinux:%s,%zu (%c, address hidden)",
				  name, sym, i + 1, k->type);
		else
			cv_report(cv, KLP_NOTE, NULL, "convert-candidate",
				  "%s: candidate vmlinux:%s,%zu (%c 0x%llx%s%s%s)",
				  name, sym, i + 1, k->type,
				  (unsigned long long)file_addr(cv, k->addr),
				  file ? ", " : "", file ? file : "",
				  is_init_addr(cv, k->addr) ? ", __init" : "");
	}
	free(v);
}

/* The .ko symbol of a module's kallsyms entry j, or NULL. */
static const Elf64_Sym *ko_sym(const struct cv_target *t, size_t j,
			       uint32_t *idx)
{
	if (!t->ko || j >= t->ndef)
		return NULL;
	*idx = t->defidx[j];
	return &t->ko->syms[*idx];
}

static const char *ko_secname(const struct cv_target *t, const Elf64_Sym *s)
{
	if (!s || s->st_shndx >= t->ko->shnum)
		return NULL;
	return klp_secname(t->ko, s->st_shndx);
}

static bool ko_init(const struct cv_target *t, size_t j)
{
	uint32_t idx;
	const Elf64_Sym *s = ko_sym(t, j, &idx);
	const char *sec = s ? ko_secname(t, s) : NULL;

	return sec && init_section(t->ko, sec);
}

/* Rank (1-based) of entry j among v, 0 when absent. */
static size_t rank(const size_t *v, size_t n, size_t j)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == j)
			return i + 1;
	return 0;
}

/* One note per module candidate, positions in both load orders. */
static void list_module(struct cv *cv, const struct cv_target *t,
			const char *name, const char *sym)
{
	const struct klp_kobj *o = klp_ksyms_obj(&cv->ks, t->name);
	size_t *all, *core, na = matches(o, sym, false, &all),
	       nc = matches(o, sym, true, &core);

	for (size_t i = 0; i < na; i++) {
		const struct klp_ksym *k = &o->v[all[i]];
		size_t pc = rank(core, nc, all[i]);
		uint32_t idx = 0;
		const Elf64_Sym *s = ko_sym(t, all[i], &idx);
		const char *file = s ? cv_ko_file(t, idx) : NULL;
		const char *sec = s ? ko_secname(t, s) : NULL;
		char where[200];

		if (pc == i + 1 || !t->ko)
			snprintf(where, sizeof(where), "%s:%s,%zu", t->name,
				 sym, pc ? pc : i + 1);
		else if (pc)
			snprintf(where, sizeof(where),
				 "%s:%s,%zu (%zu once %s has finished loading)",
				 t->name, sym, i + 1, pc, t->name);
		else
			snprintf(where, sizeof(where),
				 "%s:%s,%zu (only while %s loads)", t->name,
				 sym, i + 1, t->name);
		cv_report(cv, KLP_NOTE, NULL, "convert-candidate",
			  "%s: candidate %s (%c%s%s%s%s%s)", name, where,
			  k->type, sec ? ", " : "", sec ? sec : "",
			  file ? ", " : "", file ? file : "",
			  ko_init(t, all[i]) ? ", __init" : "");
	}
	free(all);
	free(core);
}

/*
 * vmlinux: the kernel walks kallsyms in address order; POS 0 must be
 * unique. Returns 0 with *pos set, or -1 after one error.
 */
static int pos_vmlinux(struct cv *cv, struct cv_sym *cs, const char *name,
		       bool has_pos, unsigned long pos)
{
	const struct klp_kobj *vm = klp_ksyms_obj(&cv->ks, "vmlinux");
	unsigned long total = count_of(vm, cs->sym), cnt;
	uint64_t addr = 0;
	char type;

	if (!total) {
		if (cv_raw_defines(cv, cs->sym, &type))
			cv_report(cv, KLP_ERR, NULL, "convert-not-found",
				  "%s: vmlinux has %s (%c in %s) but kallsyms does not list it%s: the kernel could not resolve .klp.sym.vmlinux.%s",
				  name, cs->sym, type, cv->c->target,
				  cv->c->opts.kallsyms_all ? "" :
				  " (without CONFIG_KALLSYMS_ALL only text symbols are in kallsyms)",
				  cs->sym);
		else
			cv_report(cv, KLP_ERR, NULL, "convert-not-found",
				  "%s: vmlinux has no symbol %s (%s)", name,
				  cs->sym, cv->c->target);
		return -1;
	}
	if ((!has_pos || !pos) && total > 1) {
		cv_report(cv, KLP_ERR, NULL, "convert-ambiguous",
			  "%s: vmlinux has %lu symbols named %s%s: %s",
			  name, total, cs->sym,
			  has_pos ? " and position 0 asks for the only one" :
			  "", how_to_choose);
		list_vmlinux(cv, name, cs->sym);
		return -1;
	}
	if (has_pos && pos > total) {
		cv_report(cv, KLP_ERR, NULL, "convert-pos",
			  "%s: position %lu: vmlinux has %lu symbol%s named %s",
			  name, pos, total, total == 1 ? "" : "s", cs->sym);
		return -1;
	}
	cs->pos = has_pos ? pos : 0;
	if (klp_ksyms_find(vm, cs->sym, cs->pos, false, &addr, &cnt,
			   &total) != KLP_FIND_OK)
		return -1;
	if (is_init_addr(cv, addr)) {
		cv_report(cv, KLP_ERR, NULL, "convert-init",
			  "%s: vmlinux:%s,%lu is __init (0x%llx): vmlinux freed it after boot, a patch must not use it",
			  name, cs->sym, cs->pos,
			  (unsigned long long)file_addr(cv, addr));
		return -1;
	}
	return 0;
}

/*
 * A module: its symbol table order, core symbols only when it is loaded
 * before the patch, all of them (init ones too) when it loads after. One
 * POS must name the same symbol both ways, and that symbol must outlive
 * the module's init.
 */
static int pos_module(struct cv *cv, struct cv_sym *cs, const char *name,
		      const struct cv_target *t, bool has_pos,
		      unsigned long pos)
{
	const struct klp_kobj *o = klp_ksyms_obj(&cv->ks, t->name);
	size_t *all, *core, na = matches(o, cs->sym, false, &all),
	       nc = matches(o, cs->sym, true, &core), j = 0;
	int ret = -1;

	if (!na) {
		cv_report(cv, KLP_ERR, NULL, "convert-not-found",
			  "%s: module %s has no symbol %s (%s)", name, t->name,
			  cs->sym, t->path ? t->path : cv->c->target);
		goto out;
	}
	if (has_pos && pos) {
		size_t jc = pos <= nc ? core[pos - 1] : SIZE_MAX;
		size_t ja = pos <= na ? all[pos - 1] : SIZE_MAX;

		if (ja == SIZE_MAX) {
			cv_report(cv, KLP_ERR, NULL, "convert-pos",
				  "%s: position %lu: module %s has %zu symbol%s named %s",
				  name, pos, t->name, na, na == 1 ? "" : "s",
				  cs->sym);
			goto out;
		}
		if (jc != ja) {
			cv_report(cv, KLP_ERR, NULL, "convert-load-order",
				  "%s: position %lu of %s in module %s is another symbol (or none) when %s is loaded before the patch (core symbols) than when it loads after it (all symbols): no position works both ways",
				  name, pos, cs->sym, t->name, t->name);
			list_module(cv, t, name, cs->sym);
			goto out;
		}
		j = ja;
		cs->pos = pos;
	} else if (na == 1) {
		j = all[0];
		cs->pos = 0;
	} else if (!has_pos && nc == 1 && all[0] == core[0]) {
		/* the others are init symbols, which come later: 1 works */
		j = all[0];
		cs->pos = 1;
		cv_report(cv, KLP_NOTE, NULL, "convert-pos",
			  "%s: module %s has %zu symbols named %s, one outlives init: position 1 names it whichever loads first",
			  name, t->name, na, cs->sym);
	} else {
		cv_report(cv, KLP_ERR, NULL,
			  nc == 1 ? "convert-load-order" : "convert-ambiguous",
			  "%s: module %s has %zu symbols named %s%s: %s", name,
			  t->name, na, cs->sym,
			  nc == 1 ? " and no one position names the same one whichever loads first" :
			  has_pos ? " and position 0 asks for the only one" : "",
			  how_to_choose);
		list_module(cv, t, name, cs->sym);
		goto out;
	}
	if (ko_init(t, j)) {
		cv_report(cv, KLP_ERR, NULL, "convert-init",
			  "%s: %s:%s,%lu is __init: %s",
			  name, t->name, cs->sym, cs->pos,
			  t->loaded ? "the module is loaded and has freed it" :
			  "the module frees it after its init, and a patch loaded after that cannot find it");
		goto out;
	}
	if (!o->v[j].core) {
		cv_report(cv, KLP_ERR, NULL, "convert-not-core",
			  "%s: %s:%s,%lu is not in the kallsyms of a loaded module (%s): the kernel refuses the patch when %s was loaded first",
			  name, t->name, cs->sym, cs->pos,
			  cv->c->opts.kallsyms_all ? "not an allocated section" :
			  "without CONFIG_KALLSYMS_ALL only text symbols are",
			  t->name);
		goto out;
	}
	ret = 0;
out:
	free(all);
	free(core);
	return ret;
}

/* An explicit choice: OBJ must be given, POS must exist. */
static int resolve(struct cv *cv, struct cv_sym *cs, const char *name,
		   bool has_pos, unsigned long pos)
{
	const struct cv_target *t;

	if (!strcmp(cs->obj, "vmlinux"))
		return pos_vmlinux(cv, cs, name, has_pos, pos);
	t = cv_target(cv, cs->obj);
	if (!t || !klp_ksyms_obj(&cv->ks, cs->obj)) {
		cv_report(cv, KLP_ERR, NULL, "convert-object-not-given",
			  "%s: %s names module %s, which is not given: add --target-module %s=FILE.ko (or a kallsyms dump that lists [%s])",
			  name, cs->how, cs->obj, cs->obj, cs->obj);
		return -1;
	}
	return pos_module(cv, cs, name, t, has_pos, pos);
}

/* Not exported, no choice made: the one object that defines it. */
static int find_object(struct cv *cv, struct cv_sym *cs, const char *name,
		       bool weak)
{
	const char *objs[64];
	size_t nobj = 0;
	char type;

	if (count_of(klp_ksyms_obj(&cv->ks, "vmlinux"), name))
		objs[nobj++] = "vmlinux";
	for (size_t i = 0; i < cv->ntg && nobj < 64; i++)
		if (cv->tg[i].path &&
		    count_of(klp_ksyms_obj(&cv->ks, cv->tg[i].name), name))
			objs[nobj++] = cv->tg[i].name;
	if (nobj == 1) {
		cs->obj = xstrdup(objs[0]);
		cs->sym = xstrdup(name);
		return resolve(cv, cs, name, false, 0);
	}
	if (nobj > 1) {
		cv_report(cv, KLP_ERR, NULL, "convert-ambiguous",
			  "%s: defined in %zu objects (%s, %s%s): %s", name,
			  nobj, objs[0], objs[1], nobj > 2 ? ", ..." : "",
			  how_to_choose);
		for (size_t i = 0; i < nobj; i++) {
			if (!strcmp(objs[i], "vmlinux"))
				list_vmlinux(cv, name, name);
			else
				list_module(cv, cv_target(cv, objs[i]), name,
					    name);
		}
		return -1;
	}
	if (weak) {
		cs->act = CV_WEAK;
		cv_report(cv, KLP_WARN, NULL, "convert-weak",
			  "%s: weak, and defined nowhere: it stays undefined and reads as 0",
			  name);
		return 0;
	}
	{
		char where[600];
		size_t len;

		len = (size_t)snprintf(where, sizeof(where),
				       "vmlinux (%s)", cv->c->target);
		for (size_t i = 0; i < cv->ntg && len < sizeof(where); i++)
			if (cv->tg[i].path)
				len += (size_t)snprintf(where + len,
							sizeof(where) - len,
							", module %s (%s)",
							cv->tg[i].name,
							cv->tg[i].path);
		cv_report(cv, KLP_ERR, NULL, "convert-undefined",
			  "%s: defined nowhere: not exported%s and not in %s; give the module that has it with --target-module NAME=FILE.ko, its exports with --symvers, or choose with --sym",
			  name,
			  cv->c->nsymvers ? "" : " (no --symvers)", where);
	}
	if (cv_raw_defines(cv, name, &type))
		cv_report(cv, KLP_NOTE, NULL, "convert-undefined",
			  "%s: %s lists it (%c) but kallsyms does not%s",
			  name, cv->c->target, type,
			  cv->c->opts.kallsyms_all ? "" :
			  " (without CONFIG_KALLSYMS_ALL only text symbols are in kallsyms)");
	for (size_t i = 0; i < cv->ntg; i++)
		if (!cv->tg[i].path &&
		    count_of(klp_ksyms_obj(&cv->ks, cv->tg[i].name), name))
			cv_report(cv, KLP_NOTE, NULL, "convert-undefined",
				  "%s: module %s, loaded in the kallsyms dump, defines it: --sym %s=%s:%s",
				  name, cv->tg[i].name, name, cv->tg[i].name,
				  name);
	return -1;
}

static struct cv_choice *choice_of(struct cv *cv, const char *name)
{
	for (size_t i = 0; i < cv->nch; i++)
		if (!strcmp(cv->ch[i].name, name))
			return &cv->ch[i];
	return NULL;
}

/* The klp name, and a check that the kernel reads it back the same. */
static int name_klp(struct cv *cv, struct cv_sym *cs, const char *name)
{
	char obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
	unsigned long pos;
	bool trailing;

	if (asprintf(&cs->klpname, ".klp.sym.%s.%s,%lu", cs->obj, cs->sym,
		     cs->pos) < 0) {
		fputs("klpreloc: out of memory\n", stderr);
		exit(EXIT_USAGE);
	}
	if (klp_parse_sym_name(cs->klpname, cv->c->opts.kver, obj, sym, &pos,
			       &trailing) != 3 || trailing ||
	    strcmp(obj, cs->obj) || strcmp(sym, cs->sym) || pos != cs->pos) {
		cv_report(cv, KLP_ERR, NULL, "convert-name",
			  "%s: the kernel cannot read %s back as object %s, symbol %s, position %lu",
			  name, cs->klpname, cs->obj, cs->sym, cs->pos);
		return -1;
	}
	return 0;
}

/*
 * Is exporter (a module name, or Module.symvers' path "fs/ext4/ext4") one
 * of the target modules?
 */
static bool target_exporter(const struct cv *cv, const char *exporter)
{
	const char *base = strrchr(exporter, '/');
	char name[KLP_MODULE_NAME_LEN];
	size_t i;

	base = base ? base + 1 : exporter;
	for (i = 0; base[i] && i < sizeof(name) - 1; i++)
		name[i] = base[i] == '-' ? '_' : base[i];
	name[i] = '\0';
	return strcmp(exporter, "vmlinux") && cv_target(cv, name);
}

/* One undefined symbol. */
static void decide_undef(struct cv *cv, size_t i)
{
	struct klp_module *me = cv->me;
	const Elf64_Sym *s = &me->syms[i];
	const char *name = klp_symname(me, s);
	struct cv_sym *cs = &cv->sym[i];
	struct cv_choice *ch = choice_of(cv, name);
	bool weak = ELF64_ST_BIND(s->st_info) == STB_WEAK;
	char obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
	unsigned long pos;
	bool trailing;
	int r;

	if (!*name)
		return;
	if (arch_resolves(me, name)) {
		cs->act = CV_ARCH;
		if (ch)
			cv_report(cv, KLP_ERR, NULL, "convert-sym",
				  "%s: %s: the %s module loader resolves %s itself: it cannot be a klp symbol",
				  name, ch->spec, me->arch->name, name);
		if (ch)
			ch->used = true;
		return;
	}
	cs->act = CV_KLP;
	if (!strncmp(name, ".klp.sym.", 9)) {
		/* the source named the klp symbol itself (an asm label) */
		cs->how = "klp name";
		if (klp_parse_sym_name(name, cv->c->opts.kver, obj, sym, &pos,
				       &trailing) != 3 || trailing) {
			cv_report(cv, KLP_ERR, NULL, "convert-name",
				  "%s: not .klp.sym.OBJECT.SYMBOL,POS as the kernel reads it",
				  name);
			return;
		}
		cs->obj = xstrdup(obj);
		cs->sym = xstrdup(sym);
		r = resolve(cv, cs, name, true, pos);
	} else if (ch) {
		ch->used = true;
		cs->how = ch->origin;
		cs->obj = xstrdup(ch->obj);
		cs->sym = xstrdup(ch->sym);
		r = resolve(cv, cs, name, ch->has_pos, ch->pos);
	} else if ((cs->exporter = cv_exporter(cv, name))) {
		uint64_t a;

		cs->act = CV_EXPORTED;
		cs->placeholder = klp_ksyms_exported(&cv->ks, name, &a) != 0;
		if (target_exporter(cv, cs->exporter))
			cv_report(cv, KLP_NOTE, NULL, "convert-exported",
				  "%s: exported by %s: an ordinary relocation, so the patch loads only while that module is loaded (--sym %s=%s:%s makes it a klp symbol)",
				  name, cs->exporter, name, cs->exporter,
				  name);
		return;
	} else {
		cs->how = "auto";
		r = find_object(cv, cs, name, weak);
		if (cs->act == CV_WEAK)
			return;
	}
	if (!r)
		r = name_klp(cv, cs, name);
	if (r)
		cs->act = CV_NONE;
}

int cv_decide(struct cv *cv)
{
	struct klp_module *me = cv->me;
	size_t errors = cv->d->errors;

	cv->sym = xcalloc(me->nsyms ? me->nsyms : 1, sizeof(*cv->sym));
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *s = &me->syms[i];
		struct cv_sym *cs = &cv->sym[i];
		char obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
		unsigned long pos;
		bool trailing;

		if (s->st_shndx == SHN_UNDEF) {
			decide_undef(cv, i);
			continue;
		}
		if (s->st_shndx != SHN_LIVEPATCH)
			continue;
		cs->act = CV_PRESENT;
		if (klp_parse_sym_name(klp_symname(me, s), cv->c->opts.kver,
				       obj, sym, &pos, &trailing) == 3) {
			cs->obj = xstrdup(obj);
			cs->sym = xstrdup(sym);
			cs->pos = pos;
		}
	}
	for (size_t i = 0; i < cv->nch; i++) {
		if (cv->ch[i].used)
			continue;
		if (!strcmp(cv->ch[i].origin, "--sym"))
			cv_report(cv, KLP_ERR, NULL, "convert-sym",
				  "--sym %s: %s has no undefined symbol %s",
				  cv->ch[i].spec, cv->in, cv->ch[i].name);
		else
			cv_report(cv, KLP_WARN, CV_SYMS_SECTION, "convert-sym",
				  "annotation %s: no undefined symbol %s",
				  cv->ch[i].spec, cv->ch[i].name);
	}
	return cv->d->errors > errors ? -1 : 0;
}

/* The klp section for (obj, target): one the input has, or a new one. */
static struct cv_group *group_of(struct cv *cv, const char *obj,
				 unsigned int target)
{
	struct klp_module *me = cv->me;
	const char *tname = klp_secname(me, target);
	struct cv_group *g;
	unsigned int existing = 0;

	for (size_t i = 0; i < cv->ng; i++)
		if (cv->g[i].target == target && !strcmp(cv->g[i].obj, obj))
			return &cv->g[i];
	for (unsigned int i = 1; i < me->shnum && !existing; i++)
		if ((me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH) &&
		    me->sechdrs[i].sh_type == SHT_RELA &&
		    me->sechdrs[i].sh_info == target &&
		    cli_klp_section_of(me, i, obj))
			existing = i;
	cv->g = xrealloc(cv->g, (cv->ng + 1) * sizeof(*cv->g));
	g = &cv->g[cv->ng++];
	memset(g, 0, sizeof(*g));
	g->obj = xstrdup(obj);
	g->target = target;
	g->existing = existing;
	if (existing)
		g->name = xstrdup(klp_secname(me, existing));
	else if (asprintf(&g->name, ".klp.rela.%s%s%s", obj,
			  tname[0] == '.' ? "" : ".", tname) < 0)
		g->name = NULL;
	if (!g->name) {
		fputs("klpreloc: out of memory\n", stderr);
		exit(EXIT_USAGE);
	}
	return g;
}

static void note_section(struct cv_sym *cs, const char *name)
{
	for (size_t i = 0; i < cs->nsecs; i++)
		if (!strcmp(cs->secs[i], name))
			return;
	cs->secs = xrealloc(cs->secs, (cs->nsecs + 1) * sizeof(*cs->secs));
	cs->secs[cs->nsecs++] = xstrdup(name);
}

/* The object a klp symbol stands for, or NULL. */
static const char *klp_obj(const struct cv *cv, size_t symidx)
{
	const struct cv_sym *cs = &cv->sym[symidx];

	if (cs->act == CV_KLP || (cs->act == CV_PRESENT && cs->obj))
		return cs->obj;
	return NULL;
}

/*
 * What the kernel cannot do for a module object's klp relocation in
 * section target; reported once per section and symbol.
 */
static bool refuse_here(struct cv *cv, unsigned int target, size_t symidx,
			const char *obj, bool report)
{
	struct klp_module *me = cv->me;
	const char *tname = klp_secname(me, target);
	const char *name = klp_symname(me, &me->syms[symidx]);
	const char *rule, *why;

	if (!strcmp(obj, "vmlinux"))
		return false;
	if (!strcmp(tname, "__jump_table")) {
		rule = "convert-jump-table";
		why = "a static key of module %s in the patch's __jump_table: the kernel reads the table when the patch loads, before %s's klp relocations are written";
	} else if (!strcmp(tname, ".static_call_sites")) {
		rule = "convert-static-call";
		why = "a static call of module %s in the patch's .static_call_sites: the kernel reads them when the patch loads, before %s's klp relocations are written";
	} else if (init_section(me, tname)) {
		rule = "convert-init-section";
		why = "module %s's klp relocations are written whenever %s loads, also after the patch freed this __init section";
	} else {
		return false;
	}
	if (report) {
		char m[300];

		snprintf(m, sizeof(m), why, obj, obj);
		cv_report(cv, KLP_ERR, tname, rule, "%s: %s", name, m);
	}
	return true;
}

/* A NUL-terminated str in an allocated data section of the module? */
static bool has_string(const struct klp_module *me, const char *str)
{
	size_t len = strlen(str) + 1;

	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *sh = &me->sechdrs[i];
		const unsigned char *p = me->secs[i].data, *end;

		if (sh->sh_type != SHT_PROGBITS || !(sh->sh_flags & SHF_ALLOC) ||
		    (sh->sh_flags & SHF_EXECINSTR) || !p ||
		    me->secs[i].size < len)
			continue;
		end = p + me->secs[i].size - len;
		for (const unsigned char *q = p; q <= end; q++)
			if ((q == p || !q[-1]) && !memcmp(q, str, len))
				return true;
	}
	return false;
}

/*
 * The kernel writes a module object's klp relocations only for the
 * objects of the patch (struct klp_object .name): a patch that only
 * reads a module's symbol but patches nothing in it has none. Its name
 * as a string is the trace a klp_object leaves in the module.
 */
static void check_objects(struct cv *cv)
{
	for (size_t g = 0; g < cv->ng; g++) {
		bool seen = false;

		for (size_t h = 0; h < g && !seen; h++)
			seen = !strcmp(cv->g[h].obj, cv->g[g].obj);
		if (seen || !strcmp(cv->g[g].obj, "vmlinux") ||
		    has_string(cv->me, cv->g[g].obj))
			continue;
		cv_report(cv, KLP_WARN, NULL, "convert-object-unpatched",
			  "no klp_object named \"%s\" in the module (the string is nowhere in its data): the kernel writes %s's klp relocations only for an object the patch lists",
			  cv->g[g].obj, cv->g[g].obj);
	}
}

int cv_plan_moves(struct cv *cv)
{
	struct klp_module *me = cv->me;
	size_t errors = cv->d->errors;
	bool *seen = xmalloc(me->nsyms ? me->nsyms : 1);

	cv->moved = xcalloc(me->shnum, sizeof(*cv->moved));
	for (unsigned int s = 1; s < me->shnum; s++) {
		const Elf64_Shdr *sh = &me->sechdrs[s];
		unsigned int target = sh->sh_info;
		size_t nr;
		Elf64_Rela *r;

		/* SHT_REL: no arch here has it, check names the refusal */
		if (sh->sh_type != SHT_RELA || !target || target >= me->shnum)
			continue;
		r = klp_relas(me, s, &nr);
		if (sh->sh_flags & SHF_RELA_LIVEPATCH) {
			char obj[KLP_MODULE_NAME_LEN];
			bool trunc;

			if (klp_parse_rela_name(klp_secname(me, s), obj,
						&trunc) != 1 ||
			    !strcmp(obj, "vmlinux"))
				continue;
			for (size_t j = 0; j < nr; j++) {
				uint64_t y = ELF64_R_SYM(r[j].r_info);
				const char *so = y < me->nsyms ?
					klp_obj(cv, y) : NULL;

				if (!so || strcmp(so, "vmlinux"))
					continue;
				cv_report(cv, KLP_ERR, klp_secname(me, s),
					  "convert-modsec",
					  "%s: a vmlinux symbol in a section of module %s: the kernel refuses it (invalid access to vmlinux symbol '%s' from module-specific livepatch relocation section)",
					  klp_symname(me, &me->syms[y]), obj,
					  cv->sym[y].sym);
				break;
			}
			continue;
		}
		if (!(me->sechdrs[target].sh_flags & SHF_ALLOC))
			continue;	/* never relocated by the kernel */
		memset(seen, 0, me->nsyms ? me->nsyms : 1);
		for (size_t j = 0; j < nr; j++) {
			uint64_t y = ELF64_R_SYM(r[j].r_info);
			const char *obj = y < me->nsyms ? klp_obj(cv, y) : NULL;
			struct cv_group *g;

			if (!obj)
				continue;
			if (refuse_here(cv, target, y, obj, !seen[y])) {
				seen[y] = true;
				continue;
			}
			if (!cv->moved[s])
				cv->moved[s] = xcalloc(nr, sizeof(bool));
			cv->moved[s][j] = true;
			g = group_of(cv, obj, target);
			if (g->n == g->alloc) {
				g->alloc = g->alloc ? g->alloc * 2 : 16;
				g->v = xrealloc(g->v, g->alloc * sizeof(*g->v));
			}
			g->v[g->n++] = r[j];
			cv->sym[y].moved++;
			note_section(&cv->sym[y], g->name);
		}
	}
	free(seen);
	check_objects(cv);
	return cv->d->errors > errors ? -1 : 0;
}

void cv_free_plan(struct cv *cv)
{
	struct klp_module *me = cv->me;

	for (size_t i = 0; cv->sym && i < me->nsyms; i++) {
		free(cv->sym[i].obj);
		free(cv->sym[i].sym);
		free(cv->sym[i].klpname);
		for (size_t j = 0; j < cv->sym[i].nsecs; j++)
			free(cv->sym[i].secs[j]);
		free(cv->sym[i].secs);
	}
	free(cv->sym);
	for (unsigned int i = 0; cv->moved && i < me->shnum; i++)
		free(cv->moved[i]);
	free(cv->moved);
	for (size_t i = 0; i < cv->ng; i++) {
		free(cv->g[i].obj);
		free(cv->g[i].name);
		free(cv->g[i].v);
	}
	free(cv->g);
	free(cv->drop_sec);
	free(cv->drop_sym);
}
