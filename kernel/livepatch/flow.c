// SPDX-License-Identifier: GPL-2.0
/*
 * The life cycle of a patch module as kernel/module/main.c and
 * kernel/livepatch/core.c drive it, with a byte-level check that clear
 * and re-apply leave the module as a fresh apply would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/core.h>
#include <klpreloc/flow.h>
#include <klpreloc/livepatch.h>

#include "internal.h"

static int early_klp(void *ctx, unsigned int relsec)
{
	/* klp_apply_section_relocs(.., NULL): vmlinux sections only */
	return klp_write_section_relocs_in_pass(ctx, relsec, NULL, true);
}

static int resolve_export(void *ctx, const char *name, uint64_t *addr)
{
	return klp_ksyms_exported(ctx, name, addr);
}

/* a unique vmlinux symbol, as the kernel's own code refers to it */
static int resolve_kernel(const void *ctx, const char *name, uint64_t *addr)
{
	const struct klp_kobj *vm = klp_ksyms_obj(ctx, "vmlinux");
	unsigned long count, total;

	if (!vm || klp_ksyms_find(vm, name, 0, false, addr, &count,
				  &total) != KLP_FIND_OK)
		return -ENOENT;
	return 0;
}

/*
 * percpu_modalloc(): the patch's own per-cpu data, after what the kernel
 * and the target modules loaded before it hold; the load stops when the
 * allocator refuses. Where the kernel's end is unknown, somewhere every
 * arch reaches from the module's text (its own data): a made-up base
 * must not fail a range check the real one passes.
 */
static int place_percpu(struct klp_module *me, const struct klp_ksyms *ks)
{
	const Elf64_Shdr *s = &me->sechdrs[me->pcpu];
	struct klp_percpu p;
	char k[200];
	int ret;

	me->percpu = 0;
	if (!me->pcpu || !s->sh_size || !ks)
		return 0;
	ret = klp_percpu_place(ks, me, &p);
	if (p.capped) {
		snprintf(k, sizeof(k), "%s: per-cpu alignment %lld > %lld",
			 me->name, (long long)s->sh_addralign,
			 (long long)p.align);
		klp_report(me, KLP_WARN, -1, -1, "percpu-align", k,
			   "the per-cpu section asks for more alignment than a page: the kernel gives it a page's");
	}
	if (ret) {
		klp_percpu_kmsg(me, &p, k, sizeof(k));
		klp_report(me, KLP_ERR, me->pcpu, -1, "percpu-alloc", k,
			   ret == -ENOMEM ?
			   "%llu bytes of per-cpu data (aligned to %llu) do not fit what is left of the modules' per-cpu reserve (%llu of %llu bytes taken before it): the kernel refuses the module" :
			   "%llu bytes of per-cpu data aligned to %llu: the per-cpu allocator takes at most a unit (32 KiB, rounded up to a page) and a power-of-two alignment; the kernel refuses the module",
			   (unsigned long long)p.size,
			   (unsigned long long)p.align,
			   (unsigned long long)ks->percpu_used,
			   (unsigned long long)p.reserve);
		return -ENOMEM;
	}
	me->percpu = p.known ? p.at :
		(me->mem[KLP_MEM_DATA].addr + p.align - 1) & ~(p.align - 1);
	return 0;
}

static int load_patch(struct klp_module *me, const struct klp_ksyms *ks)
{
	struct klp_resolver r = { resolve_export, (void *)ks };
	struct klp_apply_ctx c = { me, ks, true, "patch load", false };
	int ret;

	me->kernel.lookup = resolve_kernel;
	me->kernel.ctx = ks;

	ret = klp_module_layout(me);
	if (!ret)
		ret = place_percpu(me, ks);
	if (!ret)
		ret = klp_module_simplify_symbols(me, &r);
	/* one pass: nothing changes the symbols while the loader runs */
	klp_resolve_pass_begin(me);
	if (!ret)
		ret = klp_module_apply_relocations_cb(me, early_klp, &c);
	if (!ret)
		ret = klp_module_finalize(me);
	return ret;
}

static void count_obj(struct klp_module *me, struct klp_flow_obj *o)
{
	for (unsigned int i = 1; i < me->shnum; i++) {
		char obj[KLP_MODULE_NAME_LEN];
		bool trunc;

		if (!(me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH) ||
		    klp_parse_rela_name(klp_secname(me, i), obj, &trunc) != 1 ||
		    strcmp(obj, o->name))
			continue;
		o->nsecs++;
		o->nrelas += (unsigned int)(me->secs[i].size /
					    sizeof(Elf64_Rela));
		/* the loader's early pass applies only what it will relocate */
		if (!strcmp(o->name, "vmlinux") &&
		    !klp_alloc_when_applied(me, me->sechdrs[i].sh_info))
			o->nskipped++;
	}
}

