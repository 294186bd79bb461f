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
 * MODULES_VADDR = __START_KERNEL_map + KERNEL_IMAGE_SIZE, and
 * KERNEL_IMAGE_SIZE is 1 GiB with CONFIG_RANDOMIZE_BASE (x86 defconfig and
 * every distro kernel), 512 MiB without it (asm/page_64_types.h).
 * MODULES_END is the start of the fixmap (asm/pgtable_64_types.h).
 */
#define X86_START_KERNEL_MAP	0xffffffff80000000ULL
#define X86_IMAGE_SIZE_KASLR	(1024ULL << 20)
#define X86_IMAGE_SIZE_NOKASLR	(512ULL << 20)
#define X86_MODULES_END		0xffffffffff000000ULL

/* Indices into x86_opts[] and me->arch_opt[] */
enum { X86_OPT_RANDOMIZE_BASE };

static const struct klp_arch_opt x86_opts[] = {
	[X86_OPT_RANDOMIZE_BASE] = {
		.name = "randomize_base", .is_bool = true, .def = 1,
		.help = "CONFIG_RANDOMIZE_BASE (distro kernels: on): modules from __START_KERNEL_map + 1 GiB; off (tinyconfig, the QEMU matrix): + 512 MiB",
	},
	{ NULL },
};

/*
 * The module area of this configuration. With KASLR the kernel also
 * starts its module allocations 1..1024 pages above MODULES_VADDR (a
 * random offset per boot, execmem_arch_setup()); we start at the bottom.
 */
static void x86_module_area(const struct klp_module *me, uint64_t *start,
			    uint64_t *end)
{
	*start = X86_START_KERNEL_MAP +
		 (me->arch_opt[X86_OPT_RANDOMIZE_BASE] ?
		  X86_IMAGE_SIZE_KASLR : X86_IMAGE_SIZE_NOKASLR);
	*end = X86_MODULES_END;
}

/*
 * ignore_undef_symbol(): GNU as before 2.37 leaves an unreferenced
 * _GLOBAL_OFFSET_TABLE_ in x86_64 objects; the loader lets it pass.
 */
static bool x86_ignore_undef_symbol(const char *name)
{
	return !strcmp(name, "_GLOBAL_OFFSET_TABLE_");
}

/* x86_apply_relocate_add()'s "existing value is nonzero" */
static const char *const x86_reapply_refusals[] = {
	"x86-nonzero-target", NULL,
};

const struct klp_arch klp_arch_x86_64 = {
	.name = "x86_64",
	.machine = EM_X86_64,
	.elfdata = ELFDATA2LSB,
	/* the default of x86_64.randomize_base; x86_module_area() */
	.module_start = X86_START_KERNEL_MAP + X86_IMAGE_SIZE_KASLR,
	.module_end = X86_MODULES_END,
	/* __START_KERNEL with the default 16 MiB LOAD_PHYSICAL_ADDR */
	.kernel_text = 0xffffffff81000000ULL,
	/* HAVE_LIVEPATCH came with the livepatch core itself in 4.0 */
	.livepatch_since = KLP_KVER(4, 0),
	.opts = x86_opts,
	.module_area = x86_module_area,
	.ignore_undef_symbol = x86_ignore_undef_symbol,
	.apply_relocate_add = x86_apply_relocate_add,
	.clear_relocate_add = x86_clear_relocate_add,
	.reapply_refusals = x86_reapply_refusals,
	.reloc_name = x86_reloc_name,
};
