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

struct klp_arch {
	const char *name;	/* "x86_64", "s390x", "arm64", "ppc64le" */
	const char *srcarch;	/* the kernel's ARCH=: "x86", "s390", ... */
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

	/* Free me->arch_priv. May be NULL. */
	void (*release)(struct klp_module *me);

	/* "R_X86_64_PC32"; NULL for a type this arch does not know. */
	const char *(*reloc_name)(uint32_t type);
};

/* The table of backends lives in arch/arches.c. */
const struct klp_arch *klp_arch_by_machine(uint16_t machine);
const struct klp_arch *klp_arch_by_name(const char *name);

/* Type name for diagnostics: the arch's name or "type N". */
const char *klp_reloc_type_name(const struct klp_module *me, uint32_t type,
				char *buf, size_t len);

#endif /* KLPRELOC_ARCH_H */