/*
 * klp_init_object_loaded() after the object's relocations: each of its
 * klp_funcs' old_name looked up in it, in the order the kernel walks
 * them; it stops at the first that fails.
 */
/* A klp_func's object as the flow names it (its NULL is vmlinux). */
static const char *func_obj(const struct klp_pfunc *f)
{
	return f->obj ? f->obj : "vmlinux";
}

static int lookup_funcs(struct klp_apply_ctx *c, const struct klp_pfuncs *pf,
			const char *obj)
{
	for (size_t i = 0; pf && i < pf->nr; i++) {
		const struct klp_pfunc *f = &pf->v[i];

		if (!strcmp(func_obj(f), obj) &&
		    klp_find_func(c, f->obj, f->name, f->sympos))
			return -EINVAL;
	}
	return 0;
}

/*
 * klp_init_patch() adding a sysfs directory whose name its parent has
 * already (pf->dup): kobject_add() fails with -EEXIST, and so does
 * klp_enable_patch(), whatever is loaded.
 */
static void refuse_dup(struct klp_module *me, const struct klp_pfuncs *pf)
{
	char k[KLP_KSYM_NAME_LEN + 160];

	/* 6.12 logs it after "kobject: ", 6.1 with no prefix */
	snprintf(k, sizeof(k),
		 "kobject_add_internal failed for %s with -EEXIST, don't try to register things with the same name in the same directory.",
		 pf->dup);
	if (pf->dup_func)
		klp_report(me, KLP_ERR, -1, -1, "func-duplicate", k,
			   "object %s has two klp_funcs named %s in sysfs (old_name,old_sympos, where 0 counts as 1): klp_enable_patch() fails with -EEXIST",
			   pf->dup_parent, pf->dup);
	else
		klp_report(me, KLP_ERR, -1, -1, "object-duplicate", k,
			   "two klp_objects are %s in sysfs (a NULL name is vmlinux): klp_enable_patch() fails with -EEXIST",
			   pf->dup);
}

static size_t count_funcs(const struct klp_pfuncs *pf, const char *obj)
{
	size_t n = 0;

	for (size_t i = 0; i < pf->nr; i++)
		n += !strcmp(func_obj(&pf->v[i]), obj);
	return n;
}

static void refuse_target(struct klp_module *me, const char *obj, int err)
{
	char k[300];

	/* klp_module_coming() logs "failed to initialize patch" first */
	snprintf(k, sizeof(k),
		 "livepatch: patch '%s' failed for module '%s', refusing to load module '%s'",
		 me->name, obj, obj);
	klp_report(me, KLP_ERR, -1, -1, "target-refused", k,
		   "when %s loads after the patch, the kernel logs \"failed to initialize patch '%s' for module '%s' (%d)\" and refuses %s (the patch stays)",
		   obj, me->name, obj, err, obj);
}

/* e is the arch's refusal of a site an earlier apply wrote. */
static bool reapply_refusal(const struct klp_module *me,
			    const struct klp_diag_entry *e)
{
	const char *const *r = me->arch->reapply_refusals;

	for (; r && *r; r++)
		if (!strcmp(e->rule, *r))
			return true;
	return false;
}

/*
 * Before 6.3 nothing clears a target's klp relocations when it goes
 * (klp_clear_object_relocs()): its next coming meets the values the last
 * one wrote, which x86 ("existing value is nonzero") and ppc64 ("Expected
 * nop after call") refuse; the 6.1 kernels in QEMU do. The kernel's
 * limit, not the patch's: when the first error of the reload (in d) is
 * such a refusal, a warning with what the kernel logs, and true.
 */
static bool reload_unclear(struct klp_module *me, const struct klp_diag *d,
			   const struct klp_flow_obj *o)
{
	const struct klp_diag_entry *e = NULL;
	int kver = me->opts->kver;

	for (size_t i = 0; i < d->nr && !e; i++)
		if (d->v[i].sev == KLP_ERR)
			e = &d->v[i];
	if (!e || !reapply_refusal(me, e))
		return false;
	klp_report(me, KLP_WARN, -1, -1, "target-reload-refused", e->kmsg,
		   "object %s cannot load again while the patch is loaded: the %d.%d kernel does not clear klp relocations when it goes (6.3 does), and its next apply meets the last one's values (%s)",
		   o->name, kver / 1000, kver % 1000, e->rule);
	return true;
}

