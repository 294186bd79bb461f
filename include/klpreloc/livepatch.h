/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The livepatch side: klp section and symbol names with the kernel's exact
 * limits, symbol resolution, and the per-object apply / clear walk of
 * kernel/livepatch/core.c.
 */
#ifndef KLPRELOC_LIVEPATCH_H
#define KLPRELOC_LIVEPATCH_H

#include <klpreloc/kallsyms.h>
#include <klpreloc/module.h>

#define KLP_MODULE_NAME_LEN	56	/* MODULE_NAME_LEN on 64-bit */
#define KLP_KSYM_NAME_LEN	512	/* KSYM_NAME_LEN since 6.1 */

/* KSYM_NAME_LEN of the modelled kernel: 128 before 6.1. */
int klp_ksym_name_len(int kver);

/* what every klp relocation section's name starts with */
#define KLP_RELA_PREFIX	".klp.rela."

/*
 * sscanf(name, ".klp.rela.%55[^.]", obj): returns the number of fields
 * matched (0 or 1). *truncated: the object name ran past 55 characters,
 * so the kernel compares only its first 55.
 */
int klp_parse_rela_name(const char *name, char obj[KLP_MODULE_NAME_LEN],
			bool *truncated);

/*
 * sscanf(name, ".klp.sym.%55[^.].%511[^,],%lu", obj, sym, &pos) with the
 * modelled kernel's KSYM_NAME_LEN: returns the number of fields matched.
 * *trailing: characters after the number that sscanf ignores.
 */
int klp_parse_sym_name(const char *name, int kver,
		       char obj[KLP_MODULE_NAME_LEN],
		       char sym[KLP_KSYM_NAME_LEN], unsigned long *pos,
		       bool *trailing);

/*
 * The same parse without the copies: where the object and the symbol
 * lie in name and how much of each the widths take (pos and trailing
 * as above; a part not matched has length 0).
 */
struct klp_sym_parts {
	size_t obj, obj_len, sym, sym_len;
	unsigned long pos;
	bool trailing;
	/* the symbol part's name hash; 0 when the parse stopped before it */
	uint32_t hash;
};

int klp_parse_sym_parts(const char *name, int kver,
			struct klp_sym_parts *pt);
/*
 * The same, knowing that avail bytes at name may be read (its string
 * table's rest; 0: no more than the string), which it reads faster.
 */
int klp_parse_sym_parts_in(const char *name, size_t avail, int kver,
			   struct klp_sym_parts *pt);
/*
 * Its second half: the symbol and the position from offset at on (just
 * past the '.' that ends the object; avail bytes readable there), into
 * pt's sym, sym_len, pos and trailing. Returns the parse's count given
 * that the object matched (1-3).
 */
int klp_parse_sym_tail(const char *name, size_t at, size_t avail, int kver,
		       struct klp_sym_parts *pt);


/* Where and how a module object's sections are applied. */
struct klp_apply_ctx {
	struct klp_module *me;		/* the patch module */
	const struct klp_ksyms *ks;	/* the target's symbols */
	/* a target module loaded before the patch: core kallsyms only */
	bool core_only;
	/* the scenario, for diagnostics ("early", "target loaded", ...) */
	const char *when;
	/* object not given: check the names, resolve and apply nothing */
	bool format_only;
};

/*
 * klp_apply_section_relocs() / klp_clear_object_relocs() for every
 * SHF_RELA_LIVEPATCH section of objname (NULL: vmlinux). Returns 0 or the
 * first error, already reported.
 */
int klp_write_object_relocs(struct klp_apply_ctx *c, const char *objname,
			    bool apply);

/* The same for one section (the module loader's early pass). */
int klp_write_section_relocs(struct klp_apply_ctx *c, unsigned int relsec,
			     const char *objname, bool apply);

/*
 * An early pass as one: after klp_resolve_pass_begin(), each call of
 * klp_write_section_relocs_in_pass() with the same context finds a klp
 * symbol resolved by an earlier section (to the address the kernel would
 * find again) instead of looking it up. Only while the target's symbols
 * and the context stay as they are: begin again otherwise.
 */
void klp_resolve_pass_begin(struct klp_module *me);
int klp_write_section_relocs_in_pass(struct klp_apply_ctx *c,
				     unsigned int relsec, const char *objname,
				     bool apply);

/*
 * klp_init_object_loaded()'s lookup of a klp_func's old_name at
 * old_sympos in objname (NULL: vmlinux), with c's scenario: 0, or
 * -EINVAL with the kernel's message reported (rules func-not-found,
 * func-ambiguous, func-pos).
 */
int klp_find_func(struct klp_apply_ctx *c, const char *objname,
		  const char *name, unsigned long pos);

/* Objects named by the module's klp rela sections, in first-seen order. */
size_t klp_patched_objects(const struct klp_module *me, char ***names);

#endif /* KLPRELOC_LIVEPATCH_H */
