/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic core: open a module, lay it out, resolve and relocate it the
 * way kernel/module/main.c and kernel/livepatch/core.c do.
 */
#ifndef KLPRELOC_CORE_H
#define KLPRELOC_CORE_H

#include <klpreloc/arch.h>
#include <klpreloc/diag.h>
#include <klpreloc/module.h>

/* Sensible defaults: kernel 6.12, STRICT_MODULE_RWX, arch module area. */
void klp_options_init(struct klp_options *o);

/*
 * Read and validate an ELF64 relocatable object (either byte order, any
 * host). On failure one diagnostic is recorded and -errno returned:
 * -ENOENT/-EIO unreadable, -ENOEXEC malformed or unsupported.
 */
int klp_module_open(const char *path, const struct klp_options *opts,
		    struct klp_diag *diag, struct klp_module **out);
void klp_module_free(struct klp_module *me);

/*
 * Inputs are mapped, not copied: one that was truncated or rewritten
 * while it was read (now or since an earlier call) is an error, one per
 * file, in d. Returns how many; before anything read is said or written.
 */
int klp_inputs_check(struct klp_diag *d);

/* A .modinfo value ("livepatch", "name", "vermagic"...), or NULL. */
const char *klp_modinfo(const struct klp_module *me, const char *key);

/*
 * Give every SHF_ALLOC section an address: the arch's layout hook first,
 * then regions in the kernel's order, each at the options' fixed base or
 * packed into the arch's module area.
 */
int klp_module_layout(struct klp_module *me);

/*
 * Whether section i is SHF_ALLOC when apply_relocations() looks, which
 * decides whether the loader relocates into it: the loader's flag
 * rewrites and layout_symtab() are done by then (a relocation section
 * aimed elsewhere is skipped). Judged the same before and after layout.
 */
bool klp_alloc_when_applied(const struct klp_module *me, unsigned int i);

/*
 * Region bases from a layout file: "mem REGION ADDRESS [SIZE]" lines, the
 * format apply writes and the guest reader prints, so that a prediction
 * can be made at the addresses a real kernel chose. Other lines are
 * ignored. Returns 0 or -errno with one diagnostic.
 */
int klp_layout_read(const char *path, struct klp_options *o,
		    struct klp_diag *d);

/* "text", "data", ... and back (-1: unknown name). */
const char *klp_mem_name(int type);
int klp_mem_by_name(const char *name);

/* Resolves an undefined (SHN_UNDEF) symbol of the module. */
struct klp_resolver {
	/* 0 and *addr on success, -ENOENT when unknown */
	int (*lookup)(void *ctx, const char *name, uint64_t *addr);
	void *ctx;
};

/*
 * simplify_symbols(): undefined symbols through r, section symbols get
 * their section's address; SHN_LIVEPATCH ones are left to livepatch.
 */
int klp_module_simplify_symbols(struct klp_module *me,
				const struct klp_resolver *r);

/* apply_relocations(): every SHT_RELA of a loaded section, klp ones skipped */
int klp_module_apply_relocations(struct klp_module *me);
/* The same, handing each SHF_RELA_LIVEPATCH section to klp() in order. */
int klp_module_apply_relocations_cb(struct klp_module *me,
				    int (*klp)(void *ctx, unsigned int relsec),
				    void *ctx);

/* Finalize and go live: text read-only (STRICT_MODULE_RWX). */
int klp_module_finalize(struct klp_module *me);

#endif /* KLPRELOC_CORE_H */