/*
 * klp_module_going() then klp_module_coming(): clear with the context the
 * last apply used, apply again while the object loads (full kallsyms).
 * Returns 0, -1 when the kernel would refuse the target, or 1 when it
 * would refuse it only because nothing cleared the last apply (before
 * 6.3: reload_unclear()); *diff is the first address that differs from
 * the last apply, 0 when none does.
 */
static int reload(struct klp_module *me, const struct klp_ksyms *ks,
		  const struct klp_pfuncs *pf, struct klp_apply_ctx *last,
		  struct klp_flow_obj *o, struct klp_snapshot **snap,
		  uint64_t *diff)
{
	struct klp_apply_ctx later = { me, ks, false, "target loads later",
				       false };
	bool unclear = me->opts->kver < KLP_KVER(6, 3) &&
		       me->arch->reapply_refusals;
	struct klp_diag d, *keep = me->diag;
	int err;

	if (unclear) {
		klp_diag_init(&d);
		me->diag = &d;
	}
	klp_snap_begin(me, snap);
	klp_write_object_relocs(last, o->name, false);
	err = klp_write_object_relocs(&later, o->name, true);
	if (!err)
		err = lookup_funcs(&later, pf, o->name);
	*diff = klp_snap_end(me);
	if (unclear) {
		me->diag = keep;
		if (err && reload_unclear(me, &d, o)) {
			klp_diag_free(&d);
			*diff = 0;
			return 1;
		}
		klp_diag_append(me->diag, &d);
		klp_diag_free(&d);
	}
	if (!err)
		return 0;
	*diff = 0;
	refuse_target(me, o->name, err);
	o->later = KLP_OUT_TARGET_REFUSED;
	return -1;
}

static bool same_entry(const struct klp_diag_entry *a,
		       const struct klp_diag_entry *b)
{
	return a->sev == b->sev && a->rel == b->rel &&
	       !strcmp(a->rule, b->rule) &&
	       !!a->section == !!b->section &&
	       (!a->section || !strcmp(a->section, b->section)) &&
	       !!a->kmsg == !!b->kmsg && (!a->kmsg || !strcmp(a->kmsg, b->kmsg));
}

/*
 * The other order: a fresh patch load with the object absent, then the
 * object coming (full kallsyms). A new copy of the module, because the
 * failed first apply left bytes and arch state that this timeline never
 * had. Problems already reported once are not repeated.
 */
static void later_only(struct klp_module *me, const struct klp_ksyms *ks,
		       const struct klp_pfuncs *pf, struct klp_flow_obj *o)
{
	struct klp_diag d;
	struct klp_module *fresh;

	klp_diag_init(&d);
	if (klp_module_open(me->path, me->opts, &d, &fresh)) {
		klp_diag_free(&d);
		return;
	}
	if (!load_patch(fresh, ks)) {
		struct klp_apply_ctx later = { fresh, ks, false,
					       "target loads later", false };

		int err;

		fresh->state = KLP_MOD_LIVE;
		err = klp_write_object_relocs(&later, o->name, true);
		if (!err)
			err = lookup_funcs(&later, pf, o->name);
		if (err) {
			refuse_target(fresh, o->name, err);
			o->later = KLP_OUT_TARGET_REFUSED;
		} else {
			o->later = KLP_OUT_OK;
		}
	}
	for (size_t i = 0; i < d.nr; i++) {
		const struct klp_diag_entry *e = &d.v[i];
		bool seen = false;

		for (size_t j = 0; j < me->diag->nr && !seen; j++)
			seen = same_entry(e, &me->diag->v[j]);
		if (!seen)
			klp_diag_add_entry(me->diag, e);
	}
	klp_module_free(fresh);
	klp_diag_free(&d);
}

/*
 * Move every symbol of object name by the reload shift (or back): it
 * came back elsewhere. Hidden addresses stay hidden.
 */
static void shift_object(const struct klp_ksyms *ks, const char *name,
			 int64_t by)
{
	struct klp_kobj *ko = klp_ksyms_obj(ks, name);

	for (size_t i = 0; ko && !ks->zero_addrs && i < ko->nr; i++)
		ko->v[i].addr += (uint64_t)by;
}

/*
 * One module object, in both orders. Loaded before the patch (core
 * kallsyms): a failure refuses the patch. Then going and coming back
 * (full kallsyms during its init), going and coming once more: a failure
 * refuses the target. Applies must give the same bytes each time.
 */
