/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The backend contract: everything the generic core may ask of an arch,
 * and nothing more. Shaped after include/linux/moduleloader.h so that an
 * arch maintainer finds the same hooks with the same meaning.
 *
 * One const ops table per arch, chosen by e_machine: one binary handles
 * every arch on any host. See Documentation/backend-contract.md.
 */
#ifndef KLPRELOC_ARCH_H
#define KLPRELOC_ARCH_H

#include <klpreloc/module.h>

/*
 * A knob of one arch: a CONFIG_ option or boot choice that changes what
 * its module loader writes. Declared by the backend, set from the command
 * line as --arch-opt ARCH.NAME=VALUE, read back as me->arch_opt[i] where
 * i is the knob's index in the backend's table.
 */
struct klp_arch_opt {
	const char *name;	/* "expoline" */
	bool is_bool;		/* on/off, y/n, 1/0; else a number */
	uint64_t def;		/* the documented default */
	const char *help;	/* one line */
	/* a number knob's allowed values, 0-terminated; NULL: any */
	const uint64_t *values;
};

/*
 * Where a kernel runs, as struct klp_arch's fields below say for 6.12 and
 * its vm_layout hook for an older kernel that ran elsewhere.
 */
struct klp_vm_layout {
	uint64_t module_start, module_end;
	uint64_t kernel_text;
	uint64_t map_offset;
	bool modules_follow_kernel;
};

struct klp_arch {
	const char *name;	/* "x86_64", "s390x", "arm64", "ppc64le" */
	uint16_t machine;	/* e_machine */
	unsigned char elfdata;	/* ELFDATA2LSB or ELFDATA2MSB */
	/* ELFv2 and the like: e_flags the backend requires, under the mask */
	uint32_t flags_mask, flags_value;

	/* Default module area [module_start, module_end) of a 6.12 kernel. */
	uint64_t module_start, module_end;
	/* Where vmlinux text starts without KASLR, for generated targets. */
	uint64_t kernel_text;
	/* First kernel version with HAVE_LIVEPATCH on this arch. */
	int livepatch_since;
	/*
	 * System.map (and vmlinux) addresses are link-time ones; the running
	 * kernel sits at link address + map_offset + its KASLR offset
	 * (s390: the decompressor moves the image to KERNEL_IMAGE_BASE).
	 */
	uint64_t map_offset;
	/* The module area moves with the KASLR offset (s390). */
	bool modules_follow_kernel;
	/*
	 * setup_per_cpu_areas() reserves no per-cpu chunk for modules
	 * (ppc64): theirs come from the dynamic area, which never runs out
	 * here, at an address System.map does not tell.
	 */
	bool percpu_dynamic;
	/*
	 * FTRACE_CALLSITE_SECTION: the section of a module's ftrace call
	 * sites (NULL: __mcount_loc), and how far before its function's
	 * symbol a site may sit (arm64's CALL_OPS: the two NOPs its
	 * ftrace_call_adjust() skips). Livepatch needs a site in the function.
	 */
	const char *ftrace_callsites;
	unsigned int ftrace_site_before;
	/*
	 * The rules of the arch's checks that refuse a site an earlier
	 * apply wrote (NULL-ended, may be NULL): before 6.3 nothing clears
	 * a target's klp relocations, so its reload meets them.
	 */
	const char *const *reapply_refusals;

	/* Knobs, up to KLP_ARCH_OPTS_MAX, ended by a NULL name. May be NULL. */
	const struct klp_arch_opt *opts;

	/*
	 * The module area for these options (x86: RANDOMIZE_BASE changes
	 * KERNEL_IMAGE_SIZE). NULL: [module_start, module_end).
	 */
	void (*module_area)(const struct klp_module *me, uint64_t *start,
			    uint64_t *end);

	/*
	 * The layout of the kernel version in o when it is not the one the
	 * fields above describe (s390 ran the kernel at its physical address
	 * and the modules at the top of the address space before 6.10).
	 * NULL: the fields, for every version.
	 */
	void (*vm_layout)(const struct klp_options *o, struct klp_vm_layout *l);

