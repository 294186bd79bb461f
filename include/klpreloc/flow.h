/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's life cycle of a livepatch module, run in userspace: load
 * (vmlinux klp sections early), then for every patched module object the
 * late apply when it is loaded, the clear when it goes, and the apply
 * again when it comes back.
 */
#ifndef KLPRELOC_FLOW_H
#define KLPRELOC_FLOW_H

#include <klpreloc/kallsyms.h>
#include <klpreloc/module.h>

enum klp_obj_state {
	KLP_OBJ_NOT_GIVEN,	/* no symbols for it: format checks only */
	KLP_OBJ_APPLIED,
	KLP_OBJ_FAILED,
};

/* What the kernel does in one order of loading (module objects). */
enum klp_obj_outcome {
	KLP_OUT_NONE,		/* not run (vmlinux, or no symbols given) */
	KLP_OUT_OK,		/* applied */
	KLP_OUT_PATCH_REFUSED,	/* target loaded first: the patch fails */
	KLP_OUT_TARGET_REFUSED,	/* target loads later: the target is refused */
};

struct klp_flow_obj {
	char *name;
	enum klp_obj_state state;
	unsigned int nsecs, nrelas;
	/* vmlinux sections apply_relocations() passes over (target not ALLOC) */
	unsigned int nskipped;
	/* the patch's klp_funcs in it, whose old_name the kernel looks up */
	unsigned int nfuncs;
	/* target loaded before the patch, and loaded (again) after it */
	enum klp_obj_outcome first, later;
};

struct klp_flow {
	bool loaded;		/* the patch module's own load succeeded */
	bool funcs_known;	/* its struct klp_patch was read (nfuncs) */
	struct klp_flow_obj *obj;
	size_t nobj;
};

/* Run the whole flow; every problem goes to me->diag. */
int klp_flow_run(struct klp_module *me, const struct klp_ksyms *ks,
		 struct klp_flow *f);
void klp_flow_free(struct klp_flow *f);

/*
 * MODULE_INFO(livepatch, "Y"), which klp_enable_patch() wants: false, and
 * the kernel's refusal reported, without it.
 */
bool klp_flow_marked(struct klp_module *me);

/* Format rules the kernel does not enforce at load time (inspect too). */
void klp_lint(struct klp_module *me);

#endif /* KLPRELOC_FLOW_H */