static void run_object(struct klp_module *me, const struct klp_ksyms *ks,
		       const struct klp_pfuncs *pf, bool refused,
		       struct klp_flow_obj *o, struct klp_snapshot **snap)
{
	struct klp_apply_ctx before = { me, ks, true, "target loaded first",
					false };
	struct klp_apply_ctx later = { me, ks, false, "target loads later",
				       false };
	uint64_t at;
	int ret;

	if (klp_write_object_relocs(&before, o->name, true) ||
	    lookup_funcs(&before, pf, o->name)) {
		o->state = KLP_OBJ_FAILED;
		o->first = KLP_OUT_PATCH_REFUSED;
		if (!refused)
			later_only(me, ks, pf, o);
		return;
	}
	o->first = KLP_OUT_OK;
	/* vmlinux's functions refuse the patch: no target meets it later */
	if (refused) {
		o->state = KLP_OBJ_APPLIED;
		return;
	}
	o->later = KLP_OUT_OK;
	ret = reload(me, ks, pf, &before, o, snap, &at);
	if (ret > 0) {
		/* its reload is refused: judge its first coming instead */
		later_only(me, ks, pf, o);
		o->state = o->later == KLP_OUT_OK ? KLP_OBJ_APPLIED :
						    KLP_OBJ_FAILED;
		return;
	}
	if (ret) {
		o->state = KLP_OBJ_FAILED;
		return;
	}
	/* the kernel takes both, but one order binds the wrong symbol */
	if (at)
		klp_report(me, KLP_ERR, -1, -1, "late-load-differs", NULL,
			   "object %s: applying while it loads after the patch gives other bytes (first at 0x%llx) than when it was loaded first: a symbol position depends on init symbols, so one load order binds the wrong one",
			   o->name, (unsigned long long)at);
	/* --reload-shift: the last coming is at another address */
	shift_object(ks, o->name, me->opts->reload_shift);
	ret = reload(me, ks, pf, &later, o, snap, &at);
	shift_object(ks, o->name, -me->opts->reload_shift);
	if (ret) {
		/* (refused for want of a clear: the warning says so) */
		o->state = ret > 0 ? KLP_OBJ_APPLIED : KLP_OBJ_FAILED;
		return;
	}
	if (at && !me->opts->reload_shift)
		klp_report(me, KLP_ERR, -1, -1, "reapply-differs", NULL,
			   "object %s: apply after clear gives other bytes (first at 0x%llx)",
			   o->name, (unsigned long long)at);
	o->state = KLP_OBJ_APPLIED;
}

bool klp_flow_marked(struct klp_module *me)
{
	char k[300];

	if (me->livepatch)
		return true;
	snprintf(k, sizeof(k),
		 "livepatch: module %s is not marked as a livepatch module",
		 me->name);
	klp_report(me, KLP_ERR, -1, -1, "modinfo-livepatch", k,
		   "no MODULE_INFO(livepatch, \"Y\")");
	return false;
}

/*
 * The patch's klp_funcs (funcs.c); when they cannot be read, a note that
 * their names were not looked up.
 */
static bool funcs_found(struct klp_module *me, struct klp_pfuncs *pf)
{
	int ret = klp_patch_funcs(me, pf);

	if (!ret)
		return true;
	if (ret == -EEXIST)
		klp_report(me, KLP_NOTE, -1, -1, "funcs-unchecked", NULL,
			   "more than one static struct klp_patch fits and which one init passes is not known: the patched functions' names were not looked up");
	else if (ret == -ENOENT)
		klp_report(me, KLP_NOTE, -1, -1, "funcs-unchecked", NULL,
			   "it calls klp_enable_patch(), but has no static struct klp_patch (.mod = THIS_MODULE) with the 5.1+ layout: built at run time (kpatch), or the kernel's structs differ (CONFIG_DEBUG_KOBJECT_RELEASE); the patched functions' names were not looked up");
	return false;
}

/*
 * klp_enable_patch() up to the module objects: klp_init_patch() walks the
 * objects in order, adding each one's sysfs directories and, for
 * vmlinux, looking its functions up; a taken name stops it where it is
 * met. true when the patch is refused; *vml_failed when that is at
 * vmlinux or before it.
 */
static bool enable_vmlinux(struct klp_module *me, const struct klp_ksyms *ks,
			   const struct klp_pfuncs *pf, bool *vml_failed)
{
	struct klp_apply_ctx vc = { me, ks, false, "patch enable", false };

	*vml_failed = true;
	if (pf->dup && pf->dup_obj <= pf->vml_obj) {
		refuse_dup(me, pf);
		return true;
	}
	if (lookup_funcs(&vc, pf, "vmlinux"))
		return true;
	*vml_failed = false;
	if (pf->dup)
		refuse_dup(me, pf);
	return pf->dup != NULL;
}