	/*
	 * PAGE_SIZE for these options: module regions are whole pages
	 * (execmem/vmalloc). NULL: 4 KiB.
	 */
	uint64_t (*page_size)(const struct klp_module *me);

	/* ignore_undef_symbol(): an undefined name the loader lets pass. */
	bool (*ignore_undef_symbol)(const char *name);

	/*
	 * HAVE_LIVEPATCH for this model (a knob may carry it to a kernel
	 * older than livepatch_since). NULL: kver >= livepatch_since.
	 */
	bool (*has_livepatch)(const struct klp_module *me);

	/*
	 * module_init_section(): does this section go to init memory?
	 * NULL: the generic rule (the name starts with ".init").
	 */
	bool (*module_init_section)(const char *name);

	/*
	 * module_frob_arch_sections(): before layout. Count PLT / GOT / stub
	 * space over every RELA section (klp ones included), size the arch's
	 * NOBITS sections or reserve room with klp_mem_reserve(). May be NULL.
	 */
	int (*frob_arch_sections)(struct klp_module *me);

	/*
	 * apply_relocate_add(): apply RELA section relsec to its sh_info
	 * section. Symbol values are final (st_value). Returns 0 or a
	 * negative errno after reporting exactly one diagnostic.
	 */
	int (*apply_relocate_add)(Elf64_Shdr *sechdrs, const char *strtab,
				  unsigned int symindex, unsigned int relsec,
				  struct klp_module *me);

	/*
	 * clear_relocate_add(): undo apply for a klp section whose object is
	 * going. NULL is the kernel's empty weak default (this arch has no
	 * clear), which the core models as "not cleared".
	 */
	void (*clear_relocate_add)(Elf64_Shdr *sechdrs, const char *strtab,
				   unsigned int symindex, unsigned int relsec,
				   struct klp_module *me);

	/* module_finalize(): after relocation (ppc64: .TOC. checks). */
	int (*module_finalize)(struct klp_module *me);

	/*
	 * The kernel symbols the backend asks for with klp_kernel_sym(),
	 * NULL-terminated; may be NULL. The symbol index is told about them
	 * before it is built; a name missing here only costs a full index.
	 */
	const char *const *kernel_syms;

	/* Free me->arch_priv. May be NULL. */
	void (*release)(struct klp_module *me);

	/* "R_X86_64_PC32"; NULL for a type this arch does not know. */
	const char *(*reloc_name)(uint32_t type);
};

/* The table of backends lives in arch/arches.c. */
const struct klp_arch *klp_arch_by_machine(uint16_t machine);
const struct klp_arch *klp_arch_by_name(const char *name);
/* The i-th backend, NULL past the end: for listing arches and knobs. */
const struct klp_arch *klp_arch_nth(size_t i);

/*
 * Check one --arch-opt ARCH.NAME=VALUE against every backend: 0, or -1
 * with the reason in err.
 */
int klp_arch_opt_check(const char *spec, char *err, size_t len);

/*
 * me->arch_opt[] from the backend's defaults and the --arch-opt strings in
 * me->opts that name this arch (others are for other arches: ignored).
 * Returns 0 or -EINVAL with one diagnostic.
 */
int klp_arch_opts_apply(struct klp_module *me);

/* Does the modelled kernel have livepatch on this arch? */
bool klp_arch_has_livepatch(const struct klp_module *me);
/* The modelled kernel's PAGE_SIZE (the arch's page_size hook or 4 KiB). */
uint64_t klp_page_size(const struct klp_module *me);

/* The layout of the modelled kernel (o may be NULL: 6.12's). */
void klp_arch_vm_layout(const struct klp_arch *a,
			const struct klp_options *o, struct klp_vm_layout *l);

/* The module area after arch knobs and the KASLR offset. */
void klp_module_area(const struct klp_module *me, uint64_t *start,
		     uint64_t *end);

/* Type name for diagnostics: the arch's name or "type N". */
const char *klp_reloc_type_name(const struct klp_module *me, uint32_t type,
				char *buf, size_t len);

#endif /* KLPRELOC_ARCH_H */
