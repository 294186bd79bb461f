// SPDX-License-Identifier: GPL-2.0
/*
 * The x86_64 backend: arch/x86/kernel/module.c of Linux 6.12.
 *
 * x86_64 needs no layout hook: modules live in the top 2 GiB next to
 * vmlinux (-mcmodel=kernel), so every call reaches its target directly and
 * there are no PLT or GOT slots to reserve.
 */
#include <elf.h>
#include <string.h>

#include "x86.h"

/*
 * Without CONFIG_RANDOMIZE_BASE, KERNEL_IMAGE_SIZE is 512 MiB, so
 * MODULES_VADDR = __START_KERNEL_map + 512 MiB; MODULES_END is the start
 * of the fixmap (asm/pgtable_64_types.h, asm/page_64_types.h).
 */
#define X86_START_KERNEL_MAP	0xffffffff80000000ULL
#define X86_KERNEL_IMAGE_SIZE	(512ULL << 20)
#define X86_MODULES_VADDR	(X86_START_KERNEL_MAP + X86_KERNEL_IMAGE_SIZE)
#define X86_MODULES_END		0xffffffffff000000ULL

/*
 * ignore_undef_symbol(): GNU as before 2.37 leaves an unreferenced
 * _GLOBAL_OFFSET_TABLE_ in x86_64 objects; the loader lets it pass.
 */
static bool x86_ignore_undef_symbol(const char *name)
{
	return !strcmp(name, "_GLOBAL_OFFSET_TABLE_");
}

const struct klp_arch klp_arch_x86_64 = {
	.name = "x86_64",
	.srcarch = "x86",
	.machine = EM_X86_64,
	.elfdata = ELFDATA2LSB,
	.module_start = X86_MODULES_VADDR,
	.module_end = X86_MODULES_END,
	/* __START_KERNEL with the default 16 MiB LOAD_PHYSICAL_ADDR */
	.kernel_text = 0xffffffff81000000ULL,
	/* HAVE_LIVEPATCH came with the livepatch core itself in 4.0 */
	.livepatch_since = KLP_KVER(4, 0),
	.ignore_undef_symbol = x86_ignore_undef_symbol,
	.apply_relocate_add = x86_apply_relocate_add,
	.clear_relocate_add = x86_clear_relocate_add,
	.reloc_name = x86_reloc_name,
};