/* The klp sections' objects, then those only the klp_funcs name. */
static size_t patched_objects(struct klp_module *me,
			      const struct klp_pfuncs *pf, char ***names)
{
	size_t n = klp_patched_objects(me, names);

	for (size_t i = 0; i < pf->nr; i++) {
		const char *obj = func_obj(&pf->v[i]);
		bool seen = false;

		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp((*names)[j], obj);
		if (seen)
			continue;
		*names = xrealloc(*names, (n + 1) * sizeof(**names));
		(*names)[n++] = xstrdup(obj);
	}
	return n;
}

int klp_flow_run(struct klp_module *me, const struct klp_ksyms *ks,
		 struct klp_flow *f)
{
	struct klp_pfuncs pf;
	struct klp_snapshot *snap = NULL;
	bool refused = false, vml_failed;
	char **names;
	size_t n;
	int ret;
	char k[300];

	memset(f, 0, sizeof(*f));
	if (me->livepatch && !klp_arch_has_livepatch(me)) {
		/* check_modinfo_livepatch(): the load stops right there */
		snprintf(k, sizeof(k),
			 "%s: module is marked as livepatch module, but livepatch support is disabled",
			 me->name);
		klp_report(me, KLP_ERR, -1, -1, "arch-no-livepatch", k,
			   "%s has livepatch only since %d.%d",
			   me->arch->name, me->arch->livepatch_since / 1000,
			   me->arch->livepatch_since % 1000);
		return -ENOEXEC;
	}
	if (me->livepatch && me->opts->kver < KLP_KVER(5, 8))
		/* 7c8e2bdd5f0d and its series, backported by some distros */
		klp_report(me, KLP_WARN, -1, -1, "kernel-version", NULL,
			   "klpreloc models livepatch as of 5.8: the module loader applies .klp.rela.vmlinux.* early, a module's klp section may not name a vmlinux symbol, .klp.arch is gone; before that series (which some distro kernels backported) livepatch applied every klp section at patch enable");
	klp_lint(me);
	ret = load_patch(me, ks);
	if (ret)
		return ret;
	f->loaded = true;
	/* klp_enable_patch(), from the module's init: after relocation */
	if (!klp_flow_marked(me))
		return -EINVAL;
	me->state = KLP_MOD_LIVE;
	f->funcs_known = funcs_found(me, &pf);
	refused = enable_vmlinux(me, ks, &pf, &vml_failed);
	n = patched_objects(me, &pf, &names);
	f->obj = xcalloc(n, sizeof(*f->obj));
	for (size_t i = 0; i < n; i++) {
		struct klp_flow_obj *o = &f->obj[f->nobj++];
		const struct klp_kobj *ko;

		o->name = names[i];
		count_obj(me, o);
		o->nfuncs = (unsigned int)count_funcs(&pf, o->name);
		if (!strcmp(o->name, "vmlinux")) {
			o->state = vml_failed ? KLP_OBJ_FAILED :
						KLP_OBJ_APPLIED;
			continue;
		}
		ko = klp_ksyms_obj(ks, o->name);
		if (ko && ko->from_dump)
			klp_report(me, KLP_NOTE, -1, -1, "object-dump-only",
				   NULL,
				   "object %s: known from the kallsyms dump only, which lists its core symbols: the order where it loads after the patch also sees its init symbols (and data symbols without KALLSYMS_ALL); give --target-module %s=FILE.ko to judge that order too",
				   o->name, o->name);
		if (!ko) {
			struct klp_apply_ctx fc = { me, ks, true, NULL, true };

			/* the name rules need no symbols of the object */
			if (klp_write_object_relocs(&fc, o->name, true))
				o->state = KLP_OBJ_FAILED;
			snprintf(k, sizeof(k),
				 ", %u patched functions not looked up",
				 o->nfuncs);
			klp_report(me, KLP_NOTE, -1, -1, "object-not-given",
				   NULL,
				   "object %s: no symbols given (--target-module %s=FILE.ko or a kallsyms dump): %u sections checked for format only%s",
				   o->name, o->name, o->nsecs,
				   f->funcs_known ? k : "");
			continue;
		}
		run_object(me, ks, &pf, refused, o, &snap);
	}
	klp_snap_free(snap);
	klp_pfuncs_free(&pf);
	free(names);
	return 0;
}

void klp_flow_free(struct klp_flow *f)
{
	for (size_t i = 0; i < f->nobj; i++)
		free(f->obj[i].name);
	free(f->obj);
	memset(f, 0, sizeof(*f));
}
